/**
 * Deprecation proposal routes:
 * - `/pacticipants/{provider}/deprecations/proposals` (GET list `?status=open|accepted|dismissed|all`, POST a
 *   report of Deprecation / Sunset headers seen during verification: a CI write);
 * - `/deprecation-proposals/{uuid}` (GET), `…/accept` and `…/dismiss` (POST: decisions, admin).
 */
import { sendHal } from '../../http/hal.js'
import { linksFor } from '../../http/links.js'
import type { Route } from '../../http/route-table.js'
import { param } from '../../http/routing.js'
import { jsonBody, parse } from '../../http/validate.js'
import { findOpenApiDescription } from '../../provider-contracts/provider-contracts.service.js'
import { actorOf } from '../deprecations.routes.js'
import * as proposals from './proposals.service.js'
import { acceptSchema, dismissSchema, headerReportSchema, proposalsQuerySchema } from './proposals.schemas.js'
import { toDeprecationResource } from '../deprecations.serializers.js'
import { toProposalResource, toProposalsResource, toReportResource } from './proposals.serializers.js'

export const proposalsRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/pacticipants/:provider/deprecations/proposals',
    relations: [
      {
        rel: 'concord:deprecation-proposals',
        title: "Deprecations a provider's own signals propose; POST reports the Deprecation and Sunset headers seen in verification",
      },
    ],
    access: 'read',
    handler: async (req, res, deps) => {
      const { status } = parse(proposalsQuerySchema, { ...req.query }, '#/query')
      const { provider, proposals: list } = await proposals.listProposals(deps, param(req, 'provider'), status)
      sendHal(res, 200, toProposalsResource(provider.name, list, deps.clock.now(), linksFor(req)))
    },
  },
  {
    method: 'POST',
    path: '/pacticipants/:provider/deprecations/proposals',
    access: 'write',
    handler: async (req, res, deps) => {
      const report = parse(headerReportSchema, jsonBody(req))
      // The route fetches the reporting version's description so the proposals service need not import the
      // provider-contracts service (which calls the proposals service when a description is published).
      const description = await findOpenApiDescription(deps, param(req, 'provider'), report.providerVersion)
      const { provider, outcomes } = await proposals.reportDeprecationHeaders(deps, param(req, 'provider'), report, description)
      sendHal(res, 200, toReportResource(provider.name, report.providerVersion, outcomes, deps.clock.now(), linksFor(req)))
    },
  },
  {
    method: 'GET',
    path: '/deprecation-proposals/:uuid',
    relations: [
      {
        rel: 'concord:deprecation-proposal',
        title: 'A deprecation proposal, with its accept and dismiss links while open',
        href: '/deprecation-proposals/{proposal}',
      },
    ],
    access: 'read',
    handler: async (req, res, deps) => {
      sendHal(res, 200, toProposalResource(await proposals.getProposal(deps, param(req, 'uuid')), deps.clock.now(), linksFor(req)))
    },
  },
  {
    method: 'POST',
    path: '/deprecation-proposals/:uuid/accept',
    access: 'admin',
    handler: async (req, res, deps) => {
      const input = parse(acceptSchema, jsonBody(req))
      const { proposal, deprecation } = await proposals.acceptProposal(deps, param(req, 'uuid'), input, actorOf(req))
      const links = linksFor(req)
      sendHal(res, 200, { ...toProposalResource(proposal, deps.clock.now(), links), _embedded: { deprecation: toDeprecationResource(deprecation, links) } })
    },
  },
  {
    method: 'POST',
    path: '/deprecation-proposals/:uuid/dismiss',
    access: 'admin',
    handler: async (req, res, deps) => {
      const input = parse(dismissSchema, jsonBody(req))
      const dismissed = await proposals.dismissProposal(deps, param(req, 'uuid'), input, actorOf(req))
      sendHal(res, 200, toProposalResource(dismissed, deps.clock.now(), linksFor(req)))
    },
  },
]
