/**
 * Concurrent writes with tokens: the last-used update and the audit rows ride along every write, so parallel
 * requests with one token must neither fail nor lose or duplicate an event (PostgreSQL's pool runs them really
 * in parallel; PGlite serialises them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get, post, put } from '../support/http.js'
import { pactContent } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const ADMIN_TOKEN = 'concurrency-admin-secret-0123456789'
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }

function publishBody(version: string) {
  const pact = pactContent({ consumer: 'web', provider: 'users' })
  return {
    pacticipantName: 'web',
    pacticipantVersionNumber: version,
    branch: 'main',
    contracts: [
      {
        consumerName: 'web',
        providerName: 'users',
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify(pact)).toString('base64'),
      },
    ],
  }
}

async function allEvents(broker: TestBroker, query: string): Promise<any[]> {
  const events: any[] = []
  for (let url: string | undefined = `${broker.url}/audit?pageSize=100${query}`; url;) {
    const page: { body: any } = await get(url, admin)
    events.push(...page.body.events)
    url = page.body._links.next?.href
  }
  return events
}

for (const database of DATABASES) {
  describe(`tokens and the audit trail under parallel writes (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database, { env: { CONCORD_ADMIN_TOKEN: ADMIN_TOKEN } })
    })
    afterAll(() => broker?.close())

    it('30 parallel publications and tag writes with one fresh token: all succeed, one event each, last use recorded', async () => {
      const token = (await post(`${broker.url}/settings/tokens`, { name: 'web-ci', role: 'write', pacticipants: ['web'] }, admin)).body.value
      const auth = { authorization: `Bearer ${token}` }
      const results = await Promise.all([
        ...Array.from({ length: 20 }, (_, i) => post(`${broker.url}/contracts/publish`, publishBody(`1.0.${i}`), auth)),
        ...Array.from({ length: 10 }, (_, i) => put(`${broker.url}/pacticipants/web/versions/1.0.0/tags/t${i}`, {}, auth)),
      ])
      expect(results.map((r) => r.status).filter((s) => s >= 300)).toEqual([])
      const ids = results.map((r) => r.headers.get('x-request-id'))
      const events = await allEvents(broker, '&actor=web-ci')
      expect(events.map((e) => e.requestId).sort()).toEqual([...ids].sort())
      expect(new Set(events.map((e) => e.uuid)).size).toBe(30)
      const listed = (await get(`${broker.url}/settings/tokens`, admin)).body._embedded.items.find((t: any) => t.name === 'web-ci')
      expect(listed.lastUsedAt).toEqual(expect.any(String))
    })

    it('parallel refused writes each leave one refused event, and parallel writes by several tokens keep their actors apart', async () => {
      const tokens = await Promise.all(
        ['a', 'b', 'c'].map(async (name) => (await post(`${broker.url}/settings/tokens`, { name: `ci-${name}`, role: 'write' }, admin)).body.value as string),
      )
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          i % 4 === 3
            ? post(`${broker.url}/environments`, { name: `env-${i}`, production: false }, { authorization: `Bearer ${tokens[i % 3]}` }) // admin only: 403
            : put(`${broker.url}/pacticipants/web/versions/2.0.${i}/tags/parallel`, {}, { authorization: `Bearer ${tokens[i % 3]}` }),
        ),
      )
      expect(results.map((r, i) => [i % 4 === 3 ? 403 : 201, r.status]).filter(([want, got]) => want !== got)).toEqual([])
      for (const [index, name] of ['a', 'b', 'c'].entries()) {
        const events = await allEvents(broker, `&actor=ci-${name}`)
        const mine = results.filter((_, i) => i % 3 === index).map((r) => r.headers.get('x-request-id'))
        expect(events.map((e) => e.requestId).sort()).toEqual([...mine].sort())
        expect(events.filter((e) => e.outcome === 'refused').length).toBe(results.filter((r, i) => i % 3 === index && r.status === 403).length)
      }
    })
  })
}
