/**
 * @module matrix
 * The matrix domain: `GET /matrix` (the official CLIs' can-i-deploy and can-i-merge) and `GET /can-i-deploy`
 * (the index's `pb:can-i-deploy-pacticipant-version-to-{tag,environment}`). Read-only.
 *
 * Query strings are parsed with Rack's nested-query rules (query-string.ts), not Express's parser.
 */
import { failOnSunsetFlag, withDeprecationGate } from '../deprecations/matrix-gate.js'
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import type { Route } from '../http/route-table.js'
import { parseCanIDeployQuery, parseMatrixQuery } from './matrix.schemas.js'
import { toMatrixResource } from './matrix.serializers.js'
import { findMatrix } from './matrix.service.js'
import { parseNestedQuery, rawQueryOf } from './query-string.js'

/** The Pact Broker's default page size for `/matrix`. */
export const MATRIX_DEFAULT_LIMIT = 100

// Each answer also passes the deprecations gate (broker/deprecations/matrix-gate.ts): for a question about an
// environment, a specified version still using something its provider removed there is refused.
export const matrixRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/matrix',
    access: 'read',
    relations: [{ rel: 'pb:matrix', title: 'The matrix of consumer and provider versions and verification results' }],
    handler: async (req, res, deps) => {
      const params = parseNestedQuery(rawQueryOf(req.originalUrl))
      const query = parseMatrixQuery(params, { defaultLimit: MATRIX_DEFAULT_LIMIT })
      const result = await withDeprecationGate(deps, await findMatrix(deps, query), { failOnSunset: failOnSunsetFlag(params) })
      sendHal(res, 200, toMatrixResource(result, linksFor(req)))
    },
  },
  {
    method: 'GET',
    path: '/can-i-deploy',
    access: 'read',
    relations: [
      {
        rel: 'pb:can-i-deploy-pacticipant-version-to-tag',
        title: 'Determine if an application version can be safely deployed to an environment identified by the given tag',
        href: '/can-i-deploy?pacticipant={pacticipant}&version={version}&to={tag}',
      },
      {
        rel: 'pb:can-i-deploy-pacticipant-version-to-environment',
        title: 'Determine if an application version can be safely deployed to an environment',
        href: '/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}',
      },
    ],
    handler: async (req, res, deps) => {
      const params = parseNestedQuery(rawQueryOf(req.originalUrl))
      const query = parseCanIDeployQuery(params)
      const result = await withDeprecationGate(deps, await findMatrix(deps, query), { failOnSunset: failOnSunsetFlag(params) })
      sendHal(res, 200, toMatrixResource(result, linksFor(req)))
    },
  },
]
