/**
 * The number of SQL statements per can-i-deploy request must not grow with the number of integrations or
 * versions (the Pact Broker's hubs build one statement of 100+ unions; we resolve selectors once and run one flat
 * rows query). The broker here runs on a Kysely instance wrapped with a counting plugin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get } from '../support/http.js'
import { StatementCounter } from '../support/statement-counter.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { td } from '../support/td.js'

for (const database of DATABASES) {
  describe(`SQL statements per can-i-deploy (${database.name})`, () => {
    let broker: TestBroker
    let url: string
    const counter = new StatementCounter()

    beforeAll(async () => {
      // No webhook workers: their polling would be counted with the request's statements.
      broker = await startTestBroker(database, { plugin: counter, webhookWorkers: false })
      url = broker.url
    }, 120_000)
    afterAll(() => broker?.close())

    async function statementsFor(path: string): Promise<{ count: number; body: any }> {
      counter.count = 0
      const res = await get(`${url}${path}`)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return { count: counter.count, body: res.body }
    }

    /** Hub provider with `from`..`to` consumers in production, each verified by Hub 1.0.0; each consumer has `versions` versions. */
    async function addConsumers(from: number, to: number, versions: number) {
      for (let i = from; i < to; i++) {
        const chain = td(url)
        for (let v = 1; v <= versions; v++) chain.publishPact({ consumer: `C${i}`, consumerVersion: `1.0.${v}`, provider: 'Hub', interactions: `i${i}` })
        chain.verify({ provider: 'Hub', providerVersion: '1.0.0', success: true }).recordDeployment(`C${i}`, `1.0.${versions}`, 'production')
        await chain
      }
    }

    /** Leaf consumer with pacts with providers P`from`..P`to`, each deployed to production having verified it. */
    async function addProviders(from: number, to: number) {
      for (let i = from; i < to; i++) {
        await td(url)
          .publishPact({ consumer: 'Leaf', consumerVersion: '3.0.0', provider: `P${i}` })
          .verify({ provider: `P${i}`, providerVersion: '7.0.0', success: true })
          .verify({ provider: `P${i}`, providerVersion: '7.0.1', success: true })
          .recordDeployment(`P${i}`, '7.0.0', 'production')
      }
    }

    it('does not grow with the number of integrations or versions', async () => {
      await addConsumers(0, 2, 1)
      await addProviders(0, 1)
      await td(url).recordDeployment('Hub', '1.0.0', 'test')
      const hubSmall = await statementsFor('/matrix?q[][pacticipant]=Hub&q[][version]=1.0.0&latestby=cvpv&environment=production')
      const leafSmall = await statementsFor('/matrix?q[][pacticipant]=Leaf&q[][version]=3.0.0&latestby=cvpv&environment=production')
      const endpointSmall = await statementsFor('/can-i-deploy?pacticipant=Leaf&version=3.0.0&environment=production')
      expect(hubSmall.body.summary).toMatchObject({ deployable: true, success: 2 })
      expect(leafSmall.body.summary).toMatchObject({ deployable: true, success: 1 })

      await addConsumers(2, 10, 3)
      await addProviders(1, 6)
      const hubLarge = await statementsFor('/matrix?q[][pacticipant]=Hub&q[][version]=1.0.0&latestby=cvpv&environment=production')
      const leafLarge = await statementsFor('/matrix?q[][pacticipant]=Leaf&q[][version]=3.0.0&latestby=cvpv&environment=production')
      const endpointLarge = await statementsFor('/can-i-deploy?pacticipant=Leaf&version=3.0.0&environment=production')
      expect(hubLarge.body.summary).toMatchObject({ deployable: true, success: 10 })
      expect(leafLarge.body.summary).toMatchObject({ deployable: true, success: 6 })

      expect(hubLarge.count).toBe(hubSmall.count)
      expect(leafLarge.count).toBe(leafSmall.count)
      expect(endpointLarge.count).toBe(endpointSmall.count)
      // The matrix: names, environment, specified versions, integrations, inferred versions, rows, 3 × version
      // details (9), plus the schema-results step when rows lack verifications (1 without provider contracts);
      // the deprecations gate adds 2 per specified version when nothing is deprecated (11 here).
      expect(hubLarge.count).toBeLessThanOrEqual(12)
      expect(leafLarge.count).toBeLessThanOrEqual(12)
    }, 300_000)
  })
}
