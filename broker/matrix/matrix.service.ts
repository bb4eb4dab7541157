/**
 * @module matrix/service
 * The matrix and can-i-deploy as a pipeline of small steps (pact_broker's shape):
 *   validate names → resolve specified selectors → find the integrations they take part in → resolve the other
 *   side of every integration at once (inferred selectors) → one flat rows query → decide (pure, can-i-deploy.ts)
 *   → schema-level results standing in for missing verifications (schema-results.ts) → decide (pure,
 *   can-i-deploy.ts) → other domains' checks for a question about an environment (`deploymentChecks`: the
 *   deprecations gate), folded into the decision (`withCheckReasons`) → version details for the rows.
 * The number of SQL statements depends on the number of *specified* selectors only, never on the number of
 * integrations or versions (test/features/matrix-statement-count.test.ts pins it).
 */
import semver from 'semver'
import type { BrokerDeps } from '../deps.js'
import { groupBy } from '../shared/collections.js'
import { type FieldError, ValidationError } from '../shared/errors.js'
import { type CheckReason, type Decision, type Integration, type MatrixRow, decide, withCheckReasons } from './can-i-deploy.js'
import * as repo from './matrix.repository.js'
import { addSchemaResults } from './schema-results.js'
import type { IgnoreSelector, MatrixQuery, ResolvedIgnoreSelector, ResolvedSelector, UnresolvedSelector } from './selectors.js'

/** The versions a question about an environment specifies, for the checks of other domains. */
export interface DeploymentQuestion {
  environment: { id: number; name: string }
  /** Each specified, existing, not ignored version once. */
  versions: { pacticipant: { id: number; name: string }; version: { id: number; number: string } }[]
  /** `failOnSunset=true|false` from the query; absent: the broker's sunset policy. */
  failOnSunset?: boolean
}

/** A check another domain adds to can-i-deploy (the deprecations gate, wired in http/routes.ts). */
export type DeploymentCheck = (deps: Pick<BrokerDeps, 'db' | 'config' | 'clock'>, question: DeploymentQuestion) => Promise<CheckReason[]>

export type MatrixDeps = Pick<BrokerDeps, 'db' | 'config' | 'clock' | 'schemaDiff'> & { deploymentChecks?: readonly DeploymentCheck[] }

/** How to find versions for one selector or for the inferred side. */
type Criteria =
  | { kind: 'any' }
  | { kind: 'exact'; number: string }
  | { kind: 'latest' }
  | { kind: 'tag'; tag: string; latest: boolean }
  | { kind: 'branch'; branch: string | null; latest: boolean }
  | { kind: 'environment'; environmentId: number }
  | { kind: 'semver'; range: string }

export interface MatrixResult {
  query: MatrixQuery
  selectors: ResolvedSelector[]
  ignoreSelectors: ResolvedIgnoreSelector[]
  integrations: Integration[]
  decision: Decision
  details: repo.VersionDetails
  /** The environment the question is about (`environment=`), as resolved for it; null when it names none. */
  environment: { id: number; name: string } | null
}

function criteriaFor(s: UnresolvedSelector, environmentIds: Map<string, number>): Criteria {
  if (s.version !== undefined) return { kind: 'exact', number: s.version }
  if (s.semver !== undefined) return { kind: 'semver', range: s.semver }
  if (s.tag !== undefined) return { kind: 'tag', tag: s.tag, latest: !!s.latest }
  if (s.branch !== undefined) return { kind: 'branch', branch: s.branch, latest: !!s.latest }
  if (s.mainBranch) return { kind: 'branch', branch: null, latest: !!s.latest }
  if (s.environment !== undefined) return { kind: 'environment', environmentId: environmentIds.get(s.environment)! }
  if (s.latest) return { kind: 'latest' }
  return { kind: 'any' }
}

/** Versions matching `criteria` for all the given pacticipants: one statement (semver: one per pacticipant). */
async function findVersions(deps: MatrixDeps, criteria: Criteria, pacticipantIds: number[]): Promise<repo.VersionRef[]> {
  switch (criteria.kind) {
    case 'any':
      return []
    case 'exact':
      return repo.findVersionsByNumber(
        deps.db,
        pacticipantIds.map((pacticipantId) => ({ pacticipantId, number: criteria.number })),
      )
    case 'latest':
      return repo.findLatestVersions(deps.db, pacticipantIds)
    case 'tag':
      return repo.findVersionsWithTag(deps.db, pacticipantIds, criteria.tag, criteria.latest)
    case 'branch':
      return repo.findVersionsOnBranch(deps.db, pacticipantIds, criteria.branch, criteria.latest)
    case 'environment':
      return repo.findVersionsInEnvironment(deps.db, pacticipantIds, criteria.environmentId)
    case 'semver': {
      const found: repo.VersionRef[] = []
      for (const id of pacticipantIds) {
        const candidates = await repo.findSemverVersions(deps.db, id)
        const best = semver.maxSatisfying(
          candidates.map((c) => c.number),
          criteria.range,
        )
        const match = candidates.find((c) => c.number === best)
        if (match) found.push(match)
      }
      return found
    }
  }
}

interface SelectorShape {
  latest: boolean
  tag: string | null
  branch: string | null
  mainBranch: boolean
  environment: string | null
  semver: string | null
  versionNumber: string | null
  versionSpecified: boolean
}

/**
 * One ResolvedSelector per version found, or one "no such version" / "any version" selector; `ignore` from the
 * query's ignore selectors. One object literal per selector, all fields at once: a hub's answer resolves hundreds,
 * and spreading a shared base object then adding `ignore` cost 1.6 ms per answer in V8's slow object paths
 * (measured on the 300-integration hub of `npm run bench`).
 */
function toResolved(
  pacticipant: { id: number; name: string },
  criteria: Criteria,
  versions: repo.VersionRef[],
  shape: SelectorShape,
  type: ResolvedSelector['type'],
  ignore: readonly IgnoreSelector[],
): ResolvedSelector[] {
  const selector = (
    versionId: number | null,
    versionNumber: string | null,
    versionExists: boolean,
    branch: string | null,
    oneOfMany: boolean,
  ): ResolvedSelector => ({
    pacticipantId: pacticipant.id,
    pacticipantName: pacticipant.name,
    versionId,
    versionNumber,
    versionExists,
    type,
    ignore: ignoredBy(ignore, pacticipant.name, versionNumber),
    oneOfMany,
    latest: shape.latest,
    tag: shape.tag,
    branch,
    mainBranch: shape.mainBranch,
    environment: shape.environment,
    semver: shape.semver,
    versionSpecified: shape.versionSpecified,
  })
  if (criteria.kind === 'any') return [selector(null, null, true, shape.branch, false)]
  const unique = [...new Map(versions.map((v) => [v.id, v])).values()]
  if (unique.length === 0) return [selector(null, shape.versionNumber, false, shape.branch, false)]
  return unique.map((v) => selector(v.id, v.number, true, shape.branch ?? (shape.mainBranch ? (v.branch_name ?? null) : null), unique.length > 1))
}

function ignoredBy(ignore: readonly IgnoreSelector[], pacticipant: string, versionNumber: string | null): boolean {
  return ignore.some((i) => i.pacticipant === pacticipant && (i.version === undefined || i.version === versionNumber))
}

/**
 * Answers a matrix question: rows, resolved selectors and the can-i-deploy decision.
 * Throws ValidationError (400) for unknown pacticipants or environments, in the Pact Broker's words.
 * @example const result = await findMatrix(deps, parseMatrixQuery(parseNestedQuery('q[][pacticipant]=web&q[][version]=1&environment=production&latestby=cvpv')))
 */
export async function findMatrix(deps: MatrixDeps, query: MatrixQuery): Promise<MatrixResult> {
  const { db } = deps
  // 1. Names: every pacticipant and environment the question names, in two statements.
  const names = [...new Set([...query.selectors.map((s) => s.pacticipant), ...query.ignore.map((s) => s.pacticipant)])]
  const pacticipants = new Map((await repo.findPacticipantsByNames(db, names)).map((p) => [p.name, p]))
  const environmentNames = [...new Set([query.environment, ...query.selectors.map((s) => s.environment)].filter((e): e is string => e !== undefined))]
  const environmentIds = new Map<string, number>()
  for (const name of environmentNames) {
    const env = await repo.findEnvironmentByName(db, name)
    if (env) environmentIds.set(name, env.id)
  }

  const errors: FieldError[] = []
  const selectorPointer = (i: number, key: string) => (query.form === 'can-i-deploy' ? `#/query/${key}` : `#/query/q/${i}/${key}`)
  query.selectors.forEach((s, i) => {
    if (!pacticipants.has(s.pacticipant)) errors.push({ pointer: selectorPointer(i, 'pacticipant'), detail: `Pacticipant ${s.pacticipant} not found` })
    if (s.environment !== undefined && !environmentIds.has(s.environment))
      errors.push({ pointer: selectorPointer(i, 'environment'), detail: `Environment with name '${s.environment}' does not exist` })
  })
  if (query.environment !== undefined && !environmentIds.has(query.environment))
    errors.push({ pointer: '#/query/environment', detail: `Environment with name '${query.environment}' does not exist` })
  if (errors.length > 0) throw new ValidationError(errors)

  // 2. Specified selectors (exact versions, including ignore versions, in one statement; others one each).
  const exactPairs = [
    ...query.selectors.filter((s) => s.version !== undefined).map((s) => ({ pacticipantId: pacticipants.get(s.pacticipant)!.id, number: s.version! })),
    ...query.ignore
      .filter((s) => s.version !== undefined && pacticipants.has(s.pacticipant))
      .map((s) => ({ pacticipantId: pacticipants.get(s.pacticipant)!.id, number: s.version! })),
  ]
  const exact = await repo.findVersionsByNumber(db, exactPairs)
  // Selectors for the versions in an environment, one statement per environment however many selectors name it
  // (a release plan names every train pacticipant's current versions: release-plans.service.ts).
  const inEnvironment = new Map<number, repo.VersionRef[]>()
  const environmentSelectors = groupBy(
    query.selectors.flatMap((s) => {
      const criteria = criteriaFor(s, environmentIds)
      return criteria.kind === 'environment' ? [{ environmentId: criteria.environmentId, pacticipantId: pacticipants.get(s.pacticipant)!.id }] : []
    }),
    (e) => e.environmentId,
  )
  for (const [environmentId, named] of environmentSelectors)
    inEnvironment.set(environmentId, await findVersions(deps, { kind: 'environment', environmentId }, [...new Set(named.map((e) => e.pacticipantId))]))
  const specified: ResolvedSelector[] = []
  for (const s of query.selectors) {
    const pacticipant = pacticipants.get(s.pacticipant)!
    const criteria = criteriaFor(s, environmentIds)
    const versions =
      criteria.kind === 'exact'
        ? exact.filter((v) => v.pacticipant_id === pacticipant.id && v.number === criteria.number)
        : criteria.kind === 'environment'
          ? inEnvironment.get(criteria.environmentId)!.filter((v) => v.pacticipant_id === pacticipant.id)
          : await findVersions(deps, criteria, [pacticipant.id])
    const shape: SelectorShape = {
      latest: !!s.latest,
      tag: s.tag ?? null,
      branch: s.branch ?? null,
      mainBranch: !!s.mainBranch,
      environment: s.environment ?? null,
      semver: s.semver ?? null,
      versionNumber: s.version ?? null,
      versionSpecified: s.version !== undefined,
    }
    specified.push(...toResolved(pacticipant, criteria, versions, shape, 'specified', query.ignore))
  }
  const ignoreSelectors: ResolvedIgnoreSelector[] = query.ignore.map((i) => {
    const pacticipant = pacticipants.get(i.pacticipant)
    const versionExists = i.version === undefined || (!!pacticipant && exact.some((v) => v.pacticipant_id === pacticipant.id && v.number === i.version))
    return { pacticipantName: i.pacticipant, pacticipantExists: !!pacticipant, versionNumber: i.version ?? null, versionExists }
  })

  // 3. The integrations the specified side takes part in (one statement).
  const specifiedIds = [...new Set(specified.map((s) => s.pacticipantId))]
  const counterpartRows = await repo.findIntegrations(db, {
    consumerVersionIds: specified.filter((s) => s.versionId !== null).map((s) => s.versionId!),
    anyVersionConsumerIds: specified.filter((s) => s.versionExists && s.versionId === null).map((s) => s.pacticipantId),
    providerIds: specifiedIds,
  })
  const integrationsByKey = new Map<string, Integration>()
  for (const r of counterpartRows) {
    if (r.consumer_id === r.provider_id) continue
    const key = `${r.consumer_id}/${r.provider_id}`
    const existing = integrationsByKey.get(key)
    if (existing) existing.required ||= r.required
    else
      integrationsByKey.set(key, {
        consumerId: r.consumer_id,
        consumerName: r.consumer_name,
        providerId: r.provider_id,
        providerName: r.provider_name,
        required: r.required,
      })
  }
  const inferring = query.latest || query.tag !== undefined || query.environment !== undefined || query.mainBranch
  const isSpecified = (id: number) => specifiedIds.includes(id)
  let integrations = [...integrationsByKey.values()]
  if (!inferring && specifiedIds.length > 1) integrations = integrations.filter((i) => isSpecified(i.consumerId) && isSpecified(i.providerId))

  // 4. The other side of every integration, resolved together (one statement).
  const others = new Map<number, { id: number; name: string }>()
  for (const i of integrations) {
    if (!isSpecified(i.consumerId)) others.set(i.consumerId, { id: i.consumerId, name: i.consumerName })
    if (!isSpecified(i.providerId)) others.set(i.providerId, { id: i.providerId, name: i.providerName })
  }
  const inferred: ResolvedSelector[] = []
  if (others.size > 0) {
    const criteria: Criteria = !inferring
      ? { kind: 'any' }
      : query.environment !== undefined
        ? { kind: 'environment', environmentId: environmentIds.get(query.environment)! }
        : query.tag !== undefined
          ? { kind: 'tag', tag: query.tag, latest: query.latest }
          : query.mainBranch
            ? { kind: 'branch', branch: null, latest: query.latest }
            : { kind: 'latest' }
    const versions = await findVersions(deps, criteria, [...others.keys()])
    const shape: SelectorShape = {
      latest: query.latest,
      tag: query.tag ?? null,
      branch: null,
      mainBranch: query.mainBranch,
      environment: query.environment ?? null,
      semver: null,
      versionNumber: null,
      versionSpecified: false,
    }
    const versionsOf = groupBy(versions, (v) => v.pacticipant_id)
    for (const other of others.values()) {
      inferred.push(...toResolved(other, criteria, versionsOf.get(other.id) ?? [], shape, 'inferred', query.ignore))
    }
  }
  const selectors = [...specified, ...inferred]

  // 5. The rows: one flat statement over the resolved ids. Only a pacticipant that is the provider of one of the
  // integrations found in step 3 can have verified a pact in the rows (every row is a pact of such an integration).
  const providerIds = new Set(counterpartRows.map((r) => r.provider_id))
  const selectedVersions = selectors.filter((s) => s.versionId !== null)
  const rawRows = await repo.findMatrixRows(db, {
    pacticipantIds: [...new Set(selectors.map((s) => s.pacticipantId))],
    versionIds: [...new Set(selectedVersions.map((s) => s.versionId!))],
    providerVersionIds: [...new Set(selectedVersions.filter((s) => providerIds.has(s.pacticipantId)).map((s) => s.versionId!))],
    anyVersionIds: specified.filter((s) => s.versionExists && s.versionId === null).map((s) => s.pacticipantId),
    anyVersionVerifiedOnlyIds: inferred.filter((s) => s.versionExists && s.versionId === null).map((s) => s.pacticipantId),
    everyVerification: query.latestby === undefined,
    // `limit` (default 100 on /matrix) bounds matrix browsing (no latestby: every verification). A can-i-deploy
    // question (latestby given, as every CLI sends) is never judged on a truncated matrix: a hub with more
    // integrations than the limit would otherwise get an answer about some of them only.
    ...(query.limit !== undefined && query.latestby === undefined ? { limit: query.limit } : {}),
  })
  const nameOf = new Map<number, string>(selectors.map((s) => [s.pacticipantId, s.pacticipantName]))
  const rows: MatrixRow[] = rawRows
    .filter((r) => isSpecified(r.consumer_id) || isSpecified(r.provider_id))
    .map((r) => ({
      consumerId: r.consumer_id,
      consumerName: nameOf.get(r.consumer_id)!,
      consumerVersion: { id: r.cv_id, number: r.cv_number, orderKey: r.cv_order_key },
      providerId: r.provider_id,
      providerName: nameOf.get(r.provider_id)!,
      providerVersion: r.pv_id === null ? null : { id: r.pv_id, number: r.pv_number!, orderKey: r.pv_order_key! },
      pactVersionId: r.pact_version_id,
      pactSha: r.sha,
      pactCreatedAt: r.pact_created_at,
      verification: r.verification_id === null ? null : { id: r.verification_id, success: r.success!, verifiedAt: r.verified_at! },
    }))

  // 6. Schema-level results where a selected provider version has no verification but an API description
  // (one or two statements, however many integrations; missing results are compared within the timeout setting).
  const rowsWithSchema = await addSchemaResults(deps, rows, selectors)

  // 7. The decision (pure).
  const decided = decide({
    rows: rowsWithSchema,
    selectors,
    ignoreSelectors,
    integrations,
    options: {
      ...(query.latestby ? { latestby: query.latestby } : {}),
      ...(query.success ? { success: query.success } : {}),
      ...(query.tag ? { tag: query.tag } : {}),
      ...(query.environment ? { environment: query.environment } : {}),
      mainBranch: query.mainBranch,
      schemaCompatibilityDeployable: deps.config.schemas.compatibilityDeployable,
    },
  })
  // 8. Other domains' checks for a question about an environment (the deprecations gate): their errors refuse the
  // deployment, and every reason joins the decision's. Then details of the versions shown.
  const environment = query.environment === undefined ? null : { id: environmentIds.get(query.environment)!, name: query.environment }
  const decision = environment === null ? decided : withCheckReasons(decided, await runDeploymentChecks(deps, environment, selectors, query.failOnSunset))
  const shown = [...decision.considered, ...decision.ignored]
  const versionIds = [...new Set(shown.flatMap((r) => [r.consumerVersion.id, ...(r.providerVersion ? [r.providerVersion.id] : [])]))]
  const details = query.details === false ? { branches: [], tags: [], environments: [] } : await repo.findVersionDetails(db, versionIds)
  return { query, selectors, ignoreSelectors, integrations, decision, details, environment }
}

/**
 * Runs `deps.deploymentChecks` (one after another: PGlite has one connection) for each specified version once.
 * Several versions are judged as deployed together, each replacing its pacticipant's versions in the environment
 * (as the Pact Broker judges several selectors with an environment): a reason caused only by versions that the
 * question replaces (`concerns`, e.g. a consumer version still using an item the provider version removes, while
 * the question deploys that consumer's new version too) does not apply.
 * @example await runDeploymentChecks(deps, { id: 2, name: 'production' }, result.selectors, undefined)
 */
export async function runDeploymentChecks(
  deps: MatrixDeps,
  environment: DeploymentQuestion['environment'],
  selectors: ResolvedSelector[],
  failOnSunset: boolean | undefined,
): Promise<CheckReason[]> {
  const versions = new Map<number, DeploymentQuestion['versions'][number]>()
  for (const s of selectors) {
    if (s.type !== 'specified' || s.ignore || !s.versionExists || s.versionId === null || s.versionNumber === null || versions.has(s.versionId)) continue
    versions.set(s.versionId, { pacticipant: { id: s.pacticipantId, name: s.pacticipantName }, version: { id: s.versionId, number: s.versionNumber } })
  }
  if (versions.size === 0) return []
  const question: DeploymentQuestion = { environment, versions: [...versions.values()], ...(failOnSunset === undefined ? {} : { failOnSunset }) }
  const reasons: CheckReason[] = []
  for (const check of deps.deploymentChecks ?? []) reasons.push(...(await check(deps, question)))
  const replaced = new Set(question.versions.map((v) => v.pacticipant.name))
  const deployed = new Set(question.versions.map((v) => `${v.pacticipant.name}\u0000${v.version.number}`))
  const stillThere = (c: { pacticipant: string; version: string }) => !replaced.has(c.pacticipant) || deployed.has(`${c.pacticipant}\u0000${c.version}`)
  return reasons.filter((r) => r.concerns === undefined || r.concerns.length === 0 || r.concerns.some(stillThere))
}
