/**
 * Webhook rules: creating, replacing and deleting webhooks (scope pacticipants must exist, the allow-lists and
 * address refusals, secrets encrypted), test executions, the deliveries and their logs, and the retrigger.
 */
import { randomBytes } from 'node:crypto'
import { type AuditChange, recordChange } from '../audit/audit.service.js'
import { inTransaction, type Db } from '../db/database.js'
import type { BrokerDeps } from '../deps.js'
import { findPacticipant, getPacticipant } from '../pacticipants/pacticipants.service.js'
import { type FieldError, NotFoundError, ValidationError } from '../shared/errors.js'
import { sendWebhook } from './delivery.js'
import { publicationParameters, recordPublication } from './outbox.js'
import { attemptLog, prepareRequest, SecretUnavailableError } from './prepare.js'
import { refusedDestination, requestTargetErrors } from './safety.js'
import { encryptSecret, isSensitiveHeader, redact, REDACTED } from './secrets.js'
import { noProviderVersion, type ParameterFacts, templateParameters, type TemplateParameters } from './template.js'
import { type Attempt, DEFAULT_EVENT, type Delivery, type StoredHeader, toAttempt, toDelivery, toWebhook, type Webhook } from './webhook.js'
import type { RetriggerInput, WebhookInput } from './webhooks.schemas.js'
import * as repo from './webhooks.repository.js'
import { maxAttempts } from './worker.js'

type Deps = Pick<BrokerDeps, 'db' | 'config' | 'events'>

export function webhookNotFound(uuid: string): NotFoundError {
  return new NotFoundError(`No webhook with uuid '${uuid}'. GET /webhooks lists them.`, 'webhook-not-found')
}

/** A new webhook uuid: 16 random bytes, URL-safe base64 (22 characters), as the Pact Broker makes them. */
export function newWebhookUuid(): string {
  return randomBytes(16).toString('base64url')
}

function fromRow(row: repo.WebhookWithNamesRow): Webhook {
  return toWebhook(row, { consumer: row.consumer_name, provider: row.provider_name })
}

/** Scope fixed by the URL (`/webhooks/provider/{p}/consumer/{c}`, `/pacts/provider/{p}/consumer/{c}/webhooks`). */
export interface PathScope {
  consumer?: string
  provider?: string
}

async function scopeIds(db: Db, input: WebhookInput, path: PathScope, errors: FieldError[]) {
  const side = async (role: 'consumer' | 'provider') => {
    const fromPath = path[role]
    if (fromPath !== undefined) return { id: (await getPacticipant({ db }, fromPath)).id, label: null }
    const scope = input[role]
    if (!scope) return { id: null, label: null }
    if (scope.name !== undefined) {
      const found = await findPacticipant({ db }, scope.name)
      if (!found) errors.push({ pointer: `/${role}/name`, detail: `does not match an existing pacticipant ('${scope.name}')` })
      return { id: found?.id ?? null, label: null }
    }
    return { id: null, label: scope.label ?? null }
  }
  return { consumer: await side('consumer'), provider: await side('provider') }
}

/** The header list to store: sensitive values encrypted; the mask sent back keeps the stored value. */
function storedHeaders(deps: Deps, input: WebhookInput, existing: Webhook | undefined, errors: FieldError[]): StoredHeader[] {
  const key = deps.config.webhooks.secretKey
  return input.request.headers.map(({ name, value }): StoredHeader => {
    if (!isSensitiveHeader(name)) return { name, value }
    if (value === REDACTED) {
      const kept = existing?.request.headers.find((h) => h.name.toLowerCase() === name.toLowerCase() && 'encrypted' in h)
      if (kept) return { name, encrypted: (kept as { encrypted: string }).encrypted }
      errors.push({ pointer: `/request/headers/${name}`, detail: `is the mask ${REDACTED}, but no value is stored for it yet: send the real value` })
      return { name, value: '' }
    }
    if (!key) {
      errors.push({ pointer: `/request/headers/${name}`, detail: 'is a secret, and the broker has no CONCORD_WEBHOOK_SECRET_KEY to encrypt it with' })
      return { name, value: '' }
    }
    return { name, encrypted: encryptSecret(key, value) }
  })
}

function storedPassword(deps: Deps, input: WebhookInput, existing: Webhook | undefined, errors: FieldError[]): string | null {
  const password = input.request.password
  if (password === undefined || password === null || password === '') return null
  if (password === REDACTED) return existing?.request.passwordEncrypted ?? null
  const key = deps.config.webhooks.secretKey
  if (!key) {
    errors.push({ pointer: '/request/password', detail: 'is a secret, and the broker has no CONCORD_WEBHOOK_SECRET_KEY to encrypt it with' })
    return null
  }
  return encryptSecret(key, password)
}

/** The allow-lists (as the Pact Broker checks them) and Concord's address refusal, as one 400. */
async function checkDestination(deps: Deps, input: WebhookInput): Promise<void> {
  const errors = requestTargetErrors(deps.config.webhooks, input.request.method, input.request.url)
  if (!errors.length) {
    const refused = await refusedDestination(deps.config.webhooks, input.request.url)
    if (refused) errors.push({ pointer: '/request/url', detail: refused })
  }
  if (errors.length) throw new ValidationError(errors, undefined, 'webhook-destination-refused')
}

/** Builds the row from a validated body; throws ValidationError listing every problem at once. */
async function toRow(deps: Deps, db: Db, uuid: string, input: WebhookInput, path: PathScope, existing?: Webhook) {
  await checkDestination(deps, input)
  const errors: FieldError[] = []
  const scope = await scopeIds(db, input, path, errors)
  const headers = storedHeaders(deps, input, existing, errors)
  const password = storedPassword(deps, input, existing, errors)
  if (errors.length) throw new ValidationError(errors)
  return {
    uuid,
    description: input.description ?? null,
    enabled: input.enabled ?? true,
    consumer_id: scope.consumer.id,
    consumer_label: scope.consumer.label,
    provider_id: scope.provider.id,
    provider_label: scope.provider.label,
    events: JSON.stringify([...new Set((input.events ?? [{ name: DEFAULT_EVENT }]).map((e) => e.name))]),
    method: input.request.method,
    url: input.request.url,
    headers: JSON.stringify(headers),
    body_json: input.request.body === undefined || input.request.body === null ? null : JSON.stringify(input.request.body),
    username: input.request.username || null,
    password_encrypted: password,
    timeout_ms: input.timeoutMs ?? null,
    success_statuses: input.successStatuses ? JSON.stringify(input.successStatuses) : null,
  }
}

/**
 * What the audit trail keeps of a webhook write: never the URL's path or query, headers or credentials (they may
 * carry secrets), only where it goes and what triggers it.
 */
function webhookChange(type: string, uuid: string | null, input: WebhookInput, path: PathScope = {}): AuditChange {
  const names = [path.consumer ?? input.consumer?.name, path.provider ?? input.provider?.name].filter((n): n is string => typeof n === 'string')
  let host: string | null = null
  try {
    host = new URL(input.request.url).host
  } catch {
    // an invalid URL is refused by validation; the audit keeps no host for it
  }
  return {
    type,
    pacticipants: names,
    details: { webhook: uuid, description: input.description ?? null, method: input.request.method, host, events: (input.events ?? []).map((e) => e.name) },
  }
}

/** POST /webhooks (and the scoped POSTs): a new webhook with a generated uuid. */
export async function createWebhook(deps: Deps, input: WebhookInput, path: PathScope = {}): Promise<Webhook> {
  return inTransaction(deps.db, async (trx) => {
    const uuid = newWebhookUuid()
    await recordChange(trx, webhookChange('webhook.created', uuid, input, path))
    await repo.insertWebhook(trx, await toRow(deps, trx, uuid, input, path))
    return fromRow((await repo.findWebhookByUuid(trx, uuid))!)
  })
}

/** PUT /webhooks/{uuid}: replaces the webhook, or creates it under that uuid (the Pact Broker's rule for the uuid). */
export async function putWebhook(deps: Deps, uuid: string, input: WebhookInput): Promise<{ webhook: Webhook; created: boolean }> {
  return inTransaction(deps.db, async (trx) => {
    const existingRow = await repo.findWebhookByUuid(trx, uuid, true)
    const existing = existingRow && fromRow(existingRow)
    await recordChange(trx, webhookChange(existing ? 'webhook.updated' : 'webhook.created', uuid, input))
    const row = await toRow(deps, trx, uuid, input, {}, existing)
    let created = false
    if (existing) await repo.updateWebhook(trx, existing.id, { ...row, updated_at: new Date() })
    else if (await repo.insertWebhookIfAbsent(trx, row)) created = true
    else {
      // Another PUT created this uuid after our look-up found nothing to lock (two `webhooks apply` at once):
      // the insert waited for it to commit; replace what it wrote, as if we had come second.
      const raced = (await repo.findWebhookByUuid(trx, uuid, true))!
      await recordChange(trx, webhookChange('webhook.updated', uuid, input))
      await repo.updateWebhook(trx, raced.id, { ...row, updated_at: new Date() })
    }
    return { webhook: fromRow((await repo.findWebhookByUuid(trx, uuid))!), created }
  })
}

export async function getWebhook({ db }: Pick<Deps, 'db'>, uuid: string): Promise<Webhook> {
  const row = await repo.findWebhookByUuid(db, uuid)
  if (!row) throw webhookNotFound(uuid)
  return fromRow(row)
}

export async function deleteWebhook({ db }: Pick<Deps, 'db'>, uuid: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = await repo.findWebhookByUuid(trx, uuid)
    if (!row) throw webhookNotFound(uuid)
    const webhook = fromRow(row)
    const pacticipants = [webhook.consumer, webhook.provider].flatMap((side) => (side && 'name' in side ? [side.name] : []))
    await recordChange(trx, { type: 'webhook.deleted', pacticipants, details: { webhook: uuid, description: webhook.description } })
    await repo.deleteWebhook(trx, row.id)
  })
}

/** Inside the caller's transaction: the webhooks scoped to exactly this pair (an integration's delete). Returns how many went. */
export async function deleteWebhooksOfPair(trx: Db, consumer: { id: number }, provider: { id: number }): Promise<number> {
  return repo.deleteWebhooksOfPair(trx, consumer.id, provider.id)
}

/** Inside the caller's transaction: every webhook (the delete of all integrations, as the Pact Broker's). Returns how many went. */
export async function deleteAllWebhooks(trx: Db): Promise<number> {
  return repo.deleteAllWebhooks(trx)
}

/** Every webhook, or exactly those of one scope (`null` = any on that side); unknown pacticipants → 404. */
export async function listWebhooks({ db }: Pick<Deps, 'db'>, scope?: { consumer: string | null; provider: string | null }): Promise<Webhook[]> {
  if (!scope) return (await repo.listWebhooks(db)).map(fromRow)
  const consumerId = scope.consumer === null ? null : (await getPacticipant({ db }, scope.consumer)).id
  const providerId = scope.provider === null ? null : (await getPacticipant({ db }, scope.provider)).id
  return (await repo.listWebhooks(db, { consumerId, providerId })).map(fromRow)
}

// ---- test executions ------------------------------------------------------------------------------------------

export interface ExecutionResult {
  success: boolean
  request: { method: string; url: string; headers: Record<string, string>; body: unknown }
  response: { status: number; body: unknown } | null
  error: string | null
  logs: string
}

/**
 * The parameters of a test execution: the latest pact in the webhook's scope (and its latest main-branch
 * verification), as the Pact Broker tests a webhook; placeholders when there is none.
 */
async function testParameters(deps: Deps, webhook: Webhook, baseUrl: string): Promise<TemplateParameters> {
  const named = (scope: Webhook['consumer']) => (scope && 'name' in scope ? scope.name : undefined)
  const consumer = named(webhook.consumer) ? await findPacticipant(deps, named(webhook.consumer)!) : undefined
  const provider = named(webhook.provider) ? await findPacticipant(deps, named(webhook.provider)!) : undefined
  const publications = await repo.latestPublicationsOfIntegrations(deps.db, { consumerId: consumer?.id, providerId: provider?.id })
  const latest = publications.length ? Math.max(...publications) : undefined
  if (latest !== undefined) {
    const params = await publicationParameters(deps.db, latest, baseUrl, 'test')
    if (params) return params
  }
  const facts: ParameterFacts = {
    eventName: 'test',
    pactUrl: null,
    consumerName: named(webhook.consumer) ?? null,
    providerName: named(webhook.provider) ?? null,
    consumerVersionNumber: null,
    consumerVersionTags: [],
    consumerVersionBranch: null,
    ...noProviderVersion(),
    buildUrl: null,
    consumerLabels: [],
    providerLabels: [],
  }
  return templateParameters(facts)
}

const ROLLBACK = new Error('rollback')

async function execute(deps: Deps, webhook: Webhook, baseUrl: string): Promise<ExecutionResult> {
  const params = await testParameters(deps, webhook, baseUrl)
  const { config } = deps
  const deliveryId = `test-${newWebhookUuid()}`
  let prepared
  try {
    prepared = prepareRequest(webhook, params, config.webhooks.secretKey, { deliveryId, eventName: 'test' })
  } catch (error) {
    if (error instanceof SecretUnavailableError) throw new ValidationError([{ pointer: '/request/headers', detail: error.message }])
    throw error
  }
  const result = await sendWebhook(prepared.request, {
    ...config.webhooks,
    timeoutMs: webhook.timeoutMs ?? config.webhooks.timeoutMs,
    successStatuses: webhook.successStatuses ?? config.webhooks.successStatuses,
  })
  const logs = attemptLog({
    at: new Date(),
    attempt: 1,
    maxAttempts: 1,
    deliveryId,
    eventName: 'test',
    request: prepared.request,
    result,
    secrets: prepared.secrets,
    next: 'a test execution is not retried',
    showResponseBody: config.webhooks.hosts.length > 0,
  })
  const parse = (text: string | null): unknown => {
    if (text === null) return null
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  const redactedHeaders = Object.fromEntries(Object.entries(prepared.request.headers).map(([n, v]) => [n, isSensitiveHeader(n) ? REDACTED : v]))
  return {
    success: result.success,
    request: {
      method: prepared.request.method,
      url: redact(prepared.request.url, prepared.secrets),
      headers: redactedHeaders,
      body: parse(prepared.request.body),
    },
    response: result.status === null ? null : { status: result.status, body: parse(result.responseBody) },
    error: result.error,
    logs,
  }
}

/** POST /webhooks/{uuid}/execute (test-webhook): sends it now with the latest matching pact; records nothing. */
export async function executeWebhook(deps: Deps, uuid: string, baseUrl: string): Promise<{ webhook: Webhook; result: ExecutionResult }> {
  const webhook = await getWebhook(deps, uuid)
  // Nothing is stored, but a request left the broker on an admin's word: the trail says so.
  await recordChange(deps.db, { type: 'webhook.executed', details: { webhook: uuid, description: webhook.description } })
  return { webhook, result: await execute(deps, webhook, baseUrl) }
}

/** POST /webhooks/execute: the same for a webhook that is not saved (validated as a create would be). */
export async function executeUnsavedWebhook(deps: Deps, input: WebhookInput, baseUrl: string): Promise<ExecutionResult> {
  await checkDestination(deps, input)
  const errors: FieldError[] = []
  const scope = await scopeIds(deps.db, input, {}, errors)
  if (errors.length) throw new ValidationError(errors)
  await recordChange(deps.db, webhookChange('webhook.executed', null, input))
  const key = deps.config.webhooks.secretKey
  const webhook: Webhook = {
    id: 0,
    uuid: '',
    description: input.description ?? null,
    enabled: true,
    consumer: input.consumer?.name && scope.consumer.id !== null ? { name: input.consumer.name } : null,
    provider: input.provider?.name && scope.provider.id !== null ? { name: input.provider.name } : null,
    events: (input.events ?? [{ name: DEFAULT_EVENT }]).map((e) => e.name),
    // Nothing is stored: secrets stay plain in memory (encrypted with a throwaway key when the broker has none).
    request: {
      method: input.request.method,
      url: input.request.url,
      // Sensitive values as a saved webhook holds them, so the log masks them the same way.
      headers: input.request.headers.map(({ name, value }): StoredHeader =>
        isSensitiveHeader(name) ? { name, encrypted: encryptSecret(key ?? THROWAWAY_KEY, value) } : { name, value },
      ),
      body: input.request.body ?? undefined,
      username: input.request.username || null,
      passwordEncrypted: input.request.password ? encryptSecret(key ?? THROWAWAY_KEY, input.request.password) : null,
    },
    timeoutMs: input.timeoutMs ?? null,
    successStatuses: input.successStatuses ?? null,
    createdAt: new Date(),
    updatedAt: new Date(),
  }
  return execute({ ...deps, config: key ? deps.config : { ...deps.config, webhooks: { ...deps.config.webhooks, secretKey: THROWAWAY_KEY } } }, webhook, baseUrl)
}

const THROWAWAY_KEY = randomBytes(32)

// ---- deliveries -----------------------------------------------------------------------------------------------

function deliveriesOf(deps: Pick<Deps, 'config'>, rows: repo.DeliveryDetailRow[]): Delivery[] {
  return rows.map((row) => toDelivery(row, maxAttempts(deps.config)))
}

/** The deliveries caused by a consumer version's pact with a provider (`…/version/{v}/triggered-webhooks`). */
export async function listDeliveriesForVersion(
  deps: Pick<Deps, 'db' | 'config'>,
  provider: string,
  consumer: string,
  consumerVersionId: number,
): Promise<Delivery[]> {
  const p = await getPacticipant(deps, provider)
  const c = await getPacticipant(deps, consumer)
  return deliveriesOf(deps, await repo.listDeliveries(deps.db, { consumerVersionId, providerId: p.id, consumerId: c.id }))
}

/** The deliveries caused by a verification result (`…/verification-results/{n}/triggered-webhooks`). */
export async function listDeliveriesForVerification(deps: Pick<Deps, 'db' | 'config'>, verificationId: number): Promise<Delivery[]> {
  return deliveriesOf(deps, await repo.listDeliveries(deps.db, { verificationId }))
}

/** Every delivery between a consumer and a provider, for the webhooks status of a pact. */
export async function listDeliveriesForPair(deps: Pick<Deps, 'db' | 'config'>, provider: string, consumer: string): Promise<Delivery[]> {
  const p = await getPacticipant(deps, provider)
  const c = await getPacticipant(deps, consumer)
  return deliveriesOf(deps, await repo.listDeliveries(deps.db, { providerId: p.id, consumerId: c.id }))
}

/** One delivery and the log of each of its attempts. */
export async function getDeliveryLogs(deps: Pick<Deps, 'db' | 'config'>, uuid: string): Promise<{ delivery: Delivery; attempts: Attempt[] }> {
  const row = await repo.findDeliveryByUuid(deps.db, uuid)
  if (!row) throw new NotFoundError(`No triggered webhook (delivery) with uuid '${uuid}'.`, 'triggered-webhook-not-found')
  return { delivery: deliveriesOf(deps, [row])[0]!, attempts: (await repo.listAttempts(deps.db, row.id)).map(toAttempt) }
}

// ---- retrigger ------------------------------------------------------------------------------------------------

export interface RetriggerResult {
  /** Pacts looked at: the latest of each integration in scope. */
  pacts: number
  /** Deliveries written (or, in a dry run, that would be). */
  deliveries: number
  dryRun: boolean
}

/**
 * Fires `contract_requiring_verification_published` again for the latest pact of every integration (of one
 * provider and/or consumer) that still lacks a verification by a provider version that needs one (pact_broker
 * #162: a verification that never came).
 */
export async function retrigger(deps: Deps, input: RetriggerInput, baseUrl: string): Promise<RetriggerResult> {
  const providerId = input.provider === undefined ? undefined : (await getPacticipant(deps, input.provider)).id
  const consumerId = input.consumer === undefined ? undefined : (await getPacticipant(deps, input.consumer)).id
  const dryRun = input.dryRun ?? false
  let count = 0
  let pacts = 0
  const change: AuditChange = {
    type: 'webhooks.retriggered',
    pacticipants: [input.provider, input.consumer].filter((n): n is string => n !== undefined),
    details: { provider: input.provider ?? null, consumer: input.consumer ?? null, dryRun },
  }
  await inTransaction(deps.db, async (trx) => {
    if (!dryRun) await recordChange(trx, change)
    const publications = await repo.latestPublicationsOfIntegrations(trx, { providerId, consumerId })
    pacts = publications.length
    for (const publicationId of publications) {
      count += await recordPublication(trx, {
        publicationId,
        contentChanged: false,
        baseUrl,
        trigger: 'retrigger',
        only: ['contract_requiring_verification_published'],
      })
    }
    if (dryRun) throw ROLLBACK
  }).catch((error: unknown) => {
    if (error !== ROLLBACK) throw error
  })
  // A dry run rolled its transaction back: its event is written on its own.
  if (dryRun) await recordChange(deps.db, { ...change, details: { ...change.details, deliveries: count } })
  if (!dryRun && count) deps.events.emit('webhooks.triggered', { count })
  return { pacts, deliveries: count, dryRun }
}

// ---- for the UI's webhooks pages -------------------------------------------------------------------------------

/** Every webhook with its newest delivery (null when it never fired), for the webhooks page. */
export async function listWebhooksWithLastDelivery(deps: Pick<Deps, 'db' | 'config'>): Promise<{ webhook: Webhook; lastDelivery: Delivery | null }[]> {
  const [list, latest] = await Promise.all([listWebhooks(deps), repo.latestDeliveryOfEachWebhook(deps.db)])
  const byWebhook = new Map(deliveriesOf(deps, latest).map((d) => [d.webhookId, d]))
  return list.map((webhook) => ({ webhook, lastDelivery: byWebhook.get(webhook.id) ?? null }))
}

/** One webhook's newest deliveries (at most `limit`), each with the log of its attempts: its delivery log. */
export async function webhookDeliveryLog(
  deps: Pick<Deps, 'db' | 'config'>,
  uuid: string,
  limit = 50,
): Promise<{ webhook: Webhook; deliveries: { delivery: Delivery; attempts: Attempt[] }[] }> {
  const webhook = await getWebhook(deps, uuid)
  const deliveries = deliveriesOf(deps, await repo.listDeliveriesOfWebhook(deps.db, webhook.id, limit))
  const attempts = (await repo.listAttemptsOfDeliveries(
    deps.db,
    deliveries.map((d) => d.id),
  )) as (Parameters<typeof toAttempt>[0] & { triggered_webhook_id: number })[]
  return {
    webhook,
    deliveries: deliveries.map((delivery) => ({ delivery, attempts: attempts.filter((a) => a.triggered_webhook_id === delivery.id).map(toAttempt) })),
  }
}
