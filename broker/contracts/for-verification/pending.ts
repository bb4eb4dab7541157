/**
 * Pending and work-in-progress rules (§4.6, §4.7 of the API notes), as pure functions over the verification
 * facts the repository gathers for each pact content (pact version) in one query.
 *
 * Pending is per content, not per publication: a new consumer version with identical content inherits the
 * status. A pact is pending for a provider branch B until a provider version on B has verified it
 * successfully, or a version on another branch did so before B was created (so a new provider branch does not
 * see every pact as pending again). With provider tags instead of a branch, the same per tag. With neither,
 * pending until any provider version has verified it successfully.
 */
import type { PendingStatus } from './notices.js'

/** What the provider build says about itself. */
export interface ProviderScope {
  /** The provider version's branch; undefined when none (a blank branch counts as none). */
  branch?: string
  tags: string[]
}

/** Successful verifications of one pact content, seen from one provider branch or tag. */
export interface ScopedFacts {
  /** Verified successfully by a provider version on this branch (or with this tag). */
  success: boolean
  /** …by such a verification that was not of a WIP pact. */
  successNonWip: boolean
  /**
   * Verified successfully by a version on another branch (with another tag) before this one was created. Only
   * looked for when `success` is false (the rules read it only then); false otherwise.
   */
  otherBefore: boolean
  /** The same, not of a WIP pact; only looked for when `successNonWip` is false. */
  otherBeforeNonWip: boolean
}

/** Everything the rules need to know about one pact content. */
export interface VerificationFacts {
  anySuccess: boolean
  anySuccessNonWip: boolean
  branch?: ScopedFacts
  tags: Record<string, ScopedFacts>
}

export const NO_FACTS: VerificationFacts = { anySuccess: false, anySuccessNonWip: false, tags: {} }

const NO_SCOPED: ScopedFacts = { success: false, successNonWip: false, otherBefore: false, otherBeforeNonWip: false }

/**
 * Pending status of an explicitly selected pact.
 * @example pendingStatusOf({ branch: 'main', tags: [] }, facts).pending
 */
export function pendingStatusOf(scope: ProviderScope, facts: VerificationFacts): PendingStatus {
  if (scope.branch) {
    const f = facts.branch ?? NO_SCOPED
    return { pending: !f.success && !f.otherBefore, providerBranch: scope.branch, pendingTags: [], nonPendingTags: [] }
  }
  if (scope.tags.length) {
    const pendingTags = scope.tags.filter((tag) => {
      const f = facts.tags[tag] ?? NO_SCOPED
      return !f.success && !f.otherBefore
    })
    return { pending: pendingTags.length > 0, pendingTags, nonPendingTags: scope.tags.filter((t) => !pendingTags.includes(t)) }
  }
  return { pending: !facts.anySuccess, pendingTags: [], nonPendingTags: [] }
}

/**
 * Whether a WIP candidate (a consumer branch or tag head published after the WIP date) is still work in
 * progress for this provider build: not yet verified successfully by a non-WIP verification from the
 * provider branch (or, with tags, from each tag), counting other branches' verifications from before this
 * branch existed. Undefined when it is not WIP; otherwise the (always pending) status for the notices.
 * No provider branch and no tags ⇒ no WIP pacts.
 */
export function wipStatusOf(scope: ProviderScope, facts: VerificationFacts): PendingStatus | undefined {
  if (scope.branch) {
    const f = facts.branch ?? NO_SCOPED
    if (f.successNonWip || f.otherBeforeNonWip) return undefined
    return { pending: true, providerBranch: scope.branch, pendingTags: [], nonPendingTags: [] }
  }
  if (scope.tags.length) {
    const pendingTags = scope.tags.filter((tag) => {
      const f = facts.tags[tag] ?? NO_SCOPED
      return !f.successNonWip && !f.otherBeforeNonWip
    })
    if (!pendingTags.length) return undefined
    return { pending: true, pendingTags, nonPendingTags: [] }
  }
  return undefined
}
