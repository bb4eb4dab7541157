/**
 * The number of SQL statements per `POST /contracts/publish`: each is a round trip inside the publication's
 * transaction, and at 10 concurrent publishers the round trips, not the work in them, bounded throughput (22
 * statements per publication before they were merged; see docs/reliability.md). The broker here runs on a
 * Kysely instance wrapped with a counting plugin (which sees every statement but the transaction's own
 * `begin` and `commit`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get, post } from '../support/http.js'
import { pactDocument, publishBody } from '../support/pact-documents.js'
import { StatementCounter } from '../support/statement-counter.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

for (const database of DATABASES) {
  describe(`SQL statements per publication (${database.name})`, () => {
    let broker: TestBroker
    let url: string
    const counter = new StatementCounter()

    beforeAll(async () => {
      // No webhook workers: their polling would be counted with the request's statements.
      broker = await startTestBroker(database, { plugin: counter, webhookWorkers: false })
      url = broker.url
    }, 120_000)
    afterAll(() => broker?.close())

    async function statementsFor(body: Record<string, unknown>): Promise<number> {
      counter.count = 0
      const res = await post(`${url}/contracts/publish`, body)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return counter.count
    }

    it('a new consumer version on its branch, as CI publishes, costs 9 statements (11 with a tag; 20 before they were merged)', async () => {
      await statementsFor(publishBody({ pact: pactDocument('web', 'users', ['first']), version: '1.0.0', branch: 'main' }))

      // Steady state: the pacticipants, the branch and the integration exist. Advisory lock, pacticipants (key
      // share), version lock, version, branch (+ branch version + head), content (+ publication + head +
      // integration), webhooks, audit event; after the commit, the deprecation notices.
      const changed = await statementsFor(publishBody({ pact: pactDocument('web', 'users', ['second']), version: '1.0.1', branch: 'main', tags: ['dev'] }))
      const unchanged = await statementsFor(publishBody({ pact: pactDocument('web', 'users', ['second']), version: '1.0.2', branch: 'main' }))
      expect(changed).toBeLessThanOrEqual(11) // the tag adds its row and its head
      expect(unchanged).toBeLessThanOrEqual(9)

      // …and everything is stored: the latest pact on main is 1.0.2's, with 1.0.1's content, the branch head and the tag moved.
      const latest = await get(`${url}/pacts/provider/users/consumer/web/branch/main/latest`)
      expect(latest.status).toBe(200)
      expect(latest.body.interactions.map((i: { description: string }) => i.description)).toEqual(['second'])
      expect(latest.body._links['pb:consumer-version'].name).toBe('1.0.2')
      const head = await get(`${url}/pacticipants/web/branches/main`)
      expect(head.body.latestVersion?.number ?? head.body._links?.['pb:latest-version']?.name).toBe('1.0.2')
      const tagged = await get(`${url}/pacts/provider/users/consumer/web/latest/dev`)
      expect(tagged.body._links['pb:consumer-version'].name).toBe('1.0.1')
      const versions = await get(`${url}/pacticipants/web/versions`)
      expect(versions.body._embedded.versions.map((v: { number: string }) => v.number)).toEqual(['1.0.2', '1.0.1', '1.0.0'])
    }, 120_000)
  })
}
