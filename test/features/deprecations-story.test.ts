/**
 * The whole deprecation story over HTTP: a provider declares what it retires; consumers that do and do not use
 * it publish and deploy; the timeline and per-consumer view show who is still on it; publishing shows notices;
 * the gate refuses a provider version that removes an item a deployed consumer uses and allows it once they
 * migrate; past-sunset usage warns or refuses by policy; field deprecations hit only consumers reading the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../broker/config.js'
import { deprecationBlockers } from '../../broker/deprecations/deprecations.service.js'
import { fixedClock } from '../../broker/shared/clock.js'
import { DATABASES } from '../support/databases.js'
import { del, get, post } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

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
const getUserV2 = {
  description: 'get a user (v2)',
  request: { method: 'GET', path: '/v2/users/42' },
  response: { status: 200, body: { id: 42, address: { lines: ['Main St'] } } },
}

const pact = (consumer: string, interactions: unknown[]) => ({
  consumer: { name: consumer },
  provider: { name: 'user-api' },
  interactions,
  metadata: { pactSpecification: { version: '3.0.0' } },
})

for (const database of DATABASES) {
  describe(`deprecation timelines, the whole story (${database.name})`, () => {
    let broker: TestBroker
    let operation: any
    let street: any
    beforeAll(async () => {
      broker = await startTestBroker(database, { clock: fixedClock('2026-11-22T10:00:00Z') })
      await td(broker)
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'user-api', branch: 'main', interactions: [getUser(true)] })
        .recordDeployment('web', '1.0.0', 'production')
        .publishPact({ consumer: 'web', consumerVersion: '1.1.0', provider: 'user-api', branch: 'feat-new-address', interactions: [getUser(true)] })
        .publishPact({ consumer: 'mobile', consumerVersion: '5.0.0', provider: 'user-api', branch: 'main', interactions: [getUser(false)] })
        .recordDeployment('mobile', '5.0.0', 'production')
        .publishPact({ consumer: 'admin', consumerVersion: '1.0.0', provider: 'user-api', branch: 'main', interactions: [listUsers] })
        .recordDeployment('admin', '1.0.0', 'production')
        .publishPact({ consumer: 'kiosk', consumerVersion: '3.0.0', provider: 'user-api', interactions: [getUser(false)] })
        .recordRelease('kiosk', '3.0.0', 'test')
        .branch('user-api', 'main', '2.0.0')
      const list = `${broker.url}/pacticipants/user-api/deprecations`
      operation = (
        await post(list, {
          method: 'GET',
          path: '/users/{id}',
          deprecatedIn: '2.0.0',
          sunset: '2027-01-31',
          removedIn: '3.0.0',
          replacement: 'GET /v2/users/{id}',
        })
      ).body
      street = (
        await post(list, {
          method: 'GET',
          path: '/users/{id}',
          pointer: '/address/street',
          deprecatedIn: '2.1.0',
          sunset: '2026-11-15',
          replacement: '/address/lines',
        })
      ).body
      const listing = (await post(list, { method: 'GET', path: '/users', deprecatedIn: '2.0.0', sunset: '2027-06-30' })).body
      expect((await del(listing._links.self.href)).status).toBe(200)
    })
    afterAll(() => broker?.close())

    it('shows the timeline: phases, days to sunset, who is still on each item and where', async () => {
      const res = await get(`${broker.url}/pacticipants/user-api/deprecations/timeline`)
      expect(res.status).toBe(200)
      // Ordered by sunset; the withdrawn deprecation of GET /users is not on it.
      expect(res.body.deprecations.map((d: any) => [d.item, d.phase, d.daysToSunset])).toEqual([
        ['response field /address/street of GET /users/{id}', 'past-sunset', -7],
        ['GET /users/{id}', 'deprecated', 70],
      ])
      const [field, op] = res.body.deprecations
      expect(op.usage).toEqual({
        consumers: ['kiosk', 'mobile', 'web'],
        environments: [
          {
            name: 'production',
            deployed: [
              { consumer: 'mobile', version: '5.0.0', interactions: ['get a user'] },
              { consumer: 'web', version: '1.0.0', interactions: ['get a user with their street'] },
            ],
            released: [],
          },
          { name: 'test', deployed: [], released: [{ consumer: 'kiosk', version: '3.0.0', interactions: ['get a user'] }] },
        ],
        mainBranch: [
          { consumer: 'mobile', version: '5.0.0', branch: 'main', interactions: ['get a user'] },
          { consumer: 'web', version: '1.0.0', branch: 'main', interactions: ['get a user with their street'] },
        ],
        otherBranches: [{ consumer: 'web', version: '1.1.0', branch: 'feat-new-address', interactions: ['get a user with their street'] }],
      })
      // Only web reads the street: mobile and kiosk call the same operation but not that field.
      expect(field.usage.consumers).toEqual(['web'])
      expect(field.usage.environments).toEqual([
        { name: 'production', deployed: [{ consumer: 'web', version: '1.0.0', interactions: ['get a user with their street'] }], released: [] },
      ])
    })

    it('shows each consumer what it uses that is going away', async () => {
      const web = await get(`${broker.url}/pacticipants/web/deprecations/in-use`)
      expect(web.status).toBe(200)
      expect(web.body.deprecations.map((d: any) => [d.item, d.versions.map((v: any) => [v.version, v.where])])).toEqual([
        [
          'response field /address/street of GET /users/{id}',
          [
            ['1.0.0', ['deployed to production', 'main branch (main)']],
            ['1.1.0', ['branch feat-new-address']],
          ],
        ],
        [
          'GET /users/{id}',
          [
            ['1.0.0', ['deployed to production', 'main branch (main)']],
            ['1.1.0', ['branch feat-new-address']],
          ],
        ],
      ])
      expect(web.body.notices.map((n: any) => n.type)).toEqual(['error', 'warning'])
      expect(web.body.notices[1].text).toContain('sunset on 2027-01-31 (in 70 days)')
      expect(web.body.notices[1].text).toContain('Use GET /v2/users/{id} instead.')

      const mobile = await get(`${broker.url}/pacticipants/mobile/deprecations/in-use`)
      expect(mobile.body.deprecations.map((d: any) => d.item)).toEqual(['GET /users/{id}'])
      const admin = await get(`${broker.url}/pacticipants/admin/deprecations/in-use`)
      expect(admin.body.deprecations).toEqual([])
      expect(admin.body.notices).toEqual([])
    })

    it('checks a pact before it is published (for testing libraries)', async () => {
      const res = await post(`${broker.url}/deprecations/check`, { pact: pact('web', [getUser(false), listUsers]), consumerVersion: '9.9.9' })
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ usesDeprecatedItems: true, pastSunset: false })
      expect(res.body.notices).toEqual([
        { type: 'warning', text: expect.stringMatching(/^Deprecated: web version 9\.9\.9 uses GET \/users\/\{id\} of user-api \(interaction 'get a user'\)/) },
      ])
      const clean = await post(`${broker.url}/deprecations/check`, { pact: pact('web', [getUserV2]) })
      expect(clean.body).toMatchObject({ usesDeprecatedItems: false, pastSunset: false, notices: [] })
      const bad = await post(`${broker.url}/deprecations/check`, { pact: { interactions: [] } })
      expect(bad.status).toBe(400)
      expect(bad.body.errors).toEqual([{ pointer: '/pact', detail: 'must name its provider (provider.name)' }])
    })

    it('refuses a provider version that removes an item deployed consumers use, and allows it after they migrate', async () => {
      const gate = (pacticipant: string, version: string, environment: string, extra = '') =>
        get(`${broker.url}/deprecations/gate?pacticipant=${pacticipant}&version=${version}&environment=${environment}${extra}`)

      expect((await gate('user-api', '2.9.0', 'production')).body).toMatchObject({ deployable: true, reasons: [] })
      const refused = await gate('user-api', '3.0.0', 'production')
      expect(refused.status).toBe(200)
      expect(refused.body.deployable).toBe(false)
      expect(refused.body.reasons).toEqual([
        {
          level: 'error',
          deprecation: operation.uuid,
          text: "user-api 3.0.0 removes GET /users/{id} (removed in 3.0.0), which are still used in production by mobile 5.0.0 ('get a user'), web 1.0.0 ('get a user with their street'). Deploy consumer versions that no longer use it first.",
        },
      ])
      expect(refused.body.notices).toEqual([{ type: 'error', text: refused.body.reasons[0].text }])
      expect((await gate('user-api', '3.0.0', 'test')).body.reasons[0].text).toContain('still used in test by kiosk 3.0.0')

      await td(broker)
        .publishPact({ consumer: 'web', consumerVersion: '2.0.0', provider: 'user-api', branch: 'main', interactions: [getUserV2] })
        .recordDeployment('web', '2.0.0', 'production')
        .publishPact({ consumer: 'mobile', consumerVersion: '6.0.0', provider: 'user-api', branch: 'main', interactions: [getUserV2] })
        .recordDeployment('mobile', '6.0.0', 'production')
      expect((await gate('user-api', '3.0.0', 'production')).body).toMatchObject({ deployable: true, reasons: [] })
      expect((await gate('user-api', '3.0.0', 'test')).body.deployable).toBe(false)

      // A past-sunset item a consumer version uses: a warning by default, a refusal when asked.
      const warned = await gate('web', '1.0.0', 'production')
      expect(warned.body.deployable).toBe(true)
      expect(warned.body.reasons).toEqual([
        {
          level: 'warning',
          deprecation: street.uuid,
          text: "web 1.0.0 uses response field /address/street of GET /users/{id} of user-api ('get a user with their street'), whose sunset was 2026-11-15 (7 days ago). Use /address/lines instead.",
        },
      ])
      const strict = await gate('web', '1.0.0', 'production', '&failOnSunset=true')
      expect(strict.body.deployable).toBe(false)
      expect(strict.body.reasons.map((r: any) => r.level)).toEqual(['error'])
      expect((await gate('web', '2.0.0', 'production', '&failOnSunset=true')).body).toMatchObject({ deployable: true, reasons: [] })

      // The broker's policy setting makes refusal the default; the query flag still decides when given.
      const failing = { ...broker.deps, config: loadConfig({ CONCORD_SUNSET_POLICY: 'fail', CONCORD_DATA_DIR: 'memory://' }) }
      expect((await deprecationBlockers(failing, { pacticipant: 'web', version: '1.0.0', environment: 'production' })).map((r) => r.level)).toEqual(['error'])
      expect(
        (await deprecationBlockers(failing, { pacticipant: 'web', version: '1.0.0', environment: 'production', failOnSunset: false })).map((r) => r.level),
      ).toEqual(['warning'])

      // Once user-api 3.0.0 is in production, a consumer version still calling the removed operation is refused.
      await td(broker).branch('user-api', 'main', '3.0.0').recordDeployment('user-api', '3.0.0', 'production')
      const removed = await gate('mobile', '5.0.0', 'production')
      expect(removed.body.deployable).toBe(false)
      expect(removed.body.reasons[0].text).toBe(
        "mobile 5.0.0 uses GET /users/{id} of user-api ('get a user'), which user-api 3.0.0 in production no longer provides (removed in 3.0.0). Use GET /v2/users/{id} instead.",
      )

      const timeline = await get(`${broker.url}/pacticipants/user-api/deprecations/timeline`)
      const op = timeline.body.deprecations.find((d: any) => d.uuid === operation.uuid)
      expect(op.phase).toBe('removed')
      expect(op.usage.environments).toEqual([{ name: 'test', deployed: [], released: [{ consumer: 'kiosk', version: '3.0.0', interactions: ['get a user'] }] }])
    })

    it('answers 400 for a gate query without its parameters', async () => {
      const res = await get(`${broker.url}/deprecations/gate?pacticipant=user-api`)
      expect(res.status).toBe(400)
      expect(res.body.errors.map((e: any) => e.pointer)).toEqual(['#/query/version', '#/query/environment'])
    })
  })
}
