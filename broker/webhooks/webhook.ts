/**
 * @module webhooks
 * Webhooks: HTTP requests the broker sends when contracts or verification results are published, so a provider's
 * CI verifies a changed pact and a consumer's pipeline learns the result. Webhook definitions (the Pact Broker's
 * API, scoped by consumer and/or provider), the outbox of deliveries written in the writer's own transaction
 * (outbox.ts), the workers that claim and send them (worker.ts, delivery.ts), the allow-lists and address
 * refusals (safety.ts), secrets encrypted at rest (secrets.ts) and the `${pactbroker.*}` templates (template.ts).
 * Domain types and pure rules here.
 */
import type { DeliveryStatus, TriggeredWebhookRow, WebhookExecutionRow, WebhookRow } from './webhooks.table.js'
import type { TemplateParameters } from './template.js'

/** The six events, as the Pact Broker names them (lib/pact_broker/webhooks/webhook_event.rb). */
export const EVENT_NAMES = [
  'contract_published',
  'contract_content_changed',
  'contract_requiring_verification_published',
  'provider_verification_published',
  'provider_verification_succeeded',
  'provider_verification_failed',
] as const
export type EventName = (typeof EVENT_NAMES)[number]
/** The event of a webhook created without `events`, as in the Pact Broker. */
export const DEFAULT_EVENT: EventName = 'contract_content_changed'

/** A stored header: a plain value, or (for sensitive names) only its encrypted form. */
export type StoredHeader = { name: string; value: string } | { name: string; encrypted: string }

/** Who a webhook is for: a pacticipant by name, by label, or anyone (null). */
export type PacticipantScope = { name: string } | { label: string } | null

export interface Webhook {
  id: number
  uuid: string
  description: string | null
  enabled: boolean
  consumer: PacticipantScope
  provider: PacticipantScope
  events: EventName[]
  request: {
    method: string
    url: string
    headers: StoredHeader[]
    /** Any JSON value; undefined = no body. */
    body: unknown
    username: string | null
    /** Encrypted; never leaves the broker. */
    passwordEncrypted: string | null
  }
  timeoutMs: number | null
  successStatuses: number[] | null
  createdAt: Date
  updatedAt: Date
}

export function toWebhook(row: WebhookRow, names: { consumer: string | null; provider: string | null }): Webhook {
  return {
    id: row.id,
    uuid: row.uuid,
    description: row.description,
    enabled: row.enabled,
    consumer: names.consumer !== null ? { name: names.consumer } : row.consumer_label !== null ? { label: row.consumer_label } : null,
    provider: names.provider !== null ? { name: names.provider } : row.provider_label !== null ? { label: row.provider_label } : null,
    events: row.events as EventName[],
    request: {
      method: row.method,
      url: row.url,
      headers: row.headers as StoredHeader[],
      body: row.body_json === null ? undefined : JSON.parse(row.body_json),
      username: row.username,
      passwordEncrypted: row.password_encrypted,
    },
    timeoutMs: row.timeout_ms,
    successStatuses: (row.success_statuses as number[] | null) ?? null,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  }
}

/** "A webhook for the pact between web and users", as the Pact Broker describes a webhook's scope. */
export function scopeDescription(webhook: Pick<Webhook, 'consumer' | 'provider'>): string {
  const who = (scope: PacticipantScope, role: string) => (scope === null ? `any ${role}` : 'name' in scope ? scope.name : `${role}s labelled '${scope.label}'`)
  if (!webhook.consumer && !webhook.provider) return 'A webhook for all pacts'
  return `A webhook for the pact between ${who(webhook.consumer, 'consumer')} and ${who(webhook.provider, 'provider')}`
}

/** The description, or one generated from the scope and events (the Pact Broker generates one too). */
export function displayDescription(webhook: Pick<Webhook, 'description' | 'consumer' | 'provider' | 'events'>): string {
  return webhook.description ?? `${scopeDescription(webhook)} (${webhook.events.join(', ')})`
}

export interface Delivery {
  id: number
  uuid: string
  webhookId: number
  webhookUuid: string
  webhookDescription: string
  eventName: string
  triggerType: string
  status: DeliveryStatus
  attempts: number
  attemptsRemaining: number
  nextAttemptAt: Date | null
  consumerName: string | null
  providerName: string | null
  params: TemplateParameters
  createdAt: Date
}

export function toDelivery(
  row: TriggeredWebhookRow & { webhook_uuid: string; webhook_description: string; consumer_name: string | null; provider_name: string | null },
  maxAttempts: number,
): Delivery {
  const finished = row.status === 'success' || row.status === 'failure'
  return {
    id: row.id,
    uuid: row.uuid,
    webhookId: row.webhook_id,
    webhookUuid: row.webhook_uuid,
    webhookDescription: row.webhook_description,
    eventName: row.event_name,
    triggerType: row.trigger_type,
    status: row.status,
    attempts: row.attempts,
    attemptsRemaining: finished ? 0 : Math.max(0, maxAttempts - row.attempts),
    nextAttemptAt: finished ? null : new Date(row.next_attempt_at),
    consumerName: row.consumer_name,
    providerName: row.provider_name,
    params: row.params as TemplateParameters,
    createdAt: new Date(row.created_at),
  }
}

export interface Attempt {
  attempt: number
  success: boolean
  method: string
  url: string
  status: number | null
  error: string | null
  durationMs: number
  logs: string
  createdAt: Date
}

export function toAttempt(row: WebhookExecutionRow): Attempt {
  return {
    attempt: row.attempt,
    success: row.success,
    method: row.request_method,
    url: row.request_url,
    status: row.response_status,
    error: row.error,
    durationMs: row.duration_ms,
    logs: row.logs,
    createdAt: new Date(row.created_at),
  }
}
