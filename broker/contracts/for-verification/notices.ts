/**
 * The words of "pacts for verification": each pact's `shortDescription`, and the notices that tell the person
 * reading the verifier's output why a pact is being verified and whether a failure will fail their build.
 * Worded as the Pact Broker words them (`verifiable_pact_messages.rb`, `build_verifiable_pact_notices.rb`) so
 * documentation and habits carry over. Pure functions, no I/O.
 */
import { groupBy } from '../../shared/collections.js'
import type { QuerySelector, Selection, SelectedPact } from './selectors.js'

export const READ_MORE_PENDING = 'Read more at https://docs.pact.io/go/pending'
export const READ_MORE_WIP = 'Read more at https://docs.pact.io/go/wip'

/** Pending status of a pact for this provider build (§4.6), with what the notices need to explain it. */
export interface PendingStatus {
  pending: boolean
  /** The provider branch it was computed for ('' never: a blank branch counts as none). */
  providerBranch?: string
  /** Provider tags for which the pact is still pending / no longer pending (tag mode only). */
  pendingTags: string[]
  nonPendingTags: string[]
}

/** A pact as handed to the verifier. */
export interface VerifiablePact extends SelectedPact {
  wip: boolean
  status: PendingStatus
  /** Texts of the deprecation notices for this pact (deprecated items of the provider it uses); extra `before_verification` notices. */
  deprecationNotices?: string[]
}

/** A verifier notice: `when` is the stage at which the verifier prints it. */
export interface VerificationNotice {
  when: string
  text: string
}

const quote = (word: string) => `'${word}'`

/** "a", "a and b", "a, b and c". */
function joinUnquoted(list: string[], lastJoiner = ' and '): string {
  if (list.length <= 2) return list.join(lastJoiner)
  return `${list.slice(0, -2).join(', ')}, ${list.slice(-2).join(lastJoiner)}`
}

const join = (list: string[]) => joinUnquoted(list.map(quote))

function isLatestForTag(s: Selection): s is Selection & { selector: Extract<QuerySelector, { kind: 'latestTag' }> } {
  return s.selector.kind === 'latestTag'
}

function branchOf(s: Selection): string | undefined {
  if (s.selector.kind === 'branch') return s.fallbackUsed && s.selector.fallbackBranch ? s.selector.fallbackBranch : s.selector.branch
  if (s.selector.kind === 'mainBranch' || s.selector.kind === 'eachBranch') return s.branch
  return undefined
}

function tagOf(s: Selection): string | undefined {
  if (!isLatestForTag(s)) return undefined
  return s.fallbackUsed && s.selector.fallbackTag ? s.selector.fallbackTag : s.selector.tag
}

/** Head tags (latest-for-tag selectors) and branches among the selections, without repeats. */
function headTags(selections: Selection[]): string[] {
  return [...new Set(selections.filter(isLatestForTag).map((s) => s.selector.tag))]
}
function headBranches(selections: Selection[]): string[] {
  return [...new Set(selections.map(branchOf).filter((b): b is string => b !== undefined))]
}

/**
 * The concise description of one selection, as the Pact Broker's `short_selector_description` (Pact Go uses
 * it for test names).
 * @example shortSelectionDescription({ selector: { kind: 'deployed' }, environment: 'production', … }) // 'deployed to production'
 */
export function shortSelectionDescription(s: Selection): string {
  const sel = s.selector
  switch (sel.kind) {
    case 'overallLatest':
      return 'latest'
    case 'latestTag':
      return `latest with tag ${tagOf(s)}`
    case 'mainBranch':
      return 'latest from main branch'
    case 'branch':
    case 'eachBranch':
      return `latest from branch ${branchOf(s)}`
    case 'allTag':
      return sel.consumer ? `one of ${sel.consumer} ${sel.tag}` : `one of ${sel.tag}`
    case 'deployed':
      return `deployed to ${s.environment}`
    case 'released':
      return `released in ${s.environment}`
    case 'environment':
      return `in environment ${s.environment}`
    case 'semver':
      return `highest matching ${sel.range}`
  }
}

/** The pact's `shortDescription`: every selection's short description, comma-joined. */
export function shortDescription(pact: Pick<SelectedPact, 'selections'>): string {
  return pact.selections.map(shortSelectionDescription).join(', ')
}

/** The sentence for one (non-deployment) selection, ending with the consumer version in brackets. */
export function selectionDescription(s: Selection, providerName: string, consumerMainBranch: string | null): string {
  const sel = s.selector
  const versionLabel = sel.consumer ? `version of ${sel.consumer}` : 'version'
  const consumerLabel = sel.consumer ?? 'a consumer'
  let description: string
  switch (sel.kind) {
    case 'overallLatest':
      description = `latest version of ${consumerLabel} that has a pact with ${providerName}`
      break
    case 'latestTag':
      description =
        s.fallbackUsed && sel.fallbackTag
          ? `latest ${versionLabel} tagged '${sel.fallbackTag}' (fallback tag used as no pact was found with tag '${sel.tag}')`
          : `latest ${versionLabel} tagged '${sel.tag}'`
      break
    case 'mainBranch':
      description = `latest ${versionLabel} from the main branch '${s.branch ?? consumerMainBranch ?? ''}'`
      break
    case 'branch':
      description =
        s.fallbackUsed && sel.fallbackBranch
          ? `latest ${versionLabel} from branch '${sel.fallbackBranch}' (fallback branch used as no pact was found from branch '${sel.branch}')`
          : `latest ${versionLabel} from branch '${sel.branch}'`
      break
    case 'eachBranch':
      description = `latest ${versionLabel} from branch '${s.branch ?? ''}'`
      break
    case 'allTag':
      description = sel.consumer ? `all ${sel.consumer} versions tagged '${sel.tag}'` : `all consumer versions tagged '${sel.tag}'`
      break
    case 'environment':
      description = `${consumerLabel} version in environment ${s.environment}`
      break
    case 'semver':
      description = `highest ${versionLabel} matching the semantic version range '${sel.range}'`
      break
    case 'deployed':
      description = `${consumerLabel} version currently deployed to ${s.environment}`
      break
    case 'released':
      description = `${consumerLabel} version released and supported in ${s.environment}`
      break
  }
  return `${description} (${s.consumerVersionNumber})`
}

// The Pact Broker sorts selectors (overall latest, branches, tags, all-for-tag, deployed, released, …) and
// groups them by type before describing them, so the criteria read in a stable order.
const KIND_RANK: Record<QuerySelector['kind'], number> = {
  overallLatest: 0,
  mainBranch: 1,
  branch: 2,
  eachBranch: 2,
  latestTag: 3,
  allTag: 4,
  deployed: 5,
  released: 6,
  environment: 7,
  semver: 8,
}

function sortKey(s: Selection): string {
  return branchOf(s) ?? tagOf(s) ?? (s.selector.kind === 'allTag' ? s.selector.tag : undefined) ?? s.environment ?? ''
}

function deploymentGroupDescription(selections: Selection[], verb: string): string[] {
  return [...groupBy(selections, (s) => s.selector.consumer)].map(([consumer, group]) => {
    const label = consumer ? `version(s) of ${consumer}` : 'consumer version(s)'
    return `${label} ${verb} ${joinUnquoted(group.map((s) => `${s.environment} (${s.consumerVersionNumber})`))}`
  })
}

/** The bullet list of criteria in the inclusion notice. */
export function selectionDescriptions(pact: Pick<SelectedPact, 'selections' | 'consumerMainBranch'>, providerName: string): string {
  const sorted = [...pact.selections].sort((a, b) => KIND_RANK[a.selector.kind] - KIND_RANK[b.selector.kind] || sortKey(a).localeCompare(sortKey(b)))
  const lines = [...groupBy(sorted, (s) => KIND_RANK[s.selector.kind]).values()].flatMap((group) => {
    const kind = group[0]!.selector.kind
    if (kind === 'deployed') return deploymentGroupDescription(group, 'currently deployed to')
    if (kind === 'released') return deploymentGroupDescription(group, 'released and supported in')
    return group.map((s) => selectionDescription(s, providerName, pact.consumerMainBranch))
  })
  return lines.map((line) => `    * ${line}`).join('\n')
}

function pendingBranchOrTagsDescription(pact: VerifiablePact, providerName: string, anyOrA: 'any' | 'a' = 'any'): string {
  const { providerBranch, pendingTags } = pact.status
  if (providerBranch) return `${anyOrA} version of ${providerName} from branch '${providerBranch}'`
  if (pendingTags.length === 0) return providerName
  if (pendingTags.length === 1) return `${anyOrA} version of ${providerName} with tag '${pendingTags[0]}'`
  return `${anyOrA} versions of ${providerName} with tag ${join(pendingTags)}`
}

function nonPendingBranchOrTagsDescription(pact: VerifiablePact, providerName: string): string {
  const { providerBranch, nonPendingTags } = pact.status
  if (providerBranch) return `a version of ${providerName} from branch '${providerBranch}'`
  if (nonPendingTags.length === 0) return providerName
  if (nonPendingTags.length === 1) return `a version of ${providerName} with tag '${nonPendingTags[0]}'`
  return `a version of ${providerName} with tag ${join(nonPendingTags)}`
}

function withTheseTags(pact: VerifiablePact): string {
  const n = pact.status.pendingTags.length
  return n === 0 ? '' : n === 1 ? 'with this tag ' : 'with these tags '
}

/** Why this pact is in the list (the first `before_verification` notice). */
export function inclusionReason(pact: VerifiablePact, providerName: string, pactUrl: string): string {
  if (pact.wip) {
    const tags = headTags(pact.selections)
    const branches = headBranches(pact.selections)
    const versionText = tags.length === 1 || branches.length === 1 ? 'version' : 'versions'
    const parts: string[] = []
    if (branches.length) parts.push(`from ${branches.length === 1 ? 'branch' : 'branches'} ${join(branches)}`)
    if (tags.length) parts.push(`tagged with ${join(tags)}`)
    const n = pact.selections.length
    const sameContent = n === 1 ? '' : n === 2 ? ' (both have the same content)' : ' (all have the same content)'
    return (
      `The pact at ${pactUrl} is being verified because it is a 'work in progress' pact (ie. it is the pact for the latest ${versionText} ` +
      `of ${pact.consumerName} ${parts.join(' and ')}${sameContent} and it has not yet been successfully verified by ` +
      `${pendingBranchOrTagsDescription(pact, providerName, 'a')} when the pact's application version was explicitly specified in the consumer ` +
      `version selectors). ${READ_MORE_WIP}`
    )
  }
  const n = pact.selections.length
  return (
    `The pact at ${pactUrl} is being verified because the pact content belongs to ${n === 1 ? 'the consumer version' : 'the consumer versions'} ` +
    `matching the following ${n > 1 ? 'criteria' : 'criterion'}:\n${selectionDescriptions(pact, providerName)}`
  )
}

/** Whether a failure will fail the build, and why (the second `before_verification` notice). */
export function pendingReason(pact: VerifiablePact, providerName: string): string {
  if (pact.status.pending && pact.wip) {
    return `This pact is in pending state for this version of ${providerName} because it was included as a 'work in progress' pact. If this verification fails, it will not cause the overall build to fail. ${READ_MORE_PENDING}`
  }
  if (pact.status.pending) {
    return `This pact is in pending state for this version of ${providerName} because a successful verification result for ${pendingBranchOrTagsDescription(pact, providerName, 'a')} has not yet been published. If this verification fails, it will not cause the overall build to fail. ${READ_MORE_PENDING}`
  }
  return `This pact has previously been successfully verified by ${nonPendingBranchOrTagsDescription(pact, providerName)}. If this verification fails, it will fail the build. ${READ_MORE_PENDING}`
}

/**
 * Every notice for a pact, in the Pact Broker's order: the inclusion reason; then, when pending status was
 * requested, the pending reason and (for pending pacts) what each verification outcome will mean.
 * @example buildNotices(pact, 'users', url, { includePendingStatus: true })[0].when // 'before_verification'
 */
export function buildNotices(pact: VerifiablePact, providerName: string, pactUrl: string, options: { includePendingStatus: boolean }): VerificationNotice[] {
  const notices: VerificationNotice[] = [{ when: 'before_verification', text: inclusionReason(pact, providerName, pactUrl) }]
  if (!options.includePendingStatus) return notices
  notices.push({ when: 'before_verification', text: pendingReason(pact, providerName) })
  if (pact.status.pending) {
    const description = pendingBranchOrTagsDescription(pact, providerName)
    const tags = withTheseTags(pact)
    const stillPending = `This pact is still in pending state for ${description} as a successful verification result ${tags}has not yet been published`
    notices.push(
      {
        when: 'after_verification:success_true_published_false',
        text: `This pact is still in pending state for ${description} as the successful verification results ${tags}have not yet been published.`,
      },
      { when: 'after_verification:success_false_published_false', text: stillPending },
      {
        when: 'after_verification:success_true_published_true',
        text: `This pact is no longer in pending state for ${description}, as a successful verification result ${tags}has been published. If a verification for a version of ${providerName} ${tags}fails in the future, it will fail the build. ${READ_MORE_PENDING}`,
      },
      { when: 'after_verification:success_false_published_true', text: stillPending },
    )
  }
  return notices
}
