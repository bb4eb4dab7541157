/**
 * Deprecation notices where consumers and providers see them: the publish response (and so the official
 * `pact-broker publish` output in the consumer's CI), and can-i-deploy (the official `pact-broker can-i-deploy`).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../broker/shared/clock.js'
import { DATABASES } from '../support/databases.js'
import { get, post } from '../support/http.js'
import { publishBody } from '../support/pact-documents.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const cli = path.join(root, 'node_modules/.bin/pact-broker')

function pactBroker(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cli, args, { env: { ...process.env, PACT_DO_NOT_TRACK: 'true', PACT_BROKER_HTTP_RETRIES: '1' }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

const getUser = (readsStreet: boolean) => ({
  description: readsStreet ? 'get a user with their street' : 'get a user',
  request: { method: 'GET', path: '/users/42' },
  response: {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    body: readsStreet ? { id: 42, name: 'Ann', address: { street: 'Main St' } } : { id: 42, name: 'Ann' },
  },
})
const listUsers = { description: 'list users', request: { method: 'GET', path: '/users' }, response: { status: 200, body: [] } }
const pact = (consumer: string, interactions: unknown[]) => ({
  consumer: { name: consumer },
  provider: { name: 'user-api' },
  interactions,
  metadata: { pactSpecification: { version: '3.0.0' } },
})
const isDeprecationNotice = (n: { text: string }) => /^(Deprecated|Past sunset):/.test(n.text)

for (const database of DATABASES) {
  describe(`deprecation notices on publish and can-i-deploy (${database.name})`, () => {
    let broker: TestBroker
    let dir: string
    beforeAll(async () => {
      broker = await startTestBroker(database, { clock: fixedClock('2026-11-22T10:00:00Z') })
      dir = await mkdtemp(path.join(tmpdir(), 'concord-deprecation-notices-'))
      await td(broker).branch('user-api', 'main', '2.0.0')
      const list = `${broker.url}/pacticipants/user-api/deprecations`
      expect(
        (
          await post(list, {
            method: 'GET',
            path: '/users/{id}',
            deprecatedIn: '2.0.0',
            sunset: '2027-01-31',
            removedIn: '3.0.0',
            replacement: 'GET /v2/users/{id}',
          })
        ).status,
      ).toBe(201)
      expect(
        (
          await post(list, {
            method: 'GET',
            path: '/users/{id}',
            pointer: '/address/street',
            deprecatedIn: '2.1.0',
            sunset: '2026-11-15',
            replacement: '/address/lines',
          })
        ).status,
      ).toBe(201)
    })
    afterAll(async () => {
      await broker?.close()
      if (dir) await rm(dir, { recursive: true, force: true })
    })

    it('returns notices naming the item, the sunset and the replacement when a consumer publishes', async () => {
      const res = await post(`${broker.url}/contracts/publish`, publishBody({ pact: pact('web', [getUser(true)]), version: '1.2.0', branch: 'main' }))
      expect(res.status).toBe(200)
      expect(res.body.notices.filter(isDeprecationNotice)).toEqual([
        {
          type: 'error',
          text: "Past sunset: web version 1.2.0 uses response field /address/street of GET /users/{id} of user-api (interaction 'get a user with their street'), deprecated in user-api 2.1.0; sunset was 2026-11-15 (7 days ago). user-api may remove it at any time. Use /address/lines instead.",
        },
        {
          type: 'warning',
          text: "Deprecated: web version 1.2.0 uses GET /users/{id} of user-api (interaction 'get a user with their street'), deprecated in user-api 2.0.0; sunset on 2027-01-31 (in 70 days); removed in user-api 3.0.0. Use GET /v2/users/{id} instead.",
        },
      ])
      // A consumer that calls the operation without reading the street hears only about the operation.
      const mobile = await post(`${broker.url}/contracts/publish`, publishBody({ pact: pact('mobile', [getUser(false)]), version: '5.0.0' }))
      expect(mobile.body.notices.filter(isDeprecationNotice).map((n: any) => n.type)).toEqual(['warning'])
      const clean = await post(`${broker.url}/contracts/publish`, publishBody({ pact: pact('admin', [listUsers]), version: '1.0.0' }))
      expect(clean.status).toBe(200)
      expect(clean.body.notices.filter(isDeprecationNotice)).toEqual([])
    })

    it("shows the notices in the official CLI's publish output", async () => {
      const file = path.join(dir, 'web-user-api.json')
      await writeFile(file, JSON.stringify(pact('web', [getUser(true)])))
      const run = await pactBroker(['publish', file, '--consumer-app-version', '1.3.0', '--branch', 'main', '-b', broker.url])
      expect(run.code, run.stdout + run.stderr).toBe(0)
      expect(run.stdout).toContain('Pact successfully published for web version 1.3.0 and provider user-api.')
      expect(run.stdout).toContain("Deprecated: web version 1.3.0 uses GET /users/{id} of user-api (interaction 'get a user with their street')")
      expect(run.stdout).toContain('sunset on 2027-01-31 (in 70 days); removed in user-api 3.0.0. Use GET /v2/users/{id} instead.')
      expect(run.stdout).toContain('Past sunset: web version 1.3.0 uses response field /address/street of GET /users/{id} of user-api')
      expect(run.stdout + run.stderr).not.toContain('Failed to process response notices')
    })

    it('refuses in can-i-deploy (official CLI and HTTP) a provider version removing an item a deployed consumer uses', async () => {
      await td(broker).recordDeployment('web', '1.2.0', 'production').branch('user-api', 'main', '3.0.0')
      const run = await pactBroker(['can-i-deploy', '--pacticipant', 'user-api', '--version', '3.0.0', '--to-environment', 'production', '-b', broker.url])
      expect(run.code, run.stdout + run.stderr).not.toBe(0)
      expect(run.stdout).toContain(
        "user-api 3.0.0 removes GET /users/{id} (removed in 3.0.0), which is still used in production by web 1.2.0 ('get a user with their street').",
      )

      const answer = await get(`${broker.url}/can-i-deploy?pacticipant=user-api&version=3.0.0&environment=production`)
      expect(answer.status).toBe(200)
      expect(answer.body.summary.deployable).toBe(false)
      expect(answer.body.summary.reason).toContain('user-api 3.0.0 removes GET /users/{id}')
      expect(answer.body.notices).toContainEqual({ type: 'error', text: expect.stringContaining('still used in production by web 1.2.0') })

      // The consumer side: web 1.2.0 reads a field past its sunset — a warning by default, a refusal on request.
      const q = `q[][pacticipant]=web&q[][version]=1.2.0&latestby=cvpv&environment=production`
      const warned = await get(`${broker.url}/matrix?${q}`)
      expect(warned.body.notices).toContainEqual({ type: 'warning', text: expect.stringContaining('web 1.2.0 uses response field /address/street') })
      expect(warned.body.summary.deployable).not.toBe(false)
      const refused = await get(`${broker.url}/matrix?${q}&failOnSunset=true`)
      expect(refused.body.summary.deployable).toBe(false)
      expect(refused.body.notices).toContainEqual({ type: 'error', text: expect.stringContaining('whose sunset was 2026-11-15 (7 days ago)') })
    })
  })
}
