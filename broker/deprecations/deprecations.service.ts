/**
 * Deprecation rules: declaring, editing and withdrawing with history; phases; usage from the pacts the broker
 * holds; the provider timeline and the per-consumer view; notices for a publication; the can-i-deploy gate.
 */
import { attributedActor } from '../shared/request-context.js'
import { recordChange } from '../audit/audit.service.js'
import { randomUUID } from 'node:crypto'
import type { BrokerConfig } from '../config.js'
import { type Db, inTransaction } from '../db/database.js'
import { findEnvironmentByName } from '../environments/environments.service.js'
import type { Pacticipant } from '../pacticipants/pacticipant.js'
import { findPacticipant, getPacticipant } from '../pacticipants/pacticipants.service.js'
import type { Clock } from '../shared/clock.js'
import { ConflictError, NotFoundError, type Notice, ValidationError } from '../shared/errors.js'
import { findVersion } from '../versions/versions.service.js'
import { daysToSunset, type Deprecation, itemLabel, type Phase, phaseDescription, phaseOf, type RunningVersion, toDeprecation } from './deprecation.js'
import * as repo from './deprecations.repository.js'
import type { DeprecationInput, DeprecationPatch } from './deprecations.schemas.js'
import { checkDeprecation } from './deprecations.schemas.js'
import type { DeprecationRow, NewDeprecationRow } from './deprecations.table.js'
import { consumerReasons, type DeprecationReason, providerRemovalReasons } from './gate.js'
import { deprecationNotice } from './notices.js'
import { type DeprecationProposal, toProposal } from './proposals/proposal.js'
import * as proposalsRepo from './proposals/proposals.repository.js'
import { computeUsage, type GroupedUsage, groupUsage, type VersionUse } from './usage.js'
import * as usageRepo from './usage.repository.js'
import { usesIn } from './usage-matching.js'

export interface DeprecationDeps {
  db: Db
  clock: Clock
  config: Readonly<BrokerConfig>
}

/** A deprecation with its phase and days to sunset as of now. */
export interface DeprecationStatus {
  deprecation: Deprecation
  phase: Phase
  /** What is true now, in words ("deprecated since 2.0.0; removal scheduled in 3.0.0", "removed in production since …"). */
  phaseDescription: string
  daysToSunset: number
}

export function deprecationNotFound(uuid: string): NotFoundError {
  return new NotFoundError(
    `No deprecation with uuid '${uuid}'. GET /pacticipants/{provider}/deprecations lists a provider's deprecations.`,
    'deprecation-not-found',
  )
}

const EDITABLE = [
  'kind',
  'method',
  'path',
  'pointer',
  'location',
  'description',
  'deprecatedIn',
  'sunset',
  'removedIn',
  'replacement',
  'reason',
  'link',
] as const
type Editable = (typeof EDITABLE)[number]

/** One changed field in the history (a list, so the order survives jsonb). */
export interface Change {
  field: string
  from: unknown
  to: unknown
}

function rowFields(input: DeprecationInput): Omit<NewDeprecationRow, 'uuid' | 'provider_id'> {
  const kind = input.kind ?? (input.description && !input.path ? 'message' : input.pointer ? 'field' : 'operation')
  return {
    kind,
    method: kind === 'message' ? null : (input.method ?? null),
    path: kind === 'message' ? null : (input.path ?? null),
    pointer: kind === 'field' ? (input.pointer ?? null) : null,
    location: kind === 'field' ? (input.location ?? 'response') : null,
    description: kind === 'message' ? (input.description ?? null) : null,
    deprecated_in: input.deprecatedIn,
    sunset: input.sunset,
    removed_in: input.removedIn ?? null,
    replacement: input.replacement ?? null,
    reason: input.reason ?? null,
    link: input.link ?? null,
  }
}

/** The editable fields of a stored deprecation, as an API body would give them. */
function inputOf(d: Deprecation): Record<Editable, unknown> {
  return {
    kind: d.kind,
    method: d.method,
    path: d.path,
    pointer: d.pointer,
    location: d.location,
    description: d.description,
    deprecatedIn: d.deprecatedIn,
    sunset: d.sunset,
    removedIn: d.removedIn,
    replacement: d.replacement,
    reason: d.reason,
    link: d.link,
  }
}

/** 400 when the provider is unknown: the deprecation names it, so it is bad input rather than a missing page. */
async function providerFor(deps: DeprecationDeps, name: string): Promise<Pacticipant> {
  const provider = await findPacticipant(deps, name)
  if (!provider) {
    const detail = `No pacticipant named '${name}': a deprecation belongs to a provider the broker knows. Publish a pact with it or create it (POST /pacticipants) first; names are case-sensitive.`
    throw new ValidationError([{ pointer: '#/path/provider', detail }], detail)
  }
  return provider
}

/** Refuses a sunset earlier than the day the deprecatedIn version was recorded (when the broker knows it). */
async function checkSunset(deps: DeprecationDeps, provider: Pacticipant, fields: { deprecated_in: string; sunset: string }): Promise<void> {
  const version = await findVersion(deps, provider, fields.deprecated_in)
  if (!version) return
  const recorded = version.createdAt.toISOString().slice(0, 10)
  if (fields.sunset < recorded) {
    throw new ValidationError([
      {
        pointer: '/sunset',
        detail: `${fields.sunset} is before ${provider.name} ${fields.deprecated_in} (deprecatedIn) was recorded, on ${recorded}; a sunset must come after the deprecation`,
      },
    ])
  }
}

function sameItem(existing: DeprecationRow, provider: string): ConflictError {
  return new ConflictError(
    'deprecation-exists',
    `${provider} already deprecates ${itemLabel(toDeprecation(existing, provider))} (deprecation ${existing.uuid}). Update that one with PATCH /deprecations/${existing.uuid}, or withdraw it first.`,
  )
}

async function statusOf(deps: DeprecationDeps, deprecations: Deprecation[]): Promise<DeprecationStatus[]> {
  const highest = new Map<number, string | null>()
  for (const providerId of new Set(deprecations.map((d) => d.providerId)))
    highest.set(providerId, await usageRepo.findHighestSemverVersion(deps.db, providerId))
  const running = new Map<number, RunningVersion[]>()
  for (const row of await usageRepo.findRunningProviderVersions(deps.db, [...highest.keys()])) {
    running.set(row.providerId, [...(running.get(row.providerId) ?? []), row])
  }
  const now = deps.clock.now()
  return deprecations.map((deprecation) => {
    const context = { now, highestProviderVersion: highest.get(deprecation.providerId) ?? null, running: running.get(deprecation.providerId) ?? [] }
    const phase = phaseOf(deprecation, context)
    return { deprecation, phase, phaseDescription: phaseDescription(deprecation, phase, context), daysToSunset: daysToSunset(deprecation.sunset, now) }
  })
}

/**
 * Declares a deprecation of `providerName`'s item; records who did it.
 * @example await createDeprecation(deps, 'user-api', { method: 'GET', path: '/users/{id}', deprecatedIn: '2.0.0', sunset: '2027-03-31' }, 'alice')
 */
export async function createDeprecation(
  deps: DeprecationDeps,
  providerName: string,
  input: DeprecationInput,
  claimedActor: string,
): Promise<DeprecationStatus> {
  const actor = attributedActor(claimedActor)
  const provider = await providerFor(deps, providerName)
  const fields = rowFields(input)
  await checkSunset(deps, provider, fields)
  const row = await inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'deprecation.created', pacticipants: [provider.name], details: { ...input } })
    await repo.lockProviderDeprecations(trx, provider.id)
    const candidate = { provider_id: provider.id, ...fields } as DeprecationRow
    const existing = await repo.findSameItem(trx, candidate)
    if (existing) throw sameItem(existing, provider.name)
    const now = deps.clock.now()
    const inserted = await repo.insertDeprecation(trx, { uuid: randomUUID(), provider_id: provider.id, ...fields, created_at: now, updated_at: now })
    const created = inputOf(toDeprecation(inserted, provider.name))
    const changes: Change[] = EDITABLE.filter((field) => created[field] !== null).map((field) => ({ field, from: null, to: created[field] }))
    await repo.insertHistory(trx, { deprecation_id: inserted.id, action: 'created', actor, changes: JSON.stringify(changes), created_at: now })
    return inserted
  })
  return (await statusOf(deps, [toDeprecation(row, provider.name)]))[0]!
}

export async function getDeprecation(deps: DeprecationDeps, uuid: string): Promise<DeprecationStatus> {
  const row = await repo.findDeprecationByUuid(deps.db, uuid)
  if (!row) throw deprecationNotFound(uuid)
  return (await statusOf(deps, [toDeprecation(row, row.provider_name)]))[0]!
}

/** A provider's deprecations (404 for an unknown provider). */
export async function listDeprecations(
  deps: DeprecationDeps,
  providerName: string,
  options: { includeWithdrawn?: boolean } = {},
): Promise<{ provider: Pacticipant; items: DeprecationStatus[] }> {
  const provider = await getPacticipant(deps, providerName)
  const rows = await repo.listDeprecations(deps.db, { providerIds: [provider.id], includeWithdrawn: options.includeWithdrawn ?? false })
  return {
    provider,
    items: await statusOf(
      deps,
      rows.map((r) => toDeprecation(r, r.provider_name)),
    ),
  }
}

/**
 * JSON merge patch: the stored deprecation with `patch` applied is validated as a whole, so a PATCH cannot
 * leave a deprecation that a POST would refuse. `withdrawn` withdraws or restores it. History records the
 * fields that changed.
 */
export async function updateDeprecation(deps: DeprecationDeps, uuid: string, patch: DeprecationPatch, claimedActor: string): Promise<DeprecationStatus> {
  const actor = attributedActor(claimedActor)
  const row = await inTransaction(deps.db, async (trx) => {
    const found = await repo.findDeprecationByUuid(trx, uuid)
    if (!found) throw deprecationNotFound(uuid)
    await recordChange(trx, {
      type: patch.withdrawn === true && Object.keys(patch).length === 1 ? 'deprecation.withdrawn' : 'deprecation.updated',
      pacticipants: [found.provider_name],
      details: { deprecation: uuid, ...patch },
    })
    await repo.lockProviderDeprecations(trx, found.provider_id)
    await repo.lockDeprecation(trx, found.id)
    const current = toDeprecation(found, found.provider_name)
    const { withdrawn, ...edits } = patch
    const merged = Object.fromEntries(Object.entries({ ...inputOf(current), ...edits }).filter(([, v]) => v !== null && v !== undefined))
    // A kind change re-infers what fields it needs unless the patch names the kind.
    if (edits.kind === undefined && (edits.description !== undefined || edits.pointer !== undefined || edits.path !== undefined)) {
      delete merged.kind
      // Clearing the pointer turns a field back into an operation: its location goes with it.
      if (edits.pointer === null && edits.location === undefined) delete merged.location
    }
    const input = checkDeprecation(merged)
    const fields = rowFields(input)
    const provider = { id: current.providerId, name: current.provider } as Pacticipant
    if (fields.sunset !== current.sunset || fields.deprecated_in !== current.deprecatedIn) await checkSunset({ ...deps, db: trx }, provider, fields)
    const nextWithdrawn = withdrawn ?? current.withdrawn
    if (!nextWithdrawn) {
      const existing = await repo.findSameItem(trx, { provider_id: current.providerId, ...fields } as DeprecationRow, current.id)
      if (existing) throw sameItem(existing, current.provider)
    }
    const before = inputOf(current)
    const after = inputOf(toDeprecation({ ...found, ...fields }, current.provider))
    const changes: Change[] = EDITABLE.filter((field) => before[field] !== after[field]).map((field) => ({ field, from: before[field], to: after[field] }))
    if (nextWithdrawn !== current.withdrawn) changes.push({ field: 'withdrawn', from: current.withdrawn, to: nextWithdrawn })
    if (changes.length === 0) return found
    const now = deps.clock.now()
    const updated = await repo.updateDeprecation(trx, current.id, { ...fields, withdrawn: nextWithdrawn, updated_at: now })
    const action = nextWithdrawn !== current.withdrawn ? (nextWithdrawn ? 'withdrawn' : 'restored') : 'updated'
    await repo.insertHistory(trx, { deprecation_id: current.id, action, actor, changes: JSON.stringify(changes), created_at: now })
    return { ...updated!, provider_name: current.provider }
  })
  return (await statusOf(deps, [toDeprecation(row, row.provider_name)]))[0]!
}

/** Withdraws a deprecation (DELETE); the row and its history stay. Withdrawing twice changes nothing. */
export async function withdrawDeprecation(deps: DeprecationDeps, uuid: string, actor: string): Promise<DeprecationStatus> {
  return updateDeprecation(deps, uuid, { withdrawn: true }, actor)
}

export interface HistoryEntry {
  action: string
  actor: string
  changes: Change[]
  at: Date
}

export async function deprecationHistory(deps: DeprecationDeps, uuid: string): Promise<{ status: DeprecationStatus; entries: HistoryEntry[] }> {
  const status = await getDeprecation(deps, uuid)
  const rows = await repo.listHistory(deps.db, status.deprecation.id)
  const entries = rows.map((r) => ({
    action: r.action,
    actor: r.actor,
    changes: (typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes) as HistoryEntry['changes'],
    at: r.created_at,
  }))
  return { status, entries }
}

export interface TimelineEntry extends DeprecationStatus {
  usage: GroupedUsage
}

/** An open proposal in the timeline: proposed, not declared, so no gate or notice applies to it yet. */
export interface ProposedEntry {
  proposal: DeprecationProposal
  usage: GroupedUsage
}

/**
 * The provider's timeline: each live deprecation, its phase, days to sunset, and the consumers still on it by
 * environment (deployed / released), main branch and other branches; and, apart, the open proposals (from the
 * provider's own Deprecation / Sunset headers or its OpenAPI description) with the same usage.
 */
export async function deprecationTimeline(
  deps: DeprecationDeps,
  providerName: string,
): Promise<{ provider: Pacticipant; entries: TimelineEntry[]; proposed: ProposedEntry[] }> {
  const { provider, items } = await listDeprecations(deps, providerName)
  const proposals = (await proposalsRepo.listProposals(deps.db, provider.id, ['open'])).map(toProposal)
  const placed = await usageRepo.findPlacedPacts(deps.db, { providerIds: [provider.id] })
  const contents = await usageRepo.findPactContents(
    deps.db,
    placed.map((p) => p.pactVersionId),
  )
  const usage = computeUsage(
    items.map((i) => i.deprecation),
    placed,
    contents,
  )
  const proposedUsage = computeUsage(
    proposals.map((p) => ({ ...p, description: null })),
    placed,
    contents,
  )
  return {
    provider,
    entries: items.map((item) => ({ ...item, usage: groupUsage(usage.get(item.deprecation.id) ?? []) })),
    proposed: proposals.map((proposal) => ({ proposal, usage: groupUsage(proposedUsage.get(proposal.id) ?? []) })),
  }
}

export interface InUseEntry extends DeprecationStatus {
  versions: VersionUse[]
  notice: Notice
}

/** "What I use that is going away": the live deprecations a consumer's placed versions use. */
export async function deprecationsInUse(deps: DeprecationDeps, consumerName: string): Promise<{ consumer: Pacticipant; entries: InUseEntry[] }> {
  const consumer = await getPacticipant(deps, consumerName)
  const placed = await usageRepo.findPlacedPacts(deps.db, { consumerId: consumer.id })
  const providerIds = [...new Set(placed.map((p) => p.providerId))]
  const rows = await repo.listDeprecations(deps.db, { providerIds })
  const statuses = await statusOf(
    deps,
    rows.map((r) => toDeprecation(r, r.provider_name)),
  )
  const contents = await usageRepo.findPactContents(
    deps.db,
    placed.map((p) => p.pactVersionId),
  )
  const usage = computeUsage(
    statuses.map((s) => s.deprecation),
    placed,
    contents,
  )
  const now = deps.clock.now()
  const entries: InUseEntry[] = []
  for (const status of statuses) {
    const versions = usage.get(status.deprecation.id) ?? []
    if (versions.length === 0) continue
    entries.push({
      ...status,
      versions,
      notice: deprecationNotice(
        status.deprecation,
        versions.flatMap((v) => v.uses),
        now,
        { consumer: consumer.name },
      ),
    })
  }
  return { consumer, entries }
}

/**
 * Notices for publishing `content` (a pact) from `consumer` to `provider`: one per live deprecation the pact
 * uses — a warning before the sunset date, an error from it on. Empty when the provider is unknown or nothing
 * is deprecated. For the publish service to append to its response notices.
 * @example notices.push(...(await publicationNotices(deps, { consumer: 'web', consumerVersion: '1.0.0', provider: 'api', content })))
 */
export async function publicationNotices(
  deps: DeprecationDeps,
  publication: { consumer: string; consumerVersion?: string; provider: string; content: unknown },
): Promise<Notice[]> {
  const provider = await findPacticipant(deps, publication.provider)
  if (!provider) return []
  const rows = await repo.listDeprecations(deps.db, { providerIds: [provider.id] })
  const now = deps.clock.now()
  const notices: Notice[] = []
  for (const row of rows) {
    const d = toDeprecation(row, row.provider_name)
    const uses = usesIn(d, publication.content)
    if (uses.length) notices.push(deprecationNotice(d, uses, now, { consumer: publication.consumer, consumerVersion: publication.consumerVersion }))
  }
  return notices
}

/**
 * Notices for pacts a provider verifies (and for a publication's pacts): for each of `pacts` (by pact version), one per live deprecation of
 * the provider it uses, naming the item, the consumer, the sunset and the replacement (the same text as at
 * publication). ONE statement for any number of pacts. Returned in the order of `pacts`.
 * @example const [forWeb] = await verificationNotices(deps, provider.id, [{ pactVersionId: 7, consumer: 'web', consumerVersion: '1.0.0' }])
 */
export async function verificationNotices(
  deps: Pick<DeprecationDeps, 'db' | 'clock'>,
  providerId: number,
  pacts: Array<{ pactVersionId: number; consumer: string; consumerVersion?: string | undefined }>,
): Promise<Notice[][]> {
  const rows = await repo.findLiveDeprecationsWithPactContents(
    deps.db,
    providerId,
    pacts.map((p) => p.pactVersionId),
  )
  const now = deps.clock.now()
  const contents = new Map<number, unknown>()
  for (const row of rows)
    if (!contents.has(row.pact_version_id))
      contents.set(row.pact_version_id, typeof row.pact_content === 'string' ? JSON.parse(row.pact_content) : row.pact_content)
  const byId = new Map<number, Deprecation>()
  for (const row of rows) if (!byId.has(row.id)) byId.set(row.id, toDeprecation(row, row.provider_name))
  return pacts.map((pact) => {
    const content = contents.get(pact.pactVersionId)
    const notices: Notice[] = []
    for (const d of byId.values()) {
      const uses = usesIn(d, content)
      if (uses.length) notices.push(deprecationNotice(d, uses, now, { consumer: pact.consumer, consumerVersion: pact.consumerVersion }))
    }
    return notices
  })
}

/**
 * The deprecation gate for deploying `version` of `pacticipant` to `environment`: errors refuse the
 * deployment, warnings do not. As a provider: each item removed in this version (`removedIn` ≤ version) that a
 * consumer version deployed or released there still uses. As a consumer: each item it uses that a provider
 * version there has removed, and each past its sunset (an error when `failOnSunset` or the broker's
 * CONCORD_SUNSET_POLICY=fail, else a warning). Unknown pacticipants, versions or environments give no reasons
 * (can-i-deploy reports those itself).
 * @example const reasons = await deprecationBlockers(deps, { pacticipant: 'api', version: '3.0.0', environment: 'production' })
 */
export async function deprecationBlockers(
  deps: DeprecationDeps,
  query: { pacticipant: string; version: string; environment: string; failOnSunset?: boolean },
): Promise<DeprecationReason[]> {
  const pacticipant = await findPacticipant(deps, query.pacticipant)
  const environment = await findEnvironmentByName(deps, query.environment)
  if (!pacticipant || !environment) return []
  const version = await findVersion(deps, pacticipant, query.version)
  return deprecationBlockersOf(deps, {
    pacticipant,
    version: version ?? { id: null, number: query.version },
    environment,
    ...(query.failOnSunset === undefined ? {} : { failOnSunset: query.failOnSunset }),
  })
}

/**
 * `deprecationBlockers` for a caller that has already resolved the pacticipant, version and environment (the
 * can-i-deploy gate, whose matrix resolved them): two statements when nothing is deprecated, whoever asks.
 * `version.id` is null for a version the broker does not know (it has no pacts, so only the provider side applies).
 * @example const reasons = await deprecationBlockersOf(deps, { pacticipant: { id: 3, name: 'api' }, version: { id: 41, number: '3.0.0' }, environment: { id: 2, name: 'production' } })
 */
export async function deprecationBlockersOf(
  deps: DeprecationDeps,
  subject: {
    pacticipant: { id: number; name: string }
    version: { id: number | null; number: string }
    environment: { id: number; name: string }
    failOnSunset?: boolean
  },
): Promise<DeprecationReason[]> {
  const { pacticipant, version, environment } = subject
  const pacts = version.id === null ? [] : await usageRepo.findPactsOfConsumerVersion(deps.db, version.id)
  const pactProviderIds = new Set(pacts.map((p) => p.providerId))
  // The pacticipant's own deprecations (as a provider) and its providers' (as a consumer), in one statement.
  const rows = await repo.listDeprecations(deps.db, { providerIds: [...new Set([pacticipant.id, ...pactProviderIds])] })
  if (rows.length === 0) return []
  const reasons: DeprecationReason[] = []

  // As a provider: who in the environment still uses what this version removes.
  const removing = rows.filter((r) => r.provider_id === pacticipant.id && r.removed_in !== null).map((r) => toDeprecation(r, r.provider_name))
  if (removing.length) {
    const placed = await usageRepo.findPlacedPacts(deps.db, { providerIds: [pacticipant.id], environmentId: environment.id, places: ['deployed', 'released'] })
    // A consumer version being replaced is not our concern here; only what is there now.
    const contents = await usageRepo.findPactContents(
      deps.db,
      placed.map((p) => p.pactVersionId),
    )
    const usage = computeUsage(removing, placed, contents)
    reasons.push(
      ...providerRemovalReasons(
        version.number,
        environment.name,
        removing.map((d) => ({ deprecation: d, users: usage.get(d.id) ?? [] })),
      ),
    )
  }

  // As a consumer: what this version's pacts use.
  const providers = rows.filter((r) => pactProviderIds.has(r.provider_id))
  if (providers.length) {
    const contents = await usageRepo.findPactContents(
      deps.db,
      pacts.map((p) => p.pactVersionId),
    )
    const providerVersions = new Map<number, string[]>()
    const used = []
    for (const row of providers) {
      const d = toDeprecation(row, row.provider_name)
      const pact = pacts.find((p) => p.providerId === d.providerId)
      const uses = pact ? usesIn(d, contents.get(pact.pactVersionId)) : []
      if (!uses.length) continue
      if (!providerVersions.has(d.providerId))
        providerVersions.set(d.providerId, await usageRepo.findProviderVersionsInEnvironment(deps.db, d.providerId, environment.id))
      used.push({ deprecation: d, uses, providerVersionsThere: providerVersions.get(d.providerId)! })
    }
    const failOnSunset = subject.failOnSunset ?? deps.config.deprecations.sunsetPolicy === 'fail'
    reasons.push(...consumerReasons(pacticipant.name, version.number, environment.name, used, { now: deps.clock.now(), failOnSunset }))
  }
  return reasons
}

export interface DeprecationInUse extends DeprecationStatus {
  /** The consumer versions (deployed, released, at a branch head) that still use the item. */
  versions: VersionUse[]
  usage: GroupedUsage
}

/**
 * Every live deprecation of every provider with the consumer versions still using it: the organisation-wide
 * view behind the UI's deprecations page and the dashboard's "deprecated items in use". Pact contents are
 * loaded and matched once per pact version.
 * @example for (const item of await deprecationOverview(deps)) console.log(item.deprecation.provider, item.versions.length)
 */
export async function deprecationOverview(deps: DeprecationDeps): Promise<DeprecationInUse[]> {
  const providerIds = await repo.listProviderIdsWithLiveDeprecations(deps.db)
  if (providerIds.length === 0) return []
  const rows = await repo.listDeprecations(deps.db, { providerIds })
  const statuses = await statusOf(
    deps,
    rows.map((r) => toDeprecation(r, r.provider_name)),
  )
  const placed = await usageRepo.findPlacedPacts(deps.db, { providerIds })
  const contents = await usageRepo.findPactContents(
    deps.db,
    placed.map((p) => p.pactVersionId),
  )
  const usage = computeUsage(
    statuses.map((s) => s.deprecation),
    placed,
    contents,
  )
  return statuses.map((status) => {
    const versions = usage.get(status.deprecation.id) ?? []
    return { ...status, versions, usage: groupUsage(versions) }
  })
}
