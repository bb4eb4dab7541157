/**
 * The real pact-js Verifier (`@pact-foundation/pact`, Rust verifier over FFI) against our broker: consumer
 * version selectors, pending pacts, WIP pacts and published results. The verifier silently treats a response
 * with one badly shaped pact as "no pacts", so these tests assert on what it did (which pacts it verified,
 * whether the run failed, what it published), not only on our JSON.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Verifier } from '@pact-foundation/pact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

process.env.PACT_DO_NOT_TRACK = 'true'

const passing = [
  {
    description: 'a request for the things',
    request: { method: 'GET', path: '/things' },
    response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { things: [] } },
  },
]
const failing = [{ description: 'a request for the widgets', request: { method: 'GET', path: '/widgets' }, response: { status: 200, body: { widgets: [1] } } }]
const alsoPassing = [{ description: 'a request for the things again', request: { method: 'GET', path: '/things' }, response: { status: 200 } }]

/** A tiny real provider: GET /things answers; anything else is a 404 (so the widgets pact fails). */
async function startProvider(): Promise<{ url: string; server: Server; broken: { value: boolean } }> {
  const broken = { value: false }
  const server = createServer((req, res) => {
    if (!broken.value && req.method === 'GET' && req.url === '/things') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ things: [] }))
      return
    }
    res.writeHead(broken.value ? 500 : 404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, broken }
}

interface StoredVerification {
  consumerVersion: string
  success: boolean
  wip: boolean
  pactPending: boolean | null
  providerVersion: string
}

for (const database of DATABASES) {
  describe(`pact-js Verifier with selectors, pending and WIP (${database.name})`, () => {
    let broker: TestBroker
    let provider: Awaited<ReturnType<typeof startProvider>>

    beforeAll(async () => {
      broker = await startTestBroker(database)
      provider = await startProvider()
      await td(broker)
        .createPacticipant('web', { mainBranch: 'main' })
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', branch: 'main', interactions: passing })
        .publishPact({ consumer: 'web', consumerVersion: '2.0.0-widgets', provider: 'users', branch: 'feat-widgets', interactions: failing })
        .publishPact({ consumer: 'web', consumerVersion: '3.0.0-wip', provider: 'users', branch: 'feat-wip', interactions: alsoPassing })
    })
    afterAll(async () => {
      await new Promise((resolve) => provider?.server.close(resolve))
      await broker?.close()
    })

    /** Each stored verification: which consumer version's pact, outcome, and the pending/WIP flags. */
    async function storedVerifications(providerVersion: string): Promise<StoredVerification[]> {
      const rows = await broker.deps.db
        .selectFrom('verifications as v')
        .innerJoin('versions as pv', 'pv.id', 'v.provider_version_id')
        .innerJoin('latest_pact_publications as lpp', (j) => j.onRef('lpp.pact_version_id', '=', 'v.pact_version_id'))
        .innerJoin('versions as cv', 'cv.id', 'lpp.consumer_version_id')
        .select(['cv.number as consumerVersion', 'v.success', 'v.wip', 'v.pact_pending as pactPending', 'pv.number as providerVersion'])
        .where('pv.number', '=', providerVersion)
        .orderBy('cv.number')
        .execute()
      return rows
    }

    const verifier = (providerVersion: string, options: { pendingAndWip: boolean } = { pendingAndWip: true }) =>
      new Verifier({
        provider: 'users',
        providerBaseUrl: provider.url,
        pactBrokerUrl: broker.url,
        consumerVersionSelectors: [{ mainBranch: true }, { branch: 'feat-widgets' }],
        ...(options.pendingAndWip ? { enablePending: true, includeWipPactsSince: '2020-01-01' } : {}),
        providerVersion,
        providerVersionBranch: 'main',
        publishVerificationResult: true,
        logLevel: 'error',
      })

    it('verifies the selected and WIP pacts; a failing pending pact does not fail the run; results carry pending/WIP', async () => {
      await expect(verifier('10.0.0').verifyProvider()).resolves.toBeDefined()
      expect(await storedVerifications('10.0.0')).toEqual([
        { consumerVersion: '1.0.0', success: true, wip: false, pactPending: true, providerVersion: '10.0.0' },
        { consumerVersion: '2.0.0-widgets', success: false, wip: false, pactPending: true, providerVersion: '10.0.0' },
        { consumerVersion: '3.0.0-wip', success: true, wip: true, pactPending: true, providerVersion: '10.0.0' },
      ])
    })

    it('once the provider branch has verified a pact it is no longer pending, and its failure fails the run', async () => {
      provider.broken.value = true
      try {
        await expect(verifier('10.0.1').verifyProvider()).rejects.toThrow(/failed/i)
      } finally {
        provider.broken.value = false
      }
      const stored = await storedVerifications('10.0.1')
      expect(stored.find((v) => v.consumerVersion === '1.0.0')).toMatchObject({ success: false, pactPending: false, wip: false })
      // still pending (never verified successfully by main), so recorded as such
      expect(stored.find((v) => v.consumerVersion === '2.0.0-widgets')).toMatchObject({ success: false, pactPending: true })
      // the WIP pact was only verified as WIP, so it is still WIP
      expect(stored.find((v) => v.consumerVersion === '3.0.0-wip')).toMatchObject({ wip: true })
    })

    it('without enablePending the failing pact fails the run', async () => {
      await expect(verifier('10.0.2', { pendingAndWip: false }).verifyProvider()).rejects.toThrow()
      const stored = await storedVerifications('10.0.2')
      expect(stored.map((v) => [v.consumerVersion, v.success])).toEqual([
        ['1.0.0', true],
        ['2.0.0-widgets', false],
      ])
    })
  })
}
