/**
 * The library's public API is the explicit list in lib/index.ts: our names only, no pact-js classes leaking out
 * (a change here is a deliberate API change).
 */
import { describe, expect, it } from 'vitest'
import * as lib from '../../lib/index.js'

describe('lib/index.ts', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(lib).sort()).toEqual([
      'BrokerApiError',
      'BrokerUnreachableError',
      'ConcordError',
      'ConfigurationError',
      'DeprecatedUsageError',
      'Matchers',
      'NotABrokerError',
      'VerificationError',
      'assertVerified',
      'consumer',
      'createBrokerClient',
      'detectBranch',
      'detectBuildUrl',
      'formatSummary',
      'isConcordError',
      'publishContracts',
      'resolveMetadata',
      'verifyProvider',
    ])
  })

  it('keeps every matcher under the one Matchers namespace', () => {
    expect(Object.keys(lib.Matchers).sort()).toEqual(
      [
        'arrayContaining',
        'atLeastLike',
        'atLeastOneLike',
        'atMostLike',
        'boolean',
        'constrainedArrayLike',
        'contentType',
        'date',
        'datetime',
        'decimal',
        'eachKeyLike',
        'eachKeyMatches',
        'eachLike',
        'eachValueMatches',
        'equal',
        'fromProviderState',
        'includes',
        'integer',
        'like',
        'nullValue',
        'number',
        'regex',
        'reify',
        'status',
        'string',
        'time',
        'timestamp',
        'url',
        'uuid',
      ].sort(),
    )
    expect(lib.Matchers.like({ id: 1 })).toEqual({ 'pact:matcher:type': 'type', value: { id: 1 } })
  })
})
