/**
 * "Pacts for verification": resolves the consumer version selectors of a provider build into the pacts it
 * must verify, merged by content, with pending and WIP status (the Pact Broker's
 * `pacts/service.rb:find_for_verification`).
 *
 * Statements per request: the provider; the environment names (only if selectors name environments); the
 * consumers (only for default selectors); one per planned query — selectors that differ only in their
 * consumer share one (`planQueries`) — plus one per fallback actually needed;
 * the WIP candidates (only with includeWipPactsSince); the verification facts (only when pending or WIP is
 * asked); the documents of the selected pacts, to leave out content a verifier cannot run (one, only when there
 * are pacts); the deprecations of the provider with the contents of the pacts they may hit (one, only when there
 * are pacts). None of these depends on the number of consumers or versions.
 */
import semver from 'semver'
import type { BrokerConfig } from '../../config.js'
import type { Db } from '../../db/database.js'
import type { Pacticipant } from '../../pacticipants/pacticipant.js'
import { getPacticipant } from '../../pacticipants/pacticipants.service.js'
import { verificationNotices } from '../../deprecations/deprecations.service.js'
import type { Clock } from '../../shared/clock.js'
import { ValidationError, type FieldError } from '../../shared/errors.js'
import { parsePact } from '../pact-content.js'
import type { VerifiablePact } from './notices.js'
import { NO_FACTS, pendingStatusOf, type ProviderScope, type VerificationFacts, wipStatusOf } from './pending.js'
import * as repo from './for-verification.repository.js'
import type { PactsForVerificationQuery } from './for-verification.schemas.js'
import {
  defaultSelectors,
  memberFor,
  mergeSelections,
  type PlannedQuery,
  planQueries,
  type QuerySelector,
  type SelectedPactRow,
  type Selection,
  selectionFor,
  toQuerySelectors,
} from './selectors.js'

export interface ForVerificationDeps {
  db: Db
  config: Readonly<BrokerConfig>
  clock: Clock
}

export interface PactsForVerification {
  provider: Pacticipant
  query: PactsForVerificationQuery
  /** Explicitly selected pacts (sorted by consumer, then version), followed by WIP pacts. */
  pacts: VerifiablePact[]
  /** Selected pacts left out because their stored content is not a pact a verifier can run. */
  excluded: ExcludedPact[]
}

/** A selected pact whose stored content breaks the Pact specification, and why. */
export interface ExcludedPact {
  consumerName: string
  consumerVersionNumber: string
  sha: string
  problems: FieldError[]
}

/**
 * @example const { pacts } = await findPactsForVerification(deps, 'users', { consumerVersionSelectors: [{ mainBranch: true }], providerVersionTags: [], includePendingStatus: true, providerVersionBranch: 'main' })
 */
export async function findPactsForVerification(
  { db, clock }: ForVerificationDeps,
  providerName: string,
  query: PactsForVerificationQuery,
): Promise<PactsForVerification> {
  const provider = await getPacticipant({ db }, providerName)
  await checkEnvironmentsExist(db, query)

  const selectors: QuerySelector[] = query.consumerVersionSelectors.length
    ? query.consumerVersionSelectors.flatMap((s) =>
        toQuerySelectors(s, query.providerVersionBranch !== undefined ? { providerVersionBranch: query.providerVersionBranch } : {}),
      )
    : defaultSelectors(await repo.findConsumerDefaults(db, provider.id))

  const found: { row: SelectedPactRow; selection: Selection }[] = []
  for (const plan of planQueries(selectors)) found.push(...(await runPlannedQuery(db, provider.id, plan)))
  const selected = mergeSelections(found)

  const scope: ProviderScope = { ...(query.providerVersionBranch ? { branch: query.providerVersionBranch } : {}), tags: query.providerVersionTags }
  const wipWanted = query.includeWipPactsSince !== undefined && (scope.branch !== undefined || scope.tags.length > 0)
  const selectedKeys = new Set(selected.map((p) => `${p.consumerId}:${p.sha}`))
  const wipCandidates = wipWanted
    ? mergeSelections(
        (await repo.findWipCandidates(db, provider.id, query.includeWipPactsSince!))
          .filter((row) => !selectedKeys.has(`${row.consumerId}:${row.sha}`))
          .map((row) => {
            // A WIP pact is described as "the latest for its branch / tag", as the Pact Broker does.
            const selector: QuerySelector = row.branch !== null ? { kind: 'branch', branch: row.branch } : { kind: 'latestTag', tag: row.tag! }
            return { row, selection: selectionFor(selector, { ...row, branch: null }) }
          }),
      )
    : []

  const needFacts = query.includePendingStatus || wipCandidates.length > 0
  const pactVersionIds = [...new Set([...selected, ...wipCandidates].map((p) => p.pactVersionId))]
  const facts = needFacts ? await repo.findVerificationFacts(db, provider.id, pactVersionIds, scope) : new Map<number, VerificationFacts>()

  const pacts: VerifiablePact[] = selected.map((p) => ({ ...p, wip: false, status: pendingStatusOf(scope, facts.get(p.pactVersionId) ?? NO_FACTS) }))
  for (const candidate of wipCandidates) {
    const status = wipStatusOf(scope, facts.get(candidate.pactVersionId) ?? NO_FACTS)
    if (status) pacts.push({ ...candidate, wip: true, status })
  }
  // Content stored before the broker checked pacts on publish may be one a verifier cannot load; handed out,
  // it would fail (pact-core panics) the provider's whole verification run, every other consumer's pacts included.
  const { verifiable, excluded } = await leaveOutUnverifiable(db, pacts)
  pacts.splice(0, pacts.length, ...verifiable)

  // Deprecated items of this provider that each pact uses: extra before_verification notices (one statement).
  const deprecations = await verificationNotices(
    { db, clock },
    provider.id,
    pacts.map((p) => ({ pactVersionId: p.pactVersionId, consumer: p.consumerName, consumerVersion: p.consumerVersionNumber })),
  )
  pacts.forEach((pact, i) => {
    const texts = deprecations[i]!.map((n) => n.text)
    if (texts.length) pact.deprecationNotices = texts
  })
  return { provider, query, pacts, excluded }
}

/**
 * Splits the pacts into those a verifier can run and those whose stored content breaks the Pact specification
 * (one statement: the documents of the pacts).
 */
async function leaveOutUnverifiable(db: Db, pacts: VerifiablePact[]): Promise<{ verifiable: VerifiablePact[]; excluded: ExcludedPact[] }> {
  const documents = await repo.findPactDocuments(db, [...new Set(pacts.map((p) => p.pactVersionId))])
  const problems = new Map<number, FieldError[]>()
  for (const [id, document] of documents) {
    const parsed = parsePact(document)
    if (!parsed.ok) problems.set(id, parsed.errors)
  }
  const verifiable: VerifiablePact[] = []
  const excluded: ExcludedPact[] = []
  for (const pact of pacts) {
    const errors = problems.get(pact.pactVersionId)
    if (errors) excluded.push({ consumerName: pact.consumerName, consumerVersionNumber: pact.consumerVersionNumber, sha: pact.sha, problems: errors })
    else verifiable.push(pact)
  }
  return { verifiable, excluded }
}

/**
 * Runs one planned query and, for the selectors in it that found nothing and name a fallback tag or branch,
 * one more for the fallback (the Pact Broker falls back per selector, when the selector found no pact).
 */
async function runPlannedQuery(db: Db, providerId: number, plan: PlannedQuery): Promise<{ row: SelectedPactRow; selection: Selection }[]> {
  let rows = await repo.findPactsForSelector(db, providerId, plan.template, plan.consumers)
  if (plan.template.kind === 'semver') rows = highestInRange(rows, plan.template.range)
  const found = rows.map((row) => ({ row, selection: selectionFor(memberFor(plan, row.consumerName), row) }))

  const template = plan.template
  const fallback: QuerySelector | undefined =
    template.kind === 'latestTag' && template.fallbackTag !== undefined
      ? { kind: 'latestTag', tag: template.fallbackTag }
      : template.kind === 'branch' && template.fallbackBranch !== undefined
        ? { kind: 'branch', branch: template.fallbackBranch }
        : undefined
  if (!fallback) return found
  const answered = new Set(found.map((f) => f.selection.selector))
  const missing = plan.members.filter((m) => !answered.has(m))
  if (!missing.length) return found
  const fallbackPlan: PlannedQuery = { template: fallback, members: missing, ...(plan.consumers ? { consumers: missing.map((m) => m.consumer!) } : {}) }
  for (const row of await repo.findPactsForSelector(db, providerId, fallback, fallbackPlan.consumers)) {
    found.push({ row, selection: selectionFor(memberFor(fallbackPlan, row.consumerName), row, { fallbackUsed: true }) })
  }
  return found
}

/** Per consumer, the row of the highest version (by semver precedence; build metadata ignored) within `range`. */
export function highestInRange(rows: SelectedPactRow[], range: string): SelectedPactRow[] {
  const best = new Map<number, SelectedPactRow>()
  for (const row of rows) {
    if (!semver.satisfies(row.consumerVersionNumber, range)) continue
    const current = best.get(row.consumerId)
    if (!current || semver.gt(row.consumerVersionNumber, current.consumerVersionNumber)) best.set(row.consumerId, row)
  }
  return [...best.values()]
}

/** 400 naming each selector whose environment does not exist (one statement for all of them). */
async function checkEnvironmentsExist(db: Db, query: PactsForVerificationQuery): Promise<void> {
  const named = query.consumerVersionSelectors
    .map((s, index) => ({ index, name: s.environment }))
    .filter((x): x is { index: number; name: string } => x.name !== undefined)
  if (!named.length) return
  const existing = await repo.findEnvironmentNames(db, [...new Set(named.map((x) => x.name))])
  const errors: FieldError[] = named
    .filter((x) => !existing.has(x.name))
    .map((x) => ({
      pointer: `/consumerVersionSelectors/${x.index}/environment`,
      detail: `no environment named '${x.name}' exists (GET /environments lists them)`,
    }))
  if (errors.length) throw new ValidationError(errors)
}
