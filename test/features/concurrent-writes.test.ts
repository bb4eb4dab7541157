/**
 * Concurrent writes that meet on one pacticipant, the classes that deadlocked PostgreSQL or answered 500
 * (issue #14): publications and verifications on one consumer/provider pair; legacy PUT/PATCH of pacts,
 * verifications and branch-version PUT/DELETE on one pacticipant; and writes racing a DELETE of their
 * pacticipant. Each runs on both databases (PGlite serialises writers, so only PostgreSQL can deadlock) and
 * checks every status and the stored data: no 5xx, and the head tables agree with history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headDisagreements } from '../support/consistency.js'
import { DATABASES } from '../support/databases.js'
import { del, get, patch, post, put } from '../support/http.js'
import { pactDocument, publishBody } from '../support/pact-documents.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

for (const database of DATABASES) {
  describe(`concurrent writes on one pacticipant (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
    })
    afterAll(() => broker?.close())

    const statusesOf = async (requests: Promise<{ status: number }>[]) => (await Promise.all(requests)).map((r) => r.status)

    async function verificationUrl(consumer: string, provider: string, version: string): Promise<string> {
      const res = await post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument(consumer, provider, ['seed']), version, branch: 'main' }))
      expect(res.status).toBe(200)
      return (await get(`${broker.url}/pacts/provider/${provider}/consumer/${consumer}/version/${version}`)).body._links['pb:publish-verification-results'].href
    }

    it('publications and verifications on one consumer/provider pair all succeed and are all stored', async () => {
      const url = await verificationUrl('web', 'users', '0.0.1')
      const requests = []
      for (let i = 0; i < 24; i++) {
        requests.push(
          post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument('web', 'users', ['seed', `i${i}`]), version: `1.0.${i}`, branch: 'main' })),
        )
        if (i % 3 === 0) requests.push(post(url, { success: true, providerApplicationVersion: `2.0.${i}`, providerVersionBranch: 'main' }))
      }
      const statuses = await statusesOf(requests)
      expect(statuses.filter((s) => s === 200)).toHaveLength(24)
      expect(statuses.filter((s) => s === 201)).toHaveLength(8)

      const db = broker.deps.db
      const publications = await db
        .selectFrom('pact_publications as pp')
        .innerJoin('versions as v', 'v.id', 'pp.consumer_version_id')
        .select('v.number')
        .execute()
      expect(publications.map((p) => p.number).sort()).toEqual(['0.0.1', ...Array.from({ length: 24 }, (_, i) => `1.0.${i}`)].sort())
      expect(await db.selectFrom('verifications').select('id').execute()).toHaveLength(8)
      const mainHeads = await db
        .selectFrom('branch_heads as h')
        .innerJoin('versions as v', 'v.id', 'h.version_id')
        .select(['h.branch_name', 'v.number'])
        .orderBy('v.number')
        .execute()
      expect(mainHeads).toEqual([
        { branch_name: 'main', number: '1.0.23' },
        { branch_name: 'main', number: '2.0.21' },
      ])
      expect(await headDisagreements(db)).toEqual([])
    })

    it('legacy PUT and PATCH of pacts, verifications and branch-version PUT/DELETE on one pacticipant never 5xx', async () => {
      const url = await verificationUrl('shop', 'stock', '0.0.1')
      const pair = `${broker.url}/pacts/provider/stock/consumer/shop`
      const branchVersion = (i: number) => `${broker.url}/pacticipants/shop/branches/feat-${i % 3}/versions/3.0.${i % 6}`
      const requests: Promise<{ status: number }>[] = []
      for (let i = 0; i < 12; i++) {
        requests.push(put(`${pair}/version/3.0.${i}`, pactDocument('shop', 'stock', ['seed'])))
        requests.push(patch(`${pair}/version/3.0.${i % 4}`, pactDocument('shop', 'stock', [`extra ${i}`]), { 'content-type': 'application/json' }))
        requests.push(
          post(url, { success: i % 2 === 0, providerApplicationVersion: `5.0.${i % 5}`, providerVersionBranch: 'main', providerVersionTags: ['ci'] }),
        )
        requests.push(put(branchVersion(i)))
        requests.push(del(branchVersion(i + 1)))
      }
      const statuses = await statusesOf(requests)
      expect(statuses.filter((s) => s >= 500)).toEqual([])
      expect(statuses.every((s) => [200, 201, 204, 404, 409].includes(s))).toBe(true)

      const db = broker.deps.db
      const results = await db
        .selectFrom('verifications as v')
        .innerJoin('pacticipants as p', 'p.id', 'v.provider_id')
        .select('v.id')
        .where('p.name', '=', 'stock')
        .execute()
      expect(results).toHaveLength(12)
      // Every PATCH merged its interaction into the version's pact: nothing a concurrent write did was lost.
      for (let v = 0; v < 4; v++) {
        const pact = (await get(`${pair}/version/3.0.${v}`)).body
        const descriptions = pact.interactions.map((i: { description: string }) => i.description)
        for (let i = v; i < 12; i += 4) expect(descriptions).toContain(`extra ${i}`)
      }
      expect(await headDisagreements(db)).toEqual([])
    })

    it('writes racing a DELETE of their pacticipant answer 404 or 409, never 5xx, and leave consistent heads', async () => {
      const environment = (await post(`${broker.url}/environments`, { name: 'racing', production: true })).body.uuid
      expect(environment).toEqual(expect.any(String))
      for (let round = 0; round < 4; round++) {
        const url = await verificationUrl('cart', 'pricing', `${round}.0.0`)
        await put(`${broker.url}/pacticipants/pricing/versions/${round}.1.0`, {})
        const requests: Promise<{ status: number }>[] = [
          post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument('cart', 'pricing', ['seed', `r${round}`]), version: `${round}.0.1` })),
          post(url, { success: true, providerApplicationVersion: `${round}.2.0`, providerVersionBranch: 'main' }),
          put(`${broker.url}/pacts/provider/pricing/consumer/cart/version/${round}.0.2`, pactDocument('cart', 'pricing', ['seed'])),
          put(`${broker.url}/pacticipants/cart/branches/feat/versions/${round}.0.0`),
          post(`${broker.url}/pacticipants/pricing/versions/${round}.1.0/deployed-versions/environment/${environment}`, {}),
          post(`${broker.url}/pacticipants/pricing/versions/${round}.1.0/released-versions/environment/${environment}`, {}),
          del(`${broker.url}/pacticipants/${round % 2 ? 'cart' : 'pricing'}`),
          del(`${broker.url}/pacticipants/cart/versions/${round}.0.0`),
        ]
        const statuses = await statusesOf(requests)
        expect(statuses.filter((s) => s >= 500)).toEqual([])
        expect(statuses.every((s) => [200, 201, 204, 404, 409].includes(s))).toBe(true)
      }
      expect(await headDisagreements(broker.deps.db)).toEqual([])
    })
  })
}
