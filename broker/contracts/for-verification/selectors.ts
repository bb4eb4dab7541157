/**
 * @module contracts/for-verification
 * "Pacts for verification": which pacts a provider build must verify, chosen by consumer version selectors,
 * with pending and work-in-progress (WIP) status. This file holds the selector model and its pure rules:
 * turning a validated request selector into one or more query selectors, the default selectors, and how
 * a selector that matched a consumer version is recorded (a "selection") so notices can say why.
 *
 * Pipeline (as the Pact Broker's pacts_for_verification_repository): request selectors → query selectors
 * (`toQuerySelectors`) → one query per selector (repository) → selections → merged by content SHA
 * (`mergeSelections`) → pending/WIP status → notices and HAL (serializers).
 */

/** A consumer version selector as the client sent it (after schema validation). */
export interface RequestSelector {
  consumer?: string
  mainBranch?: true
  branch?: string | true
  fallbackBranch?: string
  matchingBranch?: true
  latest?: boolean
  tag?: string
  fallbackTag?: string
  deployed?: true
  released?: true
  deployedOrReleased?: true
  environment?: string
  /** Concord addition: a semver range; the highest matching consumer version (per consumer). */
  semver?: string
}

/** What one query answers. Every kind may be narrowed to one consumer. */
export type QuerySelector =
  | { kind: 'overallLatest'; consumer?: string }
  | { kind: 'mainBranch'; consumer?: string }
  | { kind: 'branch'; branch: string; fallbackBranch?: string; consumer?: string }
  | { kind: 'eachBranch'; consumer?: string }
  | {
      kind: 'latestTag'
      tag: string
      fallbackTag?: string
      consumer?: string
      /** Default selectors: the tag is the consumer's main branch name. */ tagIsMainBranch?: true
    }
  | { kind: 'allTag'; tag: string; consumer?: string }
  | { kind: 'deployed'; environment?: string; consumer?: string }
  | { kind: 'released'; environment?: string; consumer?: string }
  | { kind: 'environment'; environment: string; consumer?: string }
  | { kind: 'semver'; range: string; consumer?: string }

export type QuerySelectorKind = QuerySelector['kind']

/**
 * Turns a validated request selector into the query selector(s) it means.
 * `mainBranch`, `branch` and `matchingBranch` imply latest; `matchingBranch` becomes the provider's branch;
 * `deployedOrReleased` is a deployed and a released selector.
 *
 * @example toQuerySelectors({ deployedOrReleased: true }, {}) // [{kind:'deployed'}, {kind:'released'}]
 */
export function toQuerySelectors(selector: RequestSelector, context: { providerVersionBranch?: string }): QuerySelector[] {
  const consumer = selector.consumer !== undefined ? { consumer: selector.consumer } : {}
  if (selector.semver !== undefined) return [{ kind: 'semver', range: selector.semver, ...consumer }]
  if (selector.mainBranch) return [{ kind: 'mainBranch', ...consumer }]
  if (selector.matchingBranch) return [{ kind: 'branch', branch: context.providerVersionBranch ?? '', ...consumer }]
  if (selector.branch === true) return [{ kind: 'eachBranch', ...consumer }]
  if (selector.branch !== undefined) {
    return [
      { kind: 'branch', branch: selector.branch, ...(selector.fallbackBranch !== undefined ? { fallbackBranch: selector.fallbackBranch } : {}), ...consumer },
    ]
  }
  if (selector.tag !== undefined) {
    if (selector.latest) {
      return [{ kind: 'latestTag', tag: selector.tag, ...(selector.fallbackTag !== undefined ? { fallbackTag: selector.fallbackTag } : {}), ...consumer }]
    }
    return [{ kind: 'allTag', tag: selector.tag, ...consumer }]
  }
  const environment = selector.environment !== undefined ? { environment: selector.environment } : {}
  if (selector.deployedOrReleased)
    return [
      { kind: 'deployed', ...environment, ...consumer },
      { kind: 'released', ...environment, ...consumer },
    ]
  if (selector.deployed) return [{ kind: 'deployed', ...environment, ...consumer }]
  if (selector.released) return [{ kind: 'released', ...environment, ...consumer }]
  if (selector.environment !== undefined) return [{ kind: 'environment', environment: selector.environment, ...consumer }]
  return [{ kind: 'overallLatest', ...consumer }]
}

/** What the default selectors need to know about each consumer of the provider. */
export interface ConsumerDefaults {
  name: string
  /** The consumer's main branch, when it has one with at least one version. */
  mainBranchWithVersions: string | null
  /** The consumer's main branch name, when a version is tagged with it (older, tag-based consumers). */
  mainBranchAsTag: string | null
}

/**
 * The selectors used when a request names none (the Pact Broker's `default_selectors`): per consumer, the
 * latest of its main branch, else the latest version tagged with the main branch name, else its latest; plus
 * every deployed and every released version.
 *
 * @example defaultSelectors([{ name: 'web', mainBranchWithVersions: 'main', mainBranchAsTag: null }])
 */
export function defaultSelectors(consumers: ConsumerDefaults[]): QuerySelector[] {
  const perConsumer = consumers.map((c): QuerySelector => {
    if (c.mainBranchWithVersions) return { kind: 'mainBranch', consumer: c.name }
    if (c.mainBranchAsTag) return { kind: 'latestTag', tag: c.mainBranchAsTag, consumer: c.name, tagIsMainBranch: true }
    return { kind: 'overallLatest', consumer: c.name }
  })
  return [...perConsumer, { kind: 'deployed' }, { kind: 'released' }]
}

/** One statement for several selectors that differ only in their consumer. */
export interface PlannedQuery {
  /** The selector without its consumer (with `tagIsMainBranch`, the tag differs per consumer too). */
  template: QuerySelector
  /** The consumers it is narrowed to; undefined = every consumer. */
  consumers?: string[]
  /** The selectors it answers for; with `consumers`, one per consumer. */
  members: QuerySelector[]
}

/**
 * Groups selectors so that per-consumer selectors of the same kind (as the default selectors are: one per
 * consumer) run as one statement: the statement count then depends on the request, never on the number of
 * consumers. Selectors without a consumer run on their own.
 *
 * @example planQueries([{ kind: 'mainBranch', consumer: 'a' }, { kind: 'mainBranch', consumer: 'b' }]) // one query, consumers a and b
 */
export function planQueries(selectors: QuerySelector[]): PlannedQuery[] {
  const plans: PlannedQuery[] = []
  const byKey = new Map<string, PlannedQuery>()
  for (const selector of selectors) {
    if (selector.consumer === undefined) {
      plans.push({ template: selector, members: [selector] })
      continue
    }
    const { consumer, ...rest } = selector
    const template = { ...rest } as QuerySelector
    const key = JSON.stringify(template.kind === 'latestTag' && template.tagIsMainBranch ? { ...template, tag: '' } : template)
    const existing = byKey.get(key)
    if (existing && !existing.members.some((m) => m.consumer === consumer)) {
      existing.consumers!.push(consumer)
      existing.members.push(selector)
    } else if (!existing) {
      const plan: PlannedQuery = { template, consumers: [consumer], members: [selector] }
      byKey.set(key, plan)
      plans.push(plan)
    } else {
      plans.push({ template, consumers: [consumer], members: [selector] })
    }
  }
  return plans
}

/** The member of a plan a row answers for. */
export function memberFor(plan: PlannedQuery, consumerName: string): QuerySelector {
  return plan.consumers ? (plan.members.find((m) => m.consumer === consumerName) ?? plan.members[0]!) : plan.members[0]!
}

/** One consumer version picked by one selector: the "resolved selector" of the Pact Broker. */
export interface Selection {
  selector: QuerySelector
  consumerName: string
  consumerVersionNumber: string
  /** Version order, so merged entries keep the latest consumer version. */
  consumerVersionOrder: { orderKey: string; id: number }
  /** For mainBranch / eachBranch: the branch the version is the head of. */
  branch?: string
  /** For deployed / released / environment: the environment the version is in. */
  environment?: string
  /** For environment selectors: whether the version is deployed or released there. */
  target?: 'deployed' | 'released'
  /** True when a fallback tag or branch found this version. */
  fallbackUsed?: boolean
}

/** A pact row a selector query returns (one consumer version's current pact). */
export interface SelectedPactRow {
  consumerId: number
  consumerName: string
  consumerMainBranch: string | null
  consumerVersionId: number
  consumerVersionNumber: string
  consumerVersionOrderKey: string
  pactVersionId: number
  sha: string
  branch?: string | null
  tag?: string | null
  environment?: string | null
  target?: 'deployed' | 'released' | null
}

/** Pacts with the same content for the same consumer, and every selection that picked them. */
export interface SelectedPact {
  consumerId: number
  consumerName: string
  consumerMainBranch: string | null
  pactVersionId: number
  sha: string
  /** The latest consumer version among the selections. */
  consumerVersionNumber: string
  consumerVersionOrder: { orderKey: string; id: number }
  selections: Selection[]
}

function compareOrder(a: { orderKey: string; id: number }, b: { orderKey: string; id: number }): number {
  if (a.orderKey !== b.orderKey) return a.orderKey < b.orderKey ? -1 : 1
  return a.id - b.id
}

function sameSelection(a: Selection, b: Selection): boolean {
  return (
    JSON.stringify(a.selector) === JSON.stringify(b.selector) &&
    a.consumerName === b.consumerName &&
    a.consumerVersionNumber === b.consumerVersionNumber &&
    a.branch === b.branch &&
    a.environment === b.environment &&
    a.target === b.target &&
    !!a.fallbackUsed === !!b.fallbackUsed
  )
}

/**
 * Merges what each selector found into one entry per (consumer, content SHA), as the Pact Broker's
 * `SelectedPact.merge_by_pact_version_sha`: selections are concatenated (exact duplicates dropped, e.g. one
 * version deployed to two application instances) and the latest consumer version is kept. Sorted by consumer
 * name (case-insensitive), then consumer version order.
 *
 * @example mergeSelections([{ row, selection }, …])
 */
export function mergeSelections(found: { row: SelectedPactRow; selection: Selection }[]): SelectedPact[] {
  const byKey = new Map<string, SelectedPact>()
  for (const { row, selection } of found) {
    const key = `${row.consumerId}:${row.sha}`
    const order = { orderKey: row.consumerVersionOrderKey, id: row.consumerVersionId }
    const existing = byKey.get(key)
    if (!existing) {
      byKey.set(key, {
        consumerId: row.consumerId,
        consumerName: row.consumerName,
        consumerMainBranch: row.consumerMainBranch,
        pactVersionId: row.pactVersionId,
        sha: row.sha,
        consumerVersionNumber: row.consumerVersionNumber,
        consumerVersionOrder: order,
        selections: [selection],
      })
      continue
    }
    if (!existing.selections.some((s) => sameSelection(s, selection))) existing.selections.push(selection)
    if (compareOrder(order, existing.consumerVersionOrder) > 0) {
      existing.consumerVersionNumber = row.consumerVersionNumber
      existing.consumerVersionOrder = order
    }
  }
  return [...byKey.values()].sort(compareSelectedPacts)
}

export function compareSelectedPacts(a: SelectedPact, b: SelectedPact): number {
  const byName = a.consumerName.toLowerCase().localeCompare(b.consumerName.toLowerCase())
  return byName !== 0 ? byName : compareOrder(a.consumerVersionOrder, b.consumerVersionOrder)
}

/** The selection a row stands for under `selector`. */
export function selectionFor(selector: QuerySelector, row: SelectedPactRow, options: { fallbackUsed?: boolean } = {}): Selection {
  const selection: Selection = {
    selector,
    consumerName: row.consumerName,
    consumerVersionNumber: row.consumerVersionNumber,
    consumerVersionOrder: { orderKey: row.consumerVersionOrderKey, id: row.consumerVersionId },
  }
  if (row.branch) selection.branch = row.branch
  if (row.environment) selection.environment = row.environment
  if (row.target) selection.target = row.target
  if (options.fallbackUsed) selection.fallbackUsed = true
  return selection
}
