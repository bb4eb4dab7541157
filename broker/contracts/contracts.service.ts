/**
 * Contract rules: publishing (one transaction for pacticipants, version, branch, tags, content, publication,
 * head and integration), the content-modification rule (409 unless allowed), retrieval and listings.
 */
import { recordChange } from '../audit/audit.service.js'
import type { BrokerDeps } from '../deps.js'
import { type Db, inTransaction } from '../db/database.js'
import type { Pacticipant } from '../pacticipants/pacticipant.js'
import { findOrCreatePacticipant, findOrCreatePacticipants, findPacticipant, getPacticipant } from '../pacticipants/pacticipants.service.js'
import { ConflictError, NotFoundError, type Notice, ValidationError } from '../shared/errors.js'
import type { Version } from '../versions/version.js'
import { addTag, addVersionToBranch, findOrCreateVersion, findVersion, lockVersions } from '../versions/versions.service.js'
import { type Pact, type PactVersion, type PactWithContent, toPact, toPactWithContent } from './contract.js'
import type { PublishContractsInput } from './contracts.schemas.js'
import * as repo from './contracts.repository.js'
import {
  describeContentChange,
  interactionCounts,
  type JsonObject,
  mergeConflicts,
  mergePacts,
  pactContentSha,
  statedSpecificationVersion,
  withInteractionIds,
} from './pact-content.js'
import { pactSpecificationErrors } from './pact-specification.js'

/** What happened to one contract in a publication. */
export type PublishOutcome = 'created' | 'unchanged' | 'modified'

export interface PublishedContract {
  pact: Pact
  outcome: PublishOutcome
  /** Whether the content differs from the previous latest pact between the two (or there was none). */
  contentChanged: boolean
}

export interface PublishContractsResult {
  pacticipant: Pacticipant
  version: Version
  versionCreated: boolean
  branch: string | null
  tags: string[]
  contracts: PublishedContract[]
  notices: Notice[]
}

/**
 * The seam where other features add notices to a publication's response (e.g. "this pact uses a deprecated
 * operation"). Called after the publication committed, with the database (read-only use) and the result.
 */
export type PublishNoticeProvider = (deps: Pick<BrokerDeps, 'db' | 'config' | 'clock'>, publication: PublishContractsResult) => Notice[] | Promise<Notice[]>

/** BrokerDeps plus the optional notice providers; `createApp` may pass them in with the deps. */
export type ContractsDeps = BrokerDeps & { publishNoticeProviders?: readonly PublishNoticeProvider[] }

function contentConflict(consumer: string, version: string, provider: string, existing: JsonObject, incoming: JsonObject): ConflictError {
  const text =
    `Cannot change the content of the pact for ${consumer} version ${version} and provider ${provider}, as race conditions will cause unreliable results for can-i-deploy. ` +
    'Each pact must be published with a unique consumer version number. Some Pact libraries generate random data when a concrete value for a type matcher is not specified, ' +
    'and this can cause the contract to mutate - ensure you have given example values for all type matchers. For more information see https://docs.pact.io/go/versioning'
  return new ConflictError('pact-content-conflict', text, {
    notices: [
      { type: 'error', text },
      { type: 'info', text: describeContentChange(existing, incoming) },
    ],
  })
}

function mergeConflict(consumer: string, version: string, provider: string, descriptions: string[]): ConflictError {
  const text =
    `Cannot merge into the pact for ${consumer} version ${version} and provider ${provider}: ` +
    `${descriptions.map((d) => `'${d}'`).join(', ')} ${descriptions.length === 1 ? 'has' : 'have'} the description and provider state of a published interaction but a different request. ` +
    'A PATCH may add interactions or repeat them unchanged; publish the changed pact with a new consumer version number.'
  return new ConflictError('pact-merge-conflict', text, { notices: [{ type: 'error', text }] })
}

export function pactNotFound(what: string): NotFoundError {
  return new NotFoundError(`No pact ${what}.`, 'pact-not-found')
}

/**
 * Stores `document` as the pact of `version` for `provider`, inside the caller's transaction: identical content
 * is a no-op, different content is refused (409) unless modification is allowed, in which case it becomes a new
 * revision (merged into the existing interactions for `merge`).
 */
async function writePact(
  trx: Db,
  deps: BrokerDeps,
  consumer: Pacticipant,
  provider: Pacticipant,
  version: Version,
  document: JsonObject,
  onConflict: 'overwrite' | 'merge',
  { mayModify = deps.config.contracts.allowContentModification, versionIsNew = false }: { mayModify?: boolean; versionIsNew?: boolean } = {},
): Promise<PublishedContract> {
  // A version this transaction has just created has no pact yet: no need to ask.
  const existing = versionIsNew ? undefined : await repo.findCurrentPact(trx, version.id, provider.id)
  const incomingSha = pactContentSha(document)
  if (existing && existing.sha === incomingSha) return { pact: toPact(existing), outcome: 'unchanged', contentChanged: false }
  if (existing && !mayModify) {
    throw contentConflict(consumer.name, version.number, provider.name, existing.content as JsonObject, document)
  }
  if (existing && onConflict === 'merge') {
    const conflicts = mergeConflicts(existing.content as JsonObject, document)
    if (conflicts.length) throw mergeConflict(consumer.name, version.number, provider.name, conflicts)
  }
  const content = existing && onConflict === 'merge' ? mergePacts(existing.content as JsonObject, document) : document
  // A merge can mix two specifications' shapes (a V3 pact merged into a V4 one): the result must still verify.
  if (content !== document) {
    const stated = statedSpecificationVersion(content)
    const errors = pactSpecificationErrors(
      content,
      stated === undefined || stated === null ? null : typeof stated === 'string' ? stated : JSON.stringify(stated),
    )
    if (errors.length) throw new ValidationError(errors.map((e) => ({ ...e, detail: `${e.detail}, once merged into the published pact` })))
  }
  const sha = content === document ? incomingSha : pactContentSha(content)
  if (existing && existing.sha === sha) return { pact: toPact(existing), outcome: 'unchanged', contentChanged: false }

  const counts = interactionCounts(content)
  // Content, publication, head and integration in one statement (one round trip instead of six).
  const { publication, previousLatestSha } = await repo.insertPublicationWithContent(trx, {
    consumer_id: consumer.id,
    provider_id: provider.id,
    consumer_version_id: version.id,
    revision_number: (existing?.revision_number ?? 0) + 1,
    sha,
    content: withInteractionIds(content),
    interactions_count: counts.interactions,
    messages_count: counts.messages,
    created_at: deps.clock.now(),
  })
  return {
    pact: {
      publicationId: publication.id,
      revisionNumber: publication.revision_number,
      consumer: { id: consumer.id, name: consumer.name },
      provider: { id: provider.id, name: provider.name },
      consumerVersion: { id: version.id, number: version.number },
      pactVersionId: publication.pact_version_id,
      sha,
      createdAt: publication.created_at,
    },
    outcome: existing ? 'modified' : 'created',
    contentChanged: previousLatestSha !== sha,
  }
}

function publishNotices(result: Omit<PublishContractsResult, 'notices'>, pactUrl: (pact: Pact) => string): Notice[] {
  const { pacticipant, version } = result
  const parts = [`${result.versionCreated ? 'Created' : 'Updated'} ${pacticipant.name} version ${version.number}`]
  if (result.branch) parts.push(`with branch ${result.branch}`)
  if (result.tags.length) parts.push(`${result.branch ? 'and' : 'with'} tags ${result.tags.join(', ')}`)
  const notices: Notice[] = [{ type: 'debug', text: parts.join(' ') }]
  for (const { pact, outcome } of result.contracts) {
    const what = `${pact.consumer.name} version ${pact.consumerVersion.number} and provider ${pact.provider.name}`
    if (outcome === 'created') notices.push({ type: 'success', text: `Pact successfully published for ${what}.` })
    else if (outcome === 'unchanged') notices.push({ type: 'success', text: `Pact successfully republished for ${what} with no content changes.` })
    else
      notices.push({
        type: 'warning',
        text: `Pact content changed for ${what}: stored as revision ${pact.revisionNumber} (CONCORD_ALLOW_CONTRACT_MODIFICATION is on).`,
      })
    notices.push({ type: 'debug', text: `  View the published pact at ${pactUrl(pact)}` })
  }
  return notices
}

/**
 * `POST /contracts/publish`: everything in one transaction, so a rejected contract (409) leaves nothing behind.
 * Records the webhook deliveries it causes in the same transaction (the outbox); emits `contract.published` per
 * contract after commit.
 * @example const result = await publishContracts(deps, input, (pact) => links.pactForConsumerVersion(...))
 */
export async function publishContracts(
  deps: ContractsDeps,
  input: PublishContractsInput,
  pactUrl: (pact: Pact) => string,
  baseUrl: string = deps.config.http.baseUrl ?? '',
): Promise<PublishContractsResult> {
  const published = await inTransaction(deps.db, async (trx) => {
    await recordChange(trx, {
      type: 'contracts.published',
      pacticipants: [input.pacticipantName],
      details: {
        version: input.pacticipantVersionNumber,
        branch: input.branch ?? null,
        tags: input.tags,
        providers: input.contracts.map((c) => c.providerName),
      },
    })
    await repo.lockConsumerForPublication(trx, input.pacticipantName)
    const scoped = { db: trx, config: deps.config }
    // Every pacticipant first (key-share locks), then what belongs to them: the one lock order of all writes.
    const providers = await findOrCreatePacticipants(scoped, [input.pacticipantName, ...input.contracts.map((c) => c.providerName)])
    const consumer = providers.get(input.pacticipantName)!
    // A branch or a tag takes the consumer's version lock anyway: taken first, it lets the version be found or
    // created in one statement (and is taken once for version, branch and tags).
    if (input.branch || input.tags.length) await lockVersions(scoped, consumer)
    const { version, created } = await findOrCreateVersion(scoped, consumer, input.pacticipantVersionNumber, { buildUrl: input.buildUrl })
    if (input.branch) await addVersionToBranch(scoped, consumer, version, input.branch)
    for (const tag of input.tags) await addTag(scoped, consumer, version, tag)
    const contracts: PublishedContract[] = []
    const written = new Set<number>()
    for (const contract of input.contracts) {
      const provider = providers.get(contract.providerName)!
      // Two contracts for one provider: the second meets the first's pact.
      const versionIsNew = created && !written.has(provider.id)
      written.add(provider.id)
      contracts.push(await writePact(trx, deps, consumer, provider, version, contract.content, contract.onConflict, { versionIsNew }))
    }
    // The webhook outbox, in this transaction: the deliveries commit with the publication, or not at all.
    let deliveries = 0
    for (const { pact, contentChanged } of contracts) {
      deliveries += await deps.outbox.record(trx, {
        type: 'contract.published',
        publicationId: pact.publicationId,
        consumerId: pact.consumer.id,
        providerId: pact.provider.id,
        contentChanged,
        baseUrl,
      })
    }
    return { pacticipant: consumer, version, versionCreated: created, branch: input.branch, tags: input.tags, contracts, deliveries }
  })
  const { deliveries, ...publication } = published
  if (deliveries) deps.events.emit('webhooks.triggered', { count: deliveries })
  const notices = publishNotices(publication, pactUrl)
  for (const provider of deps.publishNoticeProviders ?? []) notices.push(...(await provider(deps, { ...publication, notices: [] })))
  for (const { pact, contentChanged } of publication.contracts) {
    deps.events.emit('contract.published', {
      consumer: pact.consumer.name,
      consumerVersion: pact.consumerVersion.number,
      provider: pact.provider.name,
      pactVersionSha: pact.sha,
      contentChanged,
    })
  }
  return { ...publication, notices }
}

/**
 * The legacy `PUT` (overwrite) and `PATCH` (merge) of `/pacts/provider/{p}/consumer/{c}/version/{v}` with a raw
 * pact. `created` is true when the consumer version had no pact for this provider before. As in the Pact Broker,
 * only PUT is subject to the content-modification rule: PATCH exists to add interactions to a version's pact.
 */
export async function publishPact(
  deps: BrokerDeps,
  input: { consumer: string; provider: string; consumerVersion: string; content: JsonObject; onConflict: 'overwrite' | 'merge'; baseUrl?: string },
): Promise<{ pact: PactWithContent; created: boolean }> {
  const result = await inTransaction(deps.db, async (trx) => {
    // A pact is the consumer's: a token scoped to the provider cannot publish it.
    await recordChange(trx, {
      type: 'pact.published',
      pacticipants: [input.consumer],
      details: { provider: input.provider, version: input.consumerVersion, method: input.onConflict === 'merge' ? 'PATCH' : 'PUT' },
    })
    await repo.lockConsumerForPublication(trx, input.consumer)
    const scoped = { db: trx, config: deps.config }
    const consumer = await findOrCreatePacticipant(scoped, input.consumer)
    const provider = await findOrCreatePacticipant(scoped, input.provider)
    const { version, created } = await findOrCreateVersion(scoped, consumer, input.consumerVersion)
    const mayModify = deps.config.contracts.allowContentModification || input.onConflict === 'merge'
    const written = await writePact(trx, deps, consumer, provider, version, input.content, input.onConflict, { mayModify, versionIsNew: created })
    await recordChange(trx, { type: 'pact.published', details: { sha: written.pact.sha, outcome: written.outcome } })
    const deliveries = await deps.outbox.record(trx, {
      type: 'contract.published',
      publicationId: written.pact.publicationId,
      consumerId: written.pact.consumer.id,
      providerId: written.pact.provider.id,
      contentChanged: written.contentChanged,
      baseUrl: input.baseUrl ?? deps.config.http.baseUrl ?? '',
    })
    const stored = (await repo.findCurrentPact(trx, version.id, provider.id))!
    return { written, pact: toPactWithContent(stored), deliveries }
  })
  if (result.deliveries) deps.events.emit('webhooks.triggered', { count: result.deliveries })
  const { pact, contentChanged } = result.written
  deps.events.emit('contract.published', {
    consumer: pact.consumer.name,
    consumerVersion: pact.consumerVersion.number,
    provider: pact.provider.name,
    pactVersionSha: pact.sha,
    contentChanged,
  })
  return { pact: result.pact, created: result.written.outcome === 'created' }
}

async function pacticipantsOf(deps: Pick<BrokerDeps, 'db'>, provider: string, consumer: string): Promise<{ provider: Pacticipant; consumer: Pacticipant }> {
  return { provider: await getPacticipant(deps, provider), consumer: await getPacticipant(deps, consumer) }
}

/** The pact of consumer version `consumerVersion` for `provider`. Throws NotFoundError. */
export async function getPactForConsumerVersion(
  deps: Pick<BrokerDeps, 'db'>,
  provider: string,
  consumer: string,
  consumerVersion: string,
): Promise<PactWithContent> {
  const parties = await pacticipantsOf(deps, provider, consumer)
  const version = await findVersion(deps, parties.consumer, consumerVersion)
  const row = version && (await repo.findCurrentPact(deps.db, version.id, parties.provider.id))
  if (!row) throw pactNotFound(`between consumer '${consumer}' version '${consumerVersion}' and provider '${provider}'`)
  return toPactWithContent(row)
}

/** The latest pact between the two, optionally among consumer versions with `tag` or on `branch`. Throws NotFoundError. */
export async function getLatestPact(
  deps: Pick<BrokerDeps, 'db'>,
  provider: string,
  consumer: string,
  filter: { tag?: string; branch?: string } = {},
): Promise<PactWithContent> {
  const parties = await pacticipantsOf(deps, provider, consumer)
  const row = await repo.findLatestPact(deps.db, parties.consumer.id, parties.provider.id, filter)
  if (!row) {
    const among =
      filter.tag !== undefined ? ` among consumer versions tagged '${filter.tag}'` : filter.branch !== undefined ? ` on consumer branch '${filter.branch}'` : ''
    throw pactNotFound(`between consumer '${consumer}' and provider '${provider}'${among}`)
  }
  return toPactWithContent(row)
}

/** Pact content by SHA, if the broker has it for this consumer and provider. */
export async function findPactVersion(deps: Pick<BrokerDeps, 'db'>, provider: string, consumer: string, sha: string): Promise<PactVersion | undefined> {
  const [p, c] = [await findPacticipant(deps, provider), await findPacticipant(deps, consumer)]
  if (!p || !c) return undefined
  const row = await repo.findPactVersionBySha(deps.db, c.id, p.id, sha, { forKeyShare: deps.db.isTransaction })
  return (
    row && {
      id: row.id,
      consumer: { id: c.id, name: c.name },
      provider: { id: p.id, name: p.name },
      sha: row.sha,
      content: row.content as JsonObject,
      createdAt: row.created_at,
    }
  )
}

/** Pact content by SHA; throws NotFoundError. */
export async function getPactVersion(deps: Pick<BrokerDeps, 'db'>, provider: string, consumer: string, sha: string): Promise<PactVersion> {
  const found = await findPactVersion(deps, provider, consumer, sha)
  if (!found) throw pactNotFound(`between consumer '${consumer}' and provider '${provider}' with content SHA '${sha}'`)
  return found
}

/**
 * A pact version with the latest publication carrying it (for `createdAt`, names and links) and every
 * consumer version it is the current pact of. Throws NotFoundError.
 */
export async function getPactByContent(
  deps: Pick<BrokerDeps, 'db'>,
  provider: string,
  consumer: string,
  sha: string,
): Promise<{ pactVersion: PactVersion; latest: Pact | undefined; consumerVersions: string[] }> {
  const pactVersion = await getPactVersion(deps, provider, consumer, sha)
  const latest = await repo.findLatestPactWithPactVersion(deps.db, pactVersion.id)
  return { pactVersion, latest: latest && toPact(latest), consumerVersions: await repo.listConsumerVersionsWithPactVersion(deps.db, pactVersion.id) }
}

/** Pact content by id (for verification results, which point at pact versions). */
export async function findPactVersionById(
  deps: Pick<BrokerDeps, 'db'>,
  id: number,
): Promise<{ sha: string; consumerId: number; providerId: number } | undefined> {
  const row = await repo.findPactVersionById(deps.db, id)
  return row && { sha: row.sha, consumerId: row.consumer_id, providerId: row.provider_id }
}

/**
 * The current pact of `version` for each provider it has one for (by provider name). The version resource
 * links to each of them.
 * @example for (const pact of await listPactsForConsumerVersion(deps, version)) links.pactForConsumerVersion(pact.provider.name, pact.consumer.name, pact.consumerVersion.number)
 */
export async function listPactsForConsumerVersion(deps: Pick<BrokerDeps, 'db'>, version: Pick<Version, 'id'>): Promise<Pact[]> {
  return (await repo.listCurrentPactsForConsumerVersion(deps.db, version.id)).map(toPact)
}

/** The latest pact of every integration (`GET /pacts/latest`). */
export async function listLatestPacts(deps: Pick<BrokerDeps, 'db'>): Promise<Pact[]> {
  return (await repo.listLatestPacts(deps.db)).map(toPact)
}

/** The latest pact of each consumer of `provider`, optionally among consumer versions tagged `tag`. Throws NotFoundError for an unknown provider. */
export async function listLatestPactsForProvider(
  deps: Pick<BrokerDeps, 'db'>,
  provider: string,
  filter: { tag?: string; branch?: string } = {},
): Promise<{ provider: Pacticipant; pacts: Pact[] }> {
  const found = await getPacticipant(deps, provider)
  return { provider: found, pacts: (await repo.listLatestPacts(deps.db, { providerId: found.id, ...filter })).map(toPact) }
}

/**
 * Every current pact for `provider` (all consumer versions), optionally only consumer versions tagged `tag`
 * and/or only one consumer's. Throws NotFoundError for an unknown provider or consumer.
 * @example await listPactsForProvider(deps, 'users', { consumer: 'web', tag: 'prod' }) // pb:tagged-pact-versions
 */
export async function listPactsForProvider(
  deps: Pick<BrokerDeps, 'db'>,
  provider: string,
  filter: { tag?: string; consumer?: string } = {},
): Promise<{ provider: Pacticipant; pacts: Pact[] }> {
  const found = await getPacticipant(deps, provider)
  const consumer = filter.consumer === undefined ? undefined : await getPacticipant(deps, filter.consumer)
  return { provider: found, pacts: (await repo.listPactsForProvider(deps.db, found.id, { tag: filter.tag, consumerId: consumer?.id })).map(toPact) }
}

/**
 * Pacts of `provider` from consumer branch `branch` (each consumer's main branch when `branch` is null), every
 * version or only the latest per consumer.
 */
export async function listPactsForProviderBranch(
  deps: Pick<BrokerDeps, 'db'>,
  provider: string,
  options: { branch: string | null; latest: boolean; consumer?: string },
): Promise<{ provider: Pacticipant; pacts: Pact[] }> {
  const found = await getPacticipant(deps, provider)
  const consumers = options.consumer !== undefined ? [await getPacticipant(deps, options.consumer)] : undefined
  const rows =
    options.branch !== null
      ? await repo.listPactsForBranch(deps.db, found.id, options.branch, consumers?.[0]?.id)
      : await pactsOnMainBranches(deps.db, found.id, consumers?.[0])
  const pacts = rows.map(toPact)
  if (!options.latest) return { provider: found, pacts }
  const seen = new Set<number>()
  return { provider: found, pacts: pacts.filter((pact) => !seen.has(pact.consumer.id) && seen.add(pact.consumer.id)) }
}

async function pactsOnMainBranches(db: Db, providerId: number, consumer: Pacticipant | undefined) {
  const latest = await repo.listLatestPacts(db, { providerId })
  const rows = []
  for (const pact of latest) {
    if (consumer && pact.consumer_id !== consumer.id) continue
    const row = await findPacticipant({ db }, pact.consumer_name)
    if (row?.mainBranch) rows.push(...(await repo.listPactsForBranch(db, providerId, row.mainBranch, row.id)))
  }
  return rows
}

/** Which pacts of a pair a delete removes: one consumer version's, those of consumer versions with a tag or on a branch, or all. */
export type PactDeletion = { consumerVersion: string } | { tag: string } | { branch: string } | { all: true }

function describeDeletion(which: PactDeletion): Record<string, string | boolean> {
  return 'consumerVersion' in which
    ? { version: which.consumerVersion }
    : 'tag' in which
      ? { tag: which.tag }
      : 'branch' in which
        ? { branch: which.branch }
        : { all: true }
}

/**
 * The pact deletes of the Pact Broker (`DELETE /pacts/provider/{p}/consumer/{c}/version/{v}`, `…/tag/{t}`,
 * `…/branch/{b}`, `…/versions`): every revision of the chosen pacts goes, with their head rows; the pact
 * contents stay with their verification results (a later publication of the same content finds them again).
 * Returns how many publications went and the pair's latest pact afterwards (the Pact Broker links to it).
 *
 * Locks as a publication of the consumer does (its advisory lock, then the two pacticipants), so a delete and a
 * publication of the same consumer never interleave. Throws NotFoundError for an unknown pacticipant, and for a
 * consumer version with no pact (the other deletes answer even when they matched nothing, as the Pact Broker does).
 * @example const { latest } = await deletePacts(deps, 'users', 'web', { consumerVersion: '1.0.0' })
 */
export async function deletePacts(
  deps: Pick<BrokerDeps, 'db'>,
  provider: string,
  consumer: string,
  which: PactDeletion,
): Promise<{ deleted: number; latest: Pact | undefined }> {
  return inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'pacts.deleted', pacticipants: [consumer], details: { provider, ...describeDeletion(which) } })
    await repo.lockConsumerForPublication(trx, consumer)
    const parties = await pacticipantsOf({ db: trx }, provider, consumer)
    let deleted: number
    if ('consumerVersion' in which) {
      const version = await findVersion({ db: trx }, parties.consumer, which.consumerVersion)
      deleted = version ? await repo.deletePublications(trx, parties.consumer.id, parties.provider.id, { consumerVersionId: version.id }) : 0
      if (deleted === 0) throw pactNotFound(`between consumer '${consumer}' version '${which.consumerVersion}' and provider '${provider}'`)
    } else {
      deleted = await repo.deletePublications(trx, parties.consumer.id, parties.provider.id, 'all' in which ? {} : which)
    }
    await recordChange(trx, { type: 'pacts.deleted', details: { publications: deleted } })
    const latest = await repo.findLatestPact(trx, parties.consumer.id, parties.provider.id)
    return { deleted, latest: latest && toPact(latest) }
  })
}

/**
 * `DELETE /integrations/provider/{p}/consumer/{c}`, inside the caller's transaction (integrations.service
 * takes the locks): every pact content between the two with its publications, verification results and
 * schema comparisons, and the integration row. Returns how many pact contents went.
 */
export async function deletePairContracts(trx: Db, consumer: Pick<Pacticipant, 'id'>, provider: Pick<Pacticipant, 'id'>): Promise<number> {
  const deleted = await repo.deletePactVersionsOfPair(trx, consumer.id, provider.id)
  await repo.deleteIntegration(trx, consumer.id, provider.id)
  return deleted
}

/** Takes the lock a publication by `pacticipant` takes (for writes that must not interleave with one). */
export async function lockPublicationsOf(trx: Db, pacticipant: string): Promise<void> {
  await repo.lockConsumerForPublication(trx, pacticipant)
}
