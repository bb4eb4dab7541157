import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get, post } from '../support/http.js'
import { pactDocument, publishBody } from '../support/pact-documents.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { countRows } from '../support/row-count.js'

for (const database of DATABASES) {
  describe(`concurrent publication (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
    })
    afterAll(() => broker?.close())

    const count = (
      table: 'pacticipants' | 'versions' | 'pact_versions' | 'pact_publications' | 'latest_pact_publications' | 'integrations' | 'branch_versions' | 'tags',
    ) => countRows(broker.deps.db, table)

    it('20 parallel publishes of the same consumer version and contract leave one version, one pact version and one publication', async () => {
      const body = publishBody({ pact: pactDocument('web', 'users', ['a', 'b']), version: '1.0.0', branch: 'main', tags: ['dev'] })
      const responses = await Promise.all(Array.from({ length: 20 }, () => post(`${broker.url}/contracts/publish`, body)))
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200))
      expect(await count('pacticipants')).toBe(2)
      expect(await count('versions')).toBe(1)
      expect(await count('pact_versions')).toBe(1)
      expect(await count('pact_publications')).toBe(1)
      expect(await count('latest_pact_publications')).toBe(1)
      expect(await count('integrations')).toBe(1)
      expect(await count('branch_versions')).toBe(1)
      expect(await count('tags')).toBe(1)
      const created = responses.filter((r) => r.body.notices.some((n: any) => n.text.startsWith('Pact successfully published')))
      expect(created).toHaveLength(1)
    })

    it('20 parallel publishes of different content for one consumer version: one wins, the rest get 409, none 5xx', async () => {
      const bodies = Array.from({ length: 20 }, (_, i) => publishBody({ pact: pactDocument('app', 'api', [`interaction ${i}`]), version: '2.0.0' }))
      const responses = await Promise.all(bodies.map((body) => post(`${broker.url}/contracts/publish`, body)))
      const statuses = responses.map((r) => r.status).sort()
      expect(statuses.filter((s) => s === 200)).toHaveLength(1)
      expect(statuses.filter((s) => s === 409)).toHaveLength(19)
      const pactVersions = await broker.deps.db
        .selectFrom('pact_versions')
        .innerJoin('pacticipants', 'pacticipants.id', 'pact_versions.consumer_id')
        .select('pact_versions.id')
        .where('pacticipants.name', '=', 'app')
        .execute()
      expect(pactVersions).toHaveLength(1)
    })

    it('20 parallel verification results for one new provider version: one version, 20 results, the head on the last', async () => {
      expect((await post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument('shop', 'stock', ['count']), version: '1.0.0' }))).status).toBe(
        200,
      )
      const pact = (await get(`${broker.url}/pacts/provider/stock/consumer/shop/version/1.0.0`)).body
      const url = pact._links['pb:publish-verification-results'].href
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => post(url, { success: i % 2 === 0, providerApplicationVersion: '9.9.9', providerVersionBranch: 'main' })),
      )
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201))
      const db = broker.deps.db
      const versions = await db
        .selectFrom('versions')
        .innerJoin('pacticipants', 'pacticipants.id', 'versions.pacticipant_id')
        .select('versions.id')
        .where('pacticipants.name', '=', 'stock')
        .execute()
      expect(versions).toHaveLength(1)
      const results = await db.selectFrom('verifications').select(['id', 'success']).where('provider_version_id', '=', versions[0]!.id).orderBy('id').execute()
      expect(results).toHaveLength(20)
      const head = await db.selectFrom('latest_verifications').selectAll().where('provider_version_id', '=', versions[0]!.id).execute()
      expect(head).toHaveLength(1)
      expect(head[0]).toMatchObject({ verification_id: results.at(-1)!.id, success: results.at(-1)!.success })
    })
  })
}
