/**
 * Deprecation proposals over HTTP: a provider's Deprecation / Sunset headers (reported after verification) and
 * its OpenAPI `deprecated: true` become proposals — path templated, sunset converted, de-duplicated — shown in
 * the timeline as proposed and ignored by the gate until the provider team accepts one (it becomes a
 * deprecation with history) or dismisses it. Bad input is a 400 that writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../broker/shared/clock.js'
import { DATABASES } from '../support/databases.js'
import { get, post, put } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const getUser = {
  description: 'get a user',
  request: { method: 'GET', path: '/users/42' },
  response: { status: 200, body: { id: 42, name: 'Ann', email: 'ann@example.com' } },
}
const getOrder = { description: 'get an order', request: { method: 'GET', path: '/orders/7' }, response: { status: 200, body: { id: 7 } } }
const listUsers = { description: 'list users', request: { method: 'GET', path: '/users', query: { page: ['2'] } }, response: { status: 200, body: [] } }

const SUNSET = 'Wed, 31 Mar 2027 00:00:00 GMT'

const description = `
openapi: 3.0.3
info: { title: users, version: 2.0.0 }
paths:
  /users:
    get:
      parameters:
        - { name: page, in: query, deprecated: true, schema: { type: integer } }
        - { name: X-Trace, in: header, deprecated: true, schema: { type: string } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: array, items: { type: object } } } } }
  /users/{userId}:
    get:
      deprecated: true
      x-sunset: '2027-06-30'
      parameters: [{ name: userId, in: path, required: true, schema: { type: integer } }]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: { type: integer }
                  name: { type: string }
                  email: { type: string, deprecated: true, x-sunset: '2027-03-31' }
`

for (const database of DATABASES) {
  describe(`deprecation proposals (${database.name})`, () => {
    let broker: TestBroker
    const proposalsUrl = (provider = 'users', status?: string) =>
      `${broker.url}/pacticipants/${provider}/deprecations/proposals${status ? `?status=${status}` : ''}`
    const countAll = async () => (await get(proposalsUrl('users', 'all'))).body._embedded.proposals.length

    beforeAll(async () => {
      broker = await startTestBroker(database, { clock: fixedClock('2026-12-01T10:00:00Z') })
      await td(broker)
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', branch: 'main', interactions: [getUser, getOrder] })
        .publishPact({
          consumer: 'admin',
          consumerVersion: '4.0.0',
          provider: 'users',
          branch: 'main',
          interactions: [listUsers, { ...getOrder, request: { method: 'GET', path: '/orders/8' } }],
        })
        .createEnvironment('production', { production: true })
        .recordDeployment('web', '1.0.0', 'production')
        .createVersion('users', '2.0.0')
        .createVersion('users', 'abc1234')
        .createVersion('orders-legacy', '1.0.0')
    })
    afterAll(() => broker?.close())

    it('refuses bad reports with a 400 naming each field, and writes nothing', async () => {
      const unknown = await post(proposalsUrl('nobody'), { providerVersion: '1.0.0', deprecations: [{ method: 'GET', path: '/x', sunset: SUNSET }] })
      expect(unknown.status).toBe(400)
      expect(unknown.body.type).toBe(`${broker.url}/problems/validation-error`)
      expect(unknown.body.errors[0].pointer).toBe('#/path/provider')

      const malformed = await post(proposalsUrl(), {
        providerVersion: '2.0.0',
        deprecations: [
          { method: 'GET', path: '/users/42', sunset: '2027-03-31' },
          { method: 'GET', path: '/users/43', deprecation: 'yesterday' },
          { method: 'GET', path: '/users/44', sunset: 'Tue, 31 Mar 2027 00:00:00 GMT' },
          { method: 'GET', path: '/users/45' },
        ],
      })
      expect(malformed.status).toBe(400)
      expect(malformed.body.type).toBe(`${broker.url}/problems/validation-error`)
      const byPointer = Object.fromEntries(malformed.body.errors.map((e: { pointer: string; detail: string }) => [e.pointer, e.detail]))
      expect(byPointer['/deprecations/0/sunset']).toContain('is not an HTTP-date')
      expect(byPointer['/deprecations/1/deprecation']).toContain("'@' and the seconds")
      expect(byPointer['/deprecations/2/sunset']).toContain('wrong weekday')
      expect(byPointer['/deprecations/3']).toContain('needs the Deprecation or the Sunset header')
      expect(await countAll()).toBe(0)
    })

    it('turns headers on concrete paths into one proposal per operation template, sunset as a date', async () => {
      const res = await post(proposalsUrl(), {
        providerVersion: '2.0.0',
        deprecations: [
          {
            method: 'GET',
            path: '/users/42',
            deprecation: '@1735689600',
            sunset: SUNSET,
            link: '<https://users.example.com/deprecations/get-user>; rel="deprecation"',
            seenBy: [{ consumer: 'web', interaction: 'get a user' }],
          },
          { method: 'GET', path: '/orders/7', sunset: SUNSET, seenBy: [{ consumer: 'web', interaction: 'get an order' }] },
        ],
      })
      expect(res.status).toBe(200)
      const [user, order] = res.body.results
      expect(user.outcome).toBe('created')
      // No description published for 2.0.0 yet: the template comes from the pacts (an identifier segment).
      expect(user.template).toBe('pacts')
      expect(user.proposal).toMatchObject({
        status: 'open',
        phase: 'proposed',
        kind: 'operation',
        item: 'GET /users/{id}',
        path: '/users/{id}',
        observedPaths: ['/users/42'],
        providerVersions: ['2.0.0'],
        sources: ['headers'],
        seenBy: [{ consumer: 'web', interaction: 'get a user' }],
        deprecatedAt: '2025-01-01T00:00:00+00:00',
        sunset: '2027-03-31',
        daysToSunset: 120,
        link: 'https://users.example.com/deprecations/get-user',
        reportCount: 1,
      })
      expect(order.proposal.path).toBe('/orders/{id}')
    })

    it('de-duplicates repeated reports of the same item (another concrete path, another version)', async () => {
      const res = await post(proposalsUrl(), {
        providerVersion: 'abc1234',
        deprecations: [
          { method: 'GET', path: '/users/99', sunset: SUNSET, seenBy: [{ consumer: 'web', interaction: 'get a user' }] },
          { method: 'GET', path: '/users/42', sunset: SUNSET, seenBy: [{ consumer: 'web', interaction: 'get a user' }] },
        ],
      })
      expect(res.status).toBe(200)
      expect(res.body.results).toHaveLength(1)
      expect(res.body.results[0].outcome).toBe('updated')
      expect(res.body.results[0].proposal).toMatchObject({
        reportCount: 2,
        observedPaths: ['/users/42', '/users/99'],
        providerVersions: ['2.0.0', 'abc1234'],
        seenBy: [{ consumer: 'web', interaction: 'get a user' }],
      })
      const open = await get(proposalsUrl())
      expect(open.status).toBe(200)
      expect(open.body._embedded.proposals.map((p: { item: string }) => p.item)).toEqual(['GET /users/{id}', 'GET /orders/{id}'])
    })

    it('shows open proposals in the timeline as proposed, with their usage, and the gate ignores them', async () => {
      const timeline = await get(`${broker.url}/pacticipants/users/deprecations/timeline`)
      expect(timeline.status).toBe(200)
      expect(timeline.body.deprecations).toEqual([])
      const user = timeline.body.proposed.find((p: { item: string }) => p.item === 'GET /users/{id}')
      expect(user.phase).toBe('proposed')
      expect(user.usage.consumers).toEqual(['web'])
      expect(user.usage.environments).toEqual([
        { name: 'production', deployed: [{ consumer: 'web', version: '1.0.0', interactions: ['get a user'] }], released: [] },
      ])
      const order = timeline.body.proposed.find((p: { item: string }) => p.item === 'GET /orders/{id}')
      expect(order.usage.consumers).toEqual(['admin', 'web'])

      const gate = await get(`${broker.url}/deprecations/gate?pacticipant=web&version=1.0.0&environment=production&failOnSunset=true`)
      expect(gate.status).toBe(200)
      expect(gate.body.reasons).toEqual([])
    })

    it('refuses to accept without a sunset or a semantic version, changing nothing', async () => {
      const res = await post(proposalsUrl(), { providerVersion: 'abc1234', deprecations: [{ method: 'DELETE', path: '/users/5', deprecation: '@1735689600' }] })
      const proposal = res.body.results[0].proposal
      expect(proposal.sunset).toBeUndefined()
      const refused = await post(proposal._links['concord:accept'].href, {})
      expect(refused.status).toBe(400)
      const pointers = refused.body.errors.map((e: { pointer: string }) => e.pointer)
      expect(pointers).toEqual(['/deprecatedIn', '/sunset'])
      expect(refused.body.errors[1].detail).toContain('no sunset date')
      const badDate = await post(proposal._links['concord:accept'].href, { deprecatedIn: '2.0.0', sunset: '31/03/2027' })
      expect(badDate.status).toBe(400)
      expect(badDate.body.errors[0].pointer).toBe('/sunset')
      expect((await get(proposal._links.self.href)).body.status).toBe('open')
      expect((await get(`${broker.url}/pacticipants/users/deprecations`)).body._embedded.deprecations).toEqual([])

      const dismissed = await post(proposal._links['concord:dismiss'].href, { reason: 'sent by the gateway, not by us' })
      expect(dismissed.status).toBe(200)
      expect(dismissed.body).toMatchObject({ status: 'dismissed', dismissReason: 'sent by the gateway, not by us', decidedBy: 'anonymous' })
      expect(dismissed.body._links['concord:accept']).toBeUndefined()
      // Reported again: stays dismissed, out of the timeline.
      const again = await post(proposalsUrl(), {
        providerVersion: 'abc1234',
        deprecations: [{ method: 'DELETE', path: '/users/5', deprecation: '@1735689600' }],
      })
      expect(again.body.results[0].proposal.status).toBe('dismissed')
      const timeline = await get(`${broker.url}/pacticipants/users/deprecations/timeline`)
      expect(timeline.body.proposed.map((p: { item: string }) => p.item)).not.toContain('DELETE /users/{id}')
      const acceptDismissed = await post(proposal._links['concord:accept'].href, { deprecatedIn: '2.0.0', sunset: '2027-03-31' })
      expect(acceptDismissed.status).toBe(409)
      expect(acceptDismissed.body.type).toBe(`${broker.url}/problems/deprecation-proposal-decided`)
    })

    it('accepts a proposal: a deprecation with history, in the timeline and enforced by the gate', async () => {
      const open = await get(proposalsUrl())
      const proposal = open.body._embedded.proposals.find((p: { item: string }) => p.item === 'GET /users/{id}')
      const accepted = await post(
        proposal._links['concord:accept'].href,
        { removedIn: '3.0.0', replacement: 'GET /v2/users/{id}' },
        { 'X-Concord-Actor': 'alice' },
      )
      expect(accepted.status).toBe(200)
      expect(accepted.body).toMatchObject({ status: 'accepted', decidedBy: 'alice' })
      const deprecation = accepted.body._embedded.deprecation
      // deprecatedIn: the earliest semantic version that reported it; sunset and link: from the headers.
      expect(deprecation).toMatchObject({
        item: 'GET /users/{id}',
        deprecatedIn: '2.0.0',
        sunset: '2027-03-31',
        removedIn: '3.0.0',
        link: 'https://users.example.com/deprecations/get-user',
      })
      expect(accepted.body.deprecation).toBe(deprecation.uuid)
      const history = await get(deprecation._links['concord:history'].href)
      expect(history.body.history.map((h: { action: string; actor: string }) => `${h.action} by ${h.actor}`)).toEqual(['created by alice'])

      const timeline = await get(`${broker.url}/pacticipants/users/deprecations/timeline`)
      expect(timeline.body.deprecations.map((d: { item: string }) => d.item)).toEqual(['GET /users/{id}'])
      expect(timeline.body.deprecations[0].usage.environments[0].deployed[0]).toMatchObject({ consumer: 'web', version: '1.0.0' })
      expect(timeline.body.proposed.map((p: { item: string }) => p.item)).toEqual(['GET /orders/{id}'])

      const gate = await get(`${broker.url}/deprecations/gate?pacticipant=users&version=3.0.0&environment=production`)
      expect(gate.body.deployable).toBe(false)
      expect(gate.body.reasons[0].text).toContain('web')

      const twice = await post(proposal._links['concord:accept'].href, {})
      expect(twice.status).toBe(409)
      expect(twice.body.detail).toContain(deprecation.uuid)
      // Further reports of a deprecated item make no new proposal.
      const reported = await post(proposalsUrl(), { providerVersion: '2.0.0', deprecations: [{ method: 'GET', path: '/users/1', sunset: SUNSET }] })
      expect(reported.body.results[0]).toMatchObject({ outcome: 'already-deprecated', deprecation: deprecation._links.self.href })
    })

    it('proposes what a published OpenAPI description marks deprecated, and templates header paths with it', async () => {
      const published = await put(`${broker.url}/pacticipants/users/versions/2.1.0/provider-contract`, {
        content: description,
        contentType: 'application/yaml',
        branch: 'main',
      })
      expect(published.status).toBeLessThan(300)
      expect(published.body.notices.map((n: { text: string }) => n.text).join('\n')).toContain('proposed')

      const open = (await get(proposalsUrl())).body._embedded.proposals.filter((p: { sources: string[] }) => p.sources.includes('openapi'))
      const byItem = Object.fromEntries(open.map((p: { item: string }) => [p.item, p]))
      expect(Object.keys(byItem).sort()).toEqual([
        'GET /users/{userId}',
        "query parameter 'page' of GET /users",
        'response field /email of GET /users/{userId}',
      ])
      expect(byItem['GET /users/{userId}']).toMatchObject({ kind: 'operation', sunset: '2027-06-30', providerVersions: ['2.1.0'] })
      expect(byItem['response field /email of GET /users/{userId}']).toMatchObject({
        kind: 'field',
        location: 'response',
        pointer: '/email',
        sunset: '2027-03-31',
      })
      expect(byItem["query parameter 'page' of GET /users"]).toMatchObject({ kind: 'field', location: 'query', pointer: '/page' })
      expect(byItem["query parameter 'page' of GET /users"].sunset).toBeUndefined()

      // The timeline shows who would be affected: web reads email, admin sends page.
      const timeline = await get(`${broker.url}/pacticipants/users/deprecations/timeline`)
      const proposed = Object.fromEntries(timeline.body.proposed.map((p: { item: string; usage: { consumers: string[] } }) => [p.item, p.usage.consumers]))
      expect(proposed['response field /email of GET /users/{userId}']).toEqual(['web'])
      expect(proposed["query parameter 'page' of GET /users"]).toEqual(['admin'])

      // Re-publishing the same description counts a report; it does not add proposals.
      await put(`${broker.url}/pacticipants/users/versions/2.1.0/provider-contract`, { content: description, contentType: 'application/yaml' })
      expect((await get(proposalsUrl())).body._embedded.proposals).toHaveLength(open.length + 1)

      // Headers reported for 2.1.0 now take the description's template.
      const headers = await post(proposalsUrl(), { providerVersion: '2.1.0', deprecations: [{ method: 'GET', path: '/users', sunset: SUNSET }] })
      expect(headers.body.results[0]).toMatchObject({ template: 'openapi', item: 'GET /users' })
    })

    it('makes one proposal of concurrent reports of the same new item', async () => {
      const report = () => post(proposalsUrl(), { providerVersion: '2.0.0', deprecations: [{ method: 'PUT', path: '/users/1', sunset: SUNSET }] })
      const answers = await Promise.all([report(), report(), report(), report(), report()])
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200])
      expect(answers.map((a) => a.body.results[0].outcome).sort()).toEqual(['created', 'updated', 'updated', 'updated', 'updated'])
      const puts = (await get(proposalsUrl())).body._embedded.proposals.filter((p: { item: string }) => p.item === 'PUT /users/{id}')
      expect(puts).toHaveLength(1)
      expect(puts[0].reportCount).toBe(5)
    })

    it('answers 404 for an unknown proposal and an unknown provider list', async () => {
      const missing = await get(`${broker.url}/deprecation-proposals/00000000-0000-0000-0000-000000000000`)
      expect(missing.status).toBe(404)
      expect(missing.body.type).toBe(`${broker.url}/problems/deprecation-proposal-not-found`)
      expect((await post(`${broker.url}/deprecation-proposals/00000000-0000-0000-0000-000000000000/dismiss`, {})).status).toBe(404)
      expect((await get(proposalsUrl('nobody'))).status).toBe(404)
      const badStatus = await get(proposalsUrl('users', 'maybe'))
      expect(badStatus.status).toBe(400)
    })
  })
}
