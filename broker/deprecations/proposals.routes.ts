/**
 * Deprecation proposal routes:
 * - `/pacticipants/{provider}/deprecations/proposals` (GET list `?status=open|accepted|dismissed|all`, POST a
 *   report of Deprecation / Sunset headers seen during verification);
 * - `/deprecation-proposals/{uuid}` (GET), `…/accept` and `…/dismiss` (POST).
 */
import type { Request } from 'express'
import type { BrokerDeps } from '../deps.js'
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import { allowOnly, param, Router } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import { findOpenApiDescription } from '../provider-contracts/provider-contracts.service.js'
import * as proposals from './proposals.service.js'
import { acceptSchema, dismissSchema, headerReportSchema, proposalsQuerySchema } from './proposals.schemas.js'
import { toDeprecationResource } from './deprecations.serializers.js'
import { toProposalResource, toProposalsResource, toReportResource } from './proposals.serializers.js'

/** Mounted by deprecationsRoutes, which passes its `actorOf` (who makes a change, for the history). */
export function proposalsRoutes(deps: BrokerDeps, actorOf: (req: Request) => string): Router {
  const router = Router()

  router.get('/pacticipants/:provider/deprecations/proposals', async (req, res) => {
    const { status } = parse(proposalsQuerySchema, { ...req.query }, '#/query')
    const { provider, proposals: list } = await proposals.listProposals(deps, param(req, 'provider'), status)
    sendHal(res, 200, toProposalsResource(provider.name, list, deps.clock.now(), linksFor(req)))
  })
  router.post('/pacticipants/:provider/deprecations/proposals', async (req, res) => {
    const report = parse(headerReportSchema, jsonBody(req))
    // The route fetches the reporting version's description so the proposals service need not import the schemas
    // service (which calls the proposals service when a description is published).
    const description = await findOpenApiDescription(deps, param(req, 'provider'), report.providerVersion)
    const { provider, outcomes } = await proposals.reportDeprecationHeaders(deps, param(req, 'provider'), report, description)
    sendHal(res, 200, toReportResource(provider.name, report.providerVersion, outcomes, deps.clock.now(), linksFor(req)))
  })
  allowOnly(router, '/pacticipants/:provider/deprecations/proposals', ['GET', 'POST'])

  router.get('/deprecation-proposals/:uuid', async (req, res) => {
    sendHal(res, 200, toProposalResource(await proposals.getProposal(deps, param(req, 'uuid')), deps.clock.now(), linksFor(req)))
  })
  allowOnly(router, '/deprecation-proposals/:uuid', ['GET'])

  router.post('/deprecation-proposals/:uuid/accept', async (req, res) => {
    const input = parse(acceptSchema, jsonBody(req))
    const { proposal, deprecation } = await proposals.acceptProposal(deps, param(req, 'uuid'), input, actorOf(req))
    const links = linksFor(req)
    sendHal(res, 200, { ...toProposalResource(proposal, deps.clock.now(), links), _embedded: { deprecation: toDeprecationResource(deprecation, links) } })
  })
  allowOnly(router, '/deprecation-proposals/:uuid/accept', ['POST'])

  router.post('/deprecation-proposals/:uuid/dismiss', async (req, res) => {
    const input = parse(dismissSchema, jsonBody(req))
    sendHal(res, 200, toProposalResource(await proposals.dismissProposal(deps, param(req, 'uuid'), input, actorOf(req)), deps.clock.now(), linksFor(req)))
  })
  allowOnly(router, '/deprecation-proposals/:uuid/dismiss', ['POST'])

  return router
}
