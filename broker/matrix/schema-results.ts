/**
 * @module matrix/schema-results
 * Schema-level results standing in for missing verifications (issue 7, PactFlow's "bi-directional" idea): where a
 * selected provider version has not verified a pact's content but has a provider contract (an API description),
 * the result of checking the pact against that description (broker/schemas) takes the verification's place in
 * the matrix. A real verification always wins: pairs that have one are never asked about.
 *
 * The step is: `schemaCandidates` (pure) → one call to the schemas service (one or two statements, whatever the
 * number of integrations) → `withSchemaResults` (pure). decide() in can-i-deploy.ts then counts and explains them.
 */
import type { BrokerDeps } from '../deps.js'
import type { SchemaVerification } from '../schemas/provider-contract.js'
import { findSchemaResults, type SchemaPair } from '../schemas/schemas.service.js'
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
function providerVersionsBySelector(selectors: ResolvedSelector[]): Map<number, number[]> {
  const byProvider = new Map<number, number[]>()
  for (const s of selectors) {
    if (s.versionId === null || !s.versionExists) continue
    const list = byProvider.get(s.pacticipantId) ?? []
    if (!list.includes(s.versionId)) list.push(s.versionId)
    byProvider.set(s.pacticipantId, list)
  }
  return byProvider
}

/**
 * The pairs to ask the schemas domain about: for each pact row group (consumer version, provider, pact content),
 * every concrete provider version selected for that provider that has no verification row in the group.
 * @example schemaCandidates(rows, selectors) // [{ pactVersionId: 7, providerVersionId: 12 }]
 */
export function schemaCandidates(rows: MatrixRow[], selectors: ResolvedSelector[]): SchemaPair[] {
  const selected = providerVersionsBySelector(selectors)
  const verifiedBy = new Map<string, Set<number>>()
  for (const row of rows) {
    const set = verifiedBy.get(groupKey(row)) ?? new Set<number>()
    if (row.providerVersion && row.verification) set.add(row.providerVersion.id)
    verifiedBy.set(groupKey(row), set)
  }
  const pairs = new Map<string, SchemaPair>()
  for (const row of rows) {
    const verified = verifiedBy.get(groupKey(row))!
    for (const providerVersionId of selected.get(row.providerId) ?? []) {
      if (!verified.has(providerVersionId)) pairs.set(pairKey(row.pactVersionId, providerVersionId), { pactVersionId: row.pactVersionId, providerVersionId })
    }
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
  const selected = providerVersionsBySelector(selectors)
  const resultOf = new Map(results.map((r) => [pairKey(r.pactVersionId, r.providerVersion.id), r]))
  const groups = new Map<string, MatrixRow[]>()
  for (const row of rows) groups.set(groupKey(row), [...(groups.get(groupKey(row)) ?? []), row])
  const out: MatrixRow[] = []
  for (const group of groups.values()) {
    const first = group[0]!
    const verified = new Set(group.filter((r) => r.providerVersion && r.verification).map((r) => r.providerVersion!.id))
    const standIns: MatrixRow[] = []
    for (const providerVersionId of selected.get(first.providerId) ?? []) {
      if (verified.has(providerVersionId)) continue
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
export async function addSchemaResults(deps: Pick<BrokerDeps, 'db' | 'config'>, rows: MatrixRow[], selectors: ResolvedSelector[]): Promise<MatrixRow[]> {
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
