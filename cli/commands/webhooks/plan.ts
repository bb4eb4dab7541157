/**
 * What `concord webhooks apply` must change so the broker's webhooks match the file (pure: no I/O).
 *
 * Matching: an entry with a `uuid` is the broker's webhook with that uuid; an entry without one is the broker's
 * webhook with the same description (several with it: an error naming their uuids, so the file can say which).
 * An entry that matches nothing is created under a uuid derived from its description, so two applies running at
 * once create one webhook, not two. A broker webhook no entry matches is deleted.
 *
 * Comparing: every field of the definition, with the broker's defaults filled in (POST, enabled, the
 * contract_content_changed event). The broker never shows secrets (sensitive header values and the password come
 * back as `**********`), so a secret is compared by presence only; `--update-secrets` rewrites the webhooks that
 * have secrets, which is how a changed token reaches the broker.
 */
import { createHash } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import type { BrokerWebhook, WebhookDefinition, WebhookScope } from '../../../lib/broker-client/index.js'
import { ExitError } from '../../errors.js'
import type { DesiredWebhook } from './webhooks-file.js'

export const MASK = '**********'

export type Change =
  | { action: 'create'; uuid: string; description: string; definition: WebhookDefinition }
  | { action: 'update'; uuid: string; description: string; fields: string[]; definition: WebhookDefinition }
  | { action: 'delete'; uuid: string; description: string }

export interface Plan {
  changes: Change[]
  /** Webhooks already as the file says. */
  unchanged: { uuid: string; description: string }[]
}

/** The uuid an entry without one is created under: stable for a description, 22 URL-safe characters. */
export function uuidForDescription(description: string): string {
  return createHash('sha256').update(`concord webhooks apply\n${description}`).digest('base64url').slice(0, 22)
}

interface Comparable {
  description: string
  enabled: boolean
  consumer: WebhookScope | null
  provider: WebhookScope | null
  events: string[]
  method: string
  url: string
  headers: Record<string, string>
  body: unknown
  username: string | null
  password: boolean
  timeoutMs: number | null
  successStatuses: number[] | null
}

function comparable(w: WebhookDefinition, description: string): Comparable {
  const events = [...new Set((w.events?.length ? w.events : [{ name: 'contract_content_changed' }]).map((e) => e.name))].sort()
  return {
    description,
    enabled: w.enabled ?? true,
    consumer: w.consumer ?? null,
    provider: w.provider ?? null,
    events,
    method: (w.request.method ?? 'POST').toUpperCase(),
    url: w.request.url,
    headers: w.request.headers ?? {},
    body: w.request.body ?? null,
    username: w.request.username || null,
    password: Boolean(w.request.password),
    timeoutMs: w.timeoutMs ?? null,
    successStatuses: w.successStatuses ?? null,
  }
}

const hasSecrets = (w: WebhookDefinition) => Boolean(w.request.password) || Object.values(w.request.headers ?? {}).some((v) => v === MASK)

/** The fields that differ; a masked header value on the broker matches any value in the file. */
function differences(desired: Comparable, actual: Comparable): string[] {
  const fields: string[] = []
  for (const key of Object.keys(desired) as (keyof Comparable)[]) {
    if (key === 'headers') {
      const names = new Set([...Object.keys(desired.headers), ...Object.keys(actual.headers)])
      for (const name of [...names].sort()) {
        const want = desired.headers[name]
        const have = actual.headers[name]
        if (want === undefined || have === undefined || (have !== MASK && want !== have)) fields.push(`request.headers.${name}`)
      }
    } else if (!isDeepStrictEqual(desired[key], actual[key])) {
      fields.push(['method', 'url', 'body', 'username', 'password'].includes(key) ? `request.${key}` : key)
    }
  }
  return fields
}

/**
 * @example const { changes } = planApply(parseWebhooksFile(text, 'webhooks.yaml'), await client.listWebhooks(), { updateSecrets: false })
 */
export function planApply(desired: DesiredWebhook[], actual: BrokerWebhook[], options: { updateSecrets: boolean }): Plan {
  const remaining = new Map(actual.map((w) => [w.uuid, w]))
  // uuids first, so a description cannot claim a webhook another entry names by uuid; the plan keeps file order.
  const byUuid = new Map(desired.filter((d) => d.uuid).map((entry) => [entry, remaining.get(entry.uuid!)]))
  for (const entry of byUuid.keys()) remaining.delete(entry.uuid!)
  const matched = desired.map((entry) => {
    if (entry.uuid) return { entry, webhook: byUuid.get(entry) }
    const same = [...remaining.values()].filter((w) => w.description === entry.description)
    if (same.length > 1) {
      throw new ExitError(
        `The broker has ${same.length} webhooks described '${entry.description}' (uuids ${same.map((w) => w.uuid).join(', ')}): give the entry the uuid of the one to keep.`,
      )
    }
    if (same[0]) remaining.delete(same[0].uuid)
    return { entry, webhook: same[0] }
  })

  const changes: Change[] = []
  const unchanged: Plan['unchanged'] = []
  for (const { entry, webhook } of matched) {
    if (!webhook) {
      changes.push({
        action: 'create',
        uuid: entry.uuid ?? uuidForDescription(entry.description),
        description: entry.description,
        definition: entry.definition,
      })
      continue
    }
    const fields = differences(comparable(entry.definition, entry.description), comparable(webhook, webhook.description))
    if (options.updateSecrets && hasSecrets(webhook) && !fields.length) fields.push('secrets')
    if (fields.length) changes.push({ action: 'update', uuid: webhook.uuid, description: entry.description, fields, definition: entry.definition })
    else unchanged.push({ uuid: webhook.uuid, description: webhook.description })
  }
  for (const webhook of remaining.values()) changes.push({ action: 'delete', uuid: webhook.uuid, description: webhook.description })
  return { changes, unchanged }
}
