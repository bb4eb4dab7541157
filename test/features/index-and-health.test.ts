import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get, request } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

for (const database of DATABASES) {
  describe(`index and health (${database.name})`, () => {
    let broker: TestBroker
    let behindProxy: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
      behindProxy = await startTestBroker(database, { env: { CONCORD_BASE_URL: 'https://pacts.example.com/broker' } })
    })
    afterAll(async () => {
      await broker?.close()
      await behindProxy?.close()
    })

    it('serves the HAL index the official clients navigate by', async () => {
      const res = await get(broker.url)
      expect(res.status).toBe(200)
      expect(res.contentType).toBe('application/hal+json; charset=utf-8')
      const links = res.body._links
      for (const rel of [
        'pb:publish-contracts',
        'pb:latest-pact-versions',
        'pb:pacticipants',
        'pb:pacticipant',
        'pb:latest-provider-pacts',
        'pb:pacticipant-branch',
        'pb:environments',
        'pb:environment',
        'pb:provider-pacts-for-verification',
        'pb:latest-version',
        'pb:latest-tagged-version',
        'pb:pacticipant-version',
        'pb:matrix',
        'pb:can-i-deploy-pacticipant-version-to-environment',
      ]) {
        expect(links[rel]?.href, rel).toMatch(new RegExp(`^${broker.url}/`))
      }
      expect(links['pb:pacticipant']).toEqual({ href: `${broker.url}/pacticipants/{pacticipant}`, title: 'Fetch pacticipant by name', templated: true })
    })

    it('answers JSON when no Accept header is sent, and a page for browsers', async () => {
      const plain = await fetch(broker.url, { headers: { accept: '' } })
      expect(plain.headers.get('content-type')).toMatch(/^application\/hal\+json/)
      const browser = await fetch(broker.url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } })
      expect(browser.headers.get('content-type')).toMatch(/^text\/html/)
      expect(await browser.text()).toContain('Concord broker')
    })

    it('builds links from CONCORD_BASE_URL, context path included', async () => {
      const res = await get(behindProxy.url)
      expect(res.body._links['pb:environments'].href).toBe('https://pacts.example.com/broker/environments')
    })

    it('reports liveness and readiness', async () => {
      expect((await get(`${broker.url}/diagnostic/status/heartbeat`)).body.ok).toBe(true)
      const ready = await get(`${broker.url}/diagnostic/status/dependencies`)
      expect(ready.status).toBe(200)
      expect(ready.body.dependencies.database.ok).toBe(true)
    })

    it('answers unknown paths with a 404 problem', async () => {
      const res = await request('GET', `${broker.url}/no/such/thing`, undefined, { accept: 'application/problem+json' })
      expect(res.status).toBe(404)
      expect(res.contentType).toMatch(/^application\/problem\+json/)
      expect(res.body).toMatchObject({ type: `${broker.url}/problems/not-found`, status: 404, title: 'Not found' })
    })
  })
}

describe('links behind a reverse proxy', () => {
  it('use X-Forwarded-Proto and X-Forwarded-Host from a trusted proxy when CONCORD_BASE_URL is unset', async () => {
    const broker = await startTestBroker(DATABASES[0]!, { env: { CONCORD_TRUST_PROXY: 'loopback' } })
    try {
      const res = await get(broker.url, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'pacts.example.com' })
      expect(res.body._links['pb:pacticipants'].href).toBe('https://pacts.example.com/pacticipants')
    } finally {
      await broker.close()
    }
  })
})
