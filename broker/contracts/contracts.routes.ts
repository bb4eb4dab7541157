/**
 * @module contracts
 * HTTP routes for the contracts domain (placeholder: being built).
 */
import type { BrokerDeps } from '../deps.js'
import { Router } from '../http/routing.js'

export function contractsRoutes(_deps: BrokerDeps): Router {
  const router = Router()
  return router
}
