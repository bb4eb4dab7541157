/**
 * can-i-deploy with schema-level results (issue 7): where the provider version being deployed against has no
 * verification of a consumer's pact but has a provider contract (an OpenAPI description), the result of checking
 * the pact against the description stands in, marked as such in the rows and reasons. Real pacts (pact-js),
 * real OpenAPI documents, the real comparison worker, on PGlite and PostgreSQL.
 */
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { MatchersV3 as M } from '@pact-foundation/pact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../broker/app.js'
import { loadConfig } from '../../broker/config.js'
import { findSchemaResults } from '../../broker/provider-contracts/provider-contracts.service.js'
import { SchemaDiffRunner } from '../../broker/provider-contracts/schema-diff-runner.js'
import { webhookOutbox } from '../../broker/webhooks/outbox.js'
import { systemClock } from '../../broker/shared/clock.js'
import { createEvents } from '../../broker/shared/events.js'
import { silentLogger } from '../../broker/shared/logger.js'
import { DATABASES } from '../support/databases.js'
import { get, post, put } from '../support/http.js'
import { recordPact } from '../support/record-pact.js'
import { StatementCounter } from '../support/statement-counter.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const fixtures = path.resolve(import.meta.dirname, '../fixtures/openapi')
const usersV1 = fs.readFileSync(path.join(fixtures, 'users-1.0.0.yaml'), 'utf8')
// Drops `email` from every user response: the web consumer reads it.
const usersWithoutEmail = usersV1
  .replace('required: [name, email, status]', 'required: [name, status]')
  .replace(/\n {12}email: \{ type: string, format: email \}/, '')
const json = { 'Content-Type': 'application/json' }
const ALL_OK = 'All required verification results are published and successful'
const SCHEMA_ONLY = "No verification results back this answer: the required pact is only compatible by schema with the provider's API description"

// A 6-variant oneOf read field by field: json-schema-diff needs far longer than 100 ms for it.
const variant = (i: number) => ({
  type: 'object',
  required: ['kind', `v${i}`],
  properties: { kind: { type: 'string' }, [`v${i}`]: { type: ['string', 'integer', 'null'] }, a: { type: 'array', items: { type: ['string', 'integer'] } } },
})
const wideEvents = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'Events', version: '1' },
  paths: {
    '/events/{id}': {
      get: { responses: { '200': { description: 'an event', content: { 'application/json': { schema: { oneOf: [0, 1, 2, 3, 4, 5].map(variant) } } } } } },
    },
  },
})

let webPact: Record<string, any>
let widePact: Record<string, any>

beforeAll(async () => {
  webPact = await recordPact('web', 'users', [
    {
      description: 'get a user',
      method: 'GET',
      path: '/users/42',
      status: 200,
      responseHeaders: json,
      responseBody: { id: M.integer(42), name: M.string('Ann'), email: M.string('ann@example.com') },
    },
  ])
  const everyField = { kind: M.like('x'), a: M.eachLike('s'), ...Object.fromEntries([0, 1, 2, 3, 4, 5].map((i) => [`v${i}`, M.like('x')])) }
  widePact = await recordPact('web', 'events', [
    { description: 'get an event', method: 'GET', path: '/events/1', status: 200, responseHeaders: json, responseBody: everyField },
  ])
})

/** Publishes a recorded pact (the web one by default) as `consumer` (version `version`) for `provider`. */
async function publishPact(broker: { url: string }, consumer: string, version: string, provider: string, recorded: Record<string, any> = webPact) {
  const pact = { ...recorded, consumer: { name: consumer }, provider: { name: provider } }
  const res = await post(`${broker.url}/contracts/publish`, {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    branch: 'main',
    contracts: [
      {
        consumerName: consumer,
        providerName: provider,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify(pact)).toString('base64'),
      },
    ],
  })
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300)
}

async function publishDescription(broker: { url: string }, provider: string, version: string, content: string) {
  const res = await put(`${broker.url}/pacticipants/${provider}/versions/${version}/provider-contract`, {
    content,
    contentType: content.startsWith('{') ? 'application/json' : 'application/yaml',
    branch: 'main',
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
}

const toProduction = (consumer: string, version: string) => `/matrix?q[][pacticipant]=${consumer}&q[][version]=${version}&latestby=cvpv&environment=production`

for (const database of DATABASES) {
  describe(`can-i-deploy with schema-level results (${database.name})`, () => {
    let broker: TestBroker
    let strict: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
      strict = await startTestBroker(database, { env: { CONCORD_SCHEMA_COMPATIBILITY_DEPLOYABLE: 'false' } })
    }, 120_000)
    afterAll(async () => {
      await broker?.close()
      await strict?.close()
    })

    it('schema-compatible and never verified: deployable, and the row and reason say it is by schema', async () => {
      await publishPact(broker, 'web-a', '1.1.0', 'users-a')
      await publishDescription(broker, 'users-a', '2.0.0', usersV1)
      await td(broker).recordDeployment('users-a', '2.0.0', 'production')

      const res = await get(`${broker.url}${toProduction('web-a', '1.1.0')}`)
      expect(res.status).toBe(200)
      expect(res.body.summary).toEqual({
        deployable: true,
        reason: ['web-a 1.1.0 and users-a 2.0.0 are compatible by schema (no verification)', SCHEMA_ONLY].join('\n'),
        success: 1,
        failed: 0,
        unknown: 0,
      })
      expect(res.body.notices).toEqual([
        { type: 'success', text: 'web-a 1.1.0 and users-a 2.0.0 are compatible by schema (no verification)' },
        { type: 'success', text: SCHEMA_ONLY },
      ])
      expect(res.body.matrix).toHaveLength(1)
      const [row] = res.body.matrix
      expect(row.provider.version.number).toBe('2.0.0')
      expect(row.verificationType).toBe('schema')
      expect(row.verificationResult).toMatchObject({ success: true, verifiedBy: 'schema', status: 'compatible', providerSelfVerified: null })
      expect(row.verificationResult.verifiedAt).toMatch(/^\d{4}-\d\d-\d\dT/)
      // The link leads to the stored result, which names this pact.
      expect(row.verificationResult._links.self.href).toBe(`${broker.url}/pacticipants/users-a/versions/2.0.0/provider-contract/verification-results`)
      const results = await get(row.verificationResult._links.self.href)
      expect(results.body._embedded.verificationResults.map((r: any) => [r.consumer, r.status])).toEqual([['web-a', 'compatible']])
    })

    it('the same with CONCORD_SCHEMA_COMPATIBILITY_DEPLOYABLE=false: unknown, saying schema-only results are not accepted', async () => {
      await publishPact(strict, 'web-a', '1.1.0', 'users-a')
      await publishDescription(strict, 'users-a', '2.0.0', usersV1)
      await td(strict).recordDeployment('users-a', '2.0.0', 'production')

      const res = await get(`${strict.url}${toProduction('web-a', '1.1.0')}`)
      expect(res.body.summary).toEqual({
        deployable: null,
        reason: 'web-a 1.1.0 and users-a 2.0.0 are compatible by schema, but there is no verification and this broker does not accept schema-only results',
        success: 0,
        failed: 0,
        unknown: 1,
      })
      expect(res.body.matrix[0].verificationResult).toMatchObject({ success: null, verifiedBy: 'schema', status: 'compatible' })
      // A real verification then decides.
      await td(strict).verify({ provider: 'users-a', providerVersion: '2.0.0', consumer: 'web-a', consumerVersion: '1.1.0', success: true })
      const verified = await get(`${strict.url}${toProduction('web-a', '1.1.0')}`)
      expect(verified.body.summary).toMatchObject({ deployable: true, reason: ALL_OK, success: 1 })
      expect(verified.body.matrix[0]).not.toHaveProperty('verificationType')
    })

    it('schema-incompatible: not deployable, with the incompatibility in the reason', async () => {
      await publishPact(broker, 'web-b', '1.1.0', 'users-b')
      await publishDescription(broker, 'users-b', '3.0.0', usersWithoutEmail)
      await td(broker).recordDeployment('users-b', '3.0.0', 'production')

      const res = await get(`${broker.url}${toProduction('web-b', '1.1.0')}`)
      expect(res.body.summary).toEqual({
        deployable: false,
        reason:
          'users-b 3.0.0\'s API description is incompatible with the pact of web-b 1.1.0: the provider may omit `email` (its schema does not describe it), which web-b requires (interaction "get a user")',
        success: 0,
        failed: 1,
        unknown: 0,
      })
      expect(res.body.notices).toEqual([{ type: 'error', text: res.body.summary.reason }])
      expect(res.body.matrix[0].verificationResult).toMatchObject({ success: false, verifiedBy: 'schema', status: 'incompatible' })
    })

    it('a failed verification wins over a compatible schema result for the same provider version', async () => {
      await publishPact(broker, 'web-c', '1.1.0', 'users-c')
      await publishDescription(broker, 'users-c', '2.0.0', usersV1)
      await td(broker)
        .verify({ provider: 'users-c', providerVersion: '2.0.0', consumer: 'web-c', consumerVersion: '1.1.0', success: false })
        .recordDeployment('users-c', '2.0.0', 'production')

      const res = await get(`${broker.url}${toProduction('web-c', '1.1.0')}`)
      expect(res.body.summary).toEqual({
        deployable: false,
        reason: 'The verification for the pact between version 1.1.0 of web-c and the version of users-c currently in production (2.0.0) failed',
        success: 0,
        failed: 1,
        unknown: 0,
      })
      expect(res.body.matrix).toHaveLength(1)
      expect(res.body.matrix[0].verificationResult.success).toBe(false)
      expect(res.body.matrix[0].verificationResult).not.toHaveProperty('verifiedBy')
      expect(res.body.matrix[0]).not.toHaveProperty('verificationType')
    })

    it('a provider version with neither a provider contract nor a verification: unknown, as before', async () => {
      await publishPact(broker, 'web-d', '1.1.0', 'users-d')
      // Another version of the provider has a description: it is not the one in production.
      await publishDescription(broker, 'users-d', '1.0.0', usersV1)
      await td(broker).createVersion('users-d', '2.0.0').recordDeployment('users-d', '2.0.0', 'production')

      const res = await get(`${broker.url}${toProduction('web-d', '1.1.0')}`)
      expect(res.body.summary).toEqual({
        deployable: null,
        reason: 'There is no verified pact between version 1.1.0 of web-d and the version of users-d currently in production (2.0.0)',
        success: 0,
        failed: 0,
        unknown: 1,
      })
      expect(res.body.matrix[0].verificationResult).toBeNull()
      expect(res.body.matrix[0]).not.toHaveProperty('verificationType')
    })

    it('a pact published after the provider contract is compared when can-i-deploy asks, once', async () => {
      await publishDescription(broker, 'users-e', '2.0.0', usersWithoutEmail)
      await td(broker).recordDeployment('users-e', '2.0.0', 'production')
      await publishPact(broker, 'web-e', '1.1.0', 'users-e')

      const first = await get(`${broker.url}${toProduction('web-e', '1.1.0')}`)
      expect(first.body.summary).toMatchObject({ deployable: false, failed: 1 })
      expect(first.body.summary.reason).toContain("users-e 2.0.0's API description is incompatible with the pact of web-e 1.1.0")
      // Stored: the provider contract's results list it, with the same comparison time on the next answer.
      const results = await get(`${broker.url}/pacticipants/users-e/versions/2.0.0/provider-contract/verification-results`)
      expect(results.body._embedded.verificationResults.map((r: any) => [r.consumer, r.status])).toEqual([['web-e', 'incompatible']])
      const second = await get(`${broker.url}${toProduction('web-e', '1.1.0')}`)
      expect(second.body.matrix[0].verificationResult.verifiedAt).toBe(first.body.matrix[0].verificationResult.verifiedAt)
    })

    it('GET /can-i-deploy from the provider side: the consumer in production is checked against the new description', async () => {
      await publishPact(broker, 'web-f', '1.1.0', 'users-f')
      await td(broker).recordDeployment('web-f', '1.1.0', 'production')
      await publishDescription(broker, 'users-f', '2.0.0', usersV1)
      await publishDescription(broker, 'users-f', '3.0.0', usersWithoutEmail)

      const ok = await get(`${broker.url}/can-i-deploy?pacticipant=users-f&version=2.0.0&environment=production`)
      expect(ok.body.summary).toMatchObject({
        deployable: true,
        reason: ['web-f 1.1.0 and users-f 2.0.0 are compatible by schema (no verification)', SCHEMA_ONLY].join('\n'),
      })
      const breaking = await get(`${broker.url}/can-i-deploy?pacticipant=users-f&version=3.0.0&environment=production`)
      expect(breaking.body.summary).toMatchObject({ deployable: false, failed: 1 })
    })

    it('pairs not compared within the wait come back pending (not stored as unknown); the next request compares and stores them', async () => {
      await publishDescription(broker, 'users-g', '2.0.0', usersV1)
      await td(broker).recordDeployment('users-g', '2.0.0', 'production')
      await publishPact(broker, 'web-g', '1.1.0', 'users-g')
      const { db } = broker.deps
      const pact = await db
        .selectFrom('pact_versions as pv')
        .innerJoin('pacticipants as c', 'c.id', 'pv.consumer_id')
        .select('pv.id')
        .where('c.name', '=', 'web-g')
        .executeTakeFirstOrThrow()
      const version = await db
        .selectFrom('versions as v')
        .innerJoin('pacticipants as p', 'p.id', 'v.pacticipant_id')
        .select('v.id')
        .where('p.name', '=', 'users-g')
        .where('v.number', '=', '2.0.0')
        .executeTakeFirstOrThrow()
      const pair = { pactVersionId: pact.id, providerVersionId: version.id }

      // No time at all (a comparison memoised by the worker can take well under a millisecond).
      const hurried = await findSchemaResults(broker.deps, [pair], { waitMs: 0 })
      expect(hurried).toMatchObject({ results: [], pending: [pair] })
      expect(hurried.providerVersions).toEqual([{ id: version.id, number: '2.0.0', orderKey: expect.any(String) }])
      const stored = await findSchemaResults(broker.deps, [pair])
      expect(stored.pending).toEqual([])
      expect(stored.results.map((r) => [r.consumer.name, r.providerVersion.number, r.status, r.success])).toEqual([['web-g', '2.0.0', 'compatible', true]])
      const res = await get(`${broker.url}${toProduction('web-g', '1.1.0')}`)
      expect(res.body.summary).toMatchObject({ deployable: true, success: 1 })
      // A provider version without a provider contract has no result, and no pending pair either.
      expect(await findSchemaResults(broker.deps, [{ pactVersionId: pact.id, providerVersionId: -1 }])).toEqual({
        results: [],
        pending: [],
        providerVersions: [],
      })
    })

    it('a comparison over CONCORD_SCHEMA_COMPARISON_TIMEOUT_MS is unknown, never yes, and the answer does not wait for it', async () => {
      const hasty = await startTestBroker(database, { env: { CONCORD_SCHEMA_COMPARISON_TIMEOUT_MS: '100' } })
      try {
        await publishDescription(hasty, 'events', '2.0.0', wideEvents)
        await td(hasty).recordDeployment('events', '2.0.0', 'production')
        await publishPact(hasty, 'web', '1.1.0', 'events', widePact)

        const started = Date.now()
        const res = await get(`${hasty.url}${toProduction('web', '1.1.0')}`)
        expect(Date.now() - started).toBeLessThan(5_000)
        expect(res.body.summary).toMatchObject({ deployable: null, unknown: 1 })
        // Either the comparison hit its own deadline (stored as unknown) or the request stopped waiting first.
        expect(res.body.summary.reason).toMatch(
          /^(Whether the pact of web 1\.1\.0 is compatible with events 2\.0\.0's API description is unknown \(no verification\): comparing the schemas took longer than 100 ms.*|The pact of web 1\.1\.0 is still being compared with events 2\.0\.0's API description \(no verification\): ask again shortly)$/,
        )
        expect(res.body.matrix[0].verificationResult).toMatchObject({ success: null, verifiedBy: 'schema' })
        expect(['unknown', 'pending']).toContain(res.body.matrix[0].verificationResult.status)
      } finally {
        await hasty.close()
      }
    }, 60_000)
  })

  describe(`SQL statements per can-i-deploy with schema-level results (${database.name})`, () => {
    it('do not grow with the number of schema-only integrations once their results are stored', async () => {
      const db = await database.create()
      const counter = new StatementCounter()
      const deps = {
        db: db.db.withPlugin(counter),
        config: loadConfig({ CONCORD_LOG_LEVEL: 'silent', CONCORD_DATA_DIR: 'memory://' }),
        logger: silentLogger,
        clock: systemClock,
        events: createEvents(),
        schemaDiff: new SchemaDiffRunner(),
        outbox: webhookOutbox,
      }
      const server = createApp(deps).listen(0, '127.0.0.1')
      await new Promise<void>((resolve) => server.once('listening', resolve))
      const broker = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
      try {
        const addConsumers = async (from: number, to: number) => {
          for (let i = from; i < to; i++) {
            await publishPact(broker, `C${i}`, '1.0.0', 'Api')
            await td(broker).recordDeployment(`C${i}`, '1.0.0', 'production')
          }
        }
        const statements = async () => {
          // The first answer compares and stores what is missing; the second reads stored results only.
          await get(`${broker.url}/can-i-deploy?pacticipant=Api&version=2.0.0&environment=production`)
          counter.count = 0
          const res = await get(`${broker.url}/can-i-deploy?pacticipant=Api&version=2.0.0&environment=production`)
          return { count: counter.count, summary: res.body.summary }
        }
        await publishDescription(broker, 'Api', '2.0.0', usersV1)
        await addConsumers(0, 2)
        const small = await statements()
        await addConsumers(2, 8)
        const large = await statements()
        expect(small.summary).toMatchObject({ deployable: true, success: 2 })
        expect(large.summary).toMatchObject({ deployable: true, success: 8 })
        expect(large.count).toBe(small.count)

        // Against a provider version without a provider contract the schema step costs one statement only.
        await td(broker).createVersion('Api', '1.0.0')
        counter.count = 0
        const without = await get(`${broker.url}/can-i-deploy?pacticipant=Api&version=1.0.0&environment=production`)
        expect(without.body.summary).toMatchObject({ deployable: null, unknown: 8 })
        expect(large.count - counter.count).toBe(1)
      } finally {
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await deps.schemaDiff.close()
        await db.close()
      }
    }, 120_000)
  })
}
