/**
 * Deprecation routes:
 * - `/pacticipants/{provider}/deprecations` (list, declare), `…/deprecations/timeline`;
 * - `/pacticipants/{consumer}/deprecations/in-use`;
 * - `/deprecations/{uuid}` (get, PATCH edit, DELETE withdraw), `/deprecations/{uuid}/history`;
 * - `/deprecations/gate?pacticipant&version&environment[&failOnSunset]` (the can-i-deploy deprecation check);
 * - `POST /deprecations/check` (the notices an unpublished pact would get, for testing libraries);
 * - proposals (proposals.routes.ts): `…/deprecations/proposals`, `/deprecation-proposals/{uuid}[/accept|/dismiss]`.
 */
import type { Request } from 'express'
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import type { Route } from '../http/route-table.js'
import { param, queryValue } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import { deprecationLinks } from './deprecation-links.js'
import * as deprecations from './deprecations.service.js'
import { checkSchema, deprecationPatchSchema, deprecationSchema, gateQuerySchema } from './deprecations.schemas.js'
import {
  toDeprecationResource,
  toDeprecationsResource,
  toGateResource,
  toCheckResource,
  toHistoryResource,
  toInUseResource,
  toTimelineResource,
} from './deprecations.serializers.js'

/**
 * Who is making a change, for the history: the `X-Concord-Actor` header, else the authenticated principal the
 * auth middleware leaves in `res.locals.principal` (a name or `{ name }`), else "anonymous".
 */
export function actorOf(req: Request): string {
  const header = req.get('x-concord-actor')?.trim()
  if (header) return header.slice(0, 200)
  const principal = (req.res?.locals as Record<string, unknown> | undefined)?.principal
  if (typeof principal === 'string' && principal) return principal
  if (principal && typeof principal === 'object' && typeof (principal as { name?: unknown }).name === 'string') return (principal as { name: string }).name
  return 'anonymous'
}

export const deprecationsRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/pacticipants/:provider/deprecations',
    relations: [{ rel: 'concord:deprecations', title: "A provider's deprecations; POST declares one" }],
    access: 'read',
    handler: async (req, res, deps) => {
      const includeWithdrawn = queryValue(req, 'includeWithdrawn') === 'true'
      const { provider, items } = await deprecations.listDeprecations(deps, param(req, 'provider'), { includeWithdrawn })
      sendHal(res, 200, toDeprecationsResource(provider.name, items, linksFor(req)))
    },
  },
  {
    method: 'POST',
    path: '/pacticipants/:provider/deprecations',
    access: 'admin',
    handler: async (req, res, deps) => {
      const input = parse(deprecationSchema, jsonBody(req))
      const created = await deprecations.createDeprecation(deps, param(req, 'provider'), input, actorOf(req))
      const links = linksFor(req)
      sendHal(res, 201, toDeprecationResource(created, links), deprecationLinks(links).deprecation(created.deprecation.uuid))
    },
  },
  {
    method: 'GET',
    path: '/pacticipants/:provider/deprecations/timeline',
    relations: [{ rel: 'concord:deprecation-timeline', title: "A provider's deprecation timeline: who still uses each item, where" }],
    access: 'read',
    handler: async (req, res, deps) => {
      const { provider, entries, proposed } = await deprecations.deprecationTimeline(deps, param(req, 'provider'))
      sendHal(res, 200, toTimelineResource(provider.name, entries, proposed, deps.clock.now(), linksFor(req)))
    },
  },
  {
    method: 'GET',
    path: '/pacticipants/:consumer/deprecations/in-use',
    relations: [{ rel: 'concord:deprecations-in-use', title: 'What a consumer uses that its providers deprecate' }],
    access: 'read',
    handler: async (req, res, deps) => {
      const { consumer, entries } = await deprecations.deprecationsInUse(deps, param(req, 'consumer'))
      sendHal(res, 200, toInUseResource(consumer.name, entries, deps.clock.now(), linksFor(req)))
    },
  },
  {
    method: 'GET',
    path: '/deprecations/gate',
    access: 'read',
    handler: async (req, res, deps) => {
      const query = parse(gateQuerySchema, { ...req.query }, '#/query')
      const reasons = await deprecations.deprecationBlockers(deps, query)
      sendHal(res, 200, toGateResource({ pacticipant: query.pacticipant, version: query.version, environment: query.environment }, reasons, linksFor(req)))
    },
  },
  {
    // For testing libraries: the notices a pact would get on publication, before it is published. A query, so read access.
    method: 'POST',
    path: '/deprecations/check',
    access: 'read',
    handler: async (req, res, deps) => {
      const { pact, consumerVersion } = parse(checkSchema, jsonBody(req))
      const consumer = (pact.consumer as { name?: unknown } | undefined)?.name
      const notices = await deprecations.publicationNotices(deps, {
        consumer: typeof consumer === 'string' ? consumer : 'This pact',
        consumerVersion,
        provider: (pact.provider as { name: string }).name,
        content: pact,
      })
      sendHal(res, 200, toCheckResource(notices, linksFor(req)))
    },
  },
  {
    method: 'GET',
    path: '/deprecations/:uuid',
    relations: [{ rel: 'concord:deprecation', title: 'A deprecation; DELETE withdraws it', href: '/deprecations/{deprecation}' }],
    access: 'read',
    handler: async (req, res, deps) => {
      sendHal(res, 200, toDeprecationResource(await deprecations.getDeprecation(deps, param(req, 'uuid')), linksFor(req)))
    },
  },
  {
    method: 'PATCH',
    path: '/deprecations/:uuid',
    access: 'admin',
    handler: async (req, res, deps) => {
      const patch = parse(deprecationPatchSchema, jsonBody(req))
      sendHal(res, 200, toDeprecationResource(await deprecations.updateDeprecation(deps, param(req, 'uuid'), patch, actorOf(req)), linksFor(req)))
    },
  },
  {
    method: 'DELETE',
    path: '/deprecations/:uuid',
    access: 'admin',
    handler: async (req, res, deps) => {
      sendHal(res, 200, toDeprecationResource(await deprecations.withdrawDeprecation(deps, param(req, 'uuid'), actorOf(req)), linksFor(req)))
    },
  },
  {
    method: 'GET',
    path: '/deprecations/:uuid/history',
    access: 'read',
    handler: async (req, res, deps) => {
      const { status, entries } = await deprecations.deprecationHistory(deps, param(req, 'uuid'))
      sendHal(res, 200, toHistoryResource(status, entries, linksFor(req)))
    },
  },
]
