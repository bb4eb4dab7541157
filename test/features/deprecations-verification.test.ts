/**
 * Provider verification carries deprecation notices: "pacts for verification" adds a `before_verification`
 * notice (the verifier prints it) to each pact that uses a deprecated item of the provider, naming the item, the
 * consumer, the sunset and the replacement; the `POST …/verification-results` response lists the same notices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../broker/shared/clock.js'
import { DATABASES } from '../support/databases.js'
import { del, get, post } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const getUser = { description: 'get a user', request: { method: 'GET', path: '/users/42' }, response: { status: 200, body: { id: 42, name: 'Ann' } } }
const listUsers = { description: 'list users', request: { method: 'GET', path: '/users' }, response: { status: 200, body: [] } }

for (const database of DATABASES) {
  describe(`deprecation notices in provider verification (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database, { clock: fixedClock('2026-11-22T10:00:00Z') })
      await td(broker)
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'user-api', branch: 'main', interactions: [getUser] })
        .publishPact({ consumer: 'admin', consumerVersion: '4.0.0', provider: 'user-api', branch: 'main', interactions: [listUsers] })
        .branch('user-api', 'main', '2.0.0')
      const declared = await post(`${broker.url}/pacticipants/user-api/deprecations`, {
        method: 'GET',
        path: '/users/{id}',
        deprecatedIn: '2.0.0',
        sunset: '2027-01-31',
        replacement: 'GET /v2/users/{id}',
      })
      expect(declared.status).toBe(201)
    })
    afterAll(() => broker?.close())

    const forVerification = async () => {
      const res = await post(`${broker.url}/pacts/provider/user-api/for-verification`, {
        consumerVersionSelectors: [{ mainBranch: true }],
        includePendingStatus: true,
        providerVersionBranch: 'main',
      })
      expect(res.status).toBe(200)
      const pacts: any[] = res.body._embedded.pacts
      const of = (consumer: string) => pacts.find((p) => p._links.self.name.startsWith(`Pact between ${consumer} `))
      return { web: of('web'), admin: of('admin') }
    }

    it('adds a before_verification notice to the pact that uses the deprecated item, and none to the other', async () => {
      const { web, admin } = await forVerification()
      const webNotices: Array<{ when: string; text: string }> = web.verificationProperties.notices
      const adminNotices: Array<{ when: string; text: string }> = admin.verificationProperties.notices
      // the usual inclusion and pending notices, then exactly one more: the deprecation (admin gets only the usual ones)
      expect(webNotices).toHaveLength(adminNotices.length + 1)
      const deprecation = webNotices.at(-1)!
      expect(deprecation.when).toBe('before_verification')
      expect(deprecation.text).toContain('web version 1.0.0 uses GET /users/{id} of user-api')
      expect(deprecation.text).toContain("'get a user'")
      expect(deprecation.text).toContain('sunset on 2027-01-31')
      expect(deprecation.text).toContain('Use GET /v2/users/{id} instead')
      expect(adminNotices.map((n) => n.text).join('\n')).not.toContain('GET /users/{id}')
    })

    it('lists the notices in the verification-results response', async () => {
      const { web, admin } = await forVerification()
      const publish = async (pact: any) => {
        const doc = await get(pact._links.self.href)
        expect(doc.status).toBe(200)
        const res = await post(doc.body._links['pb:publish-verification-results'].href, { success: true, providerApplicationVersion: '2.0.0' })
        expect(res.status).toBe(201)
        return res.body
      }
      const webResult = await publish(web)
      expect(webResult.success).toBe(true)
      expect(webResult.notices).toHaveLength(1)
      expect(webResult.notices[0].type).toBe('warning')
      expect(webResult.notices[0].text).toContain('uses GET /users/{id} of user-api')
      expect(webResult.notices[0].text).toContain('sunset on 2027-01-31')
      // no deprecated item used: no notices array, the response is the resource GET returns
      expect((await publish(admin)).notices).toBeUndefined()
    })

    it('stops once the deprecation is withdrawn', async () => {
      const list = await get(`${broker.url}/pacticipants/user-api/deprecations`)
      const [only] = list.body._embedded?.deprecations ?? list.body.deprecations ?? []
      expect(only).toBeDefined()
      expect((await del(only._links.self.href)).status).toBe(200)
      const { web, admin } = await forVerification()
      expect(web.verificationProperties.notices).toHaveLength(admin.verificationProperties.notices.length)
      expect(web.verificationProperties.notices.map((n: any) => n.text).join('\n')).not.toContain('GET /users/{id}')
    })
  })
}
