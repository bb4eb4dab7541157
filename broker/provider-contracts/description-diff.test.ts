import { describe, expect, it } from 'vitest'
import { checkSemver, CHANGE_KINDS, type ChangeKind, diffDescriptions, usageOf } from './description-diff.js'
import { normaliseDescription } from './description.js'
import { listDeprecations } from './deprecations.js'
import { parsePact } from './pact-expectation.js'

/** A small OpenAPI 3.0 document, built fresh for each case so a mutation cannot leak into the next. */
function base(): any {
  return {
    openapi: '3.0.3',
    info: { title: 'Users', version: '1.0.0' },
    paths: {
      '/users': {
        get: {
          summary: 'List users',
          parameters: [
            { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
            { name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/User' } } } } },
          },
        },
        post: {
          requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewUser' } } } },
          responses: { '201': { description: 'created', content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } } } },
        },
      },
      '/users/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        get: {
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } } },
            '404': { description: 'missing' },
          },
        },
      },
    },
    components: {
      schemas: {
        Status: { type: 'string', enum: ['active', 'disabled'] },
        NewUser: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', maxLength: 50 },
            email: { type: 'string', format: 'email' },
            status: { $ref: '#/components/schemas/Status' },
            code: { type: 'string', pattern: '^[A-Z]+$' },
            age: { type: 'integer' },
            score: { type: 'number' },
          },
        },
        User: {
          type: 'object',
          required: ['id', 'name', 'email'],
          properties: {
            id: { type: 'integer' },
            name: { type: 'string', maxLength: 50 },
            email: { type: 'string', format: 'email' },
            status: { $ref: '#/components/schemas/Status' },
            nickname: { type: 'string' },
            code: { type: 'string', pattern: '^[A-Z]+$' },
            age: { type: 'integer' },
            score: { type: 'number' },
          },
        },
      },
    },
  }
}

const S = (doc: any) => doc.components.schemas
const cases: [ChangeKind, (doc: any) => void][] = [
  ['operation-removed', (d) => delete d.paths['/users/{id}'].get],
  ['operation-added', (d) => (d.paths['/users/{id}'].delete = { responses: { '204': { description: 'gone' } } })],
  ['operation-deprecated', (d) => (d.paths['/users'].get.deprecated = true)],
  ['documentation-changed', (d) => (d.paths['/users'].get.summary = 'List all the users')],
  ['required-parameter-added', (d) => d.paths['/users'].get.parameters.push({ name: 'sort', in: 'query', required: true, schema: { type: 'string' } })],
  ['optional-parameter-added', (d) => d.paths['/users'].get.parameters.push({ name: 'sort', in: 'query', schema: { type: 'string' } })],
  ['parameter-removed', (d) => d.paths['/users'].get.parameters.shift()],
  ['parameter-now-required', (d) => (d.paths['/users'].get.parameters[0].required = true)],
  ['parameter-now-optional', (d) => (d.paths['/users'].get.parameters[1].required = false)],
  ['request-body-now-required', (d) => (d.paths['/users'].post.requestBody.required = true)],
  ['request-content-type-removed', (d) => (d.paths['/users'].post.requestBody.content = { 'application/xml': { schema: { type: 'string' } } })],
  ['request-content-type-added', (d) => (d.paths['/users'].post.requestBody.content['application/x-www-form-urlencoded'] = { schema: { type: 'object' } })],
  ['request-property-removed', (d) => delete S(d).NewUser.properties.age],
  ['request-property-added', (d) => (S(d).NewUser.properties.phone = { type: 'string' })],
  ['request-property-added-required', (d) => ((S(d).NewUser.properties.phone = { type: 'string' }), S(d).NewUser.required.push('phone'))],
  ['request-property-now-required', (d) => S(d).NewUser.required.push('email')],
  ['request-property-now-optional', (d) => (S(d).NewUser.required = [])],
  ['request-type-widened', (d) => (S(d).NewUser.properties.age.type = 'number')],
  ['request-type-narrowed', (d) => (S(d).NewUser.properties.score.type = 'integer')],
  ['request-enum-value-removed', (d) => (S(d).Status.enum = ['active'])],
  ['request-enum-value-added', (d) => (S(d).Status.enum = ['active', 'disabled', 'pending'])],
  ['request-enum-added', (d) => (S(d).NewUser.properties.code = { type: 'string', pattern: '^[A-Z]+$', enum: ['A', 'B'] })],
  ['request-pattern-changed', (d) => (S(d).NewUser.properties.code.pattern = '^[A-Z]{3}$')],
  ['request-format-changed', (d) => (S(d).NewUser.properties.name.format = 'uuid')],
  ['request-constraint-tightened', (d) => (S(d).NewUser.properties.name.maxLength = 20)],
  ['request-constraint-loosened', (d) => (S(d).NewUser.properties.name.maxLength = 100)],
  ['request-additional-properties-disallowed', (d) => (S(d).NewUser.additionalProperties = false)],
  ['response-status-removed', (d) => delete d.paths['/users/{id}'].get.responses['404']],
  ['response-status-added', (d) => (d.paths['/users/{id}'].get.responses['410'] = { description: 'gone' })],
  [
    'response-content-type-removed',
    (d) => (d.paths['/users/{id}'].get.responses['200'].content = { 'application/hal+json': { schema: { $ref: '#/components/schemas/User' } } }),
  ],
  ['response-content-type-added', (d) => (d.paths['/users/{id}'].get.responses['200'].content['text/csv'] = { schema: { type: 'string' } })],
  ['response-property-removed', (d) => delete S(d).User.properties.email],
  ['response-property-added', (d) => (S(d).User.properties.avatar = { type: 'string' })],
  ['response-property-now-optional', (d) => (S(d).User.required = ['id', 'name'])],
  ['response-property-now-required', (d) => S(d).User.required.push('nickname')],
  ['response-property-now-nullable', (d) => (S(d).User.properties.nickname.nullable = true)],
  ['response-type-widened', (d) => (S(d).User.properties.age.type = 'number')],
  ['response-type-narrowed', (d) => (S(d).User.properties.score.type = 'integer')],
  ['response-enum-value-added', (d) => (S(d).Status.enum = ['active', 'disabled', 'pending'])],
  ['response-enum-value-removed', (d) => (S(d).Status.enum = ['active'])],
  ['response-enum-removed', (d) => (S(d).Status = { type: 'string' })],
  ['response-pattern-changed', (d) => delete S(d).User.properties.code.pattern],
  ['response-format-changed', (d) => delete S(d).User.properties.email.format],
  ['response-constraint-loosened', (d) => (S(d).User.properties.name.maxLength = 100)],
  ['response-constraint-tightened', (d) => (S(d).User.properties.name.maxLength = 20)],
  ['type-changed', (d) => (S(d).User.properties.id.type = 'string')],
  ['property-deprecated', (d) => (S(d).User.properties.nickname.deprecated = true)],
]

describe('version vs version: each kind of change, classified', () => {
  it('covers at least 20 kinds of change', () => {
    expect(new Set(cases.map(([kind]) => kind)).size).toBeGreaterThanOrEqual(40)
  })

  it.each(cases)('%s', (kind, mutate) => {
    const after = base()
    mutate(after)
    const diff = diffDescriptions(normaliseDescription(base()), normaliseDescription(after))
    const found = diff.changes.filter((c) => c.kind === kind)
    expect(found.length, `changes found: ${JSON.stringify(diff.changes.map((c) => c.kind))}`).toBeGreaterThan(0)
    const expected = CHANGE_KINDS[kind].bump
    expect(found[0]).toMatchObject({ bump: expected, breaking: expected === 'major' })
    expect(found[0]!.message.length).toBeGreaterThan(10)
  })

  it('finds nothing between identical descriptions', () => {
    const diff = diffDescriptions(normaliseDescription(base()), normaliseDescription(base()))
    expect(diff).toEqual({ changes: [], bump: null, bumpForConsumers: null, brokenConsumers: [] })
  })

  it('classifies the bump by the worst change: a removed response field needs a major', () => {
    const after = base()
    delete S(after).User.properties.email
    S(after).User.properties.avatar = { type: 'string' }
    const diff = diffDescriptions(normaliseDescription(base()), normaliseDescription(after))
    expect(diff.bump).toBe('major')
    expect(diff.changes.map((c) => [c.kind, c.operation, c.status, c.path]).sort()).toEqual([
      ['response-property-added', 'GET /users', '200', '$.body[*].avatar'],
      ['response-property-added', 'GET /users/{id}', '200', '$.body.avatar'],
      ['response-property-added', 'POST /users', '201', '$.body.avatar'],
      ['response-property-removed', 'GET /users', '200', '$.body[*].email'],
      ['response-property-removed', 'GET /users/{id}', '200', '$.body.email'],
      ['response-property-removed', 'POST /users', '201', '$.body.email'],
    ])
  })
})

describe('breaking for which consumers', () => {
  const web = parsePact({
    consumer: { name: 'web' },
    provider: { name: 'users' },
    metadata: { pactSpecification: { version: '3.0.0' } },
    interactions: [{ description: 'get user', request: { method: 'GET', path: '/users/1' }, response: { status: 200, body: { id: 1, email: 'a@b.co' } } }],
  })
  const mobile = parsePact({
    consumer: { name: 'mobile' },
    provider: { name: 'users' },
    metadata: { pactSpecification: { version: '3.0.0' } },
    interactions: [{ description: 'get user', request: { method: 'GET', path: '/users/1' }, response: { status: 200, body: { id: 1, name: 'Ann' } } }],
  })

  it('names the consumers that use a removed field, and lowers the bump when nobody uses the broken part', () => {
    const before = normaliseDescription(base())
    const after = base()
    delete S(after).User.properties.email
    S(after).User.required = ['id', 'name']
    const diff = diffDescriptions(before, normaliseDescription(after), [usageOf(before, web, 'web 1.4.0'), usageOf(before, mobile, 'mobile 2.0.0')])
    const removed = diff.changes.find((c) => c.kind === 'response-property-removed' && c.operation === 'GET /users/{id}')!
    expect(removed.usedBy).toEqual(['web 1.4.0'])
    expect(diff.brokenConsumers).toEqual(['web 1.4.0'])
    expect(diff.bump).toBe('major')

    const onlyMobile = diffDescriptions(before, normaliseDescription(after), [usageOf(before, mobile, 'mobile 2.0.0')])
    expect(onlyMobile.brokenConsumers).toEqual([])
    expect(onlyMobile.bump).toBe('major')
    expect(onlyMobile.bumpForConsumers).toBeNull()
  })

  it('semver-check fails when the version understates the change, and says what is needed', () => {
    const before = normaliseDescription(base())
    const after = base()
    delete S(after).User.properties.email
    const diff = diffDescriptions(before, normaliseDescription(after), [usageOf(before, web, 'web 1.4.0 (production)')])
    const check = checkSemver('2.0.0', '2.1.0', diff)
    expect(check).toMatchObject({ ok: false, actual: 'minor', needed: 'major', suggested: '3.0.0' })
    expect(check.message).toContain('2.1.0 understates the change from 2.0.0: GET /users/{id} 200: `email` was removed (used by web 1.4.0 (production))')
    expect(check.message).toMatch(/needs 3\.0\.0$/)
    expect(checkSemver('2.0.0', '3.0.0', diff)).toMatchObject({ ok: true, actual: 'major' })
    // Under 0.x a breaking change needs only a minor bump (semver §4).
    expect(checkSemver('0.3.0', '0.4.0', diff)).toMatchObject({ ok: true, needed: 'minor' })
    expect(checkSemver('2.0.0', '1.9.0', diff)).toMatchObject({ ok: false, actual: null })
    expect(checkSemver('2.0.0', 'abc', diff).message).toContain('semantic versions')
  })

  it('semver-check passes a patch for documentation-only changes and fails a patch for additions', () => {
    const before = normaliseDescription(base())
    const docs = base()
    docs.paths['/users'].get.summary = 'Every user'
    expect(checkSemver('1.2.3', '1.2.4', diffDescriptions(before, normaliseDescription(docs)))).toMatchObject({ ok: true, needed: 'patch' })
    const added = base()
    S(added).User.properties.avatar = { type: 'string' }
    expect(checkSemver('1.2.3', '1.2.4', diffDescriptions(before, normaliseDescription(added)))).toMatchObject({
      ok: false,
      needed: 'minor',
      suggested: '1.3.0',
    })
  })
})

describe('deprecations in a description', () => {
  it('lists deprecated operations, parameters and properties with their sunset dates', () => {
    const doc = base()
    doc.paths['/users'].get.deprecated = true
    doc.paths['/users'].get['x-sunset'] = '2027-01-31'
    doc.paths['/users'].get.parameters[0].deprecated = true
    S(doc).User.properties.nickname.deprecated = true
    S(doc).User.properties.nickname['x-sunset'] = '2027-06-30'
    const items = listDeprecations(normaliseDescription(doc))
    expect(items).toContainEqual({ kind: 'operation', operation: 'GET /users', direction: null, status: null, path: '', sunset: '2027-01-31' })
    expect(items).toContainEqual({ kind: 'parameter', operation: 'GET /users', direction: 'request', status: null, path: '$.query.page', sunset: null })
    expect(items).toContainEqual({
      kind: 'property',
      operation: 'GET /users/{id}',
      direction: 'response',
      status: '200',
      path: '$.body.nickname',
      sunset: '2027-06-30',
    })
    expect(items).toContainEqual({
      kind: 'property',
      operation: 'GET /users',
      direction: 'response',
      status: '200',
      path: '$.body[*].nickname',
      sunset: '2027-06-30',
    })
  })
})
