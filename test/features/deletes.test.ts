/**
 * The Pact Broker's delete endpoints, with authentication on (admin only): pacts of a pair (one consumer
 * version, a tag, a branch, all), a verification result, an integration, every integration. Each answers what the
 * Pact Broker answers, leaves the head tables consistent and is audited; and a delete racing publications and
 * verifications of the same pair never answers 5xx and leaves consistent data (both databases; only PostgreSQL
 * runs them in parallel).
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headDisagreements } from '../support/consistency.js'
import { DATABASES } from '../support/databases.js'
import { del, get, post, type JsonResponse } from '../support/http.js'
import { pactDocument, publishBody } from '../support/pact-documents.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { WEBHOOK_TEST_ENV } from '../support/webhook-receiver.js'

const ADMIN_TOKEN = 'deletes-admin-secret-0123456789abcdef'
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }

for (const database of DATABASES) {
  describe(`deletes (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database, { env: { ...WEBHOOK_TEST_ENV, CONCORD_ADMIN_TOKEN: ADMIN_TOKEN } })
    })
    afterAll(() => broker?.close())

    const publish = (consumer: string, provider: string, version: string, options: { branch?: string; tags?: string[]; descriptions?: string[] } = {}) =>
      post(
        `${broker.url}/contracts/publish`,
        publishBody({ pact: pactDocument(consumer, provider, options.descriptions ?? ['seed']), version, branch: options.branch, tags: options.tags }),
        admin,
      )
    const pair = (provider: string, consumer: string) => `${broker.url}/pacts/provider/${provider}/consumer/${consumer}`
    const resultsUrl = async (provider: string, consumer: string, version: string): Promise<string> =>
      (await get(`${pair(provider, consumer)}/version/${version}`, admin)).body._links['pb:publish-verification-results'].href
    const expectStatus = (res: JsonResponse, status: number) => expect(res.status, JSON.stringify(res.body)).toBe(status)
    const auditEvents = async (type: string) => {
      const res = await get(`${broker.url}/audit?type=${type}&pageSize=100`, admin)
      expectStatus(res, 200)
      return res.body.events as { type: string; payload: any }[]
    }

    it('deletes pacts by consumer version, tag, branch and all of a pair, answering as the Pact Broker', async () => {
      expectStatus(await publish('web', 'users', '1.0.0', { branch: 'main', tags: ['prod'], descriptions: ['a'] }), 200)
      expectStatus(await publish('web', 'users', '1.0.1', { branch: 'feat', tags: ['dev'], descriptions: ['b'] }), 200)
      expectStatus(await publish('web', 'users', '1.0.2', { branch: 'main', descriptions: ['c'] }), 200)
      const verify = await post(await resultsUrl('users', 'web', '1.0.0'), { success: true, providerApplicationVersion: '2.0.0' }, admin)
      expectStatus(verify, 201)

      // A write token may publish, not delete.
      const writer = await post(`${broker.url}/settings/tokens`, { name: 'web-ci', role: 'write' }, admin)
      expectStatus(writer, 201)
      const refused = await del(`${pair('users', 'web')}/version/1.0.2`, { authorization: `Bearer ${writer.body.value}` })
      expectStatus(refused, 403)

      const missing = await del(`${pair('users', 'web')}/version/9.9.9`, admin)
      expectStatus(missing, 404)
      expect(missing.body.type).toMatch(/pact-not-found$/)
      expectStatus(await del(`${pair('users', 'nobody')}/versions`, admin), 404)

      const byVersion = await del(`${pair('users', 'web')}/version/1.0.2`, admin)
      expectStatus(byVersion, 200)
      expect(byVersion.body._links).toEqual({
        index: { href: broker.url },
        'pb:latest-pact-version': { href: `${pair('users', 'web')}/latest`, title: 'Latest pact' },
      })
      expectStatus(await get(`${pair('users', 'web')}/version/1.0.2`, admin), 404)
      expect((await get(`${pair('users', 'web')}/latest`, admin)).body._links['pb:consumer-version'].name).toBe('1.0.1')

      expectStatus(await del(`${pair('users', 'web')}/tag/dev`, admin), 200)
      expectStatus(await get(`${pair('users', 'web')}/version/1.0.1`, admin), 404)
      // A tag nothing carries deletes nothing, and still answers 200 (the pair exists).
      expectStatus(await del(`${pair('users', 'web')}/tag/none`, admin), 200)

      const byBranch = await del(`${pair('users', 'web')}/branch/main`, admin)
      expectStatus(byBranch, 200)
      expect(byBranch.body._links).toEqual({ index: { href: broker.url } })
      expectStatus(await get(`${pair('users', 'web')}/latest`, admin), 404)
      // The versions stay, and the pact content keeps its verification result.
      expectStatus(await get(`${broker.url}/pacticipants/web/versions/1.0.0`, admin), 200)
      expect(await broker.deps.db.selectFrom('verifications').select('id').execute()).toHaveLength(1)

      expectStatus(await publish('web', 'users', '1.1.0'), 200)
      expectStatus(await publish('web', 'users', '1.1.1', { descriptions: ['x'] }), 200)
      expectStatus(await del(`${pair('users', 'web')}/versions`, admin), 204)
      expect((await get(`${broker.url}/pacts/provider/users`, admin)).body._links['pb:pacts']).toEqual([])

      const deletes = await auditEvents('pacts.deleted')
      expect(deletes).toHaveLength(5)
      expect(deletes.map((e) => e.payload.publications).sort()).toEqual([0, 1, 1, 1, 2])
      expect(await headDisagreements(broker.deps.db)).toEqual([])
    })

    it('deletes one verification result; the previous result of the same provider version becomes the latest', async () => {
      expectStatus(await publish('shop', 'stock', '1.0.0'), 200)
      const url = await resultsUrl('stock', 'shop', '1.0.0')
      const first = await post(url, { success: true, providerApplicationVersion: '3.0.0' }, admin)
      const second = await post(url, { success: false, providerApplicationVersion: '3.0.0' }, admin)
      expectStatus(second, 201)
      const secondUrl: string = second.body._links.self.href
      expect(await broker.deps.db.selectFrom('latest_verifications').select('verification_id').execute()).toContainEqual({
        verification_id: Number(secondUrl.split('/').pop()),
      })

      expectStatus(await del(secondUrl, admin), 204)
      expectStatus(await get(secondUrl, admin), 404)
      expectStatus(await del(secondUrl, admin), 404)
      const latest = await get(`${url}/latest`, admin)
      expect(latest.body._links.self.href).toBe(first.body._links.self.href)
      expect(latest.body.success).toBe(true)
      expect(await headDisagreements(broker.deps.db)).toEqual([])
      expect(await auditEvents('verification.deleted')).toHaveLength(1)
    })

    it('deletes an integration: its pacts, results and pair webhooks go; other pairs, global webhooks and the pacticipants stay', async () => {
      expectStatus(await publish('app', 'billing', '1.0.0'), 200)
      expectStatus(await publish('app', 'ledger', '1.0.0'), 200)
      expectStatus(await post(await resultsUrl('billing', 'app', '1.0.0'), { success: true, providerApplicationVersion: '4.0.0' }, admin), 201)
      const webhook = (consumer?: string, provider?: string) =>
        post(
          `${broker.url}/webhooks`,
          {
            ...(consumer ? { consumer: { name: consumer } } : {}),
            ...(provider ? { provider: { name: provider } } : {}),
            events: [{ name: 'provider_verification_published' }],
            request: { method: 'POST', url: 'http://127.0.0.1:9/hook' },
          },
          admin,
        )
      const pairHook = await webhook('app', 'billing')
      const otherHook = await webhook('app', 'ledger')
      const globalHook = await webhook()
      expectStatus(pairHook, 201)

      expectStatus(await del(`${broker.url}/integrations/provider/billing/consumer/nobody`, admin), 404)
      expectStatus(await del(`${broker.url}/integrations/provider/billing/consumer/app`, admin), 204)

      expectStatus(await get(`${pair('billing', 'app')}/latest`, admin), 404)
      expectStatus(await get(`${pair('ledger', 'app')}/latest`, admin), 200)
      expectStatus(await get(pairHook.body._links.self.href, admin), 404)
      expectStatus(await get(otherHook.body._links.self.href, admin), 200)
      expectStatus(await get(globalHook.body._links.self.href, admin), 200)
      expectStatus(await get(`${broker.url}/pacticipants/billing`, admin), 200)
      const db = broker.deps.db
      const left = await sql<{ n: number }>`
        select count(*)::int as n from integrations i join pacticipants p on p.id = i.provider_id where p.name = 'billing'`.execute(db)
      expect(left.rows[0]!.n).toBe(0)
      const results = await sql<{ n: number }>`
        select count(*)::int as n from verifications v join pacticipants p on p.id = v.provider_id where p.name = 'billing'`.execute(db)
      expect(results.rows[0]!.n).toBe(0)
      // Deleting it again finds the pacticipants and nothing else: 204, as the Pact Broker.
      expectStatus(await del(`${broker.url}/integrations/provider/billing/consumer/app`, admin), 204)
      const audit = await auditEvents('integration.deleted')
      expect(audit.map((e) => [e.payload.consumer, e.payload.provider, e.payload.pactContents, e.payload.webhooks])).toEqual([
        ['app', 'billing', 1, 1],
        ['app', 'billing', 0, 0],
      ])
    })

    it('deletes every integration: pacticipants with all their data and every webhook go, environments stay', async () => {
      expectStatus(await post(`${broker.url}/environments`, { name: 'kept', production: false }, admin), 201)
      const environments = (await get(`${broker.url}/environments`, admin)).body._embedded.environments.map((e: { name: string }) => e.name)
      expect(environments).toContain('kept')
      expectStatus(await publish('late', 'comer', '1.0.0'), 200)
      expectStatus(await del(`${broker.url}/integrations`, admin), 204)
      expect((await get(`${broker.url}/pacticipants`, admin)).body._embedded.pacticipants).toEqual([])
      expect((await get(`${broker.url}/webhooks`, admin)).body._links['pb:webhooks']).toEqual([])
      expect((await get(`${broker.url}/environments`, admin)).body._embedded.environments.map((e: { name: string }) => e.name)).toEqual(environments)
      for (const table of ['versions', 'pact_versions', 'pact_publications', 'verifications', 'integrations', 'branches', 'tags'] as const) {
        expect(
          await broker.deps.db
            .selectFrom(table)
            .select(sql`1`.as('x'))
            .execute(),
          table,
        ).toEqual([])
      }
      expect(await auditEvents('integrations.deleted')).toHaveLength(1)
    })

    it('deletes racing publications and verifications of the same pair never answer 5xx and leave consistent data', async () => {
      for (let round = 0; round < 4; round++) {
        expectStatus(await publish('cart', 'pricing', `${round}.0.0`, { branch: 'main', tags: ['ci'] }), 200)
        const url = await resultsUrl('pricing', 'cart', `${round}.0.0`)
        expectStatus(await post(url, { success: true, providerApplicationVersion: `${round}.9.0` }, admin), 201)
        const requests: Promise<JsonResponse>[] = []
        for (let i = 0; i < 6; i++) {
          requests.push(publish('cart', 'pricing', `${round}.1.${i}`, { branch: 'main', tags: ['ci'], descriptions: ['seed', `r${round}i${i}`] }))
          requests.push(post(url, { success: i % 2 === 0, providerApplicationVersion: `${round}.2.${i}`, providerVersionBranch: 'main' }, admin))
        }
        requests.push(del(`${broker.url}/integrations/provider/pricing/consumer/cart`, admin))
        requests.push(del(`${pair('pricing', 'cart')}/versions`, admin))
        requests.push(del(`${pair('pricing', 'cart')}/branch/main`, admin))
        requests.push(del(`${pair('pricing', 'cart')}/tag/ci`, admin))
        requests.push(del(`${pair('pricing', 'cart')}/version/${round}.1.0`, admin))
        if (round === 3) requests.push(del(`${broker.url}/integrations`, admin))
        const responses = await Promise.all(requests)
        const statuses = responses.map((r) => r.status)
        expect(
          responses.filter((r) => r.status >= 500).map((r) => r.body),
          JSON.stringify(statuses),
        ).toEqual([])
        expect(
          statuses.every((s) => [200, 201, 204, 404, 409].includes(s)),
          JSON.stringify(statuses),
        ).toBe(true)

        const db = broker.deps.db
        expect(await headDisagreements(db)).toEqual([])
        // Every stored pact belongs to an integration, and every result to stored content and versions (foreign keys).
        const orphans = await sql<{ n: number }>`
          select count(*)::int as n from pact_publications pp
          where not exists (select 1 from integrations i where i.consumer_id = pp.consumer_id and i.provider_id = pp.provider_id)`.execute(db)
        expect(orphans.rows[0]!.n).toBe(0)
      }
    })
  })
}
