/**
 * The official broker CLI (`pact-broker can-i-deploy`, pact-broker-cli 0.8.x) against integrations that only have
 * schema-level results (a provider contract, no verification): it parses the rows (verificationResult with
 * `verifiedBy: 'schema'`, `verificationType`), prints the notices, and exits by the answer.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { MatchersV3 as M } from '@pact-foundation/pact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { post, put } from '../support/http.js'
import { recordPact } from '../support/record-pact.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const PACT_BROKER = fileURLToPath(new URL('../../node_modules/.bin/pact-broker', import.meta.url))
const usersV1 = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/openapi/users-1.0.0.yaml'), 'utf8')
const usersWithoutEmail = usersV1
  .replace('required: [name, email, status]', 'required: [name, status]')
  .replace(/\n {12}email: \{ type: string, format: email \}/, '')

function canIDeploy(broker: TestBroker, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      PACT_BROKER,
      ['can-i-deploy', '--broker-base-url', broker.url, ...args],
      { env: { ...process.env, PACT_DO_NOT_TRACK: 'true' }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as NodeJS.ErrnoException).code ?? 1) : 0, stdout, stderr }),
    )
  })
}

async function publishPact(broker: TestBroker, pact: Record<string, any>, consumer: string, version: string, provider: string) {
  const content = Buffer.from(JSON.stringify({ ...pact, consumer: { name: consumer }, provider: { name: provider } })).toString('base64')
  const res = await post(`${broker.url}/contracts/publish`, {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    branch: 'main',
    contracts: [{ consumerName: consumer, providerName: provider, specification: 'pact', contentType: 'application/json', content }],
  })
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300)
}

for (const database of DATABASES) {
  describe(`official CLI can-i-deploy on schema-only integrations (${database.name})`, () => {
    let broker: TestBroker
    let strict: TestBroker
    beforeAll(async () => {
      const pact = await recordPact('web', 'users', [
        {
          description: 'get a user',
          method: 'GET',
          path: '/users/42',
          status: 200,
          responseHeaders: { 'Content-Type': 'application/json' },
          responseBody: { id: M.integer(42), name: M.string('Ann'), email: M.string('ann@example.com') },
        },
      ])
      broker = await startTestBroker(database)
      strict = await startTestBroker(database, { env: { CONCORD_SCHEMA_COMPATIBILITY_DEPLOYABLE: 'false' } })
      for (const b of [broker, strict]) {
        // Users 2.0.0, in production, published an API description and never verified anything.
        const description = await put(`${b.url}/pacticipants/Users/versions/2.0.0/provider-contract`, {
          content: usersV1,
          contentType: 'application/yaml',
          branch: 'main',
        })
        expect(description.status).toBe(201)
        await td(b).recordDeployment('Users', '2.0.0', 'production')
        await publishPact(b, pact, 'Web', '1.1.0', 'Users')
      }
      // Users 3.0.0 stops describing `email`, which Web reads.
      expect(
        (await put(`${broker.url}/pacticipants/Users/versions/3.0.0/provider-contract`, { content: usersWithoutEmail, contentType: 'application/yaml' }))
          .status,
      ).toBe(201)
    }, 120_000)
    afterAll(async () => {
      await broker?.close()
      await strict?.close()
    })

    it('compatible by schema: yes, exit 0, the row shown as a schema result', async () => {
      const res = await canIDeploy(broker, ['--pacticipant', 'Web', '--version', '1.1.0', '--to-environment', 'production'])
      expect(res.code, res.stdout + res.stderr).toBe(0)
      expect(res.stdout).toContain('Computer says yes')
      expect(res.stdout).toMatch(/Web\s+┆ 1\.1\.0\s+┆ Users\s+┆ 2\.0\.0\s+┆ true\s+┆ 1\s+┆ schema/)
      expect(res.stdout).toContain('VERIFICATION TYPE')
      expect(res.stdout).toContain(`${broker.url}/pacticipants/Users/versions/2.0.0/provider-contract/verification-results (success)`)
      expect(res.stdout).toContain('Web 1.1.0 and Users 2.0.0 are compatible by schema (no verification)')
    })

    it('incompatible by schema: no, exit 1, naming what breaks', async () => {
      const res = await canIDeploy(broker, ['--pacticipant', 'Web', '--version', '1.1.0', '--pacticipant', 'Users', '--version', '3.0.0'])
      expect(res.code).toBe(1)
      expect(res.stdout).toContain('Computer says no')
      expect(res.stdout).toMatch(/Web\s+┆ 1\.1\.0\s+┆ Users\s+┆ 3\.0\.0\s+┆ false\s+┆ 1\s+┆ schema/)
      expect(res.stdout).toContain("Users 3.0.0's API description is incompatible with the pact of Web 1.1.0: the provider may omit `email`")
    })

    it('--output json carries the schema row as the CLI received it', async () => {
      const res = await canIDeploy(broker, ['--pacticipant', 'Web', '--version', '1.1.0', '--to-environment', 'production', '--output', 'json'])
      const body = JSON.parse(res.stdout)
      expect(body.summary).toMatchObject({ deployable: true, success: 1 })
      expect(body.matrix[0]).toMatchObject({ verificationType: 'schema', verificationResult: { success: true, verifiedBy: 'schema', status: 'compatible' } })
    })

    it('a broker that does not accept schema-only results: unknown, exit 1, saying why', async () => {
      const res = await canIDeploy(strict, ['--pacticipant', 'Web', '--version', '1.1.0', '--to-environment', 'production'])
      expect(res.code).toBe(1)
      expect(res.stdout).toContain('Computer says no')
      expect(res.stdout).toMatch(/Web\s+┆ 1\.1\.0\s+┆ Users\s+┆ 2\.0\.0\s+┆ unknown\s+┆ 1\s+┆ schema/)
      expect(res.stdout).toContain(
        'Web 1.1.0 and Users 2.0.0 are compatible by schema, but there is no verification and this broker does not accept schema-only results',
      )
    })
  })
}
