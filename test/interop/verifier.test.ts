/**
 * The pact-js Verifier (Rust verifier through pact-core) fetching a pact from our broker by URL, verifying it
 * against a tiny real provider and publishing the result, which we then read back from the broker.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Verifier } from '@pact-foundation/pact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get, post } from '../support/http.js'
import { publishBody } from '../support/pact-documents.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

process.env.PACT_DO_NOT_TRACK = 'true'
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/pacts')

/** The users provider; `broken` answers user 1 with the wrong name. */
async function startProvider(broken: boolean): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === '/users/1') {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ id: 1, name: broken ? 'Grace' : 'Ada' }))
    } else {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

const stateHandlers = { 'user 1 exists': async () => undefined, 'no users': async () => undefined }

for (const database of DATABASES) {
  describe(`pact-js Verifier against the broker (${database.name})`, () => {
    let broker: TestBroker
    let pactUrl: string
    const servers: Server[] = []

    beforeAll(async () => {
      broker = await startTestBroker(database)
      const pact = JSON.parse(await readFile(path.join(fixtures, 'web-users.json'), 'utf8'))
      const published = await post(`${broker.url}/contracts/publish`, publishBody({ pact, version: '1.0.0', branch: 'main' }))
      expect(published.status).toBe(200)
      pactUrl = published.body._links['pb:contracts'][0].href
    })
    afterAll(async () => {
      for (const server of servers) await new Promise((resolve) => server.close(resolve))
      await broker?.close()
    })

    it('verifies a pact fetched by URL and publishes a successful result with the provider branch', async () => {
      const provider = await startProvider(false)
      servers.push(provider.server)
      await new Verifier({
        provider: 'users',
        providerBaseUrl: provider.url,
        pactUrls: [pactUrl],
        publishVerificationResult: true,
        providerVersion: '2.0.0',
        providerVersionBranch: 'main',
        stateHandlers,
        logLevel: 'warn',
      }).verifyProvider()

      const pact = (await get(pactUrl)).body
      const latest = await get(pact._links['pb:latest-verification-results'].href)
      expect(latest.status).toBe(200)
      expect(latest.body).toMatchObject({ providerName: 'users', providerApplicationVersion: '2.0.0', success: true })
      expect(latest.body.verifiedBy).toMatchObject({ implementation: expect.any(String) })
      // The verifier reports each interaction by the _id the broker stored.
      const ids = pact.interactions.map((i: any) => i._id).sort()
      expect(latest.body.testResults.map((r: any) => r.interactionId).sort()).toEqual(ids)

      const db = broker.deps.db
      const branch = await db
        .selectFrom('branch_versions')
        .innerJoin('versions', 'versions.id', 'branch_versions.version_id')
        .innerJoin('pacticipants', 'pacticipants.id', 'versions.pacticipant_id')
        .select(['branch_versions.branch_name', 'versions.number'])
        .where('pacticipants.name', '=', 'users')
        .execute()
      expect(branch).toEqual([{ branch_name: 'main', number: '2.0.0' }])
      const head = await db.selectFrom('latest_verifications').selectAll().execute()
      expect(head).toHaveLength(1)
      expect(head[0]!.success).toBe(true)
    })

    it('publishes a failed result with the mismatches when the provider breaks the contract', async () => {
      const provider = await startProvider(true)
      servers.push(provider.server)
      await expect(
        new Verifier({
          provider: 'users',
          providerBaseUrl: provider.url,
          pactUrls: [pactUrl],
          publishVerificationResult: true,
          providerVersion: '2.1.0',
          stateHandlers,
          logLevel: 'error',
        }).verifyProvider(),
      ).rejects.toThrow()

      const pact = (await get(pactUrl)).body
      const latest = await get(pact._links['pb:latest-verification-results'].href)
      expect(latest.body).toMatchObject({ providerApplicationVersion: '2.1.0', success: false })
      const failed = latest.body.testResults.filter((r: any) => r.success === false)
      expect(failed).toHaveLength(1)
      expect(JSON.stringify(failed[0].mismatches)).toContain('Grace')
      const heads = await broker.deps.db.selectFrom('latest_verifications').select(['success']).orderBy('verification_id').execute()
      expect(heads.map((h) => h.success)).toEqual([true, false])
    })

    it('publishes to the metadata URL handed out by pacts-for-verification, recording why the pact was verified', async () => {
      const provider = await startProvider(false)
      servers.push(provider.server)
      await new Verifier({
        provider: 'users',
        providerBaseUrl: provider.url,
        pactBrokerUrl: broker.url,
        consumerVersionSelectors: [{ mainBranch: true }],
        publishVerificationResult: true,
        providerVersion: '2.2.0',
        providerVersionBranch: 'main',
        stateHandlers,
        logLevel: 'warn',
      }).verifyProvider()

      const rows = await broker.deps.db
        .selectFrom('verifications')
        .innerJoin('versions', 'versions.id', 'verifications.provider_version_id')
        .select(['verifications.success', 'verifications.consumer_version_selectors'])
        .where('versions.number', '=', '2.2.0')
        .execute()
      expect(rows).toHaveLength(1)
      expect(rows[0]!.success).toBe(true)
      // The selection came back through the /metadata/{m} segment of the pact URL.
      expect(rows[0]!.consumer_version_selectors).toEqual([expect.objectContaining({ cv: '1.0.0' })])
    })
  })
}
