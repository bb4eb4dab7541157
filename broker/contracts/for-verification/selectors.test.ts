import { describe, expect, it } from 'vitest'
import {
  defaultSelectors,
  memberFor,
  mergeSelections,
  planQueries,
  type QuerySelector,
  type SelectedPactRow,
  selectionFor,
  toQuerySelectors,
} from './selectors.js'

const row = (over: Partial<SelectedPactRow>): SelectedPactRow => ({
  consumerId: 1,
  consumerName: 'web',
  consumerMainBranch: 'main',
  consumerVersionId: 10,
  consumerVersionNumber: '1.0.0',
  consumerVersionOrderKey: 'a',
  pactVersionId: 100,
  sha: 'aaa',
  ...over,
})

describe('toQuerySelectors', () => {
  it.each<[object, object, QuerySelector[]]>([
    [{ mainBranch: true }, {}, [{ kind: 'mainBranch' }]],
    [{ mainBranch: true, consumer: 'web' }, {}, [{ kind: 'mainBranch', consumer: 'web' }]],
    [{ branch: 'feat' }, {}, [{ kind: 'branch', branch: 'feat' }]],
    [{ branch: 'feat', fallbackBranch: 'main' }, {}, [{ kind: 'branch', branch: 'feat', fallbackBranch: 'main' }]],
    [{ branch: true }, {}, [{ kind: 'eachBranch' }]],
    [{ matchingBranch: true }, { providerVersionBranch: 'feat' }, [{ kind: 'branch', branch: 'feat' }]],
    [{ tag: 'prod', latest: true, fallbackTag: 'main' }, {}, [{ kind: 'latestTag', tag: 'prod', fallbackTag: 'main' }]],
    [{ tag: 'prod' }, {}, [{ kind: 'allTag', tag: 'prod' }]],
    [{ tag: 'prod', latest: false }, {}, [{ kind: 'allTag', tag: 'prod' }]],
    [{ latest: true }, {}, [{ kind: 'overallLatest' }]],
    [{ deployed: true }, {}, [{ kind: 'deployed' }]],
    [{ released: true, environment: 'prod' }, {}, [{ kind: 'released', environment: 'prod' }]],
    [
      { deployedOrReleased: true, environment: 'prod' },
      {},
      [
        { kind: 'deployed', environment: 'prod' },
        { kind: 'released', environment: 'prod' },
      ],
    ],
    [{ environment: 'prod' }, {}, [{ kind: 'environment', environment: 'prod' }]],
    [{ semver: '^2.0.0', consumer: 'web' }, {}, [{ kind: 'semver', range: '^2.0.0', consumer: 'web' }]],
  ])('%j → query selectors', (input, context, expected) => {
    expect(toQuerySelectors(input, context)).toEqual(expected)
  })
})

describe('defaultSelectors', () => {
  it('takes the main branch, else the main branch as a tag, else the latest, plus deployed and released', () => {
    expect(
      defaultSelectors([
        { name: 'a', mainBranchWithVersions: 'main', mainBranchAsTag: 'main' },
        { name: 'b', mainBranchWithVersions: null, mainBranchAsTag: 'master' },
        { name: 'c', mainBranchWithVersions: null, mainBranchAsTag: null },
      ]),
    ).toEqual([
      { kind: 'mainBranch', consumer: 'a' },
      { kind: 'latestTag', tag: 'master', consumer: 'b', tagIsMainBranch: true },
      { kind: 'overallLatest', consumer: 'c' },
      { kind: 'deployed' },
      { kind: 'released' },
    ])
  })
})

describe('mergeSelections', () => {
  it('keeps one entry per consumer and content, with every reason and the latest consumer version', () => {
    const main: QuerySelector = { kind: 'mainBranch' }
    const deployed: QuerySelector = { kind: 'deployed' }
    const older = row({ consumerVersionId: 10, consumerVersionNumber: '1.0.0', consumerVersionOrderKey: 'a', environment: 'production', target: 'deployed' })
    const newer = row({ consumerVersionId: 11, consumerVersionNumber: '1.1.0', consumerVersionOrderKey: 'b', branch: 'main' })
    const merged = mergeSelections([
      { row: older, selection: selectionFor(deployed, older) },
      { row: newer, selection: selectionFor(main, newer) },
      // the same version deployed to two application instances: one reason, not two
      { row: older, selection: selectionFor(deployed, older) },
    ])
    expect(merged).toHaveLength(1)
    expect(merged[0]!.consumerVersionNumber).toBe('1.1.0')
    expect(merged[0]!.selections.map((s) => [s.selector.kind, s.consumerVersionNumber, s.environment ?? s.branch])).toEqual([
      ['deployed', '1.0.0', 'production'],
      ['mainBranch', '1.1.0', 'main'],
    ])
  })

  it('keeps different content apart and sorts by consumer name (case-insensitive), then version order', () => {
    const s: QuerySelector = { kind: 'overallLatest' }
    const rows = [
      row({ consumerId: 2, consumerName: 'Zeta', sha: 'z' }),
      row({ consumerId: 1, consumerName: 'alpha', sha: 'b', consumerVersionId: 12, consumerVersionOrderKey: 'c' }),
      row({ consumerId: 1, consumerName: 'alpha', sha: 'a', consumerVersionId: 11, consumerVersionOrderKey: 'b' }),
    ]
    const merged = mergeSelections(rows.map((r) => ({ row: r, selection: selectionFor(s, r) })))
    expect(merged.map((m) => `${m.consumerName}:${m.sha}`)).toEqual(['alpha:a', 'alpha:b', 'Zeta:z'])
  })
})

describe('planQueries', () => {
  it('runs per-consumer selectors of one kind as one query, and the others on their own', () => {
    const plans = planQueries([
      { kind: 'mainBranch', consumer: 'a' },
      { kind: 'mainBranch', consumer: 'b' },
      { kind: 'latestTag', tag: 'master', consumer: 'c', tagIsMainBranch: true },
      { kind: 'latestTag', tag: 'develop', consumer: 'd', tagIsMainBranch: true },
      { kind: 'latestTag', tag: 'prod', consumer: 'e' },
      { kind: 'deployed' },
      { kind: 'deployed' },
    ])
    expect(plans.map((p) => [p.template, p.consumers])).toEqual([
      [{ kind: 'mainBranch' }, ['a', 'b']],
      [{ kind: 'latestTag', tag: 'master', tagIsMainBranch: true }, ['c', 'd']],
      [{ kind: 'latestTag', tag: 'prod' }, ['e']],
      [{ kind: 'deployed' }, undefined],
      [{ kind: 'deployed' }, undefined],
    ])
    expect(memberFor(plans[1]!, 'd')).toEqual({ kind: 'latestTag', tag: 'develop', consumer: 'd', tagIsMainBranch: true })
  })
})
