/**
 * Webhooks (`pb:webhooks`, `pb:webhook`) and Concord's retrigger (`concord:webhooks-retrigger`): list, create or
 * replace under a uuid, delete, and fire `contract_requiring_verification_published` again for pacts still lacking
 * a verification. Used by `concord webhooks list | apply | retrigger`.
 */
import { BrokerApiError } from '../errors.js'
import type { HalResource } from './hal.js'
import type { Navigator } from './navigator.js'

/** Who a webhook is for: a pacticipant by name or by label; absent or null = any. */
export type WebhookScope = { name: string } | { label: string }

/** A webhook body, as the Pact Broker's API takes it (docs/api/webhooks.md). */
export interface WebhookDefinition {
  description?: string | null
  enabled?: boolean
  consumer?: WebhookScope | null
  provider?: WebhookScope | null
  events?: { name: string }[]
  request: {
    method?: string
    url: string
    headers?: Record<string, string>
    body?: unknown
    username?: string | null
    password?: string | null
  }
  timeoutMs?: number | null
  successStatuses?: number[] | null
}

/** A webhook as the broker shows it: secret header values and the password are the mask `**********`. */
export interface BrokerWebhook extends WebhookDefinition, HalResource {
  uuid: string
  description: string
  createdAt: string
  updatedAt: string
}

export interface RetriggerInput {
  provider?: string | undefined
  consumer?: string | undefined
  dryRun?: boolean | undefined
}

export interface RetriggerResult {
  /** The latest pact of each integration in scope: how many were looked at. */
  pacts: number
  /** Deliveries written (with dryRun: that would be). */
  deliveries: number
  dryRun: boolean
}

export function webhookMethods(nav: Navigator) {
  return {
    /** Every webhook on the broker, oldest first, each with its full definition (secrets masked). */
    async listWebhooks(): Promise<BrokerWebhook[]> {
      const body = await nav.request<HalResource>('GET', await nav.relation('pb:webhooks'))
      const list = body._embedded?.webhooks
      return Array.isArray(list) ? (list as BrokerWebhook[]) : []
    },

    /**
     * Creates the webhook under `uuid`, or replaces the one that has it (`PUT /webhooks/{uuid}`); a masked secret
     * (`**********`) keeps the stored value.
     * @example const { created } = await client.putWebhook('users-ci-verify-000001', { description: 'users CI', request: { url } })
     */
    async putWebhook(uuid: string, definition: WebhookDefinition): Promise<BrokerWebhook> {
      return nav.request<BrokerWebhook>('PUT', await nav.relation('pb:webhook', { uuid }), { body: definition })
    },

    /** Deletes a webhook with its deliveries; false when the broker had no webhook with that uuid (already gone). */
    async deleteWebhook(uuid: string): Promise<boolean> {
      try {
        await nav.request('DELETE', await nav.relation('pb:webhook', { uuid }))
        return true
      } catch (error) {
        if (error instanceof BrokerApiError && error.status === 404) return false
        throw error
      }
    },

    /**
     * Fires `contract_requiring_verification_published` again for the latest pact of each integration (of a
     * provider and/or consumer) that a provider version still has to verify.
     * @example const { deliveries } = await client.retriggerWebhooks({ provider: 'users' })
     */
    async retriggerWebhooks(input: RetriggerInput = {}): Promise<RetriggerResult> {
      const body = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))
      const result = await nav.request<Partial<RetriggerResult>>('POST', await nav.relation('concord:webhooks-retrigger'), { body })
      return { pacts: Number(result.pacts ?? 0), deliveries: Number(result.deliveries ?? 0), dryRun: result.dryRun === true }
    },
  }
}
