/**
 * @module matrix/schema-results
 * Schema-level results standing in for missing verifications (issue 7, PactFlow's "bi-directional" idea): where a
 * selected provider version has not verified a pact's content but has a provider contract (an API description),
 * the result of checking the pact against that description (broker/provider-contracts) takes the verification's place in
 * the matrix. A real verification always wins: pairs that have one are never asked about.
 *
 * The step is: `schemaCandidates` (pure) → one call to the schemas service (one or two statements, whatever the
 * number of integrations) → `withSchemaResults` (pure). decide() in can-i-deploy.ts then counts and explains them.
 */
import type { BrokerDeps } from '../deps.js'
import type { SchemaVerification } from '../provider-contracts/provider-contract.js'
import { findSchemaResults, type SchemaPair } from '../provider-contracts/provider-contracts.service.js'
import { groupBy } from '../shared/collections.js'
import type { MatrixRow, RowSchemaResult, RowVersion } from './can-i-deploy.js'
import type { ResolvedSelector } from './selectors.js'

/** A schema-level result for one (pact content, provider version) pair, with the provider version's order key. */
export interface PairSchemaResult {
  pactVersionId: number
  providerVersion: RowVersion
  result: RowSchemaResult
}

const pairKey = (pactVersionId: number, providerVersionId: number) => `${pactVersionId}/${providerVersionId}`
const groupKey = (row: MatrixRow) => `${row.consumerVersion.id}/${row.providerId}/${row.pactVersionId}`

/** Concrete provider versions selected (specified or inferred) per provider. */
function providerVersionsBySelector(selectors: ResolvedSelector[]): Map<number, Set<number>> {
  const byProvider = new Map<number, Set<number>>()
  for (const s of selectors) {
    if (s.versionId === null || !s.versionExists) continue
    const versions = byProvider.get(s.pacticipantId) ?? new Set<number>()
    versions.add(s.versionId)
    byProvider.set(s.pacticipantId, versions)
  }
  return byProvider
}

/**
 * For each pact row group (consumer version, provider, pact content): its rows, and the selected provider versions
 * that have no verification row in it — the ones a schema result may stand in for.
 */
function unverifiedByGroup(rows: MatrixRow[], selectors: ResolvedSelector[]): { rows: MatrixRow[]; unverified: number[] }[] {
  const selected = providerVersionsBySelector(selectors)
  return [...groupBy(rows, groupKey).values()].map((group) => {
    const verified = new Set(group.filter((r) => r.providerVersion && r.verification).map((r) => r.providerVersion!.id))
    return { rows: group, unverified: [...(selected.get(group[0]!.providerId) ?? [])].filter((id) => !verified.has(id)) }
  })
}

/**
 * The pairs to ask the schemas domain about: for each pact row group (consumer version, provider, pact content),
 * every concrete provider version selected for that provider that has no verification row in the group.
 * @example schemaCandidates(rows, selectors) // [{ pactVersionId: 7, providerVersionId: 12 }]
 */
export function schemaCandidates(rows: MatrixRow[], selectors: ResolvedSelector[]): SchemaPair[] {
  const pairs = new Map<string, SchemaPair>()
  for (const { rows: group, unverified } of unverifiedByGroup(rows, selectors)) {
    const { pactVersionId } = group[0]!
    for (const providerVersionId of unverified) pairs.set(pairKey(pactVersionId, providerVersionId), { pactVersionId, providerVersionId })
  }
  return [...pairs.values()]
}

/**
 * The rows with schema results standing in: one row per (pact row group, provider version with a schema result
 * and no verification). A group's unverified row (no provider version) is replaced when at least one schema row
 * takes its place, as a verification row would replace it.
 * @example withSchemaResults(rows, selectors, results)
 */
export function withSchemaResults(rows: MatrixRow[], selectors: ResolvedSelector[], results: PairSchemaResult[]): MatrixRow[] {
  if (results.length === 0) return rows
  const resultOf = new Map(results.map((r) => [pairKey(r.pactVersionId, r.providerVersion.id), r]))
  const out: MatrixRow[] = []
  for (const { rows: group, unverified } of unverifiedByGroup(rows, selectors)) {
    const first = group[0]!
    const standIns: MatrixRow[] = []
    for (const providerVersionId of unverified) {
      const found = resultOf.get(pairKey(first.pactVersionId, providerVersionId))
      if (found) standIns.push({ ...first, providerVersion: found.providerVersion, verification: null, schema: found.result })
    }
    out.push(...(standIns.length > 0 ? group.filter((r) => r.providerVersion !== null) : group), ...standIns)
  }
  return out
}

/** A stored schema verification as the matrix shows it. */
export function toRowSchemaResult(v: SchemaVerification): RowSchemaResult {
  const problems = v.report.issues.filter((i) => (v.status === 'unknown' ? true : i.outcome === 'incompatible'))
  const first = problems[0]
  return {
    status: v.status,
    success: v.success,
    providerSelfVerified: v.providerSelfVerified,
    issue: first ? `${first.message} (interaction "${first.interaction}")` : null,
    moreIssues: Math.max(0, problems.length - 1),
    summary: v.report.summary,
    verifiedAt: v.createdAt,
  }
}

const PENDING: Omit<RowSchemaResult, 'summary'> = { status: 'pending', success: null, providerSelfVerified: null, issue: null, moreIssues: 0, verifiedAt: null }

/**
 * The matrix step: asks the schemas domain for the candidates' results (computing missing ones within the
 * comparison timeout setting) and returns the rows with them standing in.
 * @example rows = await addSchemaResults(deps, rows, selectors)
 */
export async function addSchemaResults(
  deps: Pick<BrokerDeps, 'db' | 'config' | 'clock' | 'schemaDiff'>,
  rows: MatrixRow[],
  selectors: ResolvedSelector[],
): Promise<MatrixRow[]> {
  const candidates = schemaCandidates(rows, selectors)
  if (candidates.length === 0) return rows
  const { results, pending, providerVersions } = await findSchemaResults(deps, candidates)
  const versionOf = new Map(providerVersions.map((v) => [v.id, v]))
  const found: PairSchemaResult[] = [
    ...results.map((v) => ({ pactVersionId: v.pactVersionId, providerVersion: versionOf.get(v.providerVersion.id)!, result: toRowSchemaResult(v) })),
    ...pending.map((p) => ({
      pactVersionId: p.pactVersionId,
      providerVersion: versionOf.get(p.providerVersionId)!,
      result: { ...PENDING, summary: `The comparison did not finish within ${deps.config.schemas.comparisonTimeoutMs} ms` },
    })),
  ]
  return withSchemaResults(rows, selectors, found)
}
