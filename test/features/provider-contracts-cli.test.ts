/**
 * `concord diff` and `concord semver-check` (the built CLI) against a broker holding two provider contracts
 * and a consumer pact that reads the field the second version removes.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../e2e/run-cli.js'
import { DATABASES } from '../support/databases.js'
import { post, put } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const pglite = DATABASES.find((d) => d.name === 'pglite')!
const usersV1 = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/openapi/users-1.0.0.yaml'), 'utf8')
const usersV2 = usersV1.replace('required: [name, email, status]', 'required: [name, status]').replace(/\n {12}email: \{ type: string, format: email \}/, '')

const webPact = {
  consumer: { name: 'web' },
  provider: { name: 'users' },
  interactions: [
    {
      description: 'get a user',
      request: { method: 'GET', path: '/users/1' },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 1, email: 'a@b.co' } },
    },
  ],
  metadata: { pactSpecification: { version: '3.0.0' } },
}

describe('concord diff / semver-check (built CLI, PGlite)', () => {
  let broker: TestBroker
  let env: Record<string, string>
  beforeAll(async () => {
    broker = await startTestBroker(pglite)
    env = { CONCORD_BROKER_URL: broker.url }
    const published = await post(`${broker.url}/contracts/publish`, {
      pacticipantName: 'web',
      pacticipantVersionNumber: '1.4.0',
      branch: 'main',
      contracts: [
        {
          consumerName: 'web',
          providerName: 'users',
          specification: 'pact',
          contentType: 'application/json',
          content: Buffer.from(JSON.stringify(webPact)).toString('base64'),
        },
      ],
    })
    expect(published.status).toBeLessThan(300)
    expect((await put(`${broker.url}/pacticipants/users/versions/2.0.0/provider-contract`, { content: usersV1, branch: 'main' })).status).toBe(201)
    expect((await put(`${broker.url}/pacticipants/users/versions/2.1.0/provider-contract`, { content: usersV2, branch: 'main' })).status).toBe(201)
  })
  afterAll(() => broker?.close())

  it('diff lists the changes, breaking first, with the consumers they reach', async () => {
    const result = await runCli(['diff', '--pacticipant', 'users', '2.0.0', '2.1.0'], { env })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('users 2.0.0 → 2.1.0:')
    expect(result.stdout).toContain('needs a major bump; breaks web 1.4.0')
    expect(result.stdout).toMatch(/breaking {2}GET \/users\/\{id\} 200: `email` was removed — used by web 1\.4\.0 {2}\[response-property-removed\]/)
    const failing = await runCli(['diff', '--pacticipant', 'users', '2.0.0', '2.1.0', '--fail-on-breaking', '--output', 'json'], { env })
    expect(failing.code).toBe(1)
    expect(JSON.parse(failing.stdout)).toMatchObject({ bump: 'major', brokenConsumers: ['web 1.4.0'] })
  })

  it('semver-check fails when the version number understates the change', async () => {
    const result = await runCli(['semver-check', '--pacticipant', 'users', '--version', '2.1.0'], { env })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('2.1.0 understates the change from 2.0.0: GET /users/{id} 200: `email` was removed (used by web 1.4.0)')
    expect(result.stdout).toContain('needs 3.0.0')
    const json = await runCli(['semver-check', '--pacticipant', 'users', '--version', '2.1.0', '--against', '2.0.0', '--output', 'json'], { env })
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, baseline: '2.0.0', semver: { needed: 'major', suggested: '3.0.0' } })
    const usage = await runCli(['semver-check', '--pacticipant', 'users'], { env })
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('--version is required')
  })
})
