/**
 * @module matrix
 * The matrix domain: `GET /matrix` (the official CLIs' can-i-deploy and can-i-merge) and `GET /can-i-deploy`
 * (the index's `pb:can-i-deploy-pacticipant-version-to-{tag,environment}`). Read-only.
 *
 * Query strings are parsed with Rack's nested-query rules (query-string.ts), not Express's parser.
 */
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import type { Route } from '../http/route-table.js'
import { parseCanIDeployQuery, parseMatrixQuery } from './matrix.schemas.js'
import { toMatrixResource } from './matrix.serializers.js'
import { type DeploymentCheck, findMatrix } from './matrix.service.js'
import { parseNestedQuery, rawQueryOf } from './query-string.js'

/** The Pact Broker's default page size for `/matrix`. */
export const MATRIX_DEFAULT_LIMIT = 100

/**
 * `deploymentChecks` are other domains' steps of can-i-deploy for a question about an environment (the
 * deprecations gate, wired in http/routes.ts): see matrix.service.ts.
 */
export function matrixRoutes(deploymentChecks: readonly DeploymentCheck[] = []): Route[] {
  return [
    {
      method: 'GET',
      path: '/matrix',
      access: 'read',
      relations: [{ rel: 'pb:matrix', title: 'The matrix of consumer and provider versions and verification results' }],
      handler: async (req, res, deps) => {
        const params = parseNestedQuery(rawQueryOf(req.originalUrl))
        const query = parseMatrixQuery(params, { defaultLimit: MATRIX_DEFAULT_LIMIT })
        const result = await findMatrix({ ...deps, deploymentChecks }, query)
        // The official CLIs' can-i-deploy is a /matrix question with latestby; a plain matrix browse is not a decision.
        if (query.latestby) deps.events.emit('can-i-deploy.decided', { deployable: result.decision.summary.deployable })
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
        const result = await findMatrix({ ...deps, deploymentChecks }, query)
        deps.events.emit('can-i-deploy.decided', { deployable: result.decision.summary.deployable })
        sendHal(res, 200, toMatrixResource(result, linksFor(req)))
      },
    },
  ]
}
