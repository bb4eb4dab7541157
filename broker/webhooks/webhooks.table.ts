/**
 * The webhook tables as Kysely sees them: webhooks, the delivery outbox (triggered webhooks) and attempt logs.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

export interface WebhookTable {
  id: Generated<number>
  uuid: string
  description: string | null
  enabled: Generated<boolean>
  consumer_id: number | null
  consumer_label: string | null
  provider_id: number | null
  provider_label: string | null
  /** jsonb list of event names; write with JSON.stringify. */
  events: unknown
  method: string
  url: string
  /** jsonb list of StoredHeader; write with JSON.stringify. */
  headers: unknown
  body_json: string | null
  username: string | null
  password_encrypted: string | null
  timeout_ms: number | null
  /** jsonb list of status codes, or null; write with JSON.stringify. */
  success_statuses: unknown
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type WebhookRow = Selectable<WebhookTable>
export type NewWebhookRow = Insertable<WebhookTable>
export type WebhookRowUpdate = Updateable<WebhookTable>

export type DeliveryStatus = 'not_run' | 'retrying' | 'success' | 'failure'

export interface TriggeredWebhookTable {
  id: Generated<number>
  uuid: string
  webhook_id: number
  event_name: string
  trigger_type: string
  consumer_id: number | null
  provider_id: number | null
  consumer_version_id: number | null
  verification_id: number | null
  /** jsonb map of template parameters; write with JSON.stringify. */
  params: unknown
  status: Generated<DeliveryStatus>
  attempts: Generated<number>
  next_attempt_at: Generated<Date>
  lease_until: Date | null
  lease_token: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type TriggeredWebhookRow = Selectable<TriggeredWebhookTable>
export type NewTriggeredWebhookRow = Insertable<TriggeredWebhookTable>

export interface WebhookExecutionTable {
  id: Generated<number>
  triggered_webhook_id: number
  attempt: number
  success: boolean
  request_method: string
  request_url: string
  response_status: number | null
  error: string | null
  duration_ms: number
  logs: string
  created_at: Generated<Date>
}
export type WebhookExecutionRow = Selectable<WebhookExecutionTable>
export type NewWebhookExecutionRow = Insertable<WebhookExecutionTable>
