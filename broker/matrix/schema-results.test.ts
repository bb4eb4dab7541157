import { describe, expect, it } from 'vitest'
import type { MatrixRow, RowSchemaResult } from './can-i-deploy.js'
import { schemaCandidates, withSchemaResults } from './schema-results.js'
import { anyVersionSelector, type ResolvedSelector } from './selectors.js'

const version = (number: string) => ({ id: Number(number), number, orderKey: number.padStart(8, '0') })
const WEB = 1
const USERS = 2

/** A pact of web `cv` (content `pact`) with users, verified by users `pv` (or unverified). */
function row(cv: string, pact: number, pv: string | null, success: boolean | null = true): MatrixRow {
  return {
    consumerId: WEB,
    consumerName: 'web',
    consumerVersion: version(cv),
    providerId: USERS,
    providerName: 'users',
    providerVersion: pv === null ? null : version(pv),
    pactVersionId: pact,
    pactSha: `sha${pact}`,
    pactCreatedAt: new Date(0),
    verification: pv === null || success === null ? null : { id: Number(pv) * 1000, success, verifiedAt: new Date(0) },
  }
}

const users = (...numbers: string[]): ResolvedSelector[] =>
  numbers.map((n) => ({
    ...anyVersionSelector(USERS, 'users', 'inferred'),
    versionId: Number(n),
    versionNumber: n,
    environment: 'production',
    oneOfMany: numbers.length > 1,
  }))
const web11: ResolvedSelector = { ...anyVersionSelector(WEB, 'web', 'specified'), versionId: 11, versionNumber: '11', versionSpecified: true }
const compatible: RowSchemaResult = {
  status: 'compatible',
  success: true,
  providerSelfVerified: null,
  issue: null,
  moreIssues: 0,
  summary: 'compatible',
  verifiedAt: new Date(0),
}
const result = (pact: number, pv: string, r: RowSchemaResult = compatible) => ({ pactVersionId: pact, providerVersion: version(pv), result: r })

describe('schemaCandidates', () => {
  it('asks about every selected provider version that has not verified the pact', () => {
    expect(schemaCandidates([row('11', 7, null)], [web11, ...users('20', '21')])).toEqual([
      { pactVersionId: 7, providerVersionId: 20 },
      { pactVersionId: 7, providerVersionId: 21 },
    ])
  })

  it('never asks about a pair that has a verification, failed or not (the verification wins)', () => {
    expect(schemaCandidates([row('11', 7, '20', false)], [web11, ...users('20')])).toEqual([])
    expect(schemaCandidates([row('11', 7, '20', true)], [web11, ...users('20', '21')])).toEqual([{ pactVersionId: 7, providerVersionId: 21 }])
  })

  it('asks nothing when the provider side is "any version" or has no version', () => {
    expect(schemaCandidates([row('11', 7, null)], [web11, { ...anyVersionSelector(USERS, 'users', 'inferred') }])).toEqual([])
    expect(
      schemaCandidates([row('11', 7, null)], [web11, { ...anyVersionSelector(USERS, 'users', 'inferred'), versionExists: false, environment: 'production' }]),
    ).toEqual([])
  })
})

describe('withSchemaResults', () => {
  it('replaces the unverified row by one row per provider version with a schema result', () => {
    const rows = withSchemaResults([row('11', 7, null)], [web11, ...users('20', '21')], [result(7, '20'), result(7, '21')])
    expect(rows.map((r) => [r.providerVersion?.number, r.verification, r.schema?.status])).toEqual([
      ['20', null, 'compatible'],
      ['21', null, 'compatible'],
    ])
  })

  it('keeps the unverified row when no provider version has a schema result', () => {
    const rows = [row('11', 7, null)]
    expect(withSchemaResults(rows, [web11, ...users('20')], [result(8, '20')])).toEqual(rows)
  })

  it('adds a schema row beside a verification by another provider version, and never over a verified pair', () => {
    const rows = withSchemaResults([row('11', 7, '20', false)], [web11, ...users('20', '21')], [result(7, '20'), result(7, '21')])
    expect(rows.map((r) => [r.providerVersion?.number, r.verification?.success ?? null, r.schema?.status ?? null])).toEqual([
      ['20', false, null],
      ['21', null, 'compatible'],
    ])
  })
})
