import fs from 'node:fs'
import { MatchersV3 as M } from '@pact-foundation/pact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordPact } from '../../test/support/record-pact.js'
import { checkCompatibility, type CompatibilityReport } from './compatibility.js'
import { readDescription } from './description.js'
import { parsePact } from './pact-expectation.js'
import { SchemaDiffRunner } from './schema-diff-runner.js'

const fixture = (name: string) => fs.readFileSync(new URL(`../../test/fixtures/openapi/${name}`, import.meta.url), 'utf8')
const users = readDescription(fixture('users-1.0.0.yaml'))
const json = { 'Content-Type': 'application/json' }

const userBody = { id: M.integer(42), name: M.string('Ann'), email: M.regex('^.+@.+$', 'ann@example.com'), status: M.string('active') }

let runner: SchemaDiffRunner
beforeAll(() => {
  // Generous: the build machine is shared and loaded; this runner's comparisons must not time out.
  runner = new SchemaDiffRunner({ deadlineMs: 60_000 })
})
afterAll(() => runner.close())

async function check(specs: Parameters<typeof recordPact>[2], description = users): Promise<CompatibilityReport> {
  const pact = await recordPact('web', 'users', specs)
  return checkCompatibility(description, parsePact(pact), { runner })
}

function messages(report: CompatibilityReport): string[] {
  return report.issues.map((i) => i.message)
}

describe('consumer contract vs OpenAPI description (pacts recorded with pact-js PactV4)', () => {
  it('is compatible when every request is accepted and every possible response satisfies the consumer', async () => {
    const report = await check([
      { description: 'get a user', method: 'GET', path: '/users/42', status: 200, responseHeaders: json, responseBody: userBody },
      {
        description: 'get the current user through the server base path',
        method: 'GET',
        path: '/api/users/me',
        status: 200,
        responseHeaders: json,
        responseBody: { id: M.integer(1), name: M.like('Me') },
      },
      {
        description: 'list users',
        method: 'GET',
        path: '/users',
        query: { page: '2', status: 'active' },
        status: 200,
        responseHeaders: json,
        responseBody: { items: M.eachLike({ id: M.integer(1), name: M.like('Ann'), status: M.regex('^(active|disabled)$', 'active') }), total: M.integer(10) },
      },
      {
        description: 'create a user',
        method: 'POST',
        path: '/users',
        requestBody: { name: 'Bob', email: 'bob@example.com', status: 'active', nickname: null },
        status: 201,
        responseHeaders: json,
        // A type matcher: a datetime matcher's fixed pattern is narrower than RFC 3339 (see the differential suite).
        responseBody: { id: M.integer(7), createdAt: M.like('2024-01-31T10:00:00Z') },
      },
      {
        description: 'a missing user',
        method: 'GET',
        path: '/users/9',
        status: 404,
        responseHeaders: { 'Content-Type': 'application/problem+json' },
        responseBody: { title: M.like('Not found') },
      },
    ])
    expect(report.issues).toEqual([])
    expect(report.status).toBe('compatible')
    expect(Object.fromEntries(report.interactions.map((i) => [i.description, i.operation]))).toEqual({
      'get a user': 'GET /users/{id}',
      'get the current user through the server base path': 'GET /users/me',
      'list users': 'GET /users',
      'create a user': 'POST /users',
      'a missing user': 'GET /users/{id}',
    })
  })

  it('reports an operation the description does not have, and a method it lacks', async () => {
    const report = await check([
      { description: 'get accounts', method: 'GET', path: '/accounts', status: 200 },
      { description: 'patch a user', method: 'PATCH', path: '/users/1', status: 200 },
    ])
    expect(report.status).toBe('incompatible')
    expect(report.issues.map((i) => [i.kind, i.path])).toEqual([
      ['operation-not-found', '$.path'],
      ['operation-not-found', '$.path'],
    ])
    expect(messages(report)).toEqual([
      "web calls GET /accounts, which the provider's description does not have",
      "web calls PATCH /users/1, but the provider's description has no PATCH for that path (it has GET, DELETE)",
    ])
  })

  it('reports a response field the provider may omit', async () => {
    const report = await check([
      {
        description: 'get a user with tags',
        method: 'GET',
        path: '/users/42',
        status: 200,
        responseHeaders: json,
        responseBody: { ...userBody, tags: M.eachLike('vip') },
      },
    ])
    expect(report.status).toBe('incompatible')
    expect(report.issues).toEqual([
      expect.objectContaining({
        kind: 'response-may-violate-expectation',
        direction: 'response',
        path: '$.body.tags',
        message: 'the provider may omit `tags`, which web requires',
      }),
    ])
  })

  it('reports a nullable response field the consumer reads as a string (OpenAPI 3.0 nullable)', async () => {
    const report = await check([
      {
        description: 'get a user nickname',
        method: 'GET',
        path: '/users/42',
        status: 200,
        responseHeaders: json,
        responseBody: { nickname: M.string('Annie') },
      },
    ])
    expect(messages(report)).toContain('the provider may send null for `nickname`, which web does not accept')
    expect(messages(report)).toContain('the provider may omit `nickname`, which web requires')
  })

  it('reports a response type the consumer does not expect', async () => {
    const report = await check([
      { description: 'get a user id as text', method: 'GET', path: '/users/42', status: 200, responseHeaders: json, responseBody: { id: M.string('42') } },
    ])
    expect(report.issues).toEqual([
      expect.objectContaining({ path: '$.body.id', message: 'the provider may send `id` as an integer, but web expects a string' }),
    ])
  })

  it('reports an example value the provider never sends (enum) and a pattern the enum breaks', async () => {
    const report = await check([
      {
        description: 'get an archived user',
        method: 'GET',
        path: '/users/42',
        status: 200,
        responseHeaders: json,
        responseBody: { id: M.integer(1), status: M.like('archived') },
      },
      {
        description: 'get an active user',
        method: 'GET',
        path: '/users/43',
        status: 200,
        responseHeaders: json,
        responseBody: { id: M.integer(1), status: M.regex('^active$', 'active') },
      },
    ])
    expect(report.interactions.map((i) => i.status)).toEqual(['incompatible', 'incompatible'])
    expect(report.issues.map((i) => [i.interaction, i.kind, i.path, i.message]).sort()).toEqual([
      [
        'get an active user',
        'response-may-violate-expectation',
        '$.body.status',
        'the provider may send `status` = "disabled", which does not match web\'s /^active$/',
      ],
      [
        'get an archived user',
        'response-example-impossible',
        '$.body.status',
        'web\'s example `status` is "archived", not one of "active", "disabled", so the provider never sends it',
      ],
    ])
  })

  it('reports an undocumented status', async () => {
    const report = await check([{ description: 'a gone user', method: 'GET', path: '/users/1', status: 410 }])
    expect(report.issues).toEqual([expect.objectContaining({ kind: 'response-status-not-documented', path: '$.status' })])
    expect(report.issues[0]!.message).toContain(
      "expects status 410 from GET /users/{id}, which the provider's description does not document (it documents 200, 404)",
    )
  })

  it('reports requests the provider rejects: missing required field, enum value, closed object, format', async () => {
    const report = await check([
      { description: 'create without email', method: 'POST', path: '/users', requestBody: { name: 'Bob' }, status: 201 },
      { description: 'create archived', method: 'POST', path: '/users', requestBody: { name: 'Bob', email: 'b@x.io', status: 'archived' }, status: 201 },
      { description: 'create with age', method: 'POST', path: '/users', requestBody: { name: 'Bob', email: 'b@x.io', age: 3 }, status: 201 },
      { description: 'create with bad email', method: 'POST', path: '/users', requestBody: { name: 'Bob', email: 'not-an-email' }, status: 201 },
      { description: 'create with no body', method: 'POST', path: '/users', status: 201 },
    ])
    expect(report.issues.map((i) => [i.interaction, i.kind, i.path, i.message]).sort()).toEqual([
      [
        'create archived',
        'request-value-rejected',
        '$.body.status',
        'the provider does not accept web\'s request: `status` is "archived", not one of "active", "disabled"',
      ],
      ['create with age', 'request-value-rejected', '$.body.age', "the provider does not accept web's request: `age` is not a property the schema allows"],
      [
        'create with bad email',
        'request-value-rejected',
        '$.body.email',
        'the provider does not accept web\'s request: `email` is "not-an-email", which is not a valid email',
      ],
      ['create with no body', 'request-body-required', '$.body', 'the provider requires a request body on POST /users, which web does not send'],
      ['create without email', 'request-value-rejected', '$.body.email', "the provider does not accept web's request: `email` is required but missing"],
    ])
  })

  it('reports what the consumer may send beyond its example (its matchers), via json-schema-diff', async () => {
    // The example 'Bob' is fine, but the type matcher says web may send any string, including '' (minLength 1).
    const report = await check([
      { description: 'create with any name', method: 'POST', path: '/users', requestBody: { name: M.string('Bob'), email: 'n@x.io' }, status: 201 },
    ])
    expect(report.issues).toEqual([
      expect.objectContaining({
        kind: 'request-may-be-rejected',
        path: '$.body.name',
        message: 'web may send shorter strings than minLength 1 allows in `name`',
      }),
    ])
  })

  it('reports a request value of the wrong type', async () => {
    const report = await check([
      { description: 'create with numeric name', method: 'POST', path: '/users', requestBody: { name: M.integer(5), email: 'n@x.io' }, status: 201 },
    ])
    expect(report.issues.map((i) => [i.kind, i.path])).toEqual([['request-value-rejected', '$.body.name']])
    expect(report.issues[0]!.message).toContain('`name` is integer 5, not string')
  })

  it('reports query parameter values the provider rejects', async () => {
    const report = await check([{ description: 'list page 0', method: 'GET', path: '/users', query: { page: '0', status: 'gone' }, status: 200 }])
    expect(report.issues.map((i) => [i.kind, i.path])).toEqual([
      ['parameter-value-rejected', '$.query.page'],
      ['parameter-value-rejected', '$.query.status'],
    ])
    expect(report.issues[0]!.message).toBe("the provider does not accept web's query parameter `page`: it is 0, below the minimum 1")
  })
})

describe('limits of the comparison are reported, never passed as compatible', () => {
  it('follows a circular $ref to a bounded depth: compared exactly within it, unknown beyond it', async () => {
    const tree = readDescription(fixture('circular.yaml'))
    expect(tree.problems).toEqual([])
    const nested = (depth: number): Record<string, unknown> => (depth === 0 ? { id: 'leaf' } : { id: `n${depth}`, children: [nested(depth - 1)] })
    const api = readDescription(
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'Trees', version: '1' },
        paths: {
          '/trees': {
            post: {
              requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } },
              responses: { '201': { description: 'ok' } },
            },
          },
        },
        components: {
          schemas: {
            Node: {
              type: 'object',
              required: ['id'],
              properties: { id: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } },
            },
          },
        },
      }),
    )
    const get = await check(
      [
        { description: 'get a node', method: 'GET', path: '/nodes/a', status: 200, responseHeaders: json, responseBody: { id: M.like('a') } },
        { description: 'health', method: 'GET', path: '/health', status: 200, responseHeaders: json, responseBody: { ok: M.boolean(true) } },
      ],
      tree,
    )
    expect(get.issues).toEqual([])
    expect(get.status).toBe('compatible')
    const post = (description: string, body: unknown) => ({ description, request: { method: 'POST', path: '/trees', body }, response: { status: 201 } })
    const report = await checkCompatibility(
      api,
      parsePact({
        consumer: { name: 'web' },
        provider: { name: 'trees' },
        metadata: { pactSpecification: { version: '3.0.0' } },
        interactions: [post('a shallow tree', nested(2)), post('a tree deeper than Concord follows', nested(6))],
      }),
      { runner },
    )
    expect(report.interactions.map((i) => i.status)).toEqual(['compatible', 'unknown'])
    expect(report.issues[0]).toMatchObject({ kind: 'comparison-undecided', outcome: 'unknown' })
    expect(report.issues[0]!.message).toContain('recurses deeper than Concord follows')
  })

  it('turns a json-schema-diff run over its deadline into unknown, and remembers it', async () => {
    const variant = (i: number) => ({
      type: 'object',
      required: ['kind', `v${i}`],
      properties: {
        kind: { type: 'string' },
        [`v${i}`]: { type: ['string', 'integer', 'null'] },
        a: { type: 'array', items: { type: ['string', 'integer'] } },
      },
    })
    const wide = readDescription(
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'Events', version: '1' },
        paths: {
          '/events/{id}': {
            get: { responses: { '200': { description: 'an event', content: { 'application/json': { schema: { oneOf: [0, 1, 2, 3, 4, 5].map(variant) } } } } } },
          },
        },
      }),
    )
    // The consumer reads every field of every variant, so pruning cannot shrink the comparison.
    const wideExpectation = { kind: M.like('x'), a: M.eachLike('s'), ...Object.fromEntries([0, 1, 2, 3, 4, 5].map((i) => [`v${i}`, M.like('x')])) }
    const pact = parsePact(
      await recordPact('web', 'events', [
        { description: 'get an event', method: 'GET', path: '/events/1', status: 200, responseHeaders: json, responseBody: wideExpectation },
      ]),
    )
    const quick = new SchemaDiffRunner({ deadlineMs: 300 })
    try {
      const report = await checkCompatibility(wide, pact, { runner: quick })
      expect(report.status).toBe('unknown')
      expect(report.issues).toEqual([expect.objectContaining({ kind: 'comparison-timed-out', outcome: 'unknown' })])
      expect(report.issues[0]!.message).toContain('took longer than 300 ms')
      expect(quick.stats.timeouts).toBe(1)
      // Memoised: the same comparison is not run again, and the runner still works after terminating its worker.
      const again = await checkCompatibility(wide, pact, { runner: quick })
      expect(again.status).toBe('unknown')
      expect(quick.stats.timeouts).toBe(1)
      expect(quick.stats.cacheHits).toBeGreaterThanOrEqual(1)
      expect((await quick.diff({ type: 'string' }, { type: ['string', 'null'] }, { deadlineMs: 30_000 })).status).toBe('done')
    } finally {
      await quick.close()
    }
  })
})

describe('messages against a JSON Schema description', () => {
  const events = readDescription(fixture('order-events.schema.json'))
  const messagePact = (content: unknown) =>
    parsePact({
      consumer: { name: 'billing' },
      provider: { name: 'orders' },
      metadata: { pactSpecification: { version: '4.0' } },
      interactions: [
        {
          type: 'Asynchronous/Messages',
          description: 'an order event',
          contents: { content, contentType: 'application/json', encoded: false },
          matchingRules: {
            body: { '$.total': { combine: 'AND', matchers: [{ match: 'number' }] }, '$.orderId': { combine: 'AND', matchers: [{ match: 'type' }] } },
          },
        },
      ],
    })

  it('is compatible when every payload the provider may produce satisfies the consumer', async () => {
    const report = await checkCompatibility(events, messagePact({ orderId: '6f1c2d1e-3b1a-4c55-9a2e-0b9f8f6f7a10', total: 10.5 }), { runner })
    expect(report.issues).toEqual([])
    expect(report.status).toBe('compatible')
  })

  it('reports a field the provider may omit and an example value it never produces', async () => {
    const report = await checkCompatibility(
      events,
      messagePact({ orderId: '6f1c2d1e-3b1a-4c55-9a2e-0b9f8f6f7a10', total: 1, type: 'refunded', currency: 'EUR' }),
      { runner },
    )
    expect(report.status).toBe('incompatible')
    expect(report.issues.map((i) => [i.kind, i.path])).toEqual([
      ['message-may-violate-expectation', '$.body.currency'],
      ['message-example-impossible', '$.body.type'],
    ])
    expect(report.issues[0]!.message).toBe('the provider may omit `currency` (its schema does not describe it), which billing requires')
  })
})

describe('media types, required parameters and formats (hand-written V3 pact)', () => {
  const api = readDescription(`
openapi: 3.0.3
info: { title: Reports, version: '1' }
paths:
  /reports:
    get:
      parameters:
        - { name: tenant, in: query, required: true, schema: { type: string } }
        - { name: X-Request-Id, in: header, required: true, schema: { type: string, format: uuid } }
      responses:
        '200':
          description: ok
          content:
            text/csv: { schema: { type: string } }
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded: { schema: { type: object } }
      responses: { '204': { description: created } }
  /reports/{id}:
    get:
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [generatedAt]
                properties: { generatedAt: { type: string } }
    delete:
      responses: { '204': { description: deleted } }
`)
  const pact = parsePact({
    consumer: { name: 'dashboard' },
    provider: { name: 'reports' },
    metadata: { pactSpecification: { version: '3.0.0' } },
    interactions: [
      {
        description: 'list without tenant',
        request: { method: 'GET', path: '/reports', headers: { 'X-Request-Id': 'nope' } },
        response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { rows: [] } },
      },
      {
        description: 'create as JSON',
        request: { method: 'POST', path: '/reports', headers: { 'Content-Type': 'application/json' }, body: { name: 'x' } },
        response: { status: 204 },
      },
      {
        description: 'delete with a body',
        request: { method: 'DELETE', path: '/reports/1', headers: { 'Content-Type': 'application/json' }, body: { reason: 'old' } },
        response: { status: 204 },
      },
      {
        description: 'get a report',
        request: { method: 'GET', path: '/reports/1' },
        response: {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
          body: { generatedAt: '2024-01-31T10:00:00Z' },
          matchingRules: { body: { '$.generatedAt': { matchers: [{ match: 'timestamp', timestamp: "yyyy-MM-dd'T'HH:mm:ssX" }] } } },
        },
      },
    ],
  })

  it('reports each one with its path', async () => {
    const report = await checkCompatibility(api, pact, { runner })
    expect(report.issues.map((i) => [i.interaction, i.kind, i.path])).toEqual([
      ['list without tenant', 'required-parameter-missing', '$.query.tenant'],
      ['list without tenant', 'parameter-value-rejected', '$.headers.X-Request-Id'],
      ['list without tenant', 'response-content-type-not-documented', '$.headers.Content-Type'],
      ['create as JSON', 'request-content-type-not-accepted', '$.headers.Content-Type'],
      ['delete with a body', 'request-body-not-accepted', '$.body'],
      ['get a report', 'response-may-violate-expectation', '$.body.generatedAt'],
    ])
    expect(messages(report)).toEqual([
      'the provider requires the query parameter `tenant` on GET /reports, which dashboard does not send',
      'the provider does not accept dashboard\'s header parameter `X-Request-Id`: it is "nope", which is not a valid uuid',
      'dashboard expects application/json with status 200 from GET /reports, but the provider documents text/csv',
      'dashboard sends application/json to POST /reports, which accepts application/x-www-form-urlencoded',
      'dashboard sends a body to DELETE /reports/{id}, whose description accepts none',
      "dashboard expects `generatedAt` in the format yyyy-MM-dd'T'HH:mm:ssX, but the provider's schema allows any string there",
    ])
  })
})
