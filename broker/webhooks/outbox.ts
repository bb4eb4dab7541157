/**
 * The outbox: what a publication or a verification result makes webhooks deliver, written with the writer's
 * transaction (so it commits, or rolls back, with the write that caused it), as the Pact Broker's
 * `TriggerService` decides it:
 * - a pact publication fires `contract_published` (always), `contract_content_changed` (when the content differs
 *   from the previous latest pact between the two) and `contract_requiring_verification_published`, once per
 *   provider version that must verify it and has not (main-branch head, deployed and released versions);
 * - a verification result fires `provider_verification_published` and `_succeeded` or `_failed`, once per
 *   consumer version the verified pact was selected for.
 * Each delivery stores every template parameter, so sending it later needs nothing but its own row.
 */
import { randomUUID } from 'node:crypto'
import { encodePactMetadata } from '../contracts/pact-metadata.js'
import type { Db } from '../db/database.js'
import type { Outbox, OutboxEvent } from '../deps.js'
import { createLinks } from '../http/links.js'
import type { EventName } from './webhook.js'
import * as repo from './webhooks.repository.js'
import { noProviderVersion, type ParameterFacts, templateParameters, type TemplateParameters } from './template.js'
import type { NewTriggeredWebhookRow } from './webhooks.table.js'

export type TriggerType = 'resource_creation' | 'retrigger'

interface Expansion {
  event: EventName
  consumerVersionId: number | null
  verificationId: number | null
  facts: ParameterFacts
}

const CURRENTLY_DEPLOYED = '${pactbroker.currentlyDeployedProviderVersionNumber}'

/**
 * Whether a webhook's request uses `${pactbroker.currentlyDeployedProviderVersionNumber}`: then, as the Pact
 * Broker's TriggerService (`expand_events_for_currently_deployed_environments`), each of its deliveries is made
 * once per provider version currently deployed, with that number; none deployed, none made. The Pact Broker looks
 * at the body only; Concord expands parameters in the URL and headers too, so it looks there as well.
 */
function usesCurrentlyDeployed(webhook: repo.WebhookWithNamesRow): boolean {
  const headers = webhook.headers as { value?: string }[]
  return [webhook.url, webhook.body_json ?? '', ...headers.map((h) => h.value ?? '')].some((text) => text.includes(CURRENTLY_DEPLOYED))
}

/** The provider's currently deployed version numbers, once each, in deployment order; read only when a webhook needs them. */
async function currentlyDeployedFor(trx: Db, webhooks: repo.WebhookWithNamesRow[], providerId: number): Promise<string[]> {
  return webhooks.some(usesCurrentlyDeployed) ? repo.currentlyDeployedVersionNumbers(trx, providerId) : []
}

function deliveriesFor(
  webhooks: repo.WebhookWithNamesRow[],
  expansions: Expansion[],
  meta: { consumerId: number; providerId: number; trigger: TriggerType; currentlyDeployed: readonly string[] },
): NewTriggeredWebhookRow[] {
  const rows: NewTriggeredWebhookRow[] = []
  for (const webhook of webhooks) {
    const events = webhook.events as string[]
    const perDeployedVersion = usesCurrentlyDeployed(webhook)
    const forEachDeployed = (expansion: Expansion): Expansion[] =>
      perDeployedVersion
        ? meta.currentlyDeployed.map((number) => ({ ...expansion, facts: { ...expansion.facts, currentlyDeployedProviderVersionNumber: number } }))
        : [expansion]
    for (const expansion of expansions.flatMap(forEachDeployed)) {
      if (!events.includes(expansion.event)) continue
      rows.push({
        uuid: randomUUID(),
        webhook_id: webhook.id,
        event_name: expansion.event,
        trigger_type: meta.trigger,
        consumer_id: meta.consumerId,
        provider_id: meta.providerId,
        consumer_version_id: expansion.consumerVersionId,
        verification_id: expansion.verificationId,
        params: JSON.stringify(templateParameters(expansion.facts)),
      })
    }
  }
  return rows
}

/** The pact URL a webhook hands out: the content's URL, with the consumer version in its metadata (as the Pact Broker's). */
function pactUrl(baseUrl: string, provider: string, consumer: string, sha: string, consumerVersion: string): string {
  return createLinks(baseUrl).pactVersion(provider, consumer, sha, encodePactMetadata({ s: [{ cv: consumerVersion }] }))
}

/**
 * The `contract_requiring_verification_published` expansions of a pact: one per provider version that still has
 * to verify it, its reasons joined ("latest from main branch, deployed in production").
 */
async function requiringVerification(trx: Db, pub: repo.PublicationFactsRow, base: Omit<ParameterFacts, 'eventName'>): Promise<Expansion[]> {
  const required = await repo.requiredVerifications(trx, pub.pact_version_id, pub.provider_id)
  const byVersion = new Map<number, repo.RequiredVerificationRow[]>()
  for (const row of required) byVersion.set(row.version_id, [...(byVersion.get(row.version_id) ?? []), row])
  const expansions: Expansion[] = []
  for (const [versionId, rows] of byVersion) {
    const refs = await repo.versionRefs(trx, versionId)
    const mainBranch = rows.find((r) => r.main_branch !== null)?.main_branch ?? null
    expansions.push({
      event: 'contract_requiring_verification_published',
      consumerVersionId: pub.consumer_version_id,
      verificationId: null,
      facts: {
        ...base,
        eventName: 'contract_requiring_verification_published',
        providerVersionNumber: rows[0]!.version_number,
        providerVersionBranch: mainBranch ?? refs.branch,
        providerVersionTags: refs.tags,
        providerVersionDescriptions: [...new Set(rows.map((r) => r.description))],
        verification: null,
      },
    })
  }
  return expansions
}

/** What every event of a pact publication knows: the pact, its parties and the consumer version. */
async function pactFacts(trx: Db, pub: repo.PublicationFactsRow, baseUrl: string): Promise<Omit<ParameterFacts, 'eventName'>> {
  const consumerRefs = await repo.versionRefs(trx, pub.consumer_version_id)
  return {
    pactUrl: pactUrl(baseUrl, pub.provider_name, pub.consumer_name, pub.sha, pub.consumer_version_number),
    consumerName: pub.consumer_name,
    providerName: pub.provider_name,
    consumerVersionNumber: pub.consumer_version_number,
    consumerVersionTags: consumerRefs.tags,
    consumerVersionBranch: consumerRefs.branch,
    ...noProviderVersion(),
    buildUrl: pub.consumer_build_url,
    consumerLabels: await repo.labelsOf(trx, pub.consumer_id),
    providerLabels: await repo.labelsOf(trx, pub.provider_id),
  }
}

/** As the Pact Broker: `contract_published` and `_content_changed` describe the latest verification of this content by the provider's main branch. */
async function withMainBranchVerification(
  trx: Db,
  pub: repo.PublicationFactsRow,
  base: Omit<ParameterFacts, 'eventName'>,
  baseUrl: string,
): Promise<Omit<ParameterFacts, 'eventName'>> {
  const verification = await repo.latestMainBranchVerification(trx, pub.pact_version_id, pub.provider_main_branch)
  if (!verification) return base
  const providerRefs = await repo.versionRefs(trx, verification.provider_version_id)
  return {
    ...base,
    providerVersionNumber: verification.provider_version_number,
    providerVersionTags: providerRefs.tags,
    providerVersionBranch: providerRefs.branch,
    verification: {
      url: createLinks(baseUrl).verificationResult(pub.provider_name, pub.consumer_name, pub.sha, verification.id),
      success: verification.success,
    },
  }
}

/** The parameters `contract_published` would carry for a publication (a test execution uses them), or undefined. */
export async function publicationParameters(db: Db, publicationId: number, baseUrl: string, eventName: string): Promise<TemplateParameters | undefined> {
  const pub = await repo.publicationFacts(db, publicationId)
  if (!pub) return undefined
  return templateParameters({ ...(await withMainBranchVerification(db, pub, await pactFacts(db, pub, baseUrl), baseUrl)), eventName })
}

/**
 * Deliveries for one pact publication. `only` limits the events (a retrigger asks for the requiring-verification
 * one alone). Returns how many deliveries were written.
 */
export async function recordPublication(
  trx: Db,
  input: {
    publicationId: number
    consumerId?: number
    providerId?: number
    contentChanged: boolean
    baseUrl: string
    trigger?: TriggerType
    only?: readonly EventName[]
  },
): Promise<number> {
  const wanted = (input.only ?? ['contract_published', 'contract_content_changed', 'contract_requiring_verification_published']).filter(
    (e) => e !== 'contract_content_changed' || input.contentChanged,
  )
  const webhooksFor = async (consumerId: number, providerId: number) =>
    (await repo.findWebhooksToTrigger(trx, consumerId, providerId)).filter((w) => (w.events as string[]).some((e) => wanted.includes(e as EventName)))
  // Given the parties, the webhooks first: most publications trigger none, and then need no facts.
  let webhooks = input.consumerId !== undefined && input.providerId !== undefined ? await webhooksFor(input.consumerId, input.providerId) : undefined
  if (webhooks && !webhooks.length) return 0
  const pub = await repo.publicationFacts(trx, input.publicationId)
  if (!pub) return 0
  webhooks ??= await webhooksFor(pub.consumer_id, pub.provider_id)
  if (!webhooks.length) return 0
  const expansions: Expansion[] = []
  const needs = (event: EventName) => wanted.includes(event) && webhooks.some((w) => (w.events as string[]).includes(event))
  const base = await pactFacts(trx, pub, input.baseUrl)
  if (needs('contract_published') || needs('contract_content_changed')) {
    const facts = await withMainBranchVerification(trx, pub, base, input.baseUrl)
    for (const event of ['contract_published', 'contract_content_changed'] as const) {
      if (needs(event)) expansions.push({ event, consumerVersionId: pub.consumer_version_id, verificationId: null, facts: { ...facts, eventName: event } })
    }
  }
  if (needs('contract_requiring_verification_published')) expansions.push(...(await requiringVerification(trx, pub, base)))
  const rows = deliveriesFor(webhooks, expansions, {
    consumerId: pub.consumer_id,
    providerId: pub.provider_id,
    trigger: input.trigger ?? 'resource_creation',
    currentlyDeployed: await currentlyDeployedFor(trx, webhooks, pub.provider_id),
  })
  await repo.insertDeliveries(trx, rows)
  return rows.length
}

/** Deliveries for one verification result: published + succeeded/failed, per consumer version it was selected for. */
export async function recordVerification(trx: Db, input: { verificationId: number; baseUrl: string }): Promise<number> {
  const v = await repo.verificationFacts(trx, input.verificationId)
  if (!v) return 0
  const outcome: EventName = v.success ? 'provider_verification_succeeded' : 'provider_verification_failed'
  const events: EventName[] = ['provider_verification_published', outcome]
  const webhooks = (await repo.findWebhooksToTrigger(trx, v.consumer_id, v.provider_id)).filter((w) =>
    (w.events as string[]).some((e) => events.includes(e as EventName)),
  )
  if (!webhooks.length) return 0
  // One delivery per consumer version the pact was selected for (the verifier's metadata), as the Pact Broker
  // does so a commit status lands on each commit; else the latest publication of this content.
  const selectors = Array.isArray(v.consumer_version_selectors) ? (v.consumer_version_selectors as { cv?: unknown }[]) : []
  const numbers = [...new Set(selectors.map((s) => s.cv).filter((cv): cv is string => typeof cv === 'string'))]
  let consumerVersions = await repo.consumerVersionsOfPactVersion(trx, v.pact_version_id, numbers.length ? numbers : undefined)
  consumerVersions = numbers.length ? consumerVersions.filter((cv, i, all) => all.findIndex((o) => o.id === cv.id) === i) : consumerVersions.slice(0, 1)
  const links = createLinks(input.baseUrl)
  const providerRefs = await repo.versionRefs(trx, v.provider_version_id)
  const labels = { consumerLabels: await repo.labelsOf(trx, v.consumer_id), providerLabels: await repo.labelsOf(trx, v.provider_id) }
  const expansions: Expansion[] = []
  for (const cv of consumerVersions) {
    const consumerRefs = await repo.versionRefs(trx, cv.id)
    const facts: Omit<ParameterFacts, 'eventName'> = {
      pactUrl: pactUrl(input.baseUrl, v.provider_name, v.consumer_name, v.sha, cv.number),
      consumerName: v.consumer_name,
      providerName: v.provider_name,
      consumerVersionNumber: cv.number,
      consumerVersionTags: consumerRefs.tags,
      consumerVersionBranch: consumerRefs.branch,
      providerVersionNumber: v.provider_version_number,
      providerVersionTags: providerRefs.tags,
      providerVersionBranch: providerRefs.branch,
      providerVersionDescriptions: [],
      verification: { url: links.verificationResult(v.provider_name, v.consumer_name, v.sha, v.id), success: v.success },
      buildUrl: v.build_url,
      currentlyDeployedProviderVersionNumber: null,
      ...labels,
    }
    for (const event of events) expansions.push({ event, consumerVersionId: cv.id, verificationId: v.id, facts: { ...facts, eventName: event } })
  }
  const rows = deliveriesFor(webhooks, expansions, {
    consumerId: v.consumer_id,
    providerId: v.provider_id,
    trigger: 'resource_creation',
    currentlyDeployed: await currentlyDeployedFor(trx, webhooks, v.provider_id),
  })
  await repo.insertDeliveries(trx, rows)
  return rows.length
}

/** The outbox every write is given (BrokerDeps.outbox): stateless, so one object serves every app. */
export const webhookOutbox: Outbox = {
  record(trx: Db, event: OutboxEvent): Promise<number> {
    return event.type === 'contract.published' ? recordPublication(trx, event) : recordVerification(trx, event)
  },
}
