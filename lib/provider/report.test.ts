/**
 * The report builder, pure: matching pact's verifier JSON to the pacts we expected, including two pacts from the
 * same consumer (which pact files errors under the same key) and pending failures.
 */
import { describe, expect, it } from 'vitest'
import { buildPactResults, errorKey, formatSummary, parseVerifierJson, type ExpectedPact, type VerifierJson } from './report.js'

const pact = (source: string, pending = false): ExpectedPact => ({
  consumer: 'web',
  provider: 'users',
  source,
  pending,
  wip: false,
  interactions: [
    { description: 'get user', providerStates: ['a user exists', 'it is admin'] },
    { description: 'list users', providerStates: [] },
  ],
})

const bodyMismatch = {
  type: 'mismatches' as const,
  mismatches: [{ type: 'BodyMismatch', path: '$.name', expected: '"Ann"', actual: '42', mismatch: 'Expected 42 to be a string' }],
}

describe('errorKey', () => {
  it("matches pact's 'Verifying a pact between … Given … And … - description'", () => {
    expect(errorKey('web', 'users', ['a', 'b'], 'get user')).toBe('Verifying a pact between web and users Given a And b - get user')
    expect(errorKey('web', 'users', [], 'list users')).toBe('Verifying a pact between web and users - list users')
  })
})

describe('buildPactResults', () => {
  it('keeps two pacts from the same consumer apart by verification order', () => {
    const key = errorKey('web', 'users', ['a user exists', 'it is admin'], 'get user')
    const json: VerifierJson = {
      result: false,
      errors: [{ interaction: key, mismatch: bodyMismatch }],
      interactionResults: [
        { description: 'get user', result: 'OK' },
        { description: 'list users', result: 'OK' },
        { description: 'get user', result: 'Error' },
        { description: 'list users', result: 'OK' },
      ],
    }
    const [first, second] = buildPactResults([pact('one'), pact('two')], json)
    expect(first!.success).toBe(true)
    expect(second!.success).toBe(false)
    expect(second!.interactions[0]).toEqual({
      description: 'get user',
      providerStates: ['a user exists', 'it is admin'],
      status: 'failed',
      mismatches: [{ kind: 'body', at: '$.name', expected: '"Ann"', actual: '42', detail: 'Expected 42 to be a string' }],
    })
  })

  it('marks failures of a pending pact as pending, and interactions pact never reported as not run', () => {
    const json: VerifierJson = {
      result: true,
      pendingErrors: [{ interaction: errorKey('web', 'users', [], 'list users'), mismatch: { type: 'error', message: 'connection refused' } }],
      interactionResults: [{ description: 'list users', result: 'Error' }],
    }
    const [result] = buildPactResults([pact('one', true)], json)
    expect(result!.interactions.map((i) => i.status)).toEqual(['not-run', 'pending'])
    expect(result!.interactions[1]!.mismatches).toEqual([{ kind: 'error', detail: 'connection refused' }])
    expect(formatSummary({ provider: 'users', success: true, pacts: [result!], deprecations: [] })).toContain('… pending: "list users"')
  })
})

describe('parseVerifierJson', () => {
  it('accepts the verifier result and refuses anything else', () => {
    expect(parseVerifierJson('{"result":true,"output":[]}')).toEqual({ result: true, output: [] })
    expect(parseVerifierJson('Verification was unable to run')).toBeNull()
    expect(parseVerifierJson('{"other":1}')).toBeNull()
  })
})
