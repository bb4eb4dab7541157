/**
 * The number of SQL statements one for-verification request runs must not grow with the number of consumers
 * or versions: counted with a Kysely plugin on the broker's own database handle (it sees every statement
 * executed, as a `log` hook would).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DatabaseFactory, DATABASES } from '../support/databases.js'
import { get, post } from '../support/http.js'
import { StatementCounter } from '../support/statement-counter.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

/** The factory's database, with every executed statement counted. */
function counted(factory: DatabaseFactory, counter: StatementCounter): DatabaseFactory {
  return {
    name: factory.name,
    async create(options) {
      const database = await factory.create(options)
      return { ...database, db: database.db.withPlugin(counter) }
    },
  }
}

const BODY = {
  consumerVersionSelectors: [
    { mainBranch: true },
    { branch: 'feat' },
    { tag: 'prod', latest: true },
    { tag: 'prod' },
    { deployedOrReleased: true },
    { latest: true },
    { environment: 'production' },
  ],
  includePendingStatus: true,
  includeWipPactsSince: '2020-01-01',
  providerVersionBranch: 'main',
}

for (const database of DATABASES) {
  describe(`pacts for verification: statements per request (${database.name})`, () => {
    const counter = new StatementCounter()
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(counted(database, counter))
    })
    afterAll(() => broker?.close())

    /** Adds `consumers` consumers with `versions` versions each: branches, tags, deployments and verifications. */
    async function grow(prefix: string, consumers: number, versions: number) {
      for (let c = 0; c < consumers; c++) {
        const consumer = `${prefix}-consumer-${c}`
        const chain = td(broker).createPacticipant(consumer, { mainBranch: 'main' })
        for (let v = 1; v <= versions; v++) {
          chain.publishPact({
            consumer,
            consumerVersion: `1.${v}.0`,
            provider: 'hub',
            branch: v % 2 ? 'main' : 'feat',
            tags: ['prod'],
            interactions: `${consumer} v${v}`,
          })
          if (v === 1) chain.verify({ provider: 'hub', providerVersion: `${prefix}.${c}.${v}`, branch: 'main', success: true })
        }
        chain.recordDeployment(consumer, '1.1.0', 'production').recordRelease(consumer, `1.${versions}.0`, 'production')
        await chain
      }
      // consumers without a main branch: tag-based (default selector: latest tagged 'master'), and plain (latest)
      for (let c = 0; c < consumers; c++) {
        await td(broker)
          .publishPact({ consumer: `${prefix}-tagged-${c}`, consumerVersion: '1', provider: 'hub', tags: ['master'], interactions: `${prefix} tagged ${c}` })
          .setMainBranch(`${prefix}-tagged-${c}`, 'master')
          .publishPact({ consumer: `${prefix}-plain-${c}`, consumerVersion: '1', provider: 'hub', interactions: `${prefix} plain ${c}` })
      }
    }

    async function statementsPerRequest(body: object | null = BODY): Promise<{ statements: number; pacts: number }> {
      counter.count = 0
      const res = body ? await post(`${broker.url}/pacts/provider/hub/for-verification`, body) : await get(`${broker.url}/pacts/provider/hub/for-verification`)
      expect(res.status).toBe(200)
      return { statements: counter.count, pacts: res.body._embedded.pacts.length }
    }

    it('is the same for 2 consumers × 2 versions and for 6 consumers × 5 versions', async () => {
      await grow('a', 2, 2)
      const small = await statementsPerRequest()
      const smallDefaults = await statementsPerRequest(null)
      await grow('b', 4, 5)
      const large = await statementsPerRequest()
      const largeDefaults = await statementsPerRequest(null)
      expect(large.pacts).toBeGreaterThan(small.pacts)
      expect(large.statements).toBe(small.statements)
      // the default selectors are one per consumer, but run as one statement per kind
      expect(largeDefaults.pacts).toBeGreaterThan(smallDefaults.pacts)
      expect(largeDefaults.statements).toBe(smallDefaults.statements)
      // provider, consumers, main branch heads, tags named like the main branch, overall latest, deployed, released,
      // the selected pacts' documents (to leave out content a verifier cannot run), the provider's deprecations with
      // the selected pacts' contents
      expect(smallDefaults.statements).toBe(9)
      // provider 1, environment names 1, selectors 9 (deployedOrReleased = 2; environment = deployed + released = 2),
      // WIP candidates 2 (branch heads, tag heads), verification facts 1, pact documents 1, deprecations 1
      expect(small.statements).toBe(16)
    })
  })
}
