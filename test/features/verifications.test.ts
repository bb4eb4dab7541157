import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodePactMetadata } from '../../broker/contracts/pact-metadata.js'
import { fixedClock } from '../../broker/shared/clock.js'
import { findVerification } from '../../broker/verifications/verifications.service.js'
import { DATABASES } from '../support/databases.js'
import { get, post } from '../support/http.js'
import { pactDocument, publishBody } from '../support/pact-documents.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

for (const database of DATABASES) {
  describe(`verification results (${database.name})`, () => {
    let broker: TestBroker
    let pact: any
    const events: any[] = []

    beforeAll(async () => {
      broker = await startTestBroker(database, { clock: fixedClock('2026-05-01T10:05:00Z') })
      broker.deps.events.on('verification.published', (event) => events.push(event))
      expect((await post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument('web', 'users', ['a', 'b']), version: '1.0.0' }))).status).toBe(
        200,
      )
      pact = (await get(`${broker.url}/pacts/provider/users/consumer/web/version/1.0.0`)).body
    })
    afterAll(() => broker?.close())

    it('publishes a result to the pact link, creating the provider version, and reads it back', async () => {
      const ids = pact.interactions.map((i: any) => i._id)
      const body = {
        success: false,
        providerApplicationVersion: '2.0.0',
        buildUrl: 'https://ci/build/9',
        verifiedBy: { implementation: 'Pact-Rust', version: '1.4.8' },
        testResults: [
          { interactionId: ids[0], success: true },
          { interactionId: ids[1], success: false, mismatches: [{ attribute: 'status', description: 'expected 200 but was 500' }] },
        ],
      }
      const res = await post(pact._links['pb:publish-verification-results'].href, body)
      expect(res.status).toBe(201)
      expect(res.contentType).toMatch(/^application\/hal\+json/)
      expect(res.headers.get('location')).toBe(res.body._links.self.href)
      expect(res.body).toMatchObject({
        providerName: 'users',
        providerApplicationVersion: '2.0.0',
        success: false,
        verificationDate: '2026-05-01T10:05:00+00:00',
        buildUrl: 'https://ci/build/9',
        testResults: body.testResults,
        verifiedBy: body.verifiedBy,
      })
      expect(res.body._links['pb:pact-version'].href).toBe(pact._links['pb:pact-version'].href)

      const again = await get(res.body._links.self.href)
      expect(again.status).toBe(200)
      expect(again.body).toEqual(res.body)
      const latest = await get(pact._links['pb:latest-verification-results'].href)
      expect(latest.body._links.self.href).toBe(res.body._links.self.href)

      const head = await broker.deps.db.selectFrom('latest_verifications').selectAll().execute()
      expect(head).toHaveLength(1)
      expect(head[0]).toMatchObject({ success: false, wip: false })
      expect(events.at(-1)).toMatchObject({
        consumer: 'web',
        provider: 'users',
        providerVersion: '2.0.0',
        success: false,
        pactVersionSha: pact._links['pb:pact-version'].name,
      })
    })

    it('moves the head to the newest result of the same provider version and records branch and tags', async () => {
      const res = await post(pact._links['pb:publish-verification-results'].href, {
        success: true,
        providerApplicationVersion: '2.0.0',
        providerVersionBranch: 'main',
        providerVersionTags: ['prod'],
      })
      expect(res.status).toBe(201)
      const head = await broker.deps.db.selectFrom('latest_verifications').selectAll().execute()
      expect(head).toHaveLength(1)
      expect(head[0]).toMatchObject({ success: true })
      const number = Number(res.body._links.self.href.split('/').pop())
      expect(head[0]!.verification_id).toBe(number)
      const branch = await broker.deps.db.selectFrom('branch_versions').select('branch_name').where('branch_name', '=', 'main').execute()
      expect(branch).toHaveLength(1)
      const verification = await findVerification(broker.deps, number)
      expect(verification).toMatchObject({ success: true, providerVersion: { number: '2.0.0' }, consumer: { name: 'web' } })
    })

    it('stores why the pact was verified from the metadata segment', async () => {
      const sha = pact._links['pb:pact-version'].name
      const metadata = encodePactMetadata({ s: [{ cv: '1.0.0', b: 'main', l: true }], p: true, w: true })
      const withMetadata = (await get(`${pact._links['pb:pact-version'].href}/metadata/${metadata}`)).body
      const res = await post(withMetadata._links['pb:publish-verification-results'].href, { success: true, providerApplicationVersion: '2.1.0' })
      expect(res.status).toBe(201)
      const verification = await findVerification(broker.deps, Number(res.body._links.self.href.split('/').pop()))
      expect(verification).toMatchObject({ sha, wip: true, pactPending: true, consumerVersionSelectors: [{ cv: '1.0.0', b: 'main', l: true }] })
      // A foreign or damaged metadata segment never blocks the result.
      const foreign = await post(`${pact._links['pb:pact-version'].href}/metadata/Y3ZuPTEuMC4w/verification-results`, {
        success: true,
        providerApplicationVersion: '2.2.0',
      })
      expect(foreign.status).toBe(201)
    })

    it('validates the body with pointers and changes nothing', async () => {
      const before = await broker.deps.db.selectFrom('verifications').select('id').execute()
      const res = await post(pact._links['pb:publish-verification-results'].href, { success: 'yes', providerApplicationVersion: ' ', buildUrl: 'not a url' })
      expect(res.status).toBe(400)
      expect(res.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/buildUrl', '/providerApplicationVersion', '/success'])
      const missing = await post(pact._links['pb:publish-verification-results'].href, {})
      expect(missing.body.errors).toEqual(
        expect.arrayContaining([
          { pointer: '/success', detail: 'is required' },
          { pointer: '/providerApplicationVersion', detail: 'is required' },
        ]),
      )
      expect(await broker.deps.db.selectFrom('verifications').select('id').execute()).toEqual(before)
    })

    it('answers 404 for unknown pacts and verification numbers', async () => {
      const unknownPact = await post(`${broker.url}/pacts/provider/users/consumer/web/pact-version/${'f'.repeat(40)}/verification-results`, {
        success: true,
        providerApplicationVersion: '1',
      })
      expect(unknownPact.status).toBe(404)
      expect(unknownPact.body.type).toBe(`${broker.url}/problems/pact-not-found`)
      for (const number of ['999999', 'abc', '99999999999']) {
        const res = await get(`${pact._links['pb:publish-verification-results'].href}/${number}`)
        expect(res.status, number).toBe(404)
        expect(res.body.type).toBe(`${broker.url}/problems/verification-not-found`)
      }
    })

    it('answers 404 for the latest verification of content never verified', async () => {
      await post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument('web', 'users', ['new']), version: '1.1.0' }))
      const fresh = (await get(`${broker.url}/pacts/provider/users/consumer/web/version/1.1.0`)).body
      const res = await get(fresh._links['pb:latest-verification-results'].href)
      expect(res.status).toBe(404)
      expect(res.body.detail).toMatch(/No verification result yet/)
    })
  })
}
