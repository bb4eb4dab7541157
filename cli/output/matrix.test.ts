import { describe, expect, it } from 'vitest'
import type { MatrixRow } from '../../lib/broker-client/index.js'
import { integrationJson, verificationStatus } from './matrix.js'
import { createStyle } from './style.js'

const style = createStyle(false)
const row = (verificationResult: MatrixRow['verificationResult']): MatrixRow => ({
  consumer: { name: 'web', version: { number: '1.1.0' } },
  provider: { name: 'users', version: { number: '2.0.0' } },
  verificationResult,
})
const schema = (success: boolean | null, status: string) => ({
  success,
  status,
  verifiedBy: 'schema',
  verifiedAt: null,
  _links: { self: { href: 'http://b/pacticipants/users/versions/2.0.0/provider-contract/verification-results' } },
})

describe('matrix rows with schema-level results', () => {
  it('says "by schema" and what the broker counted', () => {
    expect(verificationStatus(row(schema(true, 'compatible')), style)).toBe('compatible by schema')
    expect(verificationStatus(row(schema(false, 'incompatible')), style)).toBe('incompatible by schema')
    expect(verificationStatus(row(schema(false, 'compatible')), style)).toBe('failed by schema')
    expect(verificationStatus(row(schema(null, 'compatible')), style)).toBe('compatible by schema (not accepted)')
    expect(verificationStatus(row(schema(null, 'pending')), style)).toBe('schema comparison pending')
    expect(verificationStatus(row(schema(null, 'unknown')), style)).toBe('unknown by schema')
    expect(verificationStatus(row({ success: false, _links: { self: { href: 'http://b/…/verification-results/7' } } }), style)).toBe('failed #7')
  })

  it('marks the JSON integration verifiedBy schema or pact', () => {
    expect(integrationJson(row(schema(true, 'compatible'))).verification).toEqual({
      success: true,
      verifiedAt: null,
      url: 'http://b/pacticipants/users/versions/2.0.0/provider-contract/verification-results',
      verifiedBy: 'schema',
    })
    expect(integrationJson(row({ success: true, verifiedAt: '2026-12-01T10:00:00+00:00' })).verification).toMatchObject({ success: true, verifiedBy: 'pact' })
  })
})
