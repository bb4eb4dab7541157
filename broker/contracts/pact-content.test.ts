import { describe, expect, it } from 'vitest'
import { canonicalJson, describeContentChange, interactionId, mergePacts, pactContentSha, parsePact, withInteractionIds } from './pact-content.js'

const pact = (descriptions: string[], version = '3.0.0') => ({
  consumer: { name: 'web' },
  provider: { name: 'users' },
  interactions: descriptions.map((description) => ({ description, request: { method: 'GET', path: '/' }, response: { status: 200 } })),
  metadata: { pactSpecification: { version } },
})

// Computed by the implementation that parsed each interaction's canonical JSON back (before 2026-12): stored
// pact versions are keyed by these SHAs, so a new implementation must give the same ones.
const PINNED_A = '034a34891bd5e26f9205e510a1cb839dd931a4ab'
const PINNED_ODD = 'bd5ed49fb8806386056ce06258ad2b6f43b001b7'

describe('pact content', () => {
  it('hashes only what affects verification: not metadata, key order, interaction order or _id', () => {
    const original = pact(['a', 'b'])
    const sha = pactContentSha(original)
    expect(sha).toMatch(/^[0-9a-f]{40}$/)
    expect(pactContentSha({ ...original, metadata: { ...original.metadata, pactRust: { models: '1.2.5' } } })).toBe(sha)
    expect(pactContentSha({ ...original, interactions: [...original.interactions].reverse() })).toBe(sha)
    expect(pactContentSha(withInteractionIds(original))).toBe(sha)
    const reordered = {
      ...original,
      interactions: original.interactions.map((i) => ({ response: i.response, request: i.request, description: i.description })),
    }
    expect(pactContentSha(reordered)).toBe(sha)
    expect(pactContentSha({ ...original, consumer: { name: 'other' } })).toBe(sha)
  })

  it('keeps the SHAs stored before it was computed without re-parsing (pinned values)', () => {
    expect(pactContentSha(pact(['a']))).toBe(PINNED_A)
    const odd: Record<string, unknown> = { ...pact(['b']), messages: [{ description: 'm', contents: { '10': 1, '9': [2, { z: null, a: 'é' }] } }] }
    odd.metadata = { pactSpecification: { version: '4.0' } }
    expect(pactContentSha(odd)).toBe(PINNED_ODD)
  })

  it('changes the SHA when interactions or the specification version change', () => {
    const sha = pactContentSha(pact(['a']))
    expect(pactContentSha(pact(['b']))).not.toBe(sha)
    expect(pactContentSha(pact(['a'], '2.0.0'))).not.toBe(sha)
    const arrayOrder = pact(['a'])
    ;(arrayOrder.interactions[0] as any).response.body = [1, 2]
    const swapped = pact(['a'])
    ;(swapped.interactions[0] as any).response.body = [2, 1]
    expect(pactContentSha(arrayOrder)).not.toBe(pactContentSha(swapped))
  })

  it('gives each interaction a stable _id', () => {
    const stored = withInteractionIds(pact(['a', 'b']))
    const [first, second] = stored.interactions as any[]
    expect(first._id).toBe(interactionId(pact(['a']).interactions[0]))
    expect(first._id).not.toBe(second._id)
    expect(withInteractionIds(stored)).toEqual(stored)
  })

  it('validates names, interactions and the specification version with pointers', () => {
    expect(parsePact(pact(['a']))).toMatchObject({ ok: true, pact: { consumerName: 'web', providerName: 'users', specificationVersion: '3.0.0' } })
    expect(parsePact({ ...pact(['a']), metadata: { 'pact-specification': { version: '2.0.0' } } })).toMatchObject({
      ok: true,
      pact: { specificationVersion: '2.0.0' },
    })
    expect(parsePact({ consumer: { name: 'a' }, provider: { name: 'b' }, messages: [{ description: 'm', contents: {} }] })).toMatchObject({
      ok: true,
      pact: { specificationVersion: null },
    })
    expect(parsePact([], '/x')).toEqual({ ok: false, errors: [{ pointer: '/x', detail: expect.any(String) }] })
    const bad = parsePact({ consumer: {}, provider: { name: '' }, interactions: {}, metadata: { pactSpecification: { version: '5.0.0' } } })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.errors.map((e) => e.pointer)).toEqual(['/consumer/name', '/provider/name', '/interactions', '/metadata/pactSpecification/version'])
  })

  it('merges by description and provider state, replacing matches and appending the rest', () => {
    const existing = pact(['a', 'b'])
    const incoming = pact(['b', 'c'])
    ;(incoming.interactions[0] as any).response.status = 201
    const merged = mergePacts(withInteractionIds(existing), incoming) as any
    expect(merged.interactions.map((i: any) => [i.description, i.response.status])).toEqual([
      ['a', 200],
      ['b', 201],
      ['c', 200],
    ])
    expect(describeContentChange(existing, incoming)).toBe('Compared with the published pact: 1 interaction(s) added, 1 removed, 1 changed.')
  })

  it('writes canonical JSON with sorted keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}')
  })
})
