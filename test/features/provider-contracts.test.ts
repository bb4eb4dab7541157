import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { MatchersV3 as M } from '@pact-foundation/pact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findSchemaResults } from '../../broker/provider-contracts/provider-contracts.service.js'
import { DATABASES } from '../support/databases.js'
import { get, post, put } from '../support/http.js'
import { recordPact } from '../support/record-pact.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const run = promisify(execFile)
const fixtures = path.resolve(import.meta.dirname, '../fixtures/openapi')
const usersV1 = fs.readFileSync(path.join(fixtures, 'users-1.0.0.yaml'), 'utf8')
// 2.0.0 drops `email` from every user response: web reads it, mobile does not.
const usersV2 = usersV1.replace('required: [name, email, status]', 'required: [name, status]').replace(/\n {12}email: \{ type: string, format: email \}/, '')
const json = { 'Content-Type': 'application/json' }

let webPact: Record<string, any>
let mobilePact: Record<string, any>
let adminPact: Record<string, any>

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
  mobilePact = await recordPact('mobile', 'users', [
    {
      description: 'get a user with tags',
      method: 'GET',
      path: '/users/42',
      status: 200,
      responseHeaders: json,
      responseBody: { id: M.integer(42), tags: M.eachLike('vip') },
    },
  ])
  adminPact = await recordPact('admin', 'users', [
    { description: 'list users', method: 'GET', path: '/users', status: 200, responseHeaders: json, responseBody: { total: M.integer(3) } },
  ])
})

async function publishPact(broker: TestBroker, pact: Record<string, any>, version: string, branch = 'main') {
  const res = await post(`${broker.url}/contracts/publish`, {
    pacticipantName: pact.consumer.name,
    pacticipantVersionNumber: version,
    branch,
    contracts: [
      {
        consumerName: pact.consumer.name,
        providerName: pact.provider.name,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify(pact)).toString('base64'),
      },
    ],
  })
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300)
}

for (const database of DATABASES) {
  describe(`provider contracts (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
      await publishPact(broker, webPact, '1.4.0')
      await publishPact(broker, mobilePact, '2.0.0')
    })
    afterAll(() => broker?.close())

    it('publishes a description with PUT and checks every consumer pact against it', async () => {
      const res = await put(`${broker.url}/pacticipants/users/versions/1.0.0/provider-contract`, {
        content: usersV1,
        contentType: 'application/yaml',
        branch: 'main',
      })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      expect(res.headers.get('location')).toBe(`${broker.url}/pacticipants/users/versions/1.0.0/provider-contract`)
      expect(res.body).toMatchObject({ provider: 'users', providerVersion: '1.0.0', specification: 'oas', contentType: 'application/yaml' })
      const results = res.body._embedded.verificationResults
      expect(results.map((r: any) => [r.consumer, r.status, r.success, r.verifiedBy])).toEqual([
        ['mobile', 'incompatible', false, 'schema'],
        ['web', 'compatible', true, 'schema'],
      ])
      expect(results[0].issues).toEqual([
        expect.objectContaining({ interaction: 'get a user with tags', path: '$.body.tags', message: 'the provider may omit `tags`, which mobile requires' }),
      ])
      expect(res.body.notices.map((n: any) => n.text)).toContain('Checked 2 consumer pacts against it: 1 compatible, 1 incompatible, 0 unknown.')
      expect(res.body.notices.map((n: any) => n.text)).toContain('mobile: get a user with tags: the provider may omit `tags`, which mobile requires')
    })

    it('serves the description and its results back', async () => {
      const contract = await get(`${broker.url}/pacticipants/users/versions/1.0.0/provider-contract`)
      expect(contract.status).toBe(200)
      expect(contract.body.content).toBe(usersV1)
      const deprecations = await get(`${broker.url}/pacticipants/users/versions/1.0.0/provider-contract/deprecations`)
      expect(deprecations.status).toBe(200)
      expect(deprecations.body.deprecations).toContainEqual({
        kind: 'operation',
        operation: 'DELETE /users/{id}',
        direction: null,
        status: null,
        path: '',
        sunset: '2027-01-31',
      })
      expect(deprecations.body.deprecations).toContainEqual({
        kind: 'property',
        operation: 'GET /users/{id}',
        direction: 'response',
        status: '200',
        path: '$.body.legacyId',
        sunset: '2027-06-30',
      })
      const results = await get(contract.body._links['pf:verification-results'].href)
      expect(results.status).toBe(200)
      expect(results.body.summary).toEqual({ compatible: 1, incompatible: 1, unknown: 0 })
    })

    it('checks a pact published after the description when its results are asked for', async () => {
      await publishPact(broker, adminPact, '0.1.0')
      const results = await get(`${broker.url}/pacticipants/users/versions/1.0.0/provider-contract/verification-results`)
      expect(results.body._embedded.verificationResults.map((r: any) => [r.consumer, r.status])).toEqual([
        ['admin', 'compatible'],
        ['mobile', 'incompatible'],
        ['web', 'compatible'],
      ])
    })

    it('gives the matrix its results with findSchemaResults (computing missing pairs)', async () => {
      const { db } = broker.deps
      const ids = await db.selectFrom('pact_versions as pv').innerJoin('pacticipants as c', 'c.id', 'pv.consumer_id').select(['pv.id', 'c.name']).execute()
      const provider = await db
        .selectFrom('versions as v')
        .innerJoin('pacticipants as p', 'p.id', 'v.pacticipant_id')
        .select('v.id')
        .where('p.name', '=', 'users')
        .where('v.number', '=', '1.0.0')
        .executeTakeFirstOrThrow()
      const { results: found } = await findSchemaResults(
        broker.deps,
        ids.map((r) => ({ pactVersionId: r.id, providerVersionId: provider.id })),
      )
      expect(found.map((f) => [f.consumer.name, f.providerVersion.number, f.success]).sort()).toEqual([
        ['admin', '1.0.0', true],
        ['mobile', '1.0.0', false],
        ['web', '1.0.0', true],
      ])
      expect(await findSchemaResults(broker.deps, [])).toEqual({ results: [], pending: [], providerVersions: [] })
    })

    it('counts schema results as failed when the provider reports that its own test of the description failed', async () => {
      const res = await put(`${broker.url}/pacticipants/users/versions/1.0.1/provider-contract`, {
        content: usersV1,
        selfVerificationResults: { success: false, content: '1 failure' },
      })
      expect(res.status).toBe(201)
      expect(res.body.selfVerificationResults).toMatchObject({ success: false, content: '1 failure' })
      const web = res.body._embedded.verificationResults.find((r: any) => r.consumer === 'web')
      expect(web).toMatchObject({ status: 'compatible', success: false, providerSelfVerified: false })
      expect(res.body.notices.map((n: any) => n.text)).toContain(
        "The provider's own test of this description failed, so every schema result for users 1.0.1 counts as failed.",
      )
    })

    it('refuses a description it cannot read and stores nothing', async () => {
      const res = await put(`${broker.url}/pacticipants/users/versions/9.9.9/provider-contract`, { content: 'swagger: "2.0"\ninfo: {}' })
      expect(res.status).toBe(400)
      expect(res.body.type).toBe(`${broker.url}/problems/provider-contract-invalid`)
      expect(res.body.errors).toEqual([{ pointer: '/content', detail: 'Swagger 2.0 is not supported: convert the description to OpenAPI 3.0 or 3.1 first.' }])
      expect((await get(`${broker.url}/pacticipants/users/versions/9.9.9`)).status).toBe(404)
      const mismatch = await put(`${broker.url}/pacticipants/users/versions/9.9.9/provider-contract`, { content: usersV1, specification: 'json-schema' })
      expect(mismatch.status).toBe(400)
      expect(mismatch.body.errors[0].detail).toContain('the specification says JSON Schema but the content is an OpenAPI document')
      const missing = await get(`${broker.url}/pacticipants/users/versions/1.4.0/provider-contract`)
      expect(missing.status).toBe(404)
    })

    it('diffs two provider versions, names the consumers a breaking change reaches, and checks semver', async () => {
      expect((await put(`${broker.url}/pacticipants/users/versions/1.1.0/provider-contract`, { content: usersV2, branch: 'main' })).status).toBe(201)
      const diff = await get(`${broker.url}/provider-contracts/provider/users/diff?from=1.0.0&to=1.1.0`)
      expect(diff.status).toBe(200)
      expect(diff.body).toMatchObject({ from: '1.0.0', to: '1.1.0', bump: 'major', breaking: true, brokenConsumers: ['web 1.4.0'] })
      const removed = diff.body.changes.find((c: any) => c.kind === 'response-property-removed' && c.operation === 'GET /users/{id}' && c.status === '200')
      expect(removed).toMatchObject({ path: '$.body.email', breaking: true, bump: 'major', usedBy: ['web 1.4.0'] })
      expect(diff.body.semver).toMatchObject({ ok: false, actual: 'minor', needed: 'major', suggested: '2.0.0' })
      expect(diff.body.semver.message).toContain('1.1.0 understates the change from 1.0.0: GET /users/{id} 200: `email` was removed (used by web 1.4.0)')

      const check = await get(`${broker.url}/provider-contracts/provider/users/semver-check?version=1.1.0`)
      expect(check.status).toBe(200)
      expect(check.body).toMatchObject({ baseline: '1.0.0', semver: { ok: false, suggested: '2.0.0' } })
      // Against what is deployed: users 1.0.0 in production.
      const production = (await get(`${broker.url}/environments?name=production`)).body._embedded.environments[0]
      expect((await post(`${broker.url}/pacticipants/users/versions/1.0.0/deployed-versions/environment/${production.uuid}`, {})).status).toBe(201)
      const deployed = await get(`${broker.url}/provider-contracts/provider/users/semver-check?version=1.1.0&environment=production`)
      expect(deployed.body).toMatchObject({ baseline: '1.0.0', from: '1.0.0', to: '1.1.0', semver: { ok: false } })
      const nothingDeployed = await get(`${broker.url}/provider-contracts/provider/users/semver-check?version=1.1.0&environment=test`)
      expect(nothingDeployed.status).toBe(422)
      expect(nothingDeployed.body.detail).toBe("No version of 'users' other than 1.1.0 is deployed to test: nothing to compare with.")
      const missingQuery = await get(`${broker.url}/provider-contracts/provider/users/diff?from=1.0.0`)
      expect(missingQuery.status).toBe(400)
      expect(missingQuery.body.errors).toEqual([{ pointer: '#/query/to', detail: 'is required' }])
    })

    it('accepts the official `pactflow publish-provider-contract` command', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-pf-'))
      const results = path.join(dir, 'results.txt')
      fs.writeFileSync(results, '42 examples, 0 failures\n')
      try {
        const index = await get(broker.url)
        expect(index.body._links['pf:publish-provider-contract'].href).toBe(`${broker.url}/provider-contracts/provider/{provider}/publish`)
        const { stdout } = await run(
          path.resolve('node_modules/.bin/pactflow'),
          [
            'publish-provider-contract',
            path.join(fixtures, 'users-1.0.0.yaml'),
            '--broker-base-url',
            broker.url,
            '--provider',
            'users',
            '--provider-app-version',
            '3.0.0',
            '--branch',
            'main',
            '--tag',
            'prod',
            '--content-type',
            'application/yaml',
            '--verification-success',
            '--verification-results',
            results,
            '--verification-results-content-type',
            'text/plain',
            '--verification-results-format',
            'text',
            '--verifier',
            'rspec',
          ],
          { env: { ...process.env, PACT_DO_NOT_TRACK: 'true' } },
        )
        expect(stdout).toContain('Published the provider contract for users version 3.0.0 (branch main).')
        expect(stdout).toContain('1 incompatible')
        const stored = await get(`${broker.url}/pacticipants/users/versions/3.0.0/provider-contract`)
        expect(stored.status).toBe(200)
        expect(stored.body.content).toBe(usersV1)
        expect(stored.body.selfVerificationResults).toEqual({
          success: true,
          content: '42 examples, 0 failures\n',
          contentType: 'text/plain',
          format: 'text',
          verifier: 'rspec',
          verifierVersion: null,
        })
        const version = await get(`${broker.url}/pacticipants/users/versions/3.0.0`)
        expect(JSON.stringify(version.body)).toContain('prod')
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    })
  })
}
