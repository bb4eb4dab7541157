/**
 * The dashboard's search, filters and pages, done in SQL (integrations.service.ts integrationsPage): the right
 * integrations on both databases, counted and ordered as the page shows them, and the page over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { integrationsPage } from '../../broker/integrations/integrations.service.js'
import type { IntegrationsFilter } from '../../broker/integrations/integration.js'
import { DATABASES } from '../support/databases.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

for (const database of DATABASES) {
  describe(`dashboard search and filters in SQL (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
      await td(broker)
        .publishPact({ consumer: 'Web-App', consumerVersion: '1.0.0', provider: 'users', interactions: 'get user' })
        .verify({ provider: 'users', providerVersion: '2.0.0', success: true })
        .publishPact({ consumer: 'Web-App', consumerVersion: '1.0.0', provider: 'orders', interactions: 'list orders' })
        .verify({ provider: 'orders', providerVersion: '3.0.0', success: false })
        .publishPact({ consumer: 'mobile', consumerVersion: '1.0.0', provider: 'users', interactions: 'get user from mobile' })
        .publishPact({ consumer: 'mobile', consumerVersion: '1.0.0', provider: 'orders', interactions: 'list orders from mobile' })
        .verify({ provider: 'orders', providerVersion: '3.0.0', success: true })
        .publishPact({ consumer: 'batch_100%', consumerVersion: '1.0.0', provider: 'billing', interactions: 'charge' })
      for (const [pacticipant, label] of [
        ['orders', 'checkout-team'],
        ['mobile', 'apps-team'],
      ]) {
        expect((await fetch(`${broker.url}/pacticipants/${pacticipant}/labels/${label}`, { method: 'PUT' })).status).toBe(201)
      }
    })
    afterAll(() => broker?.close())

    const search = async (filter: IntegrationsFilter, page = 1, pageSize = 50) => {
      const found = await integrationsPage(broker.deps, filter, { page, pageSize })
      return { ...found, pairs: found.rows.map((i) => `${i.consumer.name}>${i.provider.name} ${i.status}`) }
    }

    it('counts every integration by status whatever the filter, and how many the filter matches', async () => {
      const all = await search({})
      expect(all.counts).toEqual({
        total: 5,
        matching: 5,
        byStatus: { verified: 2, failed: 1, pending: 0, unverified: 2 },
        usingDeprecated: 0,
        needingAttention: 3,
      })
      // Failing first, then unverified, then verified; by consumer then provider name (any case) within each.
      expect(all.pairs).toEqual([
        'Web-App>orders failed',
        'batch_100%>billing unverified',
        'mobile>users unverified',
        'mobile>orders verified',
        'Web-App>users verified',
      ])
      const searched = await search({ q: 'ORDERS' })
      expect(searched.counts.total).toBe(5)
      expect(searched.counts.matching).toBe(2)
      expect(searched.counts.byStatus.failed).toBe(1)
    })

    it('searches consumer and provider names in any case, with % and _ matching themselves', async () => {
      expect((await search({ q: 'web-' })).pairs).toEqual(['Web-App>orders failed', 'Web-App>users verified'])
      expect((await search({ q: 'USERS' })).pairs).toEqual(['mobile>users unverified', 'Web-App>users verified'])
      expect((await search({ q: '%' })).pairs).toEqual(['batch_100%>billing unverified'])
      expect((await search({ q: 'h_1' })).pairs).toEqual(['batch_100%>billing unverified'])
      expect((await search({ q: '_' })).pairs).toEqual(['batch_100%>billing unverified'])
      expect((await search({ q: 'nobody' })).pairs).toEqual([])
    })

    it('filters by status, and by a label on either side, alone and together', async () => {
      expect((await search({ status: 'unverified' })).pairs).toEqual(['batch_100%>billing unverified', 'mobile>users unverified'])
      expect((await search({ status: 'no-such-status' })).pairs).toEqual([])
      // orders is a provider: both its consumers' integrations.
      expect((await search({ label: 'checkout-team' })).pairs).toEqual(['Web-App>orders failed', 'mobile>orders verified'])
      // mobile is a consumer.
      expect((await search({ label: 'apps-team' })).pairs).toEqual(['mobile>users unverified', 'mobile>orders verified'])
      expect((await search({ label: 'apps-team', status: 'verified' })).pairs).toEqual(['mobile>orders verified'])
      expect((await search({ label: 'apps-team', q: 'users' })).pairs).toEqual(['mobile>users unverified'])
      expect((await search({ label: 'no-team' })).counts).toMatchObject({ total: 5, matching: 0 })
    })

    it('pages in SQL: each page in order, and a page past the last gives the last', async () => {
      const pages = await Promise.all([1, 2, 3].map((n) => search({}, n, 2)))
      expect(pages.map((p) => p.pages)).toEqual([3, 3, 3])
      expect(pages.flatMap((p) => p.pairs)).toEqual((await search({})).pairs)
      const past = await search({}, 9, 2)
      expect(past.page).toBe(3)
      expect(past.pairs).toEqual(['Web-App>users verified'])
    })

    it('gives the rows what the dashboard shows: the latest pact, who verified it, where each side runs', async () => {
      await td(broker).recordDeployment('orders', '3.0.0', 'production')
      const [failed] = (await search({ status: 'failed' })).rows
      expect(failed).toMatchObject({
        consumer: { name: 'Web-App' },
        provider: { name: 'orders' },
        latestPact: { consumerVersion: '1.0.0' },
        verification: { success: false, providerVersion: '3.0.0' },
        consumerEnvironments: [],
        providerEnvironments: ['production'],
        deprecatedItemsInUse: 0,
      })
      expect(failed!.latestPact.sha).toMatch(/^[0-9a-f]{8,}/)
      expect(failed!.verification!.verifiedAt).toBeInstanceOf(Date)
    })

    it('answers the page with the search applied', async () => {
      const res = await fetch(`${broker.url}/?q=web&label=checkout-team`, { headers: { accept: 'text/html' } })
      const html = await res.text()
      expect(html).toContain('1 of 5 integrations match')
      expect(html).toContain('<option value="checkout-team" selected>checkout-team</option>')
      expect(html).toContain(`href="${broker.url}/pacticipants/Web-App"`)
      expect(html).not.toContain(`href="${broker.url}/pacticipants/mobile"`)
    })
  })
}
