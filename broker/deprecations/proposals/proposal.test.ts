import { describe, expect, it } from 'vitest'
import { readDescription } from '../../provider-contracts/description.js'
import { listDeprecations } from '../../provider-contracts/deprecations.js'
import { bodyPathToPointer, deprecationLink, itemKey, parseDeprecationHeader, parseSunsetHeader, proposalItemsOf, templateFor } from './proposal.js'

describe('parseSunsetHeader (RFC 9110 IMF-fixdate → YYYY-MM-DD)', () => {
  it.each([
    ['Wed, 31 Mar 2027 00:00:00 GMT', '2027-03-31'],
    ['Wed, 31 Mar 2027 23:59:59 GMT', '2027-03-31'],
    ['Sun, 29 Feb 2032 12:00:00 GMT', '2032-02-29'],
  ])('%s → %s', (header, date) => {
    expect(parseSunsetHeader(header)).toEqual({ ok: true, value: date })
  })

  it.each([
    ['2027-03-31', 'is not an HTTP-date'],
    ['Wednesday, 31-Mar-27 00:00:00 GMT', 'is not an HTTP-date'],
    ['Wed, 31 Mar 2027 00:00:00 UTC', 'is not an HTTP-date'],
    ['Thu, 31 Mar 2027 00:00:00 GMT', 'wrong weekday: 31 Mar 2027 is a Wed'],
    ['Mon, 31 Apr 2027 00:00:00 GMT', 'is not a real date'],
    ['Wed, 31 Mar 2027 24:00:00 GMT', 'is not a real date'],
  ])('refuses %s', (header, error) => {
    const parsed = parseSunsetHeader(header)
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.error).toContain(error)
  })
})

describe('parseDeprecationHeader (RFC 9745 structured-field date)', () => {
  it('reads @seconds', () => {
    expect(parseDeprecationHeader('@1735689600')).toEqual({ ok: true, value: new Date('2025-01-01T00:00:00Z') })
  })
  it.each(['1735689600', '@', '@1.5', 'Wed, 01 Jan 2025 00:00:00 GMT', 'true'])('refuses %s', (value) => {
    expect(parseDeprecationHeader(value).ok).toBe(false)
  })
})

describe('deprecationLink', () => {
  it('takes the rel="deprecation" target, else rel="sunset", else none', () => {
    expect(deprecationLink('<https://a.example/x>; rel="alternate", <https://a.example/dep>; rel="deprecation"; type="text/html"')).toBe(
      'https://a.example/dep',
    )
    expect(deprecationLink('<https://a.example/sun>; rel=sunset')).toBe('https://a.example/sun')
    expect(deprecationLink('<https://a.example/x>; rel="alternate"')).toBeNull()
    expect(deprecationLink(undefined)).toBeNull()
  })
})

describe('templateFor', () => {
  const description = readDescription(`
openapi: 3.0.3
info: { title: t, version: '1' }
servers: [{ url: 'https://api.example.com/api/v1' }]
paths:
  /users/{userId}: { get: { responses: { '200': { description: ok } } } }
  /users/me: { get: { responses: { '200': { description: ok } } } }
`)

  it("takes the description's operation (literal segments first; the server base path kept)", () => {
    expect(templateFor('GET', '/api/v1/users/me', { description, pactPaths: [] })).toEqual({ path: '/api/v1/users/me', source: 'openapi' })
    expect(templateFor('GET', '/api/v1/users/42', { description, pactPaths: [] })).toEqual({ path: '/api/v1/users/{userId}', source: 'openapi' })
  })

  it('else works one out from the pacts: varying segments and identifiers become placeholders', () => {
    expect(templateFor('GET', '/users/42', { description: null, pactPaths: [] })).toEqual({ path: '/users/{id}', source: 'pacts' })
    expect(templateFor('GET', '/users/ann/orders/3f2a1c9e-0a4b-4c8d-9e1f-2a3b4c5d6e7f', { description: null, pactPaths: [] })).toEqual({
      path: '/users/ann/orders/{id}',
      source: 'pacts',
    })
    expect(templateFor('GET', '/users/ann', { description: null, pactPaths: ['/users/bob', '/users/ann'] })).toEqual({ path: '/users/{id}', source: 'pacts' })
    // Two resources are not one resource with a parameter.
    expect(templateFor('GET', '/users', { description: null, pactPaths: ['/orders'] })).toEqual({ path: '/users', source: 'literal' })
    expect(templateFor('GET', '/users/42/', { description: null, pactPaths: ['/orders/7'] })).toEqual({ path: '/users/{id}', source: 'pacts' })
  })

  it('else keeps the path (query string dropped)', () => {
    expect(templateFor('GET', '/health?verbose=1', { description: null, pactPaths: [] })).toEqual({ path: '/health', source: 'literal' })
  })
})

describe('proposalItemsOf (description items → the deprecation model)', () => {
  it('maps operations, body properties and query parameters; skips what the model cannot hold', () => {
    const description = readDescription(`
openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /users:
    get:
      parameters:
        - { name: page, in: query, deprecated: true, schema: { type: integer } }
        - { name: X-Trace, in: header, deprecated: true, schema: { type: string } }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: array, items: { type: object, properties: { nick: { type: string, deprecated: true } } } }
    post:
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { address: { type: object, properties: { 'street/line': { type: string, deprecated: true, x-sunset: '2027-03-31T00:00:00Z' } } } } }
      responses: { '201': { description: created } }
  /users/{id}:
    delete: { deprecated: true, x-sunset: '2027-06-30', responses: { '204': { description: gone } } }
`)
    const { items, skipped } = proposalItemsOf(listDeprecations(description))
    expect(items).toEqual([
      { kind: 'field', method: 'GET', path: '/users', pointer: '/page', location: 'query', sunset: null },
      { kind: 'field', method: 'GET', path: '/users', pointer: '/nick', location: 'response', sunset: null },
      { kind: 'field', method: 'POST', path: '/users', pointer: '/address/street~1line', location: 'request', sunset: '2027-03-31' },
      { kind: 'operation', method: 'DELETE', path: '/users/{id}', pointer: null, location: null, sunset: '2027-06-30' },
    ])
    expect(skipped.map((s) => `${s.item.path}: ${s.why}`)).toEqual([
      '$.headers.X-Trace: only query parameters can be deprecated as fields (not headers, path parameters or cookies)',
    ])
  })

  it('turns body paths into JSON pointers', () => {
    expect(bodyPathToPointer('$.body.address.street')).toBe('/address/street')
    expect(bodyPathToPointer('$.body.items[*].name')).toBe('/items/name')
    expect(bodyPathToPointer("$.body['a b']")).toBe('/a b')
    expect(bodyPathToPointer('$.query.page')).toBeNull()
    expect(bodyPathToPointer('$.body')).toBeNull()
  })

  it('keys one item the same way whatever reported it', () => {
    expect(itemKey({ kind: 'field', method: 'GET', path: '/users/{id}', pointer: '/email', location: 'response' })).toBe(
      'field GET /users/{id} response /email',
    )
    expect(itemKey({ kind: 'operation', method: 'GET', path: '/users/{id}', pointer: null, location: null })).toBe('operation GET /users/{id}')
  })
})
