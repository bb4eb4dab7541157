/**
 * The pages over HTTP (no browser): content negotiation at shared URLs, escaping of user-supplied names, the
 * page policy header, assets from the broker, and pages for errors. The browser tests are in test/ui/.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MapGraph } from '../../broker/ui/pages/map.js'
import { DATABASES } from '../support/databases.js'
import { get } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }
const HOSTILE = '<img src=x onerror=alert(1)>'

async function page(url: string): Promise<{ status: number; html: string; headers: Headers }> {
  const res = await fetch(url, { headers: BROWSER })
  return { status: res.status, html: await res.text(), headers: res.headers }
}

for (const database of DATABASES) {
  describe(`UI pages (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
      await td(broker)
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', branch: 'main', interactions: 'get user' })
        .verify({ provider: 'users', providerVersion: '2.0.0', success: true })
        .publishPact({ consumer: 'web', consumerVersion: '1.1.0', provider: 'orders', branch: 'main', interactions: 'place order' })
        .verify({ provider: 'orders', providerVersion: '3.0.0', success: false })
        .publishPact({ consumer: HOSTILE, consumerVersion: '1.0.0', provider: 'users', interactions: `${HOSTILE} asks` })
        .recordDeployment('users', '2.0.0', 'production')
        .recordDeployment('web', '1.0.0', 'production')
      for (const [pacticipant, label] of [
        ['orders', 'checkout-team'],
        ['users', HOSTILE],
      ]) {
        const labelled = await fetch(`${broker.url}/pacticipants/${pacticipant}/labels/${encodeURIComponent(label!)}`, { method: 'PUT' })
        expect(labelled.status).toBe(201)
      }
    })
    afterAll(() => broker?.close())

    it('answers a browser at / with the dashboard and API clients with the HAL index, as before', async () => {
      const html = await page(`${broker.url}/`)
      expect(html.status).toBe(200)
      expect(html.headers.get('content-type')).toMatch(/^text\/html/)
      expect(html.html).toContain('<h1>Integrations</h1>')
      expect(html.html).toMatch(/<main id="main"/)
      for (const accept of ['application/hal+json', 'application/json', '*/*']) {
        const api = await get(`${broker.url}/`, { accept })
        expect(api.contentType).toMatch(/json/)
        expect(api.body._links['pb:pacticipants']).toBeDefined()
      }
      expect((await fetch(`${broker.url}/`)).headers.get('content-type')).toMatch(/hal\+json/)
    })

    it('lists failing integrations first, with the provider version that verified and where each side runs', async () => {
      const { html } = await page(`${broker.url}/`)
      const rows = html.split('<tr').slice(2)
      expect(rows[0]).toContain('orders')
      expect(rows[0]).toContain('status-failed')
      const verified = rows.find((row) => row.includes('status-verified'))!
      expect(verified).toContain('users 2.0.0')
      expect(verified).toContain('production')
      const searched = await page(`${broker.url}/?q=orders`)
      expect(searched.html).toContain('1 of 3 integrations match')
    })

    it('filters the dashboard by team label, shows labels on the pacticipant page, and gives the map the labels of each service', async () => {
      const filtered = await page(`${broker.url}/?label=checkout-team`)
      expect(filtered.html).toContain('1 of 3 integrations match')
      expect(filtered.html).toContain('<option value="checkout-team" selected>checkout-team</option>')
      expect(filtered.html).not.toContain(HOSTILE)
      expect(filtered.html).toContain('&lt;img src=x onerror=alert(1)>')
      const orders = await page(`${broker.url}/pacticipants/orders`)
      expect(orders.html).toContain(`<a href="${broker.url}/?label=checkout-team">checkout-team</a>`)
      const graph = (await get(`${broker.url}/map/graph`)).body as MapGraph
      const labelsByName = Object.fromEntries(graph.nodes.name.map((name, n) => [name, graph.nodes.labels[n]!.map((l) => graph.labels[l])]))
      expect(labelsByName).toMatchObject({ orders: ['checkout-team'], users: [HOSTILE], web: [] })
      expect((await page(`${broker.url}/map`)).html).toContain('<option value="checkout-team">checkout-team</option>')
    })

    it('serves a pacticipant page at the pacticipant URL only to browsers', async () => {
      const html = await page(`${broker.url}/pacticipants/web`)
      expect(html.status).toBe(200)
      expect(html.html).toContain('<h1>web</h1>')
      expect(html.html).toContain('1.1.0')
      const api = await get(`${broker.url}/pacticipants/web`)
      expect(api.contentType).toMatch(/^application\/hal\+json/)
      expect(api.body.name).toBe('web')
    })

    it('shows hostile names as text, everywhere they appear', async () => {
      for (const path of ['/', `/pacticipants/${encodeURIComponent(HOSTILE)}`, `/integrations/provider/users/consumer/${encodeURIComponent(HOSTILE)}`]) {
        const { status, html } = await page(broker.url + path)
        expect(status).toBe(200)
        expect(html).not.toContain(HOSTILE)
        expect(html).toContain('&lt;img src=x onerror=alert(1)>')
      }
    })

    it('sends pages with a policy that allows no inline script', async () => {
      const { headers } = await page(`${broker.url}/environments`)
      const policy = headers.get('content-security-policy') ?? ''
      expect(policy).toContain("script-src 'self'")
      expect(policy).not.toContain('unsafe-inline')
      expect(headers.get('x-content-type-options')).toBe('nosniff')
    })

    it('answers can-i-deploy for people at the same URL, with the reasons', async () => {
      const { html } = await page(`${broker.url}/can-i-deploy?pacticipant=web&version=1.1.0&environment=production`)
      expect(html).toContain('class="answer')
      expect(html).toContain('orders')
      const api = await get(`${broker.url}/can-i-deploy?pacticipant=web&version=1.1.0&environment=production`)
      expect(api.body.summary).toBeDefined()
    })

    it('renders an error page with the API status for an unknown pacticipant', async () => {
      const { status, html } = await page(`${broker.url}/pacticipants/nobody`)
      expect(status).toBe(404)
      expect(html).toContain('<h1>Not found</h1>')
      expect(html).toContain('nobody')
    })

    it('answers API clients at page-only URLs with problem documents; browsers still get the page', async () => {
      const integration = `${broker.url}/integrations/provider/users/consumer/web`
      for (const accept of ['application/hal+json', 'application/json', 'application/hal+json, application/json']) {
        const api = await get(integration, { accept })
        expect(api.status).toBe(406)
        expect(api.contentType).toMatch(/^application\/(problem\+)?json/)
        expect(api.body).toMatchObject({ type: `${broker.url}/problems/not-acceptable`, status: 406 })
        expect(api.body.detail).toContain('/integrations/provider/users/consumer/web is a page for people')
      }
      const unknown = await get(`${broker.url}/integrations/provider/users/consumer/nobody`, { accept: '*/*' })
      expect(unknown.status).toBe(404)
      expect(unknown.contentType).toMatch(/^application\/problem\+json/)
      expect(unknown.body.detail).toContain('nobody')
      expect((await get(`${broker.url}/deprecations`, { accept: 'application/json' })).status).toBe(406)
      const browser = await page(integration)
      expect(browser.status).toBe(200)
      expect(browser.headers.get('content-type')).toMatch(/^text\/html/)
      const missing = await page(`${broker.url}/integrations/provider/users/consumer/nobody`)
      expect(missing.status).toBe(404)
      expect(missing.html).toContain('<h1>Not found</h1>')
    })

    it('gives the map its data: every service with where it runs, every integration with its status', async () => {
      const answer = await get(`${broker.url}/map/graph`)
      expect(answer.status).toBe(200)
      const graph = answer.body as MapGraph
      const { nodes, edges } = graph
      expect([...nodes.name].sort()).toEqual([HOSTILE, 'orders', 'users', 'web'].sort())
      expect(nodes.environments[nodes.name.indexOf('users')]!.map((e) => graph.environments[e])).toEqual(['production'])
      expect(graph.pacticipantUrl + encodeURIComponent(HOSTILE)).toBe(`${broker.url}/pacticipants/${encodeURIComponent(HOSTILE)}`)
      const described = edges.consumer.map((c, e) => `${nodes.name[c]}>${nodes.name[edges.provider[e]!]} ${graph.statuses[edges.status[e]!]}`)
      expect(described.sort()).toEqual([`${HOSTILE}>users unverified`, 'web>orders failed', 'web>users verified'].sort())
      // The same data again: the cached answer, or nothing (304) to a client that has it.
      const etag = answer.headers.get('etag')
      expect(etag).toMatch(/^"[\w-]+"$/)
      // As a browser revalidates (fetch() would add `cache-control: no-cache` to a conditional request, which asks for the body).
      const again = await fetch(`${broker.url}/map/graph`, { headers: { 'if-none-match': etag!, 'cache-control': 'max-age=0' } })
      expect(again.status).toBe(304)
      const { html } = await page(`${broker.url}/map`)
      expect(html).toContain('data-ready="false"')
      expect(html).toMatch(/<script defer src="[^"]*\/ui\/assets\/map-[^"]+\.js"><\/script>/)
    })

    it('serves the built assets from the broker, cached by content hash, and nothing else', async () => {
      const manifest = JSON.parse(readFileSync(new URL('../../dist/ui/manifest.json', import.meta.url), 'utf8')) as Record<string, string>
      const css = await fetch(`${broker.url}/ui/assets/${manifest['ui.css']}`)
      expect(css.status).toBe(200)
      expect(css.headers.get('content-type')).toMatch(/^text\/css/)
      expect(css.headers.get('cache-control')).toContain('immutable')
      const { html } = await page(`${broker.url}/`)
      expect(html).toContain(`/ui/assets/${manifest['ui.css']}`)
      const missing = await get(`${broker.url}/ui/assets/..%2Fpackage.json`)
      expect(missing.status).toBe(404)
      expect(missing.body.detail).toBe('No asset named ../package.json')
    })
  })
}
