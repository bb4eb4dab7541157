/**
 * Inputs for the schema-level benchmarks: an OpenAPI 3.0 description of `resources` × 5 operations (each
 * resource with its own schema, `$ref`s, `nullable`, an enum, `readOnly`) and a V4 pact whose interactions
 * spread over the resources (get one, list with a query parameter, create with a body).
 */
export function benchDescription(resources: number): Record<string, unknown> {
  const paths: Record<string, unknown> = {}
  const schemas: Record<string, unknown> = {}
  for (let r = 0; r < resources; r++) {
    const name = `Thing${r}`
    schemas[name] = {
      type: 'object',
      required: ['id', 'name', 'status', 'owner', `extra${r}`],
      properties: {
        id: { type: 'integer' },
        name: { type: 'string', maxLength: 100 },
        status: { type: 'string', enum: ['active', 'disabled', 'pending'] },
        note: { type: 'string', nullable: true },
        tags: { type: 'array', items: { type: 'string' } },
        owner: { $ref: '#/components/schemas/Owner' },
        createdAt: { type: 'string', format: 'date-time', readOnly: true },
        // Makes every resource's schema distinct, so no memo can collapse the resources into one.
        [`extra${r}`]: { type: 'integer', minimum: r },
      },
    }
    const item = { $ref: `#/components/schemas/${name}` }
    const ok = (schema: unknown) => ({ description: 'ok', content: { 'application/json': { schema } } })
    paths[`/things${r}`] = {
      get: {
        parameters: [{ name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } }],
        responses: { '200': ok({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: item }, total: { type: 'integer' } } }) },
      },
      post: {
        requestBody: { required: true, content: { 'application/json': { schema: item } } },
        responses: { '201': ok(item), '400': { description: 'bad' } },
      },
    }
    paths[`/things${r}/{id}`] = {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      get: { responses: { '200': ok(item), '404': { description: 'missing' } } },
      put: { requestBody: { content: { 'application/json': { schema: item } } }, responses: { '200': ok(item) } },
      delete: { responses: { '204': { description: 'deleted' } } },
    }
  }
  schemas.Owner = { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, email: { type: 'string', format: 'email' } } }
  return { openapi: '3.0.3', info: { title: 'Bench', version: '1.0.0' }, paths, components: { schemas } }
}

const rule = (match: string, extra: Record<string, unknown> = {}) => ({ combine: 'AND', matchers: [{ match, ...extra }] })
const json = { 'Content-Type': ['application/json'] }
const body = (content: unknown) => ({ content, contentType: 'application/json', encoded: false })

/** A V4 pact of `interactions` interactions over the first `resources` resources. */
export function benchPact(resources: number, interactions: number, consumer = 0): Record<string, unknown> {
  const out = []
  for (let i = 0; i < interactions; i++) {
    const r = (consumer * 7 + i * 3) % resources
    const kind = i % 3
    if (kind === 0) {
      out.push({
        type: 'Synchronous/HTTP',
        description: `get thing ${r} (${i})`,
        request: { method: 'GET', path: `/things${r}/${i + 1}` },
        response: {
          status: 200,
          headers: json,
          body: body({ id: 1, name: 'x', status: 'active', owner: { id: 2 }, [`extra${r}`]: r + 1 }),
          matchingRules: { body: { '$.id': rule('integer'), '$.name': rule('type'), '$.owner': rule('type'), [`$.extra${r}`]: rule('integer') } },
        },
      })
    } else if (kind === 1) {
      out.push({
        type: 'Synchronous/HTTP',
        description: `list things ${r} (${i})`,
        request: { method: 'GET', path: `/things${r}`, query: { page: ['2'] } },
        response: {
          status: 200,
          headers: json,
          body: body({ items: [{ id: 1, name: 'x' }] }),
          matchingRules: { body: { '$.items': rule('type', { min: 1 }), '$.items[*].id': rule('integer'), '$.items[*].name': rule('type') } },
        },
      })
    } else {
      out.push({
        type: 'Synchronous/HTTP',
        description: `create thing ${r} (${i})`,
        request: {
          method: 'POST',
          path: `/things${r}`,
          headers: json,
          body: body({ id: 5, name: 'new', status: 'pending', owner: { id: 2 }, [`extra${r}`]: r + 1 }),
        },
        response: {
          status: 201,
          headers: json,
          body: body({ id: 5, status: 'pending' }),
          matchingRules: { body: { '$.id': rule('integer'), '$.status': rule('type') } },
        },
      })
    }
  }
  return { consumer: { name: `consumer-${consumer}` }, provider: { name: 'bench' }, interactions: out, metadata: { pactSpecification: { version: '4.0' } } }
}
