import { describe, expect, it } from 'vitest'
import { buildNotices, inclusionReason, shortDescription, type VerifiablePact } from './notices.js'
import type { QuerySelector, Selection } from './selectors.js'

const URL = 'http://broker/pacts/provider/users/consumer/web/pact-version/abc/metadata/xyz'

const sel = (selector: QuerySelector, version: string, extra: Partial<Selection> = {}): Selection => ({
  selector,
  consumerName: 'web',
  consumerVersionNumber: version,
  consumerVersionOrder: { orderKey: version, id: 1 },
  ...extra,
})

const pact = (selections: Selection[], over: Partial<VerifiablePact> = {}): VerifiablePact => ({
  consumerId: 1,
  consumerName: 'web',
  consumerMainBranch: 'main',
  pactVersionId: 1,
  sha: 'abc',
  consumerVersionNumber: '1.0.1',
  consumerVersionOrder: { orderKey: '1.0.1', id: 1 },
  selections,
  wip: false,
  status: { pending: false, pendingTags: [], nonPendingTags: [] },
  ...over,
})

describe('shortDescription', () => {
  it('joins the short description of every selection', () => {
    const p = pact([
      sel({ kind: 'overallLatest' }, '1'),
      sel({ kind: 'mainBranch' }, '1', { branch: 'main' }),
      sel({ kind: 'branch', branch: 'feat' }, '1'),
      sel({ kind: 'latestTag', tag: 'prod', fallbackTag: 'main' }, '1', { fallbackUsed: true }),
      sel({ kind: 'allTag', tag: 'prod', consumer: 'web' }, '1'),
      sel({ kind: 'allTag', tag: 'prod' }, '1'),
      sel({ kind: 'deployed' }, '1', { environment: 'production' }),
      sel({ kind: 'released' }, '1', { environment: 'production' }),
    ])
    expect(shortDescription(p)).toBe(
      'latest, latest from main branch, latest from branch feat, latest with tag main, one of web prod, one of prod, deployed to production, released in production',
    )
  })
})

describe('inclusionReason', () => {
  it('lists the criteria, deployments grouped, as the Pact Broker words them', () => {
    const p = pact([
      sel({ kind: 'deployed', consumer: 'web' }, '1.0.0', { environment: 'production' }),
      sel({ kind: 'deployed', consumer: 'web' }, '0.9.0', { environment: 'test' }),
      sel({ kind: 'mainBranch' }, '1.0.1', { branch: 'main' }),
      sel({ kind: 'latestTag', tag: 'prod', fallbackTag: 'main', consumer: 'web' }, '1.0.1', { fallbackUsed: true }),
    ])
    expect(inclusionReason(p, 'users', URL)).toBe(
      `The pact at ${URL} is being verified because the pact content belongs to the consumer versions matching the following criteria:\n` +
        "    * latest version from the main branch 'main' (1.0.1)\n" +
        "    * latest version of web tagged 'main' (fallback tag used as no pact was found with tag 'prod') (1.0.1)\n" +
        '    * version(s) of web currently deployed to production (1.0.0) and test (0.9.0)',
    )
  })

  it('uses the singular for one criterion', () => {
    expect(inclusionReason(pact([sel({ kind: 'overallLatest', consumer: 'web' }, '3')]), 'users', URL)).toBe(
      `The pact at ${URL} is being verified because the pact content belongs to the consumer version matching the following criterion:\n` +
        '    * latest version of web that has a pact with users (3)',
    )
  })

  it('explains a WIP pact', () => {
    const p = pact([sel({ kind: 'branch', branch: 'feat-x' }, '2')], {
      wip: true,
      status: { pending: true, providerBranch: 'main', pendingTags: [], nonPendingTags: [] },
    })
    expect(inclusionReason(p, 'users', URL)).toBe(
      `The pact at ${URL} is being verified because it is a 'work in progress' pact (ie. it is the pact for the latest version of web from branch 'feat-x' and it has not yet been successfully verified by a version of users from branch 'main' when the pact's application version was explicitly specified in the consumer version selectors). Read more at https://docs.pact.io/go/wip`,
    )
  })
})

describe('buildNotices', () => {
  const one = [sel({ kind: 'mainBranch' }, '1', { branch: 'main' })]

  it('has only the inclusion reason without pending status', () => {
    expect(buildNotices(pact(one), 'users', URL, { includePendingStatus: false }).map((n) => n.when)).toEqual(['before_verification'])
  })

  it('says a non-pending pact will fail the build', () => {
    const notices = buildNotices(pact(one, { status: { pending: false, providerBranch: 'main', pendingTags: [], nonPendingTags: [] } }), 'users', URL, {
      includePendingStatus: true,
    })
    expect(notices).toHaveLength(2)
    expect(notices[1]).toEqual({
      when: 'before_verification',
      text: "This pact has previously been successfully verified by a version of users from branch 'main'. If this verification fails, it will fail the build. Read more at https://docs.pact.io/go/pending",
    })
  })

  it('says a pending pact will not, and what each outcome means', () => {
    const notices = buildNotices(pact(one, { status: { pending: true, providerBranch: 'main', pendingTags: [], nonPendingTags: [] } }), 'users', URL, {
      includePendingStatus: true,
    })
    expect(notices.map((n) => n.when)).toEqual([
      'before_verification',
      'before_verification',
      'after_verification:success_true_published_false',
      'after_verification:success_false_published_false',
      'after_verification:success_true_published_true',
      'after_verification:success_false_published_true',
    ])
    expect(notices[1]!.text).toBe(
      "This pact is in pending state for this version of users because a successful verification result for a version of users from branch 'main' has not yet been published. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending",
    )
    expect(notices[4]!.text).toBe(
      "This pact is no longer in pending state for any version of users from branch 'main', as a successful verification result has been published. If a verification for a version of users fails in the future, it will fail the build. Read more at https://docs.pact.io/go/pending",
    )
  })

  it('words pending by provider tags', () => {
    const notices = buildNotices(pact(one, { status: { pending: true, pendingTags: ['dev', 'prod'], nonPendingTags: [] } }), 'users', URL, {
      includePendingStatus: true,
    })
    expect(notices[2]!.text).toBe(
      "This pact is still in pending state for any versions of users with tag 'dev' and 'prod' as the successful verification results with these tags have not yet been published.",
    )
  })

  it('every value of every notice is a string', () => {
    const notices = buildNotices(pact(one, { wip: true, status: { pending: true, pendingTags: ['dev'], nonPendingTags: [] } }), 'users', URL, {
      includePendingStatus: true,
    })
    for (const n of notices) for (const v of Object.values(n)) expect(typeof v).toBe('string')
    expect(notices[1]!.text).toContain("because it was included as a 'work in progress' pact")
  })
})
