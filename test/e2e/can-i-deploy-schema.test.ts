/**
 * The built `concord can-i-deploy` against a schema-only integration (issue 7): the provider version in
 * production published an OpenAPI description and never verified the consumer's pact. The table says "by schema",
 * the JSON says `verifiedBy: "schema"`, and the exit code follows the answer.
 */
import fs from 'node:fs'
import path from 'node:path'
import { MatchersV3 as M } from '@pact-foundation/pact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { post, put } from '../support/http.js'
import { recordPact } from '../support/record-pact.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { runCli } from './run-cli.js'

const pglite = DATABASES.find((d) => d.name === 'pglite')!
const usersV1 = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/openapi/users-1.0.0.yaml'), 'utf8')
const usersWithoutEmail = usersV1
  .replace('required: [name, email, status]', 'required: [name, status]')
  .replace(/\n {12}email: \{ type: string, format: email \}/, '')

describe('concord can-i-deploy on a schema-only integration (built CLI, broker on PGlite)', { timeout: 120_000 }, () => {
  let broker: TestBroker
  let env: Record<string, string>

  beforeAll(async () => {
    const pact = await recordPact('web', 'users', [
      {
        description: 'get a user',
        method: 'GET',
        path: '/users/42',
        status: 200,
        responseHeaders: { 'Content-Type': 'application/json' },
        responseBody: { id: M.integer(42), email: M.string('ann@example.com') },
      },
    ])
    broker = await startTestBroker(pglite)
    env = { CONCORD_BROKER_URL: broker.url }
    expect((await put(`${broker.url}/pacticipants/users/versions/2.0.0/provider-contract`, { content: usersV1, contentType: 'application/yaml' })).status).toBe(
      201,
    )
    expect(
      (await put(`${broker.url}/pacticipants/users/versions/3.0.0/provider-contract`, { content: usersWithoutEmail, contentType: 'application/yaml' })).status,
    ).toBe(201)
    await td(broker).recordDeployment('users', '2.0.0', 'production')
    const published = await post(`${broker.url}/contracts/publish`, {
      pacticipantName: 'web',
      pacticipantVersionNumber: '1.1.0',
      contracts: [
        {
          consumerName: 'web',
          providerName: 'users',
          specification: 'pact',
          contentType: 'application/json',
          content: Buffer.from(JSON.stringify(pact)).toString('base64'),
        },
      ],
    })
    expect(published.status).toBeLessThan(300)
  })
  afterAll(() => broker?.close())

  it('compatible by schema: yes (exit 0), the row says so', async () => {
    const res = await runCli(['can-i-deploy', '--pacticipant', 'web', '--version', '1.1.0', '--to-environment', 'production'], { env })
    expect(res.code, res.stdout + res.stderr).toBe(0)
    expect(res.stdout).toMatch(/web\s+1\.1\.0\s+users\s+2\.0\.0\s+compatible by schema/)
    expect(res.stdout).toContain('web 1.1.0 and users 2.0.0 are compatible by schema (no verification)')
  })

  it('incompatible by schema: no (exit 1); --output json marks the integration verifiedBy schema', async () => {
    const res = await runCli(['can-i-deploy', '-a', 'web', '-e', '1.1.0', '-a', 'users', '-e', '3.0.0'], { env })
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/web\s+1\.1\.0\s+users\s+3\.0\.0\s+incompatible by schema/)
    expect(res.stdout).toContain("users 3.0.0's API description is incompatible with the pact of web 1.1.0")

    const json = await runCli(['can-i-deploy', '-a', 'web', '-e', '1.1.0', '-a', 'users', '-e', '3.0.0', '-o', 'json'], { env })
    const doc = JSON.parse(json.stdout)
    expect(doc.answer).toBe('no')
    expect(doc.integrations[0].verification).toMatchObject({
      success: false,
      verifiedBy: 'schema',
      url: `${broker.url}/pacticipants/users/versions/3.0.0/provider-contract/verification-results`,
    })
  })
})
