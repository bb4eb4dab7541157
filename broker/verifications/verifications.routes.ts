/**
 * @module verifications
 * HTTP routes for the verifications domain (placeholder: being built).
 */
import type { BrokerDeps } from '../deps.js'
import { Router } from '../http/routing.js'

export function verificationsRoutes(_deps: BrokerDeps): Router {
  const router = Router()
  return router
}
