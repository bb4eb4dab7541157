/**
 * @module matrix
 * The matrix domain: `GET /matrix` (the official CLIs' can-i-deploy and can-i-merge) and `GET /can-i-deploy`
 * (the index's `pb:can-i-deploy-pacticipant-version-to-{tag,environment}`). Read-only.
 *
 * Query strings are parsed with Rack's nested-query rules (query-string.ts), not Express's parser.
 */
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

  router.get('/matrix', async (req, res) => {
    const query = parseMatrixQuery(parseNestedQuery(rawQueryOf(req.originalUrl)), { defaultLimit: MATRIX_DEFAULT_LIMIT })
    sendHal(res, 200, toMatrixResource(await findMatrix(deps, query), linksFor(req)))
  })
  allowOnly(router, '/matrix', ['GET'])

  router.get('/can-i-deploy', async (req, res) => {
    const query = parseCanIDeployQuery(parseNestedQuery(rawQueryOf(req.originalUrl)))
    sendHal(res, 200, toMatrixResource(await findMatrix(deps, query), linksFor(req)))
  })
  allowOnly(router, '/can-i-deploy', ['GET'])

  return router
}
