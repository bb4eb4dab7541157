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
  | { kind: 'successful' }
  | { kind: 'no-dependencies-missing' }
  | { kind: 'ignore-selector-does-not-exist'; selector: ResolvedIgnoreSelector }
  | { kind: 'no-environment-specified' }
  | { kind: 'selector-without-version-specified' }

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
}

export interface DecisionInput {
  rows: MatrixRow[]
  selectors: ResolvedSelector[]
  ignoreSelectors: ResolvedIgnoreSelector[]
  integrations: Integration[]
  options: { latestby?: LatestBy; success?: (boolean | null)[]; tag?: string; environment?: string; mainBranch?: boolean }
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

/** The verification outcome of a row: true, false, or null when unverified. */
export function rowSuccess(row: MatrixRow): boolean | null {
  return row.verification ? row.verification.success : null
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
      return 'All required verification results are published and successful'
    case 'no-dependencies-missing':
      return 'There are no missing dependencies'
    case 'ignore-selector-does-not-exist':
      return `WARN: Cannot ignore ${describeIgnoreSelector(reason.selector)}`
    case 'no-environment-specified':
      return 'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.'
    case 'selector-without-version-specified':
      return 'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.'
  }
}

/** The notice type a reason is shown with. */
export function reasonLevel(reason: Reason): ReasonLevel {
  switch (reason.kind) {
    case 'successful':
    case 'no-dependencies-missing':
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
  let rows = applyLatestBy(input.rows, options.latestby)
  if (options.success) {
    const wanted = options.success
    rows = rows.filter((r) => wanted.includes(rowSuccess(r)))
  }
  const { considered, ignored } = splitIgnored(sortRows(rows), ignoreSelectors)
  const allRows = [...considered, ...ignored]

  const requiredWithoutRow = integrations.filter((i) => i.required && !allRows.some((r) => r.consumerId === i.consumerId && r.providerId === i.providerId))
  const specified = selectors.filter((s) => s.type === 'specified')
  const missingSpecified = specified.filter((s) => !s.versionExists)
  const consideredMissing = missingSpecified.filter((s) => !s.ignore)

  const counts = {
    success: considered.filter((r) => rowSuccess(r) === true).length,
    failed: considered.filter((r) => rowSuccess(r) === false).length,
    unknown: requiredWithoutRow.length + considered.filter((r) => rowSuccess(r) === null).length,
  }

  let deployable: boolean | null
  if (consideredMissing.length > 0) deployable = false
  else if (counts.unknown > 0) deployable = null
  else deployable = considered.every((r) => rowSuccess(r) === true)

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
      for (const r of list.filter((row) => rowSuccess(row) === false)) errors.push({ kind: 'verification-failed', ...sides(r), ignored: isIgnored })
    }
    for (const [list, isIgnored] of [
      [considered, false],
      [ignored, true],
    ] as const) {
      for (const r of list.filter((row) => rowSuccess(row) === null)) errors.push({ kind: 'pact-not-ever-verified-by-provider', ...sides(r), ignored: isIgnored })
    }
  }

  const warnings: Reason[] = []
  if (specified.length === 1 && !options.tag && !options.environment && !options.mainBranch) warnings.push({ kind: 'no-environment-specified' })
  if (specified.some((s) => !s.versionSpecified && !s.ignore)) warnings.push({ kind: 'selector-without-version-specified' })
  for (const s of ignoreSelectors) if (!s.pacticipantExists || !s.versionExists) warnings.push({ kind: 'ignore-selector-does-not-exist', selector: s })

  const successes: Reason[] = []
  if (errors.length === 0 && considered.every((r) => rowSuccess(r) === true) && requiredWithoutRow.length === 0) {
    successes.push(considered.length > 0 ? { kind: 'successful' } : { kind: 'no-dependencies-missing' })
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
  return { summary, reasons, notices: reasons.map((r) => ({ type: reasonLevel(r), text: reasonText(r) })), considered, ignored }
}
