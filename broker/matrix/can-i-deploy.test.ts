import { describe, expect, it } from 'vitest'
import { type Integration, type MatrixRow, type RowSchemaResult, applyLatestBy, decide, splitIgnored, withCheckReasons } from './can-i-deploy.js'
import { type ResolvedSelector, anyVersionSelector, describeSelector } from './selectors.js'

const ids: Record<string, number> = { Foo: 1, Bar: 2, Baz: 3 }
let nextId = 100
const version = (number: string) => ({ id: Number(number), number, orderKey: number.padStart(8, '0') })

function row(consumer: string, cv: string, provider: string, pv: string | null, success: boolean | null, verificationId = nextId++): MatrixRow {
  return {
    consumerId: ids[consumer]!,
    consumerName: consumer,
    consumerVersion: version(cv),
    providerId: ids[provider]!,
    providerName: provider,
    providerVersion: pv === null ? null : version(pv),
    pactVersionId: 1,
    pactSha: 'abc',
    pactCreatedAt: new Date(0),
    verification: pv === null || success === null ? null : { id: verificationId, success, verifiedAt: new Date(0) },
  }
}

function selector(name: string, overrides: Partial<ResolvedSelector> = {}): ResolvedSelector {
  return { ...anyVersionSelector(ids[name]!, name, 'specified'), ...overrides }
}

const specifiedFoo1 = selector('Foo', { versionId: 1, versionNumber: '1', versionSpecified: true })
const inferredBarProd = selector('Bar', { type: 'inferred', versionId: 2, versionNumber: '2', environment: 'production' })
const fooNeedsBar: Integration = { consumerId: 1, consumerName: 'Foo', providerId: 2, providerName: 'Bar', required: true }

describe('decide', () => {
  it('is deployable when every considered row succeeded', () => {
    const d = decide({
      rows: [row('Foo', '1', 'Bar', '2', true)],
      selectors: [specifiedFoo1, inferredBarProd],
      ignoreSelectors: [],
      integrations: [fooNeedsBar],
      options: { environment: 'production' },
    })
    expect(d.summary).toEqual({ deployable: true, reason: 'All required verification results are published and successful', success: 1, failed: 0, unknown: 0 })
    expect(d.notices).toEqual([{ type: 'success', text: 'All required verification results are published and successful' }])
  })

  it('is not deployable when a verification failed, naming both sides', () => {
    const d = decide({
      rows: [row('Foo', '1', 'Bar', '2', false)],
      selectors: [specifiedFoo1, inferredBarProd],
      ignoreSelectors: [],
      integrations: [fooNeedsBar],
      options: { environment: 'production' },
    })
    expect(d.summary.deployable).toBe(false)
    expect(d.summary.reason).toBe('The verification for the pact between version 1 of Foo and the version of Bar currently in production (2) failed')
  })

  it('is unknown (never yes) when a row is unverified, even beside a failure', () => {
    const d = decide({
      rows: [row('Foo', '1', 'Bar', '2', false), row('Foo', '1', 'Baz', null, null)],
      selectors: [specifiedFoo1, inferredBarProd, selector('Baz', { type: 'inferred', versionExists: false, environment: 'production' })],
      ignoreSelectors: [],
      integrations: [fooNeedsBar, { ...fooNeedsBar, providerId: 3, providerName: 'Baz' }],
      options: { environment: 'production' },
    })
    expect(d.summary).toMatchObject({ deployable: null, success: 0, failed: 1, unknown: 1 })
    expect(d.summary.reason.split('\n')).toEqual([
      'The verification for the pact between version 1 of Foo and the version of Bar currently in production (2) failed',
      'There is no verified pact between version 1 of Foo and a version of Baz currently in production (no version is currently recorded as deployed/released in this environment)',
    ])
  })

  it('is false when a specified version does not exist', () => {
    const d = decide({
      rows: [],
      selectors: [selector('Foo', { versionExists: false, versionNumber: '9', versionSpecified: true })],
      ignoreSelectors: [],
      integrations: [],
      options: { environment: 'production' },
    })
    expect(d.summary).toMatchObject({ deployable: false, reason: 'No pacts or verifications have been published for version 9 of Foo' })
  })

  it('is unknown when a required integration has no row at all', () => {
    const d = decide({
      rows: [],
      selectors: [specifiedFoo1, inferredBarProd],
      ignoreSelectors: [],
      integrations: [fooNeedsBar],
      options: { environment: 'production' },
    })
    expect(d.summary).toMatchObject({
      deployable: null,
      unknown: 1,
      reason: 'There is no verified pact between version 1 of Foo and the version of Bar currently in production (2)',
    })
  })

  it('needs nothing from integrations that are not required', () => {
    const d = decide({
      rows: [],
      selectors: [specifiedFoo1],
      ignoreSelectors: [],
      integrations: [{ ...fooNeedsBar, required: false }],
      options: { environment: 'production' },
    })
    expect(d.summary).toMatchObject({ deployable: true, reason: 'There are no missing dependencies', unknown: 0 })
  })

  it('ignores rows of an ignored pacticipant and says so', () => {
    const d = decide({
      rows: [row('Foo', '1', 'Bar', '2', false)],
      selectors: [specifiedFoo1, { ...inferredBarProd, ignore: true }],
      ignoreSelectors: [{ pacticipantName: 'Bar', pacticipantExists: true, versionNumber: null, versionExists: true }],
      integrations: [fooNeedsBar],
      options: { environment: 'production' },
    })
    expect(d.summary).toEqual({
      deployable: true,
      reason: '[IGNORED] The verification for the pact between version 1 of Foo and the version of Bar currently in production (2) failed',
      success: 0,
      failed: 0,
      unknown: 0,
      ignored: 1,
    })
    expect(d.notices[0]!.type).toBe('info')
  })

  it('warns about ignore selectors that match nothing and about missing environment and version', () => {
    const d = decide({
      rows: [row('Foo', '1', 'Bar', '2', true)],
      selectors: [
        selector('Foo', { versionId: 1, versionNumber: '1', latest: true }),
        selector('Bar', { type: 'inferred', versionId: 2, versionNumber: '2', latest: true }),
      ],
      ignoreSelectors: [{ pacticipantName: 'Nope', pacticipantExists: false, versionNumber: null, versionExists: true }],
      integrations: [fooNeedsBar],
      options: {},
    })
    expect(d.summary.reason.split('\n')).toEqual([
      'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.',
      'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.',
      'WARN: Cannot ignore any version of Nope (no such pacticipant exists)',
      'All required verification results are published and successful',
    ])
    expect(d.notices.map((n) => n.type)).toEqual(['warning', 'warning', 'warning', 'success'])
  })

  it('filters by success', () => {
    const d = decide({
      rows: [row('Foo', '1', 'Bar', '2', true), row('Foo', '1', 'Bar', '3', false)],
      selectors: [specifiedFoo1],
      ignoreSelectors: [],
      integrations: [],
      options: { success: [false] },
    })
    expect(d.considered.map((r) => r.providerVersion?.number)).toEqual(['3'])
  })
})

describe('decide with schema-level results (no verification)', () => {
  const compatible: RowSchemaResult = {
    status: 'compatible',
    success: true,
    providerSelfVerified: null,
    issue: null,
    moreIssues: 0,
    summary: 'compatible',
    verifiedAt: new Date(0),
  }
  const incompatible: RowSchemaResult = {
    status: 'incompatible',
    success: false,
    providerSelfVerified: null,
    issue: 'the provider may omit `name`, which Foo requires (interaction "get a user")',
    moreIssues: 2,
    summary: '3 incompatibilities',
    verifiedAt: new Date(0),
  }
  const schemaRow = (schema: RowSchemaResult): MatrixRow => ({ ...row('Foo', '1', 'Bar', '2', null), schema })
  const ask = (rows: MatrixRow[], schemaCompatibilityDeployable?: boolean) =>
    decide({
      rows,
      selectors: [specifiedFoo1, inferredBarProd],
      ignoreSelectors: [],
      integrations: [fooNeedsBar],
      options: { environment: 'production', latestby: 'cvpv', ...(schemaCompatibilityDeployable === undefined ? {} : { schemaCompatibilityDeployable }) },
    })

  it('counts a compatible result as a success by default, and says it is by schema', () => {
    const d = ask([schemaRow(compatible)])
    expect(d.summary).toEqual({
      deployable: true,
      reason:
        "Foo 1 and Bar 2 are compatible by schema (no verification)\nNo verification results back this answer: the required pact is only compatible by schema with the provider's API description",
      success: 1,
      failed: 0,
      unknown: 0,
    })
    expect(d.notices.map((n) => n.type)).toEqual(['success', 'success'])
    expect(d.schemaCompatibilityDeployable).toBe(true)
  })

  it('says how many pacts a verification backs and how many only a schema result, when both kinds are required', () => {
    const fooNeedsBaz: Integration = { ...fooNeedsBar, providerId: 3, providerName: 'Baz' }
    const d = decide({
      rows: [schemaRow(compatible), row('Foo', '1', 'Baz', '7', true)],
      selectors: [specifiedFoo1, inferredBarProd],
      ignoreSelectors: [],
      integrations: [fooNeedsBar, fooNeedsBaz],
      options: { environment: 'production', latestby: 'cvpv' },
    })
    expect(d.summary.deployable).toBe(true)
    expect(d.summary.reason.split('\n')).toEqual([
      'Foo 1 and Bar 2 are compatible by schema (no verification)',
      '1 required verification result(s) are published and successful; 1 more pact(s) are only compatible by schema (no verification)',
    ])
  })

  it('counts a compatible result as unknown when the broker does not accept schema-only results', () => {
    const d = ask([schemaRow(compatible)], false)
    expect(d.summary).toMatchObject({ deployable: null, success: 0, unknown: 1 })
    expect(d.summary.reason).toBe('Foo 1 and Bar 2 are compatible by schema, but there is no verification and this broker does not accept schema-only results')
    expect(d.notices[0]!.type).toBe('error')
  })

  it('fails on an incompatible result, naming the first problem and how many more', () => {
    const d = ask([schemaRow(incompatible)])
    expect(d.summary).toMatchObject({ deployable: false, failed: 1 })
    expect(d.summary.reason).toBe(
      'Bar 2\'s API description is incompatible with the pact of Foo 1: the provider may omit `name`, which Foo requires (interaction "get a user") (and 2 more)',
    )
  })

  it('fails when the provider reported that its own test of the description failed', () => {
    const d = ask([schemaRow({ ...compatible, success: false, providerSelfVerified: false })])
    expect(d.summary).toMatchObject({ deployable: false, failed: 1 })
    expect(d.summary.reason).toBe(
      "Bar 2's API description failed the provider's own test, so it does not count as compatible with the pact of Foo 1 (no verification)",
    )
  })

  it('is unknown, never yes, for an unknown or a pending comparison', () => {
    const unknown = ask([
      schemaRow({
        ...compatible,
        status: 'unknown',
        success: null,
        issue: 'comparing the schemas took longer than 10000 ms (interaction "list")',
        summary: 'unknown',
      }),
    ])
    expect(unknown.summary).toMatchObject({ deployable: null, unknown: 1 })
    expect(unknown.summary.reason).toBe(
      'Whether the pact of Foo 1 is compatible with Bar 2\'s API description is unknown (no verification): comparing the schemas took longer than 10000 ms (interaction "list")',
    )
    const pending = ask([schemaRow({ ...compatible, status: 'pending', success: null, verifiedAt: null })], true)
    expect(pending.summary).toMatchObject({ deployable: null, unknown: 1 })
    expect(pending.summary.reason).toBe("The pact of Foo 1 is still being compared with Bar 2's API description (no verification): ask again shortly")
  })
})

describe('withCheckReasons (the deprecations gate folded into the decision)', () => {
  const deployable = () =>
    decide({
      rows: [row('Foo', '1', 'Bar', '2', true)],
      selectors: [specifiedFoo1, inferredBarProd],
      ignoreSelectors: [],
      integrations: [fooNeedsBar],
      options: { environment: 'production' },
    })

  it('leaves a decision without reasons as it is', () => {
    const d = deployable()
    expect(withCheckReasons(d, [])).toBe(d)
  })

  it('refuses on an error, even where every verification succeeded, and appends the reason and a notice', () => {
    const d = withCheckReasons(deployable(), [{ level: 'error', text: 'Foo 1 still uses GET /x, removed in Bar 2' }])
    expect(d.summary.deployable).toBe(false)
    expect(d.summary.reason).toBe('All required verification results are published and successful\nFoo 1 still uses GET /x, removed in Bar 2')
    expect(d.notices.at(-1)).toEqual({ type: 'error', text: 'Foo 1 still uses GET /x, removed in Bar 2' })
  })

  it('keeps the answer on a warning, and never turns unknown or no into yes', () => {
    expect(withCheckReasons(deployable(), [{ level: 'warning', text: 'past sunset' }]).summary.deployable).toBe(true)
    const unknown = decide({
      rows: [row('Foo', '1', 'Bar', null, null)],
      selectors: [specifiedFoo1, inferredBarProd],
      ignoreSelectors: [],
      integrations: [fooNeedsBar],
      options: { environment: 'production' },
    })
    expect(withCheckReasons(unknown, [{ level: 'warning', text: 'past sunset' }]).summary.deployable).toBeNull()
  })
})

describe('applyLatestBy', () => {
  const rows = [row('Foo', '1', 'Bar', '2', true), row('Foo', '1', 'Bar', '3', false), row('Foo', '2', 'Bar', '2', true), row('Foo', '2', 'Baz', null, null)]
  it('cvpv keeps each provider version', () => expect(applyLatestBy(rows, 'cvpv')).toHaveLength(4))
  it('cvp keeps the newest provider version per consumer version', () => {
    expect(applyLatestBy(rows, 'cvp').map((r) => `${r.consumerVersion.number}-${r.providerName}-${r.providerVersion?.number ?? '?'}`)).toEqual([
      '1-Bar-3',
      '2-Bar-2',
      '2-Baz-?',
    ])
  })
  it('cp keeps the newest consumer version per integration', () => {
    expect(applyLatestBy(rows, 'cp').map((r) => `${r.consumerVersion.number}-${r.providerName}-${r.providerVersion?.number ?? '?'}`)).toEqual([
      '2-Bar-2',
      '2-Baz-?',
    ])
  })
  it('no latestby keeps every row', () => expect(applyLatestBy(rows, undefined)).toBe(rows))
})

describe('splitIgnored', () => {
  it('ignores by pacticipant, or by version when one is named', () => {
    const rows = [row('Foo', '1', 'Bar', '2', true), row('Foo', '1', 'Bar', '3', true)]
    const { considered, ignored } = splitIgnored(rows, [{ pacticipantName: 'Bar', pacticipantExists: true, versionNumber: '3', versionExists: true }])
    expect(considered.map((r) => r.providerVersion?.number)).toEqual(['2'])
    expect(ignored.map((r) => r.providerVersion?.number)).toEqual(['3'])
  })
})

describe('describeSelector', () => {
  it.each<[Partial<ResolvedSelector>, string]>([
    [{ versionNumber: '1', versionId: 1 }, 'version 1 of Foo'],
    [{ versionNumber: '9', versionExists: false }, 'version 9 of Foo (no such version exists)'],
    [{ latest: true, versionNumber: '3', versionId: 3 }, 'the latest version of Foo (3)'],
    [{ latest: true, tag: 'prod', versionNumber: '3', versionId: 3 }, 'the latest version of Foo with tag prod (3)'],
    [{ latest: true, branch: 'main', versionNumber: '3', versionId: 3 }, 'the latest version of Foo from branch main (3)'],
    [{ latest: true, branch: 'main', versionExists: false }, 'the latest version of Foo from branch main (no such version exists)'],
    [{ mainBranch: true, versionExists: false }, 'a version of Foo from the main branch (no such version exists)'],
    [{ environment: 'production', versionNumber: '5', versionId: 5, oneOfMany: true }, 'one of the versions of Foo currently in production (5)'],
    [{ semver: '^2.0.0', versionNumber: '2.3.1', versionId: 7 }, 'the highest version of Foo matching ^2.0.0 (2.3.1)'],
    [{}, 'any version of Foo'],
  ])('%j', (overrides, text) => expect(describeSelector(selector('Foo', overrides))).toBe(text))
})
