/**
 * @module matrix
 * HTTP routes for the matrix domain (placeholder: being built).
 */
import type { BrokerDeps } from '../deps.js'
import { Router } from '../http/routing.js'

export function matrixRoutes(_deps: BrokerDeps): Router {
  const router = Router()
  return router
}
