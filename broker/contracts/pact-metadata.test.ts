import { describe, expect, it } from 'vitest'
import { decodePactMetadata, encodePactMetadata } from './pact-metadata.js'

describe('pact metadata segment', () => {
  it('round-trips and stays a single URL path segment', () => {
    const metadata = { s: [{ cv: '1.0.0/feat', b: 'feat/x', l: true }], p: true }
    const segment = encodePactMetadata(metadata)
    expect(segment).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodePactMetadata(segment)).toEqual(metadata)
  })

  it('treats foreign or damaged segments as no metadata', () => {
    expect(decodePactMetadata('cyU1QiU1RCU1QnQlNUQ9cHJvZA')).toEqual({})
    expect(decodePactMetadata('%%%')).toEqual({})
    expect(decodePactMetadata(undefined)).toEqual({})
  })
})
