import { describe, expect, it } from 'vitest'
import { interactionsOf, parseRulePath } from './pact-interactions.js'
import { bodyHasField, type MatchableDeprecation, ruleTouchesField, usesIn } from './usage-matching.js'

const operation = (method: string, path: string): MatchableDeprecation => ({
  kind: 'operation',
  method,
  path,
  pointer: null,
  location: null,
  description: null,
})
const field = (location: 'response' | 'request' | 'query', pointer: string, method = 'GET', path = '/users/{id}'): MatchableDeprecation => ({
  kind: 'field',
  method,
  path,
  pointer,
  location,
  description: null,
})
const message = (description: string): MatchableDeprecation => ({ kind: 'message', method: null, path: null, pointer: null, location: null, description })

const v2Pact = {
  consumer: { name: 'web' },
  provider: { name: 'api' },
  interactions: [
    {
      description: 'get a user',
      request: { method: 'GET', path: '/users/42', query: 'expand=address&sort=name' },
      response: {
        status: 200,
        body: { id: 42, address: { city: 'Paris' }, tags: [{ label: 'vip' }] },
        matchingRules: { '$.body.address.street': { match: 'type' } },
      },
    },
    { description: 'create a user', request: { method: 'post', path: '/users', body: { name: 'Ann', legacyId: 7 } }, response: { status: 201 } },
  ],
  metadata: { pactSpecification: { version: '2.0.0' } },
}

const v3Pact = {
  interactions: [
    {
      description: 'list orders',
      request: {
        method: 'GET',
        path: '/orders',
        query: { page: ['1'] },
        matchingRules: { query: { limit: { matchers: [{ match: 'regex', regex: '\\d+' }] } } },
      },
      response: {
        status: 200,
        body: [{ id: 1 }],
        matchingRules: { body: { '$[*].total': { matchers: [{ match: 'decimal' }] }, '$.*': { matchers: [{ match: 'type' }] } } },
      },
    },
  ],
  messages: [{ description: 'an order shipped event', contents: { id: 1 } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
}

const v4Pact = {
  interactions: [
    {
      type: 'Synchronous/HTTP',
      description: 'get a user (v4)',
      request: { method: 'GET', path: '/users/7' },
      response: { status: 200, body: { content: { id: 7, address: { street: 'Main St' } }, contentType: 'application/json', encoded: false } },
    },
    {
      type: 'Synchronous/HTTP',
      description: 'update a user (v4)',
      request: { method: 'PUT', path: '/users/7', body: { content: '{"nickname":"x"}', contentType: 'application/json', encoded: false } },
      response: { status: 204 },
    },
    { type: 'Asynchronous/Messages', description: 'a user deleted event', contents: { content: { id: 7 } } },
  ],
  metadata: { pactSpecification: { version: '4.0' } },
}

describe('interactionsOf', () => {
  it('reads V2, V3 and V4 pacts alike', () => {
    expect(interactionsOf(v2Pact).map((i) => i.kind)).toEqual(['http', 'http'])
    expect(interactionsOf(v3Pact).map((i) => [i.kind, i.description])).toEqual([
      ['http', 'list orders'],
      ['message', 'an order shipped event'],
    ])
    const v4 = interactionsOf(v4Pact)
    expect(v4.map((i) => i.kind)).toEqual(['http', 'http', 'message'])
    expect(v4[1]).toMatchObject({ method: 'PUT', requestBody: { nickname: 'x' } })
    expect(interactionsOf(v2Pact)[0]).toMatchObject({ queryParameters: ['expand', 'sort'], responseBodyRules: [['address', 'street']] })
    expect(interactionsOf('not a pact')).toEqual([])
  })

  it('parses matching-rule paths', () => {
    expect(parseRulePath('$.items[*].name')).toEqual(['items', '[*]', 'name'])
    expect(parseRulePath("$['first name'][0]")).toEqual(['first name', '[0]'])
    expect(parseRulePath('$.a.*')).toEqual(['a', '*'])
    expect(parseRulePath('$')).toEqual([])
  })
})

describe('usesIn', () => {
  it('matches operations by method and path template', () => {
    expect(usesIn(operation('GET', '/users/{id}'), v2Pact)).toEqual([{ interaction: 'get a user', detail: 'calls GET /users/42' }])
    expect(usesIn(operation('POST', '/users'), v2Pact)).toEqual([{ interaction: 'create a user', detail: 'calls POST /users' }])
    expect(usesIn(operation('DELETE', '/users/{id}'), v2Pact)).toEqual([])
    expect(usesIn(operation('GET', '/users/{id}'), v4Pact).map((u) => u.interaction)).toEqual(['get a user (v4)'])
  })

  it('matches response fields through the example body or the matching rules', () => {
    // The body has address.city; the V2 rules name address.street.
    expect(usesIn(field('response', '/address/city'), v2Pact)).toHaveLength(1)
    expect(usesIn(field('response', '/address/street'), v2Pact)).toEqual([
      { interaction: 'get a user', detail: 'reads response field /address/street of GET /users/42' },
    ])
    expect(usesIn(field('response', '/address/zip'), v2Pact)).toEqual([])
    expect(usesIn(field('response', '/address/street'), v4Pact)).toHaveLength(1)
    // Arrays are transparent.
    expect(usesIn(field('response', '/tags/label'), v2Pact)).toHaveLength(1)
    expect(usesIn(field('response', '/total', 'GET', '/orders'), v3Pact)).toHaveLength(1)
    // A wildcard rule on its own does not name a field.
    expect(usesIn(field('response', '/status', 'GET', '/orders'), v3Pact)).toEqual([])
  })

  it('matches request fields and query parameters', () => {
    expect(usesIn(field('request', '/legacyId', 'POST', '/users'), v2Pact)).toEqual([
      { interaction: 'create a user', detail: 'sends request field /legacyId of POST /users' },
    ])
    expect(usesIn(field('response', '/legacyId', 'POST', '/users'), v2Pact)).toEqual([])
    expect(usesIn(field('request', '/nickname', 'PUT', '/users/{id}'), v4Pact)).toHaveLength(1)
    expect(usesIn(field('query', '/sort'), v2Pact)).toEqual([{ interaction: 'get a user', detail: "sends query parameter 'sort' to GET /users/42" }])
    expect(usesIn(field('query', '/page', 'GET', '/orders'), v3Pact)).toHaveLength(1)
    expect(usesIn(field('query', '/limit', 'GET', '/orders'), v3Pact)).toHaveLength(1)
    expect(usesIn(field('query', '/offset', 'GET', '/orders'), v3Pact)).toEqual([])
  })

  it('matches messages by description', () => {
    expect(usesIn(message('an order shipped event'), v3Pact)).toEqual([
      { interaction: 'an order shipped event', detail: "expects message 'an order shipped event'" },
    ])
    expect(usesIn(message('a user deleted event'), v4Pact)).toHaveLength(1)
    expect(usesIn(message('a user created event'), v4Pact)).toEqual([])
  })
})

describe('field helpers', () => {
  it('walks bodies with arrays, indexes and wildcards', () => {
    const body = { items: [{ a: 1 }, { b: { c: null } }], 'x/y': true }
    expect(bodyHasField(body, ['items', 'b', 'c'])).toBe(true)
    expect(bodyHasField(body, ['items', '0', 'b'])).toBe(false)
    expect(bodyHasField(body, ['items', '1', 'b'])).toBe(true)
    expect(bodyHasField(body, ['*', 'a'])).toBe(true)
    expect(bodyHasField(body, ['x/y'])).toBe(true)
    expect(bodyHasField(undefined, [])).toBe(false)
  })

  it('decides whether a rule names a field or something inside it', () => {
    expect(ruleTouchesField(['address', 'street'], ['address'])).toBe(true)
    expect(ruleTouchesField(['address'], ['address', 'street'])).toBe(false)
    expect(ruleTouchesField(['items', '[*]', 'name'], ['items', 'name'])).toBe(true)
    expect(ruleTouchesField(['items', '[2]', 'name'], ['items', '2', 'name'])).toBe(true)
    expect(ruleTouchesField(['items', '[2]', 'name'], ['items', '1', 'name'])).toBe(false)
    expect(ruleTouchesField(['address', '*'], ['address', 'street'])).toBe(false)
  })
})
