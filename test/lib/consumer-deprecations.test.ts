/**
 * Consumer tests told the broker URL check each passing interaction against the provider's deprecations
 * (`POST /deprecations/check`) before anything is published: `'warn'` prints a line per notice, `'fail'` fails
 * the test with a DeprecatedUsageError; an interaction that uses nothing deprecated is quiet; an unreachable
 * broker only warns in `'warn'` mode. Real broker, real pact mock server.
 */
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { fixedClock } from '../../broker/shared/clock.js'
import { BrokerUnreachableError, consumer, DeprecatedUsageError, Matchers } from '../../lib/index.js'
import { DATABASES } from '../support/databases.js'
import { get, post } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

process.env.PACT_DO_NOT_TRACK = 'true'

let dir: string
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-consumer-deprecations-'))
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
afterEach(() => vi.restoreAllMocks())

/** Captures console.warn lines (and keeps them off the test output). */
function captureWarnings(): string[] {
  const lines: string[] = []
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')))
  return lines
}

const getUser = (contract: ReturnType<ReturnType<typeof consumer>['hasPactWith']>) =>
  contract
    .uponReceiving('get a user')
    .withRequest({ method: 'GET', path: '/users/42' })
    .willRespondWith({ status: 200, body: Matchers.like({ id: 42, name: 'Ann' }) })
    .executeTest(async (ms) => (await fetch(`${ms.url}/users/42`)).json())

const getUserV2 = (contract: ReturnType<ReturnType<typeof consumer>['hasPactWith']>) =>
  contract
    .uponReceiving('get a user (v2)')
    .withRequest({ method: 'GET', path: '/v2/users/42' })
    .willRespondWith({ status: 200, body: Matchers.like({ id: 42, name: 'Ann' }) })
    .executeTest(async (ms) => (await fetch(`${ms.url}/v2/users/42`)).json())

for (const database of DATABASES) {
  describe(`consumer tests check deprecations before publishing (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database, { clock: fixedClock('2026-11-22T10:00:00Z') })
      await td(broker).branch('user-api', 'main', '2.0.0')
      const declared = await post(`${broker.url}/pacticipants/user-api/deprecations`, {
        method: 'GET',
        path: '/users/{id}',
        deprecatedIn: '2.0.0',
        sunset: '2027-01-31',
        removedIn: '3.0.0',
        replacement: 'GET /v2/users/{id}',
      })
      expect(declared.status).toBe(201)
    })
    afterAll(() => broker?.close())

    it("'warn' prints a line naming the interaction, the item, the sunset and the replacement; a clean interaction is quiet", async () => {
      const warnings = captureWarnings()
      const users = consumer('web').hasPactWith('user-api', {
        dir: path.join(dir, `warn-${database.name}`),
        deprecations: { brokerUrl: broker.url, onDeprecated: 'warn' },
      })
      expect(await getUser(users)).toEqual({ id: 42, name: 'Ann' })
      expect(warnings).toHaveLength(1)
      const [line] = warnings
      expect(line).toContain("interaction 'get a user' of web → user-api")
      expect(line).toContain('GET /users/{id}')
      expect(line).toContain('2027-01-31')
      expect(line).toContain('Use GET /v2/users/{id} instead')

      expect(await getUserV2(users)).toEqual({ id: 42, name: 'Ann' })
      expect(warnings).toHaveLength(1)
      // Nothing was published: the check leaves the broker without a pact from web.
      expect((await get(`${broker.url}/pacts/provider/user-api/consumer/web/latest`)).status).toBe(404)
    })

    it("'fail' fails the test that uses the deprecated item with a DeprecatedUsageError; the clean one passes", async () => {
      const warnings = captureWarnings()
      const users = consumer('web').hasPactWith('user-api', {
        dir: path.join(dir, `fail-${database.name}`),
        deprecations: { brokerUrl: broker.url, onDeprecated: 'fail' },
      })
      const error = await getUser(users).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(DeprecatedUsageError)
      expect((error as DeprecatedUsageError).code).toBe('deprecated-usage')
      expect((error as DeprecatedUsageError).message).toMatch(/^Interaction 'get a user' of web → user-api uses deprecated items:/)
      expect((error as DeprecatedUsageError).message).toContain('sunset on 2027-01-31')
      expect((error as DeprecatedUsageError).notices).toHaveLength(1)
      expect((error as DeprecatedUsageError).notices[0]!.type).toBe('warning')
      expect(await getUserV2(users)).toEqual({ id: 42, name: 'Ann' })
      expect(warnings).toEqual([])
    })

    it('deprecations: true takes the broker from CONCORD_BROKER_URL and warns', async () => {
      const warnings = captureWarnings()
      vi.stubEnv('CONCORD_BROKER_URL', broker.url)
      try {
        const users = consumer('mobile').hasPactWith('user-api', { dir: path.join(dir, `env-${database.name}`), deprecations: true })
        await getUser(users)
      } finally {
        vi.unstubAllEnvs()
      }
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toContain("interaction 'get a user' of mobile → user-api")
    })
  })
}

describe('consumer deprecation check without a broker', () => {
  let closedUrl: string
  beforeAll(async () => {
    // A port nothing listens on: bind, read the port, close.
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    await new Promise((resolve) => server.close(resolve))
    closedUrl = `http://127.0.0.1:${port}`
  })

  it("'warn': an unreachable broker does not fail the test, it warns that the check could not run", async () => {
    const warnings = captureWarnings()
    const users = consumer('web').hasPactWith('user-api', { dir: path.join(dir, 'down-warn'), deprecations: { brokerUrl: closedUrl } })
    expect(await getUser(users)).toEqual({ id: 42, name: 'Ann' })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain("Could not check interaction 'get a user' of web → user-api for deprecations")
  })

  it("'fail': an unreachable broker fails the test (the check could not run)", async () => {
    captureWarnings()
    const users = consumer('web').hasPactWith('user-api', { dir: path.join(dir, 'down-fail'), deprecations: { brokerUrl: closedUrl, onDeprecated: 'fail' } })
    await expect(getUser(users)).rejects.toBeInstanceOf(BrokerUnreachableError)
  })

  it('deprecations: true without CONCORD_BROKER_URL is a configuration error naming the setting', () => {
    vi.stubEnv('CONCORD_BROKER_URL', '')
    try {
      expect(() => consumer('web').hasPactWith('user-api', { deprecations: true })).toThrow(/CONCORD_BROKER_URL/)
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
