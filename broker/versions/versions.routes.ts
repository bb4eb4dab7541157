/**
 * @module versions
 * HTTP routes for the versions domain (placeholder: being built).
 */
import type { BrokerDeps } from '../deps.js'
import { Router } from '../http/routing.js'

export function versionsRoutes(_deps: BrokerDeps): Router {
  const router = Router()
  return router
}
