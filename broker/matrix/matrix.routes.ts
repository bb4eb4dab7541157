/**
 * @module matrix
 * The matrix domain: `GET /matrix` (the official CLIs' can-i-deploy and can-i-merge) and `GET /can-i-deploy`
 * (the index's `pb:can-i-deploy-pacticipant-version-to-{tag,environment}`). Read-only.
 *
 * Query strings are parsed with Rack's nested-query rules (query-string.ts), not Express's parser.
 */
import { failOnSunsetFlag, withDeprecationGate } from '../deprecations/matrix-gate.js'
import type { BrokerDeps } from '../deps.js'
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import { allowOnly, Router } from '../http/routing.js'
import { parseCanIDeployQuery, parseMatrixQuery } from './matrix.schemas.js'
import { toMatrixResource } from './matrix.serializers.js'
import { findMatrix } from './matrix.service.js'
import { parseNestedQuery, rawQueryOf } from './query-string.js'

/** The Pact Broker's default page size for `/matrix`. */
export const MATRIX_DEFAULT_LIMIT = 100

export function matrixRoutes(deps: BrokerDeps): Router {
  const router = Router()

  // Each answer also passes the deprecations gate (broker/deprecations/matrix-gate.ts): for a question about an
  // environment, a specified version still using something its provider removed there is refused.
  router.get('/matrix', async (req, res) => {
    const params = parseNestedQuery(rawQueryOf(req.originalUrl))
    const query = parseMatrixQuery(params, { defaultLimit: MATRIX_DEFAULT_LIMIT })
    const result = await withDeprecationGate(deps, await findMatrix(deps, query), { failOnSunset: failOnSunsetFlag(params) })
    sendHal(res, 200, toMatrixResource(result, linksFor(req)))
  })
  allowOnly(router, '/matrix', ['GET'])

  router.get('/can-i-deploy', async (req, res) => {
    const params = parseNestedQuery(rawQueryOf(req.originalUrl))
    const query = parseCanIDeployQuery(params)
    const result = await withDeprecationGate(deps, await findMatrix(deps, query), { failOnSunset: failOnSunsetFlag(params) })
    sendHal(res, 200, toMatrixResource(result, linksFor(req)))
  })
  allowOnly(router, '/can-i-deploy', ['GET'])

  return router
}
