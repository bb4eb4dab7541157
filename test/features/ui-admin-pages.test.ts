/**
 * The audit page and the webhooks pages over real HTTP with auth on: the audit trail filtered and paged, admin
 * only (a read token gets a 403 page, API clients the 403 problem as before); webhooks with the status of their
 * last delivery and a delivery log per webhook, never showing a secret; the integration page's triggered
 * webhooks; hostile names and descriptions shown as text everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get, post } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { HOSTILE_NAME } from '../support/ui-seed.js'
import { startReceiver, WEBHOOK_TEST_ENV, type Receiver } from '../support/webhook-receiver.js'

const ADMIN_TOKEN = 'ui-admin-pages-admin-secret-0123456789'
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
// Preact escapes `<` and `&` in text (enough: no tag can open).
const ESCAPED_HOSTILE = '&lt;img src=x onerror=alert(1)>'

async function page(url: string, headers: Record<string, string> = admin) {
  const res = await fetch(url, { headers: { accept: BROWSER, ...headers }, redirect: 'manual' })
  return { status: res.status, type: res.headers.get('content-type') ?? '', html: await res.text() }
}

for (const database of DATABASES) {
  describe(`the audit and webhooks pages (${database.name})`, () => {
    let broker: TestBroker
    let receiver: Receiver
    let readToken: string
    let hostileToken: string
    let webhookUuid: string
    beforeAll(async () => {
      broker = await startTestBroker(database, { env: { ...WEBHOOK_TEST_ENV, CONCORD_ADMIN_TOKEN: ADMIN_TOKEN, CONCORD_AUTH_FAILURE_LIMIT: '100000' } })
      receiver = await startReceiver([200])
      readToken = (await post(`${broker.url}/settings/tokens`, { name: 'page-reader', role: 'read' }, admin)).body.value
      hostileToken = (await post(`${broker.url}/settings/tokens`, { name: HOSTILE_NAME, role: 'read' }, admin)).body.value
    })
    afterAll(async () => {
      await broker?.close()
      await receiver?.close()
    })

    it('shows the audit trail to an admin, newest first, filtered and paged, with hostile values as text', async () => {
      // 55 refused writes by anonymous callers, and one by a token with a hostile name.
      for (let i = 0; i < 55; i++) await post(`${broker.url}/environments`, { name: `env-${i}` })
      expect((await post(`${broker.url}/environments`, { name: 'x' }, { authorization: `Bearer ${hostileToken}` })).status).toBe(403)

      const all = await page(`${broker.url}/audit`)
      expect(all.status).toBe(200)
      expect(all.html).toContain('<h1>Audit trail</h1>')
      expect(all.html).toContain(ESCAPED_HOSTILE)
      expect(all.html).not.toContain(HOSTILE_NAME)
      // Newest first: the hostile token's refusal is the first row.
      const firstRow = /<tbody><tr>([\s\S]*?)<\/tr>/.exec(all.html)![1]!
      expect(firstRow).toContain(ESCAPED_HOSTILE)

      const anonymous = await page(`${broker.url}/audit?actor=anonymous&type=write.refused`)
      expect(anonymous.html.match(/<tr>/g)!.length - 1).toBe(50)
      const next = /<a href="([^"]+)" rel="next">Next page<\/a>/.exec(anonymous.html)![1]!.replace(/&amp;/g, '&')
      expect(next).toContain('actor=anonymous')
      const second = await page(next)
      expect(second.html.match(/<tr>/g)!.length - 1).toBe(5)
      expect(second.html).toContain('First page')
      expect(second.html).not.toContain('rel="next"')

      const filtered = await page(`${broker.url}/audit?type=token.created&since=2000-01-01T00:00`)
      expect(filtered.html.match(/<tr>/g)!.length - 1).toBe(2)
      expect(filtered.html).toContain('value="2000-01-01T00:00"')

      const bad = await page(`${broker.url}/audit?since=yesterday`)
      expect(bad.status).toBe(400)
      expect(bad.type).toContain('text/html')
    })

    it('keeps a read token out of the audit page (403 page), and API clients get the 403 problem as before', async () => {
      const refused = await page(`${broker.url}/audit`, { authorization: `Bearer ${readToken}` })
      expect(refused.status).toBe(403)
      expect(refused.type).toContain('text/html')
      expect(refused.html).toContain('You are signed in as page-reader, whose role is read.')
      const nav = await page(`${broker.url}/environments`, { authorization: `Bearer ${readToken}` })
      expect(nav.html).not.toContain('>Audit</a>')
      expect((await page(`${broker.url}/environments`)).html).toContain('>Audit</a>')
      const api = await get(`${broker.url}/audit`, { authorization: `Bearer ${readToken}` })
      expect(api.status).toBe(403)
      expect(api.body.type).toBe(`${broker.url}/problems/forbidden`)
    })

    it('lists webhooks with scope, events and last delivery, and shows each delivery log, never a secret', async () => {
      // The scope's pacticipants must exist before the webhook.
      await td(broker, { headers: admin }).publishPact({ consumer: 'web', consumerVersion: '0.1.0', provider: 'users' })
      const hook = await post(
        `${broker.url}/webhooks`,
        {
          description: `users CI ${HOSTILE_NAME}`,
          consumer: { name: 'web' },
          provider: { name: 'users' },
          events: [{ name: 'contract_content_changed' }],
          request: {
            method: 'POST',
            url: receiver.url('/ci?token=query-secret-3&v=${pactbroker.consumerVersionNumber}'),
            headers: { 'Content-Type': 'application/json', Authorization: 'Bearer header-secret-1' },
            body: { pact: '${pactbroker.pactUrl}' },
            username: 'ci',
            password: 'password-secret-2',
          },
        },
        admin,
      )
      expect(hook.status, JSON.stringify(hook.body)).toBe(201)
      webhookUuid = hook.body.uuid
      await td(broker, { headers: admin }).publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', interactions: 'changed' })
      await receiver.waitFor(1)
      let list = await page(`${broker.url}/webhooks`)
      for (let i = 0; i < 50 && !list.html.includes('Delivered'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        list = await page(`${broker.url}/webhooks`)
      }
      expect(list.status).toBe(200)
      expect(list.html).toContain(`users CI ${ESCAPED_HOSTILE}`)
      expect(list.html).toContain('A webhook for the pact between web and users')
      expect(list.html).toContain('contract_content_changed')
      expect(list.html).toContain(`POST ${new URL(receiver.base).host}`)
      expect(list.html).toContain('Delivered')
      expect(list.html).not.toContain(HOSTILE_NAME)

      const log = await page(`${broker.url}/webhooks/${webhookUuid}`, { authorization: `Bearer ${readToken}` })
      expect(log.status).toBe(200)
      expect(log.html).toContain('Delivery logs')
      expect(log.html).toContain('Attempt 1: delivered, HTTP 200')
      expect(log.html).toContain('web → users')
      for (const html of [list.html, log.html]) {
        expect(html).not.toContain('header-secret-1')
        expect(html).not.toContain('password-secret-2')
      }
      expect(list.html).not.toContain('query-secret-3')
    })

    it('shows the webhooks a pair triggered on the integration page', async () => {
      const integration = await page(`${broker.url}/integrations/provider/users/consumer/web`)
      expect(integration.status).toBe(200)
      expect(integration.html).toContain('<h2 id="webhooks">Webhooks triggered</h2>')
      expect(integration.html).toContain(`href="${broker.url}/webhooks/${webhookUuid}"`)
      expect(integration.html).toContain('Delivered')
      expect(integration.html).not.toContain('header-secret-1')
    })
  })
}
