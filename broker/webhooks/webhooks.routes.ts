/**
 * Webhook routes, as the Pact Broker's api.rb has them: `/webhooks` (list, create), the scoped lists and creates
 * (`/webhooks/provider/{p}[/consumer/{c}]`, `/webhooks/consumer/{c}`, `/pacts/provider/{p}/consumer/{c}/webhooks`),
 * `/webhooks/{uuid}` (get, replace, delete), test executions (`/webhooks/{uuid}/execute`, `/webhooks/execute`),
 * the triggered webhooks of a pact version or a verification result, their logs, a pact's webhook status, and
 * Concord's `/webhooks/retrigger`. Creating, changing, deleting and executing webhooks needs admin access.
 */
import type { Request, Response } from 'express'
import type { BrokerDeps } from '../deps.js'
import { sendHal } from '../http/hal.js'
import { baseUrlOf } from '../http/links.js'
import type { Route } from '../http/route-table.js'
import { param } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import { getPacticipant } from '../pacticipants/pacticipants.service.js'
import { ValidationError } from '../shared/errors.js'
import { getVerification } from '../verifications/verifications.service.js'
import { getVersion } from '../versions/versions.service.js'
import { webhookLinks } from './webhook-links.js'
import { retriggerSchema, WEBHOOK_UUID, webhookSchema } from './webhooks.schemas.js'
import * as webhooks from './webhooks.service.js'
import {
  toDeliveriesResource,
  toDeliveryLogsResource,
  toExecutionResource,
  toRetriggerResource,
  toWebhookResource,
  toWebhooksResource,
  toWebhooksStatusResource,
} from './webhooks.serializers.js'

const PAIR = '/pacts/provider/:provider/consumer/:consumer'
const linksOf = (req: Request) => webhookLinks(baseUrlOf(req))

/** GET and POST of a webhook list whose scope the URL fixes (null = any on that side). */
function scopedRoutes(
  path: string,
  scopeOf: (req: Request) => { consumer: string | null; provider: string | null },
  title: string,
  relations?: Route['relations'],
): Route[] {
  return [
    {
      method: 'GET',
      path,
      access: 'read',
      ...(relations ? { relations } : {}),
      handler: async (req, res, deps) => {
        const scope = scopeOf(req)
        const links = linksOf(req)
        const list = await webhooks.listWebhooks(deps, scope)
        sendHal(res, 200, toWebhooksResource(list, links, { title, href: `${baseUrlOf(req)}${req.path}` }))
      },
    },
    createRoute(path, scopeOf),
  ]
}

/** POST of a new webhook (generated uuid), its scope fixed by the URL where the URL names one. */
function createRoute(path: string, scopeOf: (req: Request) => { consumer: string | null; provider: string | null }): Route {
  return {
    method: 'POST',
    path,
    access: 'admin',
    handler: async (req, res, deps) => {
      const scope = scopeOf(req)
      const webhook = await webhooks.createWebhook(deps, parse(webhookSchema, jsonBody(req)), {
        ...(scope.consumer !== null ? { consumer: scope.consumer } : {}),
        ...(scope.provider !== null ? { provider: scope.provider } : {}),
      })
      const links = linksOf(req)
      sendHal(res, 201, toWebhookResource(webhook, links), links.webhook(webhook.uuid))
    },
  }
}

function sendExecution(res: Response, deps: BrokerDeps, result: webhooks.ExecutionResult, req: Request, uuid: string | null): void {
  sendHal(res, 200, toExecutionResource(result, linksOf(req), uuid, deps.config.webhooks.hosts.length > 0))
}

export const webhooksRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/webhooks',
    access: 'read',
    relations: [{ rel: 'pb:webhooks', title: 'Webhooks' }],
    handler: async (req, res, deps) => {
      const links = linksOf(req)
      sendHal(res, 200, toWebhooksResource(await webhooks.listWebhooks(deps), links, { title: 'Webhooks', href: links.webhooks() }))
    },
  },
  // The scope, if any, is in the body.
  createRoute('/webhooks', () => ({ consumer: null, provider: null })),
  {
    // Tests a webhook that is not saved (literal segments before /webhooks/:uuid).
    method: 'POST',
    path: '/webhooks/execute',
    access: 'admin',
    handler: async (req, res, deps) => {
      sendExecution(res, deps, await webhooks.executeUnsavedWebhook(deps, parse(webhookSchema, jsonBody(req)), baseUrlOf(req)), req, null)
    },
  },
  {
    method: 'POST',
    path: '/webhooks/retrigger',
    access: 'admin',
    relations: [{ rel: 'concord:webhooks-retrigger', title: 'Fire contract_requiring_verification_published again for pacts still lacking a verification' }],
    handler: async (req, res, deps) => {
      const result = await webhooks.retrigger(deps, parse(retriggerSchema, jsonBody(req)), baseUrlOf(req))
      sendHal(res, 200, toRetriggerResource(result, linksOf(req)))
    },
  },
  ...scopedRoutes(
    '/webhooks/provider/:provider/consumer/:consumer',
    (req) => ({ provider: param(req, 'provider'), consumer: param(req, 'consumer') }),
    'Webhooks',
  ),
  ...scopedRoutes('/webhooks/provider/:provider', (req) => ({ provider: param(req, 'provider'), consumer: null }), 'Webhooks'),
  ...scopedRoutes('/webhooks/consumer/:consumer', (req) => ({ provider: null, consumer: param(req, 'consumer') }), 'Webhooks'),
  ...scopedRoutes(`${PAIR}/webhooks`, (req) => ({ provider: param(req, 'provider'), consumer: param(req, 'consumer') }), 'Pact webhooks', [
    { rel: 'pb:pact-webhooks', title: 'Webhooks for the pact between a consumer and a provider' },
  ]),
  {
    method: 'GET',
    path: `${PAIR}/webhooks/status`,
    access: 'read',
    relations: [{ rel: 'pb:pact-webhooks-status', title: 'The status of the latest execution of each webhook for a pact' }],
    handler: async (req, res, deps) => {
      const pair = { provider: param(req, 'provider'), consumer: param(req, 'consumer') }
      const deliveries = await webhooks.listDeliveriesForPair(deps, pair.provider, pair.consumer)
      sendHal(res, 200, toWebhooksStatusResource(deliveries, linksOf(req), pair))
    },
  },
  {
    method: 'GET',
    path: `${PAIR}/version/:consumerApplicationVersion/triggered-webhooks`,
    access: 'read',
    handler: async (req, res, deps) => {
      const provider = param(req, 'provider')
      const consumer = param(req, 'consumer')
      const number = param(req, 'consumerApplicationVersion')
      const version = await getVersion(deps, await getPacticipant(deps, consumer), number)
      const deliveries = await webhooks.listDeliveriesForVersion(deps, provider, consumer, version.id)
      sendHal(
        res,
        200,
        toDeliveriesResource(deliveries, linksOf(req), {
          title: `Webhooks triggered by the publication of the pact for ${consumer} version ${number}`,
          href: `${baseUrlOf(req)}${req.path}`,
        }),
      )
    },
  },
  {
    method: 'GET',
    path: `${PAIR}/pact-version/:sha/verification-results/:number/triggered-webhooks`,
    access: 'read',
    handler: async (req, res, deps) => {
      const pact = { provider: param(req, 'provider'), consumer: param(req, 'consumer'), sha: param(req, 'sha') }
      const verification = await getVerification(deps, pact, param(req, 'number'))
      const deliveries = await webhooks.listDeliveriesForVerification(deps, verification.id)
      sendHal(
        res,
        200,
        toDeliveriesResource(deliveries, linksOf(req), {
          title: 'Webhooks triggered by the publication of this verification result',
          href: `${baseUrlOf(req)}${req.path}`,
        }),
      )
    },
  },
  {
    method: 'GET',
    path: '/triggered-webhooks/:uuid/logs',
    access: 'read',
    handler: async (req, res, deps) => {
      const { delivery, attempts } = await webhooks.getDeliveryLogs(deps, param(req, 'uuid'))
      // text/plain when asked for (the Pact Broker offers it), HAL otherwise.
      if (req.headers.accept && !/json/i.test(req.headers.accept) && req.accepts(['application/hal+json', 'text/plain']) === 'text/plain') {
        res
          .status(200)
          .type('text/plain; charset=utf-8')
          .send(attempts.map((a) => a.logs).join('\n\n'))
        return
      }
      sendHal(res, 200, toDeliveryLogsResource(delivery, attempts, linksOf(req)))
    },
  },
  {
    method: 'GET',
    path: '/webhooks/:uuid',
    access: 'read',
    relations: [{ rel: 'pb:webhook', title: 'Webhook' }],
    handler: async (req, res, deps) => {
      sendHal(res, 200, toWebhookResource(await webhooks.getWebhook(deps, param(req, 'uuid')), linksOf(req)))
    },
  },
  {
    method: 'PUT',
    path: '/webhooks/:uuid',
    access: 'admin',
    handler: async (req, res, deps) => {
      const uuid = param(req, 'uuid')
      if (!WEBHOOK_UUID.test(uuid)) {
        throw new ValidationError([
          { pointer: '/uuid', detail: 'The UUID can only contain the characters A-Z, a-z, 0-9, _ and -, and must be 16 or more characters.' },
        ])
      }
      const { webhook, created } = await webhooks.putWebhook(deps, uuid, parse(webhookSchema, jsonBody(req)))
      const links = linksOf(req)
      sendHal(res, created ? 201 : 200, toWebhookResource(webhook, links), created ? links.webhook(uuid) : undefined)
    },
  },
  {
    method: 'DELETE',
    path: '/webhooks/:uuid',
    access: 'admin',
    handler: async (req, res, deps) => {
      await webhooks.deleteWebhook(deps, param(req, 'uuid'))
      res.status(204).end()
    },
  },
  {
    method: 'POST',
    path: '/webhooks/:uuid/execute',
    access: 'admin',
    handler: async (req, res, deps) => {
      const uuid = param(req, 'uuid')
      const { result } = await webhooks.executeWebhook(deps, uuid, baseUrlOf(req))
      sendExecution(res, deps, result, req, uuid)
    },
  },
]
