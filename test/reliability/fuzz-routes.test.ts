/**
 * Property-based fuzzing of every route (issue #14): for any method, path parameters, query string, headers and
 * body that fast-check generates — well-formed values the broker knows, unknown names, hostile strings (control
 * characters, NUL, malformed percent-escapes, lone surrogates, very long values), random JSON and wrong media
 * types — the broker answers below 500, and every 4xx is a problem document whose `status` matches.
 * Routes come from the route table and the page list (test/support/routes.ts), so new routes are fuzzed without editing this file.
 * Runs on both databases; the seed of a failure is printed, and `FUZZ_RUNS` raises the number of requests.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get, post, request } from '../support/http.js'
import { pactDocument, publishBody } from '../support/pact-documents.js'
import { fillTemplate, listRoutes, type RouteEntry } from '../support/routes.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 250)

/** Raw text spliced into a URL as is: what a hand-written or hostile client may send. */
const RAW_SEGMENTS = ['%ZZ', '%', '%ED%A0%80', '%00', '%0D%0A', '..', '%2F', '%25', '%C0%AF', '%FF', '~', "!$&'()*+,;="]

function knownValues(state: { sha: string; environment: string; uuid: string }): Record<string, string[]> {
  return {
    pacticipant: ['web', 'users'],
    name: ['web', 'users'],
    consumer: ['web'],
    provider: ['users'],
    version: ['1.0.0', '2.0.0'],
    consumerVersion: ['1.0.0'],
    number: ['1'],
    branch: ['main'],
    tag: ['prod'],
    sha: [state.sha],
    environment: [state.environment],
    uuid: [state.uuid, state.environment],
  }
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('\u0000', 'a\r\nb', '\t', '\u2028', '\uD800', '<script>', "'; drop table pacticipants; --", ' ', '', 'x'.repeat(300)),
  fc.integer({ min: -5, max: 99999999 }).map(String),
  fc.constant('99999999999999999999'),
)

/** encodeURIComponent, with lone surrogates (which it cannot encode) replaced; `%ED%A0%80` covers them raw. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text)
  } catch {
    return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '?'))
  }
}

/** One path parameter: a value the broker knows, an encoded arbitrary string, or raw text. */
function parameterValue(known: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(known.length ? known : ['x'])).map(encode) },
    { weight: 3, arbitrary: hostileString.filter((s) => s !== '').map(encode) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
  )
}

const QUERY_KEYS = [
  'q[][pacticipant]',
  'q[][version]',
  'q[][latest]',
  'q[][branch]',
  'q[][tag]',
  'latestby',
  'limit',
  'pacticipant',
  'version',
  'to',
  'environment',
  'latest',
  'page',
  'size',
  'q',
  'ignore[][pacticipant]',
  'mainBranch',
  'tag',
  'branch',
  'includePendingStatus',
]

const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(...QUERY_KEYS).map((k) => k.replace(/\[/g, '%5B').replace(/\]/g, '%5D')),
        fc.string({ maxLength: 6 }).map(encode),
      ),
      fc.oneof(parameterValue(['web', 'users', '1.0.0', 'true', 'cvpv', 'production', '10']), fc.constantFrom('', '%ZZ', '%00')),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''))

function bodyArbitrary(): fc.Arbitrary<{ text: string | undefined; contentType: string | undefined }> {
  const validPublish = fc
    .record({ version: hostileString, branch: fc.option(hostileString), tags: fc.option(fc.array(hostileString, { maxLength: 2 })) })
    .map(({ version, branch, tags }) =>
      JSON.stringify(publishBody({ pact: pactDocument('web', 'users', ['fuzz']), version, ...(branch ? { branch } : {}), ...(tags ? { tags } : {}) })),
    )
  const json = fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: validPublish },
    { weight: 2, arbitrary: fc.constant(JSON.stringify(pactDocument('web', 'users', ['fuzzed']))) },
    {
      weight: 2,
      arbitrary: fc
        .record({ name: hostileString, success: fc.oneof(fc.boolean(), hostileString), providerApplicationVersion: hostileString, production: fc.boolean() })
        .map((v) => JSON.stringify(v)),
    },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '[1,2', '"\\u0000"', '{"name":"\\u0000"}', 'null', '') },
  )
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant({ text: undefined, contentType: undefined }) },
    { weight: 6, arbitrary: json.map((text) => ({ text, contentType: 'application/json' })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(json, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/merge-patch+json', 'application/json; charset=latin1'))
        .map(([text, contentType]) => ({ text, contentType })),
    },
  )
}

function requestArbitrary(routes: RouteEntry[], known: Record<string, string[]>) {
  return fc.constantFrom(...routes).chain((route) =>
    fc.record({
      route: fc.constant(route),
      method: route.method === 'ALL' ? fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') : fc.constant(route.method),
      params: fc.record(Object.fromEntries(Object.keys(known).map((name) => [name, parameterValue(known[name]!)]))),
      otherParam: parameterValue([]),
      keepOptional: fc.boolean(),
      query: queryString,
      body: bodyArbitrary(),
      accept: fc.constantFrom('application/hal+json', 'application/json', 'application/problem+json', '*/*', 'text/html', 'text/plain'),
    }),
  )
}

for (const database of DATABASES) {
  describe(`fuzzing every route (${database.name})`, () => {
    let broker: TestBroker
    let known: Record<string, string[]>
    let routes: RouteEntry[]
    beforeAll(async () => {
      broker = await startTestBroker(database)
      routes = listRoutes()
      expect(routes.length).toBeGreaterThan(50)
      const publish = await post(
        `${broker.url}/contracts/publish`,
        publishBody({ pact: pactDocument('web', 'users'), version: '1.0.0', branch: 'main', tags: ['prod'] }),
      )
      expect(publish.status).toBe(200)
      const pact = (await get(`${broker.url}/pacts/provider/users/consumer/web/version/1.0.0`)).body
      const verification = await post(pact._links['pb:publish-verification-results'].href, { success: true, providerApplicationVersion: '2.0.0' })
      expect(verification.status, JSON.stringify(verification.body)).toBe(201)
      const environment = (await post(`${broker.url}/environments`, { name: 'fuzzing', production: true })).body.uuid
      const deployed = await post(`${broker.url}/pacticipants/users/versions/2.0.0/deployed-versions/environment/${environment}`, {})
      expect(deployed.status).toBe(201)
      known = knownValues({
        sha: pact._links['pb:publish-verification-results'].href.split('/pact-version/')[1].split('/')[0],
        environment,
        uuid: deployed.body.uuid,
      })
    })
    afterAll(() => broker?.close())

    it(`answers ${RUNS} generated requests over every route without a 5xx, every error a problem document`, async () => {
      const seen = new Map<string, number>()
      await fc.assert(
        fc.asyncProperty(requestArbitrary(routes, known), async ({ route, method, params, otherParam, keepOptional, query, body, accept }) => {
          const path = fillTemplate(route.path, (name) => (params as Record<string, string>)[name] ?? otherParam, keepOptional)
          const headers: Record<string, string> = { accept }
          if (body.contentType) headers['content-type'] = body.contentType
          const hasBody = body.text !== undefined && !['GET', 'HEAD', 'OPTIONS'].includes(method)
          const res = await request(method, `${broker.url}${path}${query}`, hasBody ? body.text : undefined, headers)
          seen.set(String(res.status), (seen.get(String(res.status)) ?? 0) + 1)
          const what = `${method} ${path}${query} (route ${route.path}) → ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`
          expect(res.status, what).toBeLessThan(500)
          // A browser asking for a page gets an HTML error page (broker/ui/); everyone else a problem document.
          if (res.status >= 400 && !(accept === 'text/html' && res.contentType.startsWith('text/html'))) {
            expect(res.contentType, what).toMatch(/^application\/(problem\+)?json/)
            expect(res.body, what).toMatchObject({
              type: expect.stringMatching(/\/problems\/[a-z-]+$/),
              title: expect.any(String),
              detail: expect.any(String),
              status: res.status,
            })
          }
        }),
        { numRuns: RUNS },
      )
      // Not only 404s: the generator reaches the handlers and their validation.
      expect([...seen.keys()]).toEqual(expect.arrayContaining(['200', '400', '404']))
    })
  })
}
