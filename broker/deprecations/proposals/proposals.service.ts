/**
 * Deprecation proposal rules: recording what a provider's own signals say is going away (headers seen during
 * verification, `deprecated: true` in a published description), one proposal per item however often it is
 * reported; accepting a proposal (it becomes a deprecation, with history and the usual validation) or
 * dismissing it. Proposals are shown in the timeline but never enforced by the gate.
 */
import { attributedActor } from '../../shared/request-context.js'
import { type AuditChange, recordChange } from '../../audit/audit.service.js'
import { randomUUID } from 'node:crypto'
import semver from 'semver'
import { type Db, inTransaction } from '../../db/database.js'
import type { Pacticipant } from '../../pacticipants/pacticipant.js'
import { findPacticipant, getPacticipant } from '../../pacticipants/pacticipants.service.js'
import { listDeprecations as listDescriptionDeprecations } from '../../provider-contracts/deprecations.js'
import type { NormalisedDescription } from '../../provider-contracts/description.js'
import type { Clock } from '../../shared/clock.js'
import { ConflictError, NotFoundError, type Notice, ValidationError } from '../../shared/errors.js'
import { itemLabel } from '../deprecation.js'
import * as deprecationsRepo from '../deprecations.repository.js'
import { createDeprecation, type DeprecationDeps, type DeprecationStatus } from '../deprecations.service.js'
import { checkDeprecation } from '../deprecations.schemas.js'
import { interactionsOf } from '../pact-interactions.js'
import {
  type DeprecationProposal,
  deprecationLink,
  itemKey,
  parseDeprecationHeader,
  parseSunsetHeader,
  type ProposalItem,
  proposalItemsOf,
  type ProposalSource,
  type ProposalStatus,
  type SeenBy,
  templateFor,
  type TemplateSource,
  toProposal,
  union,
} from './proposal.js'
import * as repo from './proposals.repository.js'
import type { AcceptInput, HeaderReport } from './proposals.schemas.js'
import * as usageRepo from '../usage.repository.js'

export function proposalNotFound(uuid: string): NotFoundError {
  return new NotFoundError(
    `No deprecation proposal with uuid '${uuid}'. GET /pacticipants/{provider}/deprecations/proposals lists a provider's proposals.`,
    'deprecation-proposal-not-found',
  )
}

/** What one report did to one item. */
export interface ProposalOutcome {
  /** `created`: a new proposal; `updated`: reported before; `already-deprecated`: a live deprecation names the item. */
  outcome: 'created' | 'updated' | 'already-deprecated'
  proposal: DeprecationProposal | null
  item: ProposalItem
  /** For header reports: how the path template was found. */
  template?: TemplateSource
  deprecationUuid?: string
}

/** One signal about one item, before it is merged into the stored proposal. */
interface Signal {
  item: ProposalItem
  source: ProposalSource
  providerVersion: string
  observedPaths: string[]
  seenBy: SeenBy[]
  deprecatedAt: Date | null
  sunset: string | null
  link: string | null
  template?: TemplateSource
}

/** 400 when the provider is unknown: the report names it, so it is bad input rather than a missing page. */
async function providerFor(deps: { db: Db }, name: string): Promise<Pacticipant> {
  const provider = await findPacticipant(deps, name)
  if (!provider) {
    const detail = `No pacticipant named '${name}': proposals belong to a provider the broker knows (it is created when its pacts are published or its results are); names are case-sensitive.`
    throw new ValidationError([{ pointer: '#/path/provider', detail }], detail)
  }
  return provider
}

/** Request paths of `method` in the provider's pacts (consumer versions deployed, released or at a branch head). */
async function pactPaths(deps: { db: Db }, providerId: number): Promise<Array<{ method: string; path: string }>> {
  const placed = await usageRepo.findPlacedPacts(deps.db, { providerIds: [providerId] })
  const contents = await usageRepo.findPactContents(
    deps.db,
    placed.map((p) => p.pactVersionId),
  )
  const out: Array<{ method: string; path: string }> = []
  for (const content of contents.values()) for (const i of interactionsOf(content)) if (i.kind === 'http') out.push({ method: i.method, path: i.path })
  return out
}

/**
 * Merges the signals into the provider's proposals in ONE transaction (serialised per provider with the
 * deprecations' lock, so concurrent reports of one item make one proposal): a new item becomes an open
 * proposal; a known one gains the versions, paths and interactions and counts the report; an item the provider
 * already deprecates (live) makes no proposal.
 */
async function record(deps: { db: Db; clock: Clock }, provider: Pacticipant, signals: Signal[], audit?: AuditChange): Promise<ProposalOutcome[]> {
  return inTransaction(deps.db, async (trx) => {
    if (audit) await recordChange(trx, audit)
    await deprecationsRepo.lockProviderDeprecations(trx, provider.id)
    const now = deps.clock.now()
    const outcomes: ProposalOutcome[] = []
    for (const signal of signals) {
      const key = itemKey(signal.item)
      const live = await deprecationsRepo.findSameItem(trx, { provider_id: provider.id, ...signal.item, description: null })
      if (live) {
        outcomes.push({
          outcome: 'already-deprecated',
          proposal: null,
          item: signal.item,
          deprecationUuid: live.uuid,
          ...(signal.template ? { template: signal.template } : {}),
        })
        continue
      }
      const existing = await repo.findProposalByItem(trx, provider.id, key)
      if (!existing) {
        await repo.insertProposal(trx, {
          uuid: randomUUID(),
          provider_id: provider.id,
          item_key: key,
          ...signal.item,
          sources: JSON.stringify([signal.source]),
          observed_paths: JSON.stringify(signal.observedPaths),
          provider_versions: JSON.stringify([signal.providerVersion]),
          seen_by: JSON.stringify(signal.seenBy),
          deprecated_at: signal.deprecatedAt,
          sunset: signal.sunset,
          link: signal.link,
          created_at: now,
          updated_at: now,
        })
      } else {
        const current = toProposal(existing)
        await repo.updateProposal(trx, existing.id, {
          sources: JSON.stringify(union(current.sources, [signal.source])),
          observed_paths: JSON.stringify(union(current.observedPaths, signal.observedPaths)),
          provider_versions: JSON.stringify(union(current.providerVersions, [signal.providerVersion])),
          seen_by: JSON.stringify(union(current.seenBy, signal.seenBy, (s) => `${s.consumer}\n${s.interaction}`)),
          // The latest report says what the provider says now.
          deprecated_at: signal.deprecatedAt ?? current.deprecatedAt,
          sunset: signal.sunset ?? current.sunset,
          link: signal.link ?? current.link,
          report_count: current.reportCount + 1,
          updated_at: now,
        })
      }
      const stored = toProposal((await repo.findProposalByItem(trx, provider.id, key))!)
      outcomes.push({
        outcome: existing ? 'updated' : 'created',
        proposal: stored,
        item: signal.item,
        ...(signal.template ? { template: signal.template } : {}),
      })
    }
    return outcomes
  })
}

/** Signals about the same item in one report become one (their paths and interactions joined). */
function mergeSameItem(signals: Signal[]): Signal[] {
  const byKey = new Map<string, Signal>()
  for (const s of signals) {
    const key = itemKey(s.item)
    const found = byKey.get(key)
    if (!found) {
      byKey.set(key, { ...s })
      continue
    }
    found.observedPaths = union(found.observedPaths, s.observedPaths)
    found.seenBy = union(found.seenBy, s.seenBy, (x) => `${x.consumer}\n${x.interaction}`)
    found.deprecatedAt = s.deprecatedAt ?? found.deprecatedAt
    found.sunset = s.sunset ?? found.sunset
    found.link = s.link ?? found.link
  }
  return [...byKey.values()]
}

/**
 * Records the `Deprecation` / `Sunset` headers a provider version sent while its pacts were verified. Each
 * concrete request path is turned into the operation's path template (the version's OpenAPI description, else
 * the consumers' pacts), the Sunset HTTP-date into YYYY-MM-DD; repeated reports update one proposal per item.
 * A malformed header value or an unknown provider is a 400 and nothing is written.
 * @example await reportDeprecationHeaders(deps, 'users', { providerVersion: '2.1.0', deprecations: [{ method: 'GET', path: '/users/42', sunset: 'Wed, 31 Mar 2027 00:00:00 GMT' }] }, null)
 */
export async function reportDeprecationHeaders(
  deps: DeprecationDeps,
  providerName: string,
  report: HeaderReport,
  /** The reporting provider version's OpenAPI description, when one was published (provider-contracts.service `findOpenApiDescription`). */
  description: NormalisedDescription | null,
): Promise<{ provider: Pacticipant; outcomes: ProposalOutcome[] }> {
  const provider = await providerFor(deps, providerName)
  const calls = await pactPaths(deps, provider.id)
  const signals: Signal[] = report.deprecations.map((seen) => {
    const { path, source } = templateFor(seen.method, seen.path, { description, pactPaths: calls.filter((c) => c.method === seen.method).map((c) => c.path) })
    // The schema already refused values that do not parse.
    const deprecation = seen.deprecation !== undefined ? parseDeprecationHeader(seen.deprecation) : null
    const sunset = seen.sunset !== undefined ? parseSunsetHeader(seen.sunset) : null
    return {
      item: { kind: 'operation', method: seen.method, path, pointer: null, location: null },
      source: 'headers',
      providerVersion: report.providerVersion,
      observedPaths: [seen.path.split(/[?#]/, 1)[0]!],
      seenBy: seen.seenBy ?? [],
      deprecatedAt: deprecation?.ok ? deprecation.value : null,
      sunset: sunset?.ok ? sunset.value : null,
      link: deprecationLink(seen.link),
      template: source,
    }
  })
  const audit = {
    type: 'deprecation-headers.reported',
    pacticipants: [provider.name],
    details: { providerVersion: report.providerVersion, items: signals.map((s) => `${s.item.method} ${s.item.path}`) },
  }
  return { provider, outcomes: await record(deps, provider, mergeSameItem(signals), audit) }
}

/**
 * What a published description marks deprecated becomes proposals of the provider (source `openapi`, sunset
 * from `x-sunset`), returned as notices for the publication's response. For `publishProviderContract`, after
 * the description is stored.
 * @example notices.push(...(await proposeFromDescription(deps, { provider: 'users', version: '2.0.0', description })))
 */
export async function proposeFromDescription(
  deps: { db: Db; clock: Clock },
  input: { provider: string; version: string; description: NormalisedDescription },
): Promise<Notice[]> {
  if (input.description.kind !== 'openapi') return []
  const { items, skipped } = proposalItemsOf(listDescriptionDeprecations(input.description))
  if (!items.length && !skipped.length) return []
  const provider = await getPacticipant(deps, input.provider)
  const signals: Signal[] = items.map(({ sunset, ...item }) => ({
    item,
    source: 'openapi',
    providerVersion: input.version,
    observedPaths: [],
    seenBy: [],
    deprecatedAt: null,
    sunset,
    link: null,
  }))
  const outcomes = await record(deps, provider, signals)
  const fresh = outcomes.filter((o) => o.outcome === 'created')
  const notices: Notice[] = []
  if (fresh.length) {
    notices.push({
      type: 'info',
      text: `The description marks ${fresh.length} item${fresh.length === 1 ? '' : 's'} deprecated that ${provider.name} has not declared: proposed (${fresh.map((o) => itemLabel({ ...o.item, description: null })).join('; ')}). Accept or dismiss them: concord deprecations proposals --provider ${provider.name}`,
    })
  }
  for (const s of skipped) notices.push({ type: 'info', text: `Not proposed as a deprecation: ${s.item.operation} ${s.item.path} (${s.why}).` })
  return notices
}

/** A provider's proposals in the given statuses (default: open). 404 for an unknown provider. */
export async function listProposals(
  deps: Pick<DeprecationDeps, 'db'>,
  providerName: string,
  status: ProposalStatus | 'all' = 'open',
): Promise<{ provider: Pacticipant; proposals: DeprecationProposal[] }> {
  const provider = await getPacticipant(deps, providerName)
  const statuses = status === 'all' ? ['open', 'accepted', 'dismissed'] : [status]
  return { provider, proposals: (await repo.listProposals(deps.db, provider.id, statuses)).map(toProposal) }
}

export async function getProposal(deps: Pick<DeprecationDeps, 'db'>, uuid: string): Promise<DeprecationProposal> {
  const row = await repo.findProposalByUuid(deps.db, uuid)
  if (!row) throw proposalNotFound(uuid)
  return toProposal(row)
}

function decided(p: DeprecationProposal, wanted: 'accept' | 'dismiss'): ConflictError {
  const what =
    p.status === 'accepted'
      ? `was accepted${p.deprecationUuid ? ` as deprecation ${p.deprecationUuid} (edit that one with PATCH /deprecations/${p.deprecationUuid})` : ''}`
      : 'was dismissed'
  return new ConflictError(
    'deprecation-proposal-decided',
    `The proposal to deprecate ${itemLabel({ ...p, description: null })} of ${p.provider} ${what}; it cannot be ${wanted === 'accept' ? 'accepted' : 'dismissed'} now.`,
  )
}

/** The lowest semantic version among those that reported the item (the earliest that says it is deprecated). */
function earliestSemver(versions: string[]): string | null {
  const valid = versions.map((v) => semver.valid(v)).filter((v): v is string => v !== null)
  return valid.length ? semver.sort(valid)[0]! : null
}

/**
 * Accepts an open proposal: it becomes a deprecation (validated like any other: `deprecatedIn` a semantic
 * version — by default the earliest reporting version — and a sunset date, from the proposal or `input`), with
 * a 'created' history entry by `actor`. Everything in one transaction: a refusal changes nothing.
 * @example await acceptProposal(deps, uuid, { removedIn: '3.0.0', replacement: 'GET /v2/users/{id}' }, 'alice')
 */
export async function acceptProposal(
  deps: DeprecationDeps,
  uuid: string,
  input: AcceptInput,
  claimedActor: string,
): Promise<{ proposal: DeprecationProposal; deprecation: DeprecationStatus }> {
  const actor = attributedActor(claimedActor)
  return inTransaction(deps.db, async (trx) => {
    const tx = { ...deps, db: trx }
    const found = await repo.findProposalByUuid(trx, uuid)
    if (!found) throw proposalNotFound(uuid)
    await recordChange(trx, { type: 'deprecation-proposal.accepted', pacticipants: [toProposal(found).provider], details: { proposal: uuid, ...input } })
    // The provider's lock first, as a report takes it before touching proposals: the other order could deadlock.
    await deprecationsRepo.lockProviderDeprecations(trx, found.provider_id)
    await repo.lockProposal(trx, found.id)
    const proposal = toProposal((await repo.findProposalByUuid(trx, uuid))!)
    if (proposal.status !== 'open') throw decided(proposal, 'accept')
    const deprecatedIn = input.deprecatedIn ?? earliestSemver(proposal.providerVersions)
    const sunset = input.sunset ?? proposal.sunset
    const errors = []
    if (!deprecatedIn) {
      errors.push({
        pointer: '/deprecatedIn',
        detail: `is required: none of the provider versions that reported the item (${proposal.providerVersions.join(', ')}) is a semantic version; give the version that deprecates it`,
      })
    }
    if (!sunset)
      errors.push({
        pointer: '/sunset',
        detail: `is required: the proposal has no sunset date (the provider sent no Sunset header${proposal.sources.includes('openapi') ? ' and no x-sunset' : ''}); give one, written YYYY-MM-DD`,
      })
    if (errors.length) throw new ValidationError(errors)
    const from = proposal.sources
      .map((s) => (s === 'headers' ? 'Deprecation/Sunset headers during verification' : 'deprecated: true in its OpenAPI description'))
      .join(' and ')
    const deprecation = checkDeprecation({
      kind: proposal.kind,
      method: proposal.method,
      path: input.path ?? proposal.path,
      ...(proposal.kind === 'field' ? { pointer: proposal.pointer, location: proposal.location } : {}),
      deprecatedIn,
      sunset,
      removedIn: input.removedIn ?? null,
      replacement: input.replacement ?? null,
      reason: input.reason ?? `${proposal.provider} announced it (${from}, version ${proposal.providerVersions.join(', ')}).`,
      link: input.link ?? proposal.link,
    })
    const created = await createDeprecation(tx, proposal.provider, deprecation, actor)
    await repo.updateProposal(trx, proposal.id, {
      status: 'accepted',
      deprecation_id: created.deprecation.id,
      decided_by: actor,
      decided_at: deps.clock.now(),
      updated_at: deps.clock.now(),
    })
    return { proposal: toProposal((await repo.findProposalByUuid(trx, uuid))!), deprecation: created }
  })
}

/**
 * Dismisses an open proposal: it stays (so later reports of the item do not raise it again) and leaves the
 * timeline. Dismissing twice changes nothing; an accepted proposal cannot be dismissed (withdraw its
 * deprecation instead).
 * @example await dismissProposal(deps, uuid, { reason: 'the header is sent by a proxy' }, 'alice')
 */
export async function dismissProposal(
  deps: Pick<DeprecationDeps, 'db' | 'clock'>,
  uuid: string,
  input: { reason?: string | undefined },
  claimedActor: string,
): Promise<DeprecationProposal> {
  const actor = attributedActor(claimedActor)
  return inTransaction(deps.db, async (trx) => {
    const found = await repo.findProposalByUuid(trx, uuid)
    if (!found) throw proposalNotFound(uuid)
    await recordChange(trx, { type: 'deprecation-proposal.dismissed', pacticipants: [toProposal(found).provider], details: { proposal: uuid, ...input } })
    await repo.lockProposal(trx, found.id)
    const proposal = toProposal((await repo.findProposalByUuid(trx, uuid))!)
    if (proposal.status === 'dismissed') return proposal
    if (proposal.status === 'accepted') throw decided(proposal, 'dismiss')
    const now = deps.clock.now()
    await repo.updateProposal(trx, proposal.id, {
      status: 'dismissed',
      decided_by: actor,
      decided_at: now,
      dismiss_reason: input.reason ?? null,
      updated_at: now,
    })
    return toProposal((await repo.findProposalByUuid(trx, uuid))!)
  })
}
