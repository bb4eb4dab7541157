import { describe, expect, it } from 'vitest'
import { contentFor, DescriptionError, findOperation, readDescription, responseFor } from './description.js'
import { expectationSchema, parsePact, parseRulePath } from './pact-expectation.js'
import { prune } from './compatibility.js'

const yaml = `
openapi: 3.0.3
info: { title: T, version: '1' }
servers: [{ url: 'https://api.example.com/v2' }]
paths:
  /items/{id}:
    get:
      responses:
        '2XX':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Item' }
    put:
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Item' }
      responses: { default: { description: any } }
  /items/special:
    get:
      responses: { '200': { description: ok } }
  /ext:
    get:
      responses:
        '200':
          description: ok
          content: { application/json: { schema: { $ref: 'other.yaml#/Thing' } } }
components:
  schemas:
    Item:
      type: object
      required: [id, secret, name]
      properties:
        id: { type: integer, readOnly: true }
        secret: { type: string, writeOnly: true }
        name: { type: string, nullable: true }
        size: { type: number, minimum: 0, exclusiveMinimum: true }
        kind: { type: string, enum: [a, b], nullable: true }
`

describe('normalising OpenAPI', () => {
  const d = readDescription(yaml)
  const get = d.operations.find((o) => o.key === 'GET /items/{id}')!
  const put = d.operations.find((o) => o.key === 'PUT /items/{id}')!

  it('drops readOnly properties from requests and writeOnly ones from responses, with their required entries', () => {
    const response = get.responses['2XX']!.content['application/json']!.schema as any
    expect(Object.keys(response.properties)).toEqual(['id', 'name', 'size', 'kind'])
    expect(response.required).toEqual(['id', 'name'])
    const request = put.requestBody!.content['application/json']!.schema as any
    expect(Object.keys(request.properties)).toEqual(['secret', 'name', 'size', 'kind'])
    expect(request.required).toEqual(['secret', 'name'])
  })

  it('turns nullable into a null type (and a null enum value) and boolean exclusiveMinimum into a number', () => {
    const schema = get.responses['2XX']!.content['application/json']!.schema as any
    expect(schema.properties.name).toEqual({ type: ['string', 'null'] })
    expect(schema.properties.kind).toEqual({ type: ['string', 'null'], enum: ['a', 'b', null] })
    expect(schema.properties.size).toEqual({ type: 'number', exclusiveMinimum: 0 })
  })

  it('reports an external $ref on the operation that uses it and keeps the rest', () => {
    expect(d.problems).toEqual([
      "cannot resolve $ref 'other.yaml#/Thing' at #/paths/~1ext/get/responses/200/content/application~1json/schema: only local references (#/…) to existing schemas are supported",
    ])
    expect(d.operations.find((o) => o.key === 'GET /ext')!.responses['200']!.content['application/json']!.problem).toContain(
      "cannot resolve $ref 'other.yaml#/Thing'",
    )
  })

  it('matches paths: literal segments beat templates, paths sit under the server base path, status ranges and default apply', () => {
    expect(findOperation(d, 'GET', '/v2/items/special')?.key).toBe('GET /items/special')
    expect(findOperation(d, 'GET', '/v2/items/7')?.key).toBe('GET /items/{id}')
    expect(findOperation(d, 'GET', '/v2/items/7?x=1')?.key).toBe('GET /items/{id}')
    // OpenAPI 3: the operation's URL is the server URL followed by the path, so the bare path is not the operation.
    expect(findOperation(d, 'GET', '/items/7')).toBeUndefined()
    expect(findOperation(d, 'DELETE', '/items/7')).toBeUndefined()
    expect(responseFor(get, 204)?.key).toBe('2XX')
    expect(responseFor(put, 500)?.key).toBe('DEFAULT')
    expect(contentFor(get.responses['2XX']!.content, 'application/json; charset=utf-8')?.mediaType).toBe('application/json')
    // A different media type, even a JSON one, is not what the provider documents.
    expect(contentFor(get.responses['2XX']!.content, 'application/hal+json')).toBeUndefined()
  })

  it('reads OpenAPI 3.1 JSON with type arrays and a JSON Schema for messages, and refuses Swagger 2', () => {
    const d31 = readDescription(
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'x', version: '1' },
        paths: {
          '/a': {
            get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: ['string', 'null'], nullable: true } } } } } },
          },
        },
      }),
    )
    // `nullable` is an OpenAPI 3.0 keyword: in 3.1 it is ignored.
    expect(d31.operations[0]!.responses['200']!.content['application/json']!.schema).toEqual({ type: ['string', 'null'] })
    expect(readDescription('{"$schema":"http://json-schema.org/draft-07/schema#","type":"object"}')).toMatchObject({
      kind: 'json-schema',
      version: 'draft-07',
      messageSchema: { schema: { type: 'object' } },
    })
    expect(() => readDescription('swagger: "2.0"')).toThrow(DescriptionError)
    expect(() => readDescription('just words')).toThrow('must be a JSON or YAML object')
    expect(() => readDescription('title: no schema keywords')).toThrow('does not look like a JSON Schema')
  })
})

describe('pact → expectation schema', () => {
  it('parses rule paths', () => {
    expect(parseRulePath("$.a.b[0]['c d'][*].e.*")).toEqual(['a', 'b', 0, 'c d', '[*]', 'e', '*'])
  })

  it('maps matchers to JSON Schema and closes request objects', () => {
    const body = { id: 1, name: 'x', when: '2024-01-01', list: [{ n: 1 }], map: { k: { v: true } }, lit: 'exact' }
    const rules = {
      '$.id': [{ match: 'integer' }],
      '$.name': [{ match: 'regex', regex: '^x+$' }],
      '$.when': [{ match: 'date', format: 'yyyy-MM-dd' }],
      '$.list': [{ match: 'type', min: 2, max: 5 }],
      '$.map': [{ match: 'values' }],
    }
    expect(expectationSchema(body, rules, 'accepts')).toEqual({
      type: 'object',
      required: ['id', 'name', 'when', 'list', 'map', 'lit'],
      properties: {
        id: { type: 'integer' },
        name: { type: 'string', pattern: '^x+$' },
        when: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', 'x-pact-format': 'yyyy-MM-dd' },
        list: { type: 'array', items: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] }, minItems: 2, maxItems: 5 },
        map: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'boolean' } }, required: ['v'] } },
        lit: { type: 'string' },
      },
    })
    const sends = expectationSchema({ a: 'x', b: { c: 2 } }, {}, 'sends') as any
    expect(sends.additionalProperties).toBe(false)
    expect(sends.properties.a).toEqual({ type: 'string', const: 'x', minLength: 1, maxLength: 1 })
    expect(sends.properties.b.additionalProperties).toBe(false)
  })

  it('reads V2 pacts with flat matching rules and V3 message pacts', () => {
    const v2 = parsePact({
      consumer: { name: 'c' },
      provider: { name: 'p' },
      interactions: [
        {
          description: 'd',
          request: { method: 'get', path: '/x', query: 'a=1&a=2' },
          response: { status: 200, body: { n: 1 }, matchingRules: { '$.body.n': { match: 'type' } } },
        },
      ],
      metadata: { pactSpecification: { version: '2.0.0' } },
    })
    expect(v2.interactions[0]).toMatchObject({
      type: 'http',
      request: { method: 'GET', query: { a: ['1', '2'] } },
      response: { bodyRules: { '$.n': [{ match: 'type' }] } },
    })
    const v3 = parsePact({
      consumer: { name: 'c' },
      provider: { name: 'p' },
      messages: [{ description: 'm', contents: { a: 1 }, metaData: { contentType: 'application/json' } }],
      metadata: { pactSpecification: { version: '3.0.0' } },
    })
    expect(v3.interactions[0]).toMatchObject({ type: 'message', message: { body: { a: 1 }, contentType: 'application/json' } })
  })
})

describe('pruning the provider schema before json-schema-diff', () => {
  const provider = {
    type: 'object',
    required: ['id', 'big'],
    properties: { id: { type: 'integer' }, big: { type: 'object', properties: { deep: { type: 'string' } } }, opt: { type: 'string' } },
  }
  it('drops what an open consumer expectation does not mention (responses)', () => {
    expect(prune(provider, { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] }, 'response')).toEqual({
      type: 'object',
      required: ['id'],
      properties: { id: { type: 'integer' } },
    })
  })
  it('keeps what the provider requires of a request the consumer does not send', () => {
    expect(prune(provider, { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'], additionalProperties: false }, 'request')).toEqual({
      type: 'object',
      required: ['id', 'big'],
      properties: { id: { type: 'integer' }, big: true },
    })
  })
})
