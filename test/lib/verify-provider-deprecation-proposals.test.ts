/**
 * The provider's own Deprecation / Sunset headers, end to end: a real provider on loopback answers
 * `GET /users/{id}` with `Deprecation: @1735689600` and `Sunset: Wed, 31 Mar 2027 00:00:00 GMT`; verifyProvider
 * (pact's real Verifier) sees them while verifying web's pact from the broker, publishes the results and
 * reports the headers; the broker proposes `GET /users/{id}` (sunset 2027-03-31, seen by web's interaction);
 * the provider team accepts it with a removal version; then the timeline lists web as a user in production and
 * the gate refuses the removing provider version. An unreachable broker only warns.
 */
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { fixedClock } from '../../broker/shared/clock.js'
import { consumer, Matchers, publishContracts, verifyProvider } from '../../lib/index.js'
import { DATABASES } from '../support/databases.js'
import { get, post } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

process.env.PACT_DO_NOT_TRACK = 'true'

let root: string
let pactDir: string
let provider: { url: string; close(): Promise<void> }

/** The users provider: GET /users/{id} is on its way out and says so in its response headers. */
async function startUsersProvider(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const user = /^\/users\/(\d+)$/.exec(req.url ?? '')
    res.setHeader('Content-Type', 'application/json')
    if (req.method === 'GET' && user) {
      res.setHeader('Deprecation', '@1735689600')
      res.setHeader('Sunset', 'Wed, 31 Mar 2027 00:00:00 GMT')
      res.setHeader('Link', '<https://users.example.com/changes#get-user>; rel="deprecation"')
      res.end(JSON.stringify({ id: Number(user[1]), name: 'Ann' }))
    } else if (req.method === 'GET' && req.url === '/users') res.end(JSON.stringify([{ id: 42, name: 'Ann' }]))
    else {
      res.statusCode = 404
      res.end('{}')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-deprecation-proposals-'))
  pactDir = path.join(root, 'pacts')
  const users = consumer('web').hasPactWith('users', { dir: pactDir })
  await users
    .uponReceiving('get user 42')
    .withRequest({ method: 'GET', path: '/users/42' })
    .willRespondWith({ status: 200, body: Matchers.like({ id: 42, name: 'Ann' }) })
    .executeTest(async (ms) => (await fetch(`${ms.url}/users/42`)).json())
  await users
    .uponReceiving('list users')
    .withRequest({ method: 'GET', path: '/users' })
    .willRespondWith({ status: 200, body: Matchers.eachLike({ id: 42, name: 'Ann' }) })
    .executeTest(async (ms) => (await fetch(`${ms.url}/users`)).json())
  provider = await startUsersProvider()
})
afterAll(async () => {
  await provider?.close()
  fs.rmSync(root, { recursive: true, force: true })
})
afterEach(() => vi.restoreAllMocks())

for (const database of DATABASES) {
  describe(`deprecation headers seen in verification become proposals (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database, { clock: fixedClock('2026-12-01T10:00:00Z') })
      await publishContracts({ brokerUrl: broker.url, pactDir, version: '1.0.0', branch: 'main', env: {} })
      await td(broker).createEnvironment('production', { production: true }).recordDeployment('web', '1.0.0', 'production')
    })
    afterAll(() => broker?.close())

    const verify = (version: string) =>
      verifyProvider({
        provider: 'users',
        baseUrl: provider.url,
        broker: { url: broker.url, selectors: [{ mainBranch: true }] },
        version,
        branch: 'main',
        publish: true,
        env: {},
      })

    it('reports the headers after publishing the results; the broker proposes GET /users/{id}', async () => {
      const report = await verify('2.0.0')
      expect(report.success).toBe(true)
      expect(report.published).toBe(true)
      expect(report.deprecations).toEqual([
        {
          method: 'GET',
          path: '/users/42',
          deprecation: '@1735689600',
          sunset: 'Wed, 31 Mar 2027 00:00:00 GMT',
          link: '<https://users.example.com/changes#get-user>; rel="deprecation"',
          seenBy: [{ consumer: 'web', interaction: 'get user 42' }],
        },
      ])
      expect(report.deprecationsReported).toBe(true)
      expect(report.notices.join('\n')).toContain('The broker proposes deprecating GET /users/{id} of users')

      const proposals = await get(`${broker.url}/pacticipants/users/deprecations/proposals`)
      expect(proposals.status).toBe(200)
      expect(proposals.body._embedded.proposals).toHaveLength(1)
      expect(proposals.body._embedded.proposals[0]).toMatchObject({
        status: 'open',
        item: 'GET /users/{id}',
        sources: ['headers'],
        observedPaths: ['/users/42'],
        providerVersions: ['2.0.0'],
        seenBy: [{ consumer: 'web', interaction: 'get user 42' }],
        deprecatedAt: '2025-01-01T00:00:00+00:00',
        sunset: '2027-03-31',
        link: 'https://users.example.com/changes#get-user',
      })
    })

    it('a second verification updates the same proposal instead of adding one', async () => {
      const report = await verify('2.0.1')
      expect(report.deprecationsReported).toBe(true)
      const proposals = await get(`${broker.url}/pacticipants/users/deprecations/proposals`)
      expect(proposals.body._embedded.proposals).toHaveLength(1)
      expect(proposals.body._embedded.proposals[0]).toMatchObject({ reportCount: 2, providerVersions: ['2.0.0', '2.0.1'] })
    })

    it('accepted, it is a deprecation: the timeline shows web in production, and the gate refuses users 3.0.0', async () => {
      const timelineBefore = await get(`${broker.url}/pacticipants/users/deprecations/timeline`)
      expect(timelineBefore.body.deprecations).toEqual([])
      expect(timelineBefore.body.proposed.map((p: { item: string }) => p.item)).toEqual(['GET /users/{id}'])
      const gateBefore = await get(`${broker.url}/deprecations/gate?pacticipant=users&version=3.0.0&environment=production`)
      expect(gateBefore.body.deployable).toBe(true)

      const [proposal] = (await get(`${broker.url}/pacticipants/users/deprecations/proposals`)).body._embedded.proposals
      const accepted = await post(
        proposal._links['concord:accept'].href,
        { removedIn: '3.0.0', replacement: 'GET /v2/users/{id}' },
        { 'X-Concord-Actor': 'users-team' },
      )
      expect(accepted.status).toBe(200)
      expect(accepted.body._embedded.deprecation).toMatchObject({
        item: 'GET /users/{id}',
        deprecatedIn: '2.0.0',
        sunset: '2027-03-31',
        removedIn: '3.0.0',
        phase: 'deprecated',
      })

      const timeline = await get(`${broker.url}/pacticipants/users/deprecations/timeline`)
      expect(timeline.body.proposed).toEqual([])
      expect(timeline.body.deprecations).toHaveLength(1)
      expect(timeline.body.deprecations[0].usage.environments).toEqual([
        { name: 'production', deployed: [{ consumer: 'web', version: '1.0.0', interactions: ['get user 42'] }], released: [] },
      ])

      const gate = await get(`${broker.url}/deprecations/gate?pacticipant=users&version=3.0.0&environment=production`)
      expect(gate.body.deployable).toBe(false)
      expect(gate.body.reasons[0].text).toContain('web')
      const older = await get(`${broker.url}/deprecations/gate?pacticipant=users&version=2.0.1&environment=production`)
      expect(older.body.deployable).toBe(true)
    })
  })
}

describe('deprecation headers with an unreachable broker', () => {
  it('verifies, and only warns that the headers could not be reported', async () => {
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    await new Promise((resolve) => server.close(resolve))
    const warnings: string[] = []
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')))

    const report = await verifyProvider({
      provider: 'users',
      baseUrl: provider.url,
      pactUrls: [path.join(pactDir, 'web-users.json')],
      broker: { url: `http://127.0.0.1:${port}` },
      reportDeprecations: true,
      version: '2.0.0',
      env: {},
    })
    expect(report.success).toBe(true)
    expect(report.deprecations).toHaveLength(1)
    expect(report.deprecationsReported).toBe(false)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('Could not report the Deprecation/Sunset headers users sent to the broker')
    expect(report.notices.join('\n')).toContain('Could not report')
  })
})
