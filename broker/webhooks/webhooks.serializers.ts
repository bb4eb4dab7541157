/**
 * Webhook resources in the Pact Broker's shapes (webhook_decorator.rb, webhooks_decorator.rb,
 * triggered_webhook(s)_decorator.rb, triggered_webhook_logs_decorator.rb, webhook_execution_result_decorator.rb),
 * with Concord's additions named in docs/api/webhooks.md. Secrets are always the mask.
 */
import { compact, formatDate } from '../http/hal.js'
import { isSensitiveHeader, REDACTED } from './secrets.js'
import type { ExecutionResult, RetriggerResult } from './webhooks.service.js'
import { type Attempt, type Delivery, displayDescription, scopeDescription, type Webhook } from './webhook.js'
import type { WebhookLinks } from './webhook-links.js'

const named = (scope: Webhook['consumer']) => (scope && 'name' in scope ? scope.name : null)

export function toWebhookResource(webhook: Webhook, links: WebhookLinks) {
  const consumer = named(webhook.consumer)
  const provider = named(webhook.provider)
  const headers = Object.fromEntries(webhook.request.headers.map((h) => [h.name, 'encrypted' in h || isSensitiveHeader(h.name) ? REDACTED : h.value]))
  return {
    uuid: webhook.uuid,
    description: displayDescription(webhook),
    enabled: webhook.enabled,
    ...(webhook.consumer ? { consumer: webhook.consumer } : {}),
    ...(webhook.provider ? { provider: webhook.provider } : {}),
    request: compact({
      method: webhook.request.method,
      url: webhook.request.url,
      headers,
      body: webhook.request.body,
      username: webhook.request.username,
      password: webhook.request.passwordEncrypted === null ? null : REDACTED,
    }),
    events: webhook.events.map((name) => ({ name })),
    ...compact({ timeoutMs: webhook.timeoutMs, successStatuses: webhook.successStatuses }),
    createdAt: formatDate(webhook.createdAt),
    updatedAt: formatDate(webhook.updatedAt),
    _links: {
      self: { title: displayDescription(webhook), href: links.webhook(webhook.uuid) },
      'pb:execute': {
        title: 'Test the execution of the webhook with the latest matching pact or verification by sending a POST request to this URL',
        href: links.execute(webhook.uuid),
      },
      ...(consumer ? { 'pb:consumer': { title: 'Consumer', name: consumer, href: links.pacticipant(consumer) } } : {}),
      ...(provider ? { 'pb:provider': { title: 'Provider', name: provider, href: links.pacticipant(provider) } } : {}),
      ...(consumer && provider
        ? { 'pb:pact-webhooks': { title: `All webhooks for consumer ${consumer} and provider ${provider}`, href: links.scoped(provider, consumer) } }
        : {}),
      'pb:webhooks': { title: 'All webhooks', href: links.webhooks() },
    },
  }
}

/** A list: links as the Pact Broker's, and (Concord) each webhook embedded, so a client needs one request. */
export function toWebhooksResource(webhooks: Webhook[], links: WebhookLinks, self: { href: string; title: string }) {
  return {
    _embedded: { webhooks: webhooks.map((w) => toWebhookResource(w, links)) },
    _links: {
      self,
      'pb:create': { title: 'POST to create a webhook', href: self.href },
      'pb:webhooks': webhooks.map((w) => ({ title: scopeDescription(w), name: displayDescription(w), href: links.webhook(w.uuid) })),
    },
  }
}

export function toDeliveryResource(delivery: Delivery, links: WebhookLinks) {
  const name = delivery.webhookDescription || `Webhook ${delivery.webhookUuid}`
  return {
    uuid: delivery.uuid,
    name,
    status: delivery.status,
    attemptsMade: delivery.attempts,
    attemptsRemaining: delivery.attemptsRemaining,
    triggerType: delivery.triggerType,
    eventName: delivery.eventName,
    triggeredAt: formatDate(delivery.createdAt),
    ...(delivery.nextAttemptAt ? { nextAttemptAt: formatDate(delivery.nextAttemptAt) } : {}),
    _links: {
      'pb:logs': { href: links.logs(delivery.uuid), title: 'Webhook execution logs', name },
      logs: { href: links.logs(delivery.uuid), title: 'DEPRECATED - Use pb:logs', name },
      'pb:webhook': { href: links.webhook(delivery.webhookUuid), title: 'Webhook', name },
    },
  }
}

export function toDeliveriesResource(deliveries: Delivery[], links: WebhookLinks, self: { href: string; title: string }) {
  return { _embedded: { triggeredWebhooks: deliveries.map((d) => toDeliveryResource(d, links)) }, _links: { self } }
}

export function toDeliveryLogsResource(delivery: Delivery, attempts: Attempt[], links: WebhookLinks) {
  return {
    eventName: delivery.eventName,
    consumerName: delivery.consumerName,
    providerName: delivery.providerName,
    status: delivery.status,
    attemptsMade: delivery.attempts,
    attemptsRemaining: delivery.attemptsRemaining,
    _embedded: { triggeredWebhook: { uuid: delivery.uuid } },
    executions: attempts.map((a) =>
      compact({
        attempt: a.attempt,
        success: a.success,
        status: a.status,
        error: a.error,
        durationMs: a.durationMs,
        logs: a.logs,
        createdAt: formatDate(a.createdAt),
      }),
    ),
    _links: {
      self: { title: 'Triggered webhook logs', href: links.logs(delivery.uuid) },
      'pb:webhook': { title: 'Webhook', href: links.webhook(delivery.webhookUuid) },
    },
  }
}

/** The latest delivery of each webhook between a consumer and a provider, with a summary (pact_webhooks_status_decorator.rb). */
export function toWebhooksStatusResource(deliveries: Delivery[], links: WebhookLinks, pair: { provider: string; consumer: string }) {
  const latest = new Map<string, Delivery>()
  for (const d of deliveries) latest.set(d.webhookUuid, d)
  const entries = [...latest.values()]
  const count = (status: Delivery['status']) => entries.filter((d) => d.status === status).length
  return {
    summary: { successful: count('success'), failed: count('failure'), retrying: count('retrying'), notRun: count('not_run') },
    _embedded: { triggeredWebhooks: entries.map((d) => toDeliveryResource(d, links)) },
    _links: {
      self: { title: 'Webhooks status', href: links.pactWebhooksStatus(pair.provider, pair.consumer) },
      'pb:error-logs': entries
        .filter((d) => d.status === 'failure' || d.status === 'retrying')
        .map((d) => ({ title: 'Error logs', name: d.webhookDescription, href: links.logs(d.uuid) })),
      'pb:pact-webhooks': {
        title: `Webhooks for the pact between ${pair.consumer} and ${pair.provider}`,
        href: links.pactWebhooks(pair.provider, pair.consumer),
      },
      'pb:consumer': { title: 'Consumer', name: pair.consumer, href: links.pacticipant(pair.consumer) },
      'pb:provider': { title: 'Provider', name: pair.provider, href: links.pacticipant(pair.provider) },
    },
  }
}

export function toExecutionResource(result: ExecutionResult, links: WebhookLinks, uuid: string | null, showResponse: boolean) {
  return {
    request: result.request,
    ...(showResponse
      ? { ...(result.response ? { response: result.response } : {}), ...(result.error ? { error: { message: result.error } } : {}) }
      : {
          message:
            'For security purposes, the response details are not shown. To show them, configure CONCORD_WEBHOOK_HOST_ALLOWLIST (the hosts webhooks may call); see /doc/webhooks.',
        }),
    logs: result.logs,
    success: result.success,
    _links: uuid
      ? {
          webhook: { href: links.webhook(uuid) },
          'try-again': { title: 'Execute the webhook again', href: links.execute(uuid) },
        }
      : { 'try-again': { title: 'Execute the webhook again', href: links.executeUnsaved() } },
  }
}

export function toRetriggerResource(result: RetriggerResult, links: WebhookLinks) {
  return { ...result, _links: { self: { href: links.retrigger() }, 'pb:webhooks': { href: links.webhooks() } } }
}
