/**
 * @module pacticipants
 * HTTP routes for the pacticipants domain (placeholder: being built).
 */
import type { BrokerDeps } from '../deps.js'
import { Router } from '../http/routing.js'

export function pacticipantsRoutes(_deps: BrokerDeps): Router {
  const router = Router()
  return router
}
