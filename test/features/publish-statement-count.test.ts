/**
 * The number of SQL statements per `POST /contracts/publish`: each is a round trip inside the publication's
 * transaction, and at 10 concurrent publishers the round trips, not the work in them, bounded throughput (22
 * statements per publication before they were merged; see docs/reliability.md). The broker here runs on a
 * Kysely instance wrapped with a counting plugin (which sees every statement but the transaction's own
 * `begin` and `commit`).
 */
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../broker/app.js'
import { loadConfig } from '../../broker/config.js'
import type { BrokerDeps } from '../../broker/deps.js'
import { SchemaDiffRunner } from '../../broker/provider-contracts/schema-diff-runner.js'
import { systemClock } from '../../broker/shared/clock.js'
import { createEvents } from '../../broker/shared/events.js'
import { silentLogger } from '../../broker/shared/logger.js'
import { webhookOutbox } from '../../broker/webhooks/outbox.js'
import { DATABASES, type TestDatabase } from '../support/databases.js'
import { get, post } from '../support/http.js'
import { pactDocument, publishBody } from '../support/pact-documents.js'
import { StatementCounter } from '../support/statement-counter.js'

for (const database of DATABASES) {
  describe(`SQL statements per publication (${database.name})`, () => {
    let db: TestDatabase
    let url: string
    let close: () => Promise<void>
    const counter = new StatementCounter()

    beforeAll(async () => {
      db = await database.create()
      const deps: BrokerDeps = {
        db: db.db.withPlugin(counter),
        config: loadConfig({ CONCORD_LOG_LEVEL: 'silent', CONCORD_DATA_DIR: 'memory://' }),
        logger: silentLogger,
        clock: systemClock,
        events: createEvents(),
        schemaDiff: new SchemaDiffRunner(),
        outbox: webhookOutbox,
      }
      const server = createApp(deps).listen(0, '127.0.0.1')
      await new Promise<void>((resolve) => server.once('listening', resolve))
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      close = async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await deps.schemaDiff.close()
        await db.close()
      }
    }, 120_000)
    afterAll(() => close?.())

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
