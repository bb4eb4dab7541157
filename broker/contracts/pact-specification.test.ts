import { describe, expect, it } from 'vitest'
import { parsePact } from './pact-content.js'
import { pactSpecificationErrors } from './pact-specification.js'

const http = (overrides: Record<string, unknown> = {}) => ({
  description: 'get a user',
  providerStates: [{ name: 'user 1 exists', params: { id: 1 } }],
  request: { method: 'GET', path: '/users/1', query: { fields: ['name'] }, headers: { Accept: 'application/json' } },
  response: {
    status: 200,
    headers: { 'Content-Type': ['application/json'] },
    body: { id: 1, name: 'Ada' },
    matchingRules: { body: { '$.name': { matchers: [{ match: 'type' }], combine: 'AND' } } },
    generators: { body: { '$.id': { type: 'RandomInt', min: 1, max: 9 } } },
  },
  ...overrides,
})
const document = (version: string | null, interactions: unknown[], extra: Record<string, unknown> = {}) => ({
  consumer: { name: 'web' },
  provider: { name: 'users' },
  interactions,
  ...(version ? { metadata: { pactSpecification: { version } } } : {}),
  ...extra,
})
const errorsOf = (doc: Record<string, unknown>) => {
  const parsed = parsePact(doc)
  return parsed.ok ? [] : parsed.errors
}
const pointers = (doc: Record<string, unknown>) => errorsOf(doc).map((e) => e.pointer)

describe('pact content against the Pact specification it declares', () => {
  it('accepts well-formed V1, V2, V3 and V4 pacts: HTTP interactions, messages, provider states, matching rules, generators', () => {
    expect(
      errorsOf(document('1.0.0', [{ description: 'a', providerState: 'x', request: { method: 'get', path: '/a', query: 'q=1' }, response: { status: 204 } }])),
    ).toEqual([])
    expect(
      errorsOf(
        document('2.0.0', [
          {
            description: 'a',
            request: { method: 'GET', path: '/a' },
            response: { status: 200, body: { n: 1 }, matchingRules: { '$.body.n': { match: 'type' }, '$.body.s': { regex: '\\d+' } } },
          },
        ]),
      ),
    ).toEqual([])
    expect(errorsOf(document('3.0.0', [http()]))).toEqual([])
    expect(
      errorsOf(
        document('3.0.0', [], {
          messages: [
            {
              description: 'a user created event',
              providerStates: [{ name: 'a user' }],
              contents: { id: 1 },
              metaData: { contentType: 'application/json' },
              matchingRules: { body: { '$.id': { matchers: [{ match: 'integer' }] } } },
            },
          ],
        }),
      ),
    ).toEqual([])
    const v4Http = { ...http(), type: 'Synchronous/HTTP', pending: false }
    ;(v4Http.response as Record<string, unknown>).body = { content: { id: 1 }, contentType: 'application/json', encoded: false }
    const v4Async = { type: 'Asynchronous/Messages', description: 'an event', contents: { content: { id: 1 }, contentType: 'application/json' }, metadata: {} }
    const v4Sync = {
      type: 'Synchronous/Messages',
      description: 'a query',
      request: { contents: { content: 'q', contentType: 'text/plain' } },
      response: [{ contents: { content: 'a', contentType: 'text/plain' } }],
    }
    expect(errorsOf(document('4.0', [v4Http, v4Async, v4Sync]))).toEqual([])
  })

  it('refuses what a verifier cannot run, pointing at the interaction and the field', () => {
    const broken = document('3.0.0', [http(), { description: 'list users', request: { method: 'GET' }, response: { status: 'abc' } }])
    expect(errorsOf(broken)).toEqual([
      { pointer: '/interactions/1/request/path', detail: "is required: the request path, starting with '/' (interaction 'list users')" },
      {
        pointer: '/interactions/1/response/status',
        detail: 'must be an HTTP status code (an integer from 100 to 599), got "abc" (interaction \'list users\')',
      },
    ])
    expect(pointers(document('2.0.0', [{ request: { method: 'GET', path: 'users' }, response: {} }]))).toEqual([
      '/interactions/0/description',
      '/interactions/0/request/path',
      '/interactions/0/response/status',
    ])
    expect(pointers(document('3.0.0', [http({ request: { method: 'G E T', path: '/', headers: { Accept: 1 } } })]))).toEqual([
      '/interactions/0/request/method',
      '/interactions/0/request/headers/Accept',
    ])
    expect(pointers(document('3.0.0', [http({ providerStates: [{ params: {} }] })]))).toEqual(['/interactions/0/providerStates/0/name'])
  })

  it('checks matching rules and generators by their specification types', () => {
    const rules = (matchingRules: unknown) => pointers(document('3.0.0', [http({ response: { status: 200, matchingRules } })]))
    expect(rules({ body: { '$.a': { matchers: [{ match: 'nonsense' }] } } })).toEqual(['/interactions/0/response/matchingRules/body/$.a/matchers/0/match'])
    expect(rules({ body: { '$.a': { matchers: [{ match: 'regex' }] } } })).toEqual(['/interactions/0/response/matchingRules/body/$.a/matchers/0/regex'])
    expect(rules({ body: { '$.a': { matchers: [{ match: 'type' }], combine: 'XOR' } } })).toEqual(['/interactions/0/response/matchingRules/body/$.a/combine'])
    expect(rules({ body: { '$.a': { matchers: 'type' } } })).toEqual(['/interactions/0/response/matchingRules/body/$.a/matchers'])
    expect(rules({ header: 'x' })).toEqual(['/interactions/0/response/matchingRules/header'])
    const generators = (value: unknown) => pointers(document('3.0.0', [http({ response: { status: 200, generators: value } })]))
    expect(generators({ body: { '$.id': { type: 'Random' } } })).toEqual(['/interactions/0/response/generators/body/$.id/type'])
    expect(generators({ path: { type: 'ProviderState' } })).toEqual(['/interactions/0/response/generators/path/expression'])
  })

  it('holds a V4 pact to V4 shapes, and a V3 pact to V3 ones', () => {
    expect(pointers(document('4.0', [http()]))).toEqual(['/interactions/0/type'])
    expect(pointers(document('4.0', [{ ...http(), type: 'Synchronous/HTTP' }]))).toEqual(['/interactions/0/response/body'])
    expect(pointers(document('4.0', [{ type: 'Synchronous/Messages', description: 'q', response: {} }]))).toEqual([
      '/interactions/0/request',
      '/interactions/0/response',
    ])
    expect(errorsOf(document('3.0.0', [{ ...http(), type: 'Synchronous/HTTP' }]))[0]).toMatchObject({
      pointer: '/interactions/0/type',
      detail: expect.stringContaining('declare 4.0 in metadata.pactSpecification.version'),
    })
  })

  it('refuses an empty pact, and the placeholder names the Pact CLI invents for a file that is no pact', () => {
    // What `pact-broker publish hello.json` sends for {"hello":"world"}.
    const invented = {
      consumer: { name: 'consumer' },
      provider: { name: 'provider' },
      interactions: [],
      metadata: { pactRust: { models: '1.3.15' }, pactSpecification: { version: '3.0.0' } },
    }
    expect(pointers(invented)).toEqual(['/consumer/name', '/provider/name', '/interactions'])
    expect(errorsOf(invented)[0]!.detail).toContain('the placeholder the Pact CLI fills in when a pact file names no consumer')
    expect(pointers(document('3.0.0', []))).toEqual(['/interactions'])
  })

  it('prefixes pointers for a contract inside a publication', () => {
    expect(pactSpecificationErrors(document('3.0.0', [http({ response: { status: 99 } })]), '3.0.0', '/contracts/0/content').map((e) => e.pointer)).toEqual([
      '/contracts/0/content/interactions/0/response/status',
    ])
  })
})
