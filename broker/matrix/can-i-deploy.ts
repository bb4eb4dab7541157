/**
 * @module matrix/can-i-deploy
 * The pure part of the matrix: rows + resolved selectors → latest-by → success filter → ignore → summary with
 * typed reasons. No I/O here, so every rule is unit-tested without a database (can-i-deploy.test.ts).
 *
 * The rules follow the Pact Broker's `matrix/deployment_status_summary.rb`:
 * - `deployable` is false when a specified selector matched no version; otherwise null (unknown) when any
 *   considered row is unverified or a required integration has no row; otherwise true iff every considered row
 *   succeeded. Unknown is never yes.
 * - reasons: warnings first, then the errors (missing version, missing row, failed, unverified), or a success.
 * - other domains' checks (the deprecations gate) come last: `withCheckReasons` folds their reasons in, and an
 *   error among them makes the answer "no".
 * - a row without a verification may carry a schema-level result instead (`row.schema`, see schema-results.ts): an
 *   incompatible one fails, an unknown or pending one is unknown, a compatible one succeeds when the broker
 *   accepts schema-only results (`options.schemaCompatibilityDeployable`, default true) and is unknown otherwise.
 *   The reasons say so ("… are compatible by schema (no verification)").
 */
import {
  describeIgnoreSelector,
  describeMissingVersion,
  describeSelector,
  isAnyVersion,
  type LatestBy,
  type ResolvedIgnoreSelector,
  type ResolvedSelector,
  anyVersionSelector,
  versionSelector,
} from './selectors.js'

export interface RowVersion {
  id: number
  number: string
  orderKey: string
}

/**
 * A schema-level result standing in for a missing verification: the pact content checked against the provider
 * version's API description (broker/provider-contracts). `pending` means the provider version has a description but the
 * comparison did not finish within the request's wait.
 */
export interface RowSchemaResult {
  status: 'compatible' | 'incompatible' | 'unknown' | 'pending'
  /** The result itself: true compatible, false incompatible (or the provider's own test of its description failed), null unknown or pending. */
  success: boolean | null
  /** The provider's own test of its description: false when it reported a failure, else true or null. */
  providerSelfVerified: boolean | null
  /** The first problem as a sentence with its interaction, or null. */
  issue: string | null
  /** How many more problems the report lists. */
  moreIssues: number
  summary: string
  /** When the pair was compared; null while pending. */
  verifiedAt: Date | null
}

/** One matrix row: a pact (the current one for a consumer version) and, if any, one verification of its content. */
export interface MatrixRow {
  consumerId: number
  consumerName: string
  consumerVersion: RowVersion
  providerId: number
  providerName: string
  providerVersion: RowVersion | null
  pactVersionId: number
  pactSha: string
  pactCreatedAt: Date
  verification: { id: number; success: boolean; verifiedAt: Date } | null
  /** Set only on a row whose provider version has no verification of the pact: its schema-level result. */
  schema?: RowSchemaResult | null
}

/** An integration the question involves; `required` when the deploying side needs the other (consumer → provider). */
export interface Integration {
  consumerId: number
  consumerName: string
  providerId: number
  providerName: string
  required: boolean
}

export type Reason =
  | { kind: 'specified-version-does-not-exist'; selector: ResolvedSelector; ignored: boolean }
  | { kind: 'pact-not-verified-by-required-provider-version'; consumer: ResolvedSelector; provider: ResolvedSelector }
  | { kind: 'verification-failed'; consumer: ResolvedSelector; provider: ResolvedSelector; ignored: boolean }
  | { kind: 'pact-not-ever-verified-by-provider'; consumer: ResolvedSelector; provider: ResolvedSelector; ignored: boolean }
  | { kind: 'successful'; verified: number; schemaOnly: number }
  | { kind: 'no-dependencies-missing' }
  | { kind: 'ignore-selector-does-not-exist'; selector: ResolvedIgnoreSelector }
  | { kind: 'no-environment-specified' }
  | { kind: 'selector-without-version-specified' }
  | { kind: 'compatible-by-schema'; pair: SchemaPairNames; schema: RowSchemaResult }
  | { kind: 'schema-only-not-accepted'; pair: SchemaPairNames; schema: RowSchemaResult; ignored: boolean }
  | { kind: 'schema-incompatible'; pair: SchemaPairNames; schema: RowSchemaResult; ignored: boolean }
  | { kind: 'schema-compatibility-unknown'; pair: SchemaPairNames; schema: RowSchemaResult; ignored: boolean }

/** Both sides of a schema-level result by name and version number ("web 1.1.0", "users 2.0.0"). */
export interface SchemaPairNames {
  consumer: string
  provider: string
}

export type ReasonLevel = 'error' | 'warning' | 'success' | 'info'

export interface Summary {
  deployable: boolean | null
  reason: string
  success: number
  failed: number
  unknown: number
  ignored?: number
}

export interface Decision {
  summary: Summary
  reasons: Reason[]
  notices: { type: ReasonLevel; text: string }[]
  considered: MatrixRow[]
  ignored: MatrixRow[]
  /** Whether compatible schema-level results counted as successes (the setting the decision was made with). */
  schemaCompatibilityDeployable: boolean
}

export interface DecisionInput {
  rows: MatrixRow[]
  selectors: ResolvedSelector[]
  ignoreSelectors: ResolvedIgnoreSelector[]
  integrations: Integration[]
  options: {
    latestby?: LatestBy
    success?: (boolean | null)[]
    tag?: string
    environment?: string
    mainBranch?: boolean
    /** Whether a compatible schema-level result counts as a success where no verification exists (default true). */
    schemaCompatibilityDeployable?: boolean
  }
}

function compareVersions(a: RowVersion | null, b: RowVersion | null): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  if (a.orderKey !== b.orderKey) return a.orderKey < b.orderKey ? -1 : 1
  return a.id - b.id
}

/**
 * Keeps the row with the newest provider version per group: `cvpv` (consumer version, provider version),
 * `cvp` (consumer version, provider), `cp` (consumer, provider — also the newest consumer version).
 * Unverified rows stay unless their group has a verified one (`repository.rb#apply_latestby`).
 * @example applyLatestBy(rows, 'cvp')
 */
export function applyLatestBy(rows: MatrixRow[], latestby: LatestBy | undefined): MatrixRow[] {
  if (!latestby) return rows
  const keyOf = (r: MatrixRow): string => {
    if (latestby === 'cp') return `${r.consumerId}/${r.providerId}`
    if (latestby === 'cvp') return `${r.consumerVersion.id}/${r.providerId}`
    return `${r.consumerVersion.id}/${r.providerId}/${r.providerVersion?.id ?? 'none'}`
  }
  const groups = new Map<string, MatrixRow[]>()
  for (const row of rows) {
    const key = keyOf(row)
    const group = groups.get(key)
    if (group) group.push(row)
    else groups.set(key, [row])
  }
  const kept: MatrixRow[] = []
  for (const group of groups.values()) {
    const verified = group.filter((r) => r.providerVersion !== null)
    if (verified.length === 0) {
      if (latestby === 'cp') kept.push(group.reduce((best, r) => (compareVersions(r.consumerVersion, best.consumerVersion) > 0 ? r : best)))
      else kept.push(...group)
      continue
    }
    kept.push(
      verified.reduce((best, r) => {
        const byConsumer = latestby === 'cp' ? compareVersions(r.consumerVersion, best.consumerVersion) : 0
        if (byConsumer !== 0) return byConsumer > 0 ? r : best
        const byProvider = compareVersions(r.providerVersion, best.providerVersion)
        if (byProvider !== 0) return byProvider > 0 ? r : best
        return (r.verification?.id ?? 0) > (best.verification?.id ?? 0) ? r : best
      }),
    )
  }
  return kept
}

/**
 * The outcome of a row: its verification's, else its schema-level result's (a compatible one only when
 * `acceptSchema`), else null (unverified). A real verification always wins: rows with one never carry a schema result.
 */
export function rowSuccess(row: MatrixRow, acceptSchema = true): boolean | null {
  if (row.verification) return row.verification.success
  if (row.schema) return row.schema.success === true && !acceptSchema ? null : row.schema.success
  return null
}

function schemaPair(row: MatrixRow): SchemaPairNames {
  return { consumer: `${row.consumerName} ${row.consumerVersion.number}`, provider: `${row.providerName} ${row.providerVersion?.number ?? ''}`.trim() }
}

/** Whether an ignore selector covers one side of a row. */
function ignores(selector: ResolvedIgnoreSelector, name: string, version: RowVersion | null): boolean {
  if (!selector.pacticipantExists || selector.pacticipantName !== name) return false
  if (selector.versionNumber === null) return true
  return selector.versionExists && version !== null && version.number === selector.versionNumber
}

/** Splits rows into considered and ignored (an ignore selector matches the consumer or the provider side). */
export function splitIgnored(rows: MatrixRow[], ignoreSelectors: ResolvedIgnoreSelector[]): { considered: MatrixRow[]; ignored: MatrixRow[] } {
  const considered: MatrixRow[] = []
  const ignored: MatrixRow[] = []
  for (const row of rows) {
    const isIgnored = ignoreSelectors.some((s) => ignores(s, row.consumerName, row.consumerVersion) || ignores(s, row.providerName, row.providerVersion))
    ;(isIgnored ? ignored : considered).push(row)
  }
  return { considered, ignored }
}

/** Sorts rows as the Pact Broker lists them: names ascending, newest versions first. */
export function sortRows(rows: MatrixRow[]): MatrixRow[] {
  return [...rows].sort(
    (a, b) =>
      (a.consumerName < b.consumerName ? -1 : a.consumerName > b.consumerName ? 1 : 0) ||
      compareVersions(b.consumerVersion, a.consumerVersion) ||
      (a.providerName < b.providerName ? -1 : a.providerName > b.providerName ? 1 : 0) ||
      compareVersions(b.providerVersion, a.providerVersion) ||
      (b.verification?.id ?? 0) - (a.verification?.id ?? 0),
  )
}

/** The selector that explains one side of a row: the one naming that very version, else the pacticipant's, else a dummy. */
function selectorFor(selectors: ResolvedSelector[], id: number, name: string, version: RowVersion | null): ResolvedSelector {
  const forPacticipant = selectors.filter((s) => s.pacticipantName === name)
  return (
    (version && forPacticipant.find((s) => s.versionId === version.id)) ||
    forPacticipant.find((s) => version === null || isAnyVersion(s) || !s.versionExists) ||
    forPacticipant[0] ||
    (version ? versionSelector(id, name, version.id, version.number) : anyVersionSelector(id, name))
  )
}

/** The sentence for one reason, in the Pact Broker's wording (`reason_decorator.rb`). */
export function reasonText(reason: Reason): string {
  switch (reason.kind) {
    case 'specified-version-does-not-exist':
      return (reason.ignored ? '[IGNORED] ' : '') + describeMissingVersion(reason.selector)
    case 'pact-not-verified-by-required-provider-version':
      return `There is no verified pact between ${describeSelector(reason.consumer)} and ${describeSelector(reason.provider)}`
    case 'pact-not-ever-verified-by-provider':
      return `${reason.ignored ? '[IGNORED] ' : ''}There is no verified pact between ${describeSelector(reason.consumer)} and ${describeSelector(reason.provider)}`
    case 'verification-failed':
      return `${reason.ignored ? '[IGNORED] ' : ''}The verification for the pact between ${describeSelector(reason.consumer)} and ${describeSelector(reason.provider)} failed`
    case 'successful':
      // Say what backs the yes: verifications (the Pact Broker's wording), schema-level results only, or both.
      if (reason.schemaOnly === 0) return 'All required verification results are published and successful'
      if (reason.verified === 0)
        return `No verification results back this answer: ${reason.schemaOnly === 1 ? 'the required pact is' : `all ${reason.schemaOnly} required pacts are`} only compatible by schema with the provider's API description`
      return `${reason.verified} required verification result(s) are published and successful; ${reason.schemaOnly} more pact(s) are only compatible by schema (no verification)`
    case 'no-dependencies-missing':
      return 'There are no missing dependencies'
    case 'ignore-selector-does-not-exist':
      return `WARN: Cannot ignore ${describeIgnoreSelector(reason.selector)}`
    case 'no-environment-specified':
      return 'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.'
    case 'selector-without-version-specified':
      return 'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.'
    case 'compatible-by-schema':
      return `${reason.pair.consumer} and ${reason.pair.provider} are compatible by schema (no verification)`
    case 'schema-only-not-accepted':
      return `${reason.ignored ? '[IGNORED] ' : ''}${reason.pair.consumer} and ${reason.pair.provider} are compatible by schema, but there is no verification and this broker does not accept schema-only results`
    case 'schema-incompatible': {
      const prefix = reason.ignored ? '[IGNORED] ' : ''
      const { schema } = reason
      if (schema.status !== 'incompatible' && schema.providerSelfVerified === false) {
        return `${prefix}${reason.pair.provider}'s API description failed the provider's own test, so it does not count as compatible with the pact of ${reason.pair.consumer} (no verification)`
      }
      return `${prefix}${reason.pair.provider}'s API description is incompatible with the pact of ${reason.pair.consumer}: ${schemaProblem(schema)}`
    }
    case 'schema-compatibility-unknown': {
      const prefix = reason.ignored ? '[IGNORED] ' : ''
      if (reason.schema.status === 'pending')
        return `${prefix}The pact of ${reason.pair.consumer} is still being compared with ${reason.pair.provider}'s API description (no verification): ask again shortly`
      return `${prefix}Whether the pact of ${reason.pair.consumer} is compatible with ${reason.pair.provider}'s API description is unknown (no verification): ${schemaProblem(reason.schema)}`
    }
  }
}

function schemaProblem(schema: RowSchemaResult): string {
  if (schema.issue === null) return schema.summary
  return schema.moreIssues > 0 ? `${schema.issue} (and ${schema.moreIssues} more)` : schema.issue
}

/** The notice type a reason is shown with. */
export function reasonLevel(reason: Reason): ReasonLevel {
  switch (reason.kind) {
    case 'successful':
    case 'no-dependencies-missing':
    case 'compatible-by-schema':
      return 'success'
    case 'ignore-selector-does-not-exist':
    case 'no-environment-specified':
    case 'selector-without-version-specified':
      return 'warning'
    default:
      return 'ignored' in reason && reason.ignored ? 'info' : 'error'
  }
}

/**
 * The decision: applies latest-by, the success filter and the ignore selectors to the rows, then summarises.
 * @example decide({ rows, selectors, ignoreSelectors: [], integrations, options: { latestby: 'cvpv', environment: 'production' } }).summary.deployable
 */
export function decide(input: DecisionInput): Decision {
  const { selectors, ignoreSelectors, integrations, options } = input
  const acceptSchema = options.schemaCompatibilityDeployable ?? true
  const outcomeOf = (row: MatrixRow) => rowSuccess(row, acceptSchema)
  let rows = applyLatestBy(input.rows, options.latestby)
  if (options.success) {
    const wanted = options.success
    rows = rows.filter((r) => wanted.includes(outcomeOf(r)))
  }
  const { considered, ignored } = splitIgnored(sortRows(rows), ignoreSelectors)
  const allRows = [...considered, ...ignored]

  const requiredWithoutRow = integrations.filter((i) => i.required && !allRows.some((r) => r.consumerId === i.consumerId && r.providerId === i.providerId))
  const specified = selectors.filter((s) => s.type === 'specified')
  const missingSpecified = specified.filter((s) => !s.versionExists)
  const consideredMissing = missingSpecified.filter((s) => !s.ignore)

  const counts = {
    success: considered.filter((r) => outcomeOf(r) === true).length,
    failed: considered.filter((r) => outcomeOf(r) === false).length,
    unknown: requiredWithoutRow.length + considered.filter((r) => outcomeOf(r) === null).length,
  }

  let deployable: boolean | null
  if (consideredMissing.length > 0) deployable = false
  else if (counts.unknown > 0) deployable = null
  else deployable = considered.every((r) => outcomeOf(r) === true)

  const sides = (r: MatrixRow) => ({
    consumer: selectorFor(selectors, r.consumerId, r.consumerName, r.consumerVersion),
    provider: selectorFor(selectors, r.providerId, r.providerName, r.providerVersion),
  })

  const errors: Reason[] = missingSpecified.map((selector) => ({ kind: 'specified-version-does-not-exist' as const, selector, ignored: selector.ignore }))
  if (errors.length === 0) {
    for (const i of requiredWithoutRow) {
      errors.push({
        kind: 'pact-not-verified-by-required-provider-version',
        consumer: selectorFor(selectors, i.consumerId, i.consumerName, null),
        provider: selectorFor(selectors, i.providerId, i.providerName, null),
      })
    }
    for (const [list, isIgnored] of [
      [considered, false],
      [ignored, true],
    ] as const) {
      for (const r of list.filter((row) => outcomeOf(row) === false)) {
        errors.push(
          r.schema
            ? { kind: 'schema-incompatible', pair: schemaPair(r), schema: r.schema, ignored: isIgnored }
            : { kind: 'verification-failed', ...sides(r), ignored: isIgnored },
        )
      }
    }
    for (const [list, isIgnored] of [
      [considered, false],
      [ignored, true],
    ] as const) {
      for (const r of list.filter((row) => outcomeOf(row) === null)) {
        if (!r.schema) errors.push({ kind: 'pact-not-ever-verified-by-provider', ...sides(r), ignored: isIgnored })
        else if (r.schema.success === true) errors.push({ kind: 'schema-only-not-accepted', pair: schemaPair(r), schema: r.schema, ignored: isIgnored })
        else errors.push({ kind: 'schema-compatibility-unknown', pair: schemaPair(r), schema: r.schema, ignored: isIgnored })
      }
    }
  }

  const warnings: Reason[] = []
  if (specified.length === 1 && !options.tag && !options.environment && !options.mainBranch) warnings.push({ kind: 'no-environment-specified' })
  if (specified.some((s) => !s.versionSpecified && !s.ignore)) warnings.push({ kind: 'selector-without-version-specified' })
  for (const s of ignoreSelectors) if (!s.pacticipantExists || !s.versionExists) warnings.push({ kind: 'ignore-selector-does-not-exist', selector: s })

  const successes: Reason[] = []
  if (errors.length === 0 && considered.every((r) => outcomeOf(r) === true) && requiredWithoutRow.length === 0) {
    for (const r of considered) if (r.schema) successes.push({ kind: 'compatible-by-schema', pair: schemaPair(r), schema: r.schema })
    const schemaOnly = considered.filter((r) => r.schema).length
    successes.push(considered.length > 0 ? { kind: 'successful', verified: considered.length - schemaOnly, schemaOnly } : { kind: 'no-dependencies-missing' })
  }

  const texts = new Set<string>()
  const reasons = [...warnings, ...(errors.length > 0 ? errors : successes)].filter((r) => {
    const text = reasonText(r)
    if (texts.has(text)) return false
    texts.add(text)
    return true
  })

  const summary: Summary = { deployable, reason: reasons.map(reasonText).join('\n'), ...counts }
  if (ignoreSelectors.length > 0) summary.ignored = ignored.length
  return {
    summary,
    reasons,
    notices: reasons.map((r) => ({ type: reasonLevel(r), text: reasonText(r) })),
    considered,
    ignored,
    schemaCompatibilityDeployable: acceptSchema,
  }
}

/** A reason from a check outside the matrix (the deprecations gate): `error` refuses the deployment, `warning` only says so. */
export interface CheckReason {
  level: 'error' | 'warning'
  text: string
  /** The question's version the reason is about. */
  subject?: { pacticipant: string; version: string }
  /**
   * The versions now in the environment that cause the reason: when the question replaces every one of them
   * (several versions deployed together), the reason does not apply (`matrix.service.ts#runDeploymentChecks`).
   */
  concerns?: { pacticipant: string; version: string }[]
}

/**
 * The last step of can-i-deploy: other checks' reasons folded into the decision. An error makes the answer "no"
 * (also when no verification has run), and every reason joins `summary.reason` and `notices`, so the official
 * CLIs print it.
 * @example withCheckReasons(decision, [{ level: 'error', text: 'web 1.0.0 still uses GET /users/{id}, removed in users 3.0.0' }]).summary.deployable // false
 */
export function withCheckReasons(decision: Decision, reasons: readonly CheckReason[]): Decision {
  if (reasons.length === 0) return decision
  const refused = reasons.some((r) => r.level === 'error')
  return {
    ...decision,
    summary: {
      ...decision.summary,
      deployable: refused ? false : decision.summary.deployable,
      reason: [decision.summary.reason, ...reasons.map((r) => r.text)].filter(Boolean).join('\n'),
    },
    notices: [...decision.notices, ...reasons.map((r) => ({ type: r.level, text: r.text }))],
  }
}
