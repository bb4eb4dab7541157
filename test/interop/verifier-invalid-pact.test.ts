/**
 * A broken pact stored before the broker checked pacts on publish (a request with no path, `"status": "abc"`)
 * must not take the provider's other pacts down: pacts-for-verification leaves it out with a notice saying
 * why, and the real pact-js Verifier (pact-core) verifies the healthy pact of another consumer and publishes its
 * result. Handed out, the broken pact makes pact-core panic and report every pact as not run.
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
import { pactDocument, publishBody } from '../support/pact-documents.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

process.env.PACT_DO_NOT_TRACK = 'true'
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/pacts')

for (const database of DATABASES) {
  describe(`a broken stored pact and the pact-js Verifier (${database.name})`, () => {
    let broker: TestBroker
    let provider: Server
    let providerUrl: string

    beforeAll(async () => {
      broker = await startTestBroker(database)
      provider = createServer((req, res) => {
        if (req.url === '/users/1') {
          res.writeHead(200, { 'Content-Type': 'application/json' })
          res.end(JSON.stringify({ id: 1, name: 'Ada' }))
        } else {
          res.writeHead(404)
          res.end()
        }
      })
      await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve))
      providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`

      const web = JSON.parse(await readFile(path.join(fixtures, 'web-users.json'), 'utf8'))
      expect((await post(`${broker.url}/contracts/publish`, publishBody({ pact: web, version: '1.0.0', branch: 'main' }))).status).toBe(200)
      // mobile's pact as an older broker stored it: published valid, then its content replaced by a broken one,
      // as no publish path accepts it any more.
      const mobile = pactDocument('mobile', 'users', ['list users'])
      expect((await post(`${broker.url}/contracts/publish`, publishBody({ pact: mobile, version: '7.0.0', branch: 'main' }))).status).toBe(200)
      const broken = { ...mobile, interactions: [{ description: 'list users', request: { method: 'GET' }, response: { status: 'abc' } }] }
      const consumer = await broker.deps.db.selectFrom('pacticipants').select('id').where('name', '=', 'mobile').executeTakeFirstOrThrow()
      await broker.deps.db
        .updateTable('pact_versions')
        .set({ content: JSON.stringify(broken) })
        .where('consumer_id', '=', consumer.id)
        .execute()
    })
    afterAll(async () => {
      await new Promise((resolve) => provider?.close(resolve))
      await broker?.close()
    })

    it('pacts-for-verification leaves the broken pact out and says why', async () => {
      const res = await post(`${broker.url}/pacts/provider/users/for-verification`, { consumerVersionSelectors: [{ mainBranch: true }] })
      expect(res.status).toBe(200)
      expect(res.body._embedded.pacts.map((p: any) => p.shortDescription)).toEqual(['latest from main branch'])
      expect(res.body._embedded.pacts[0]._links.self.name).toBe('Pact between web (1.0.0) and users')
      const left = 'The pact between mobile (7.0.0) and users was left out of this verification: its stored content is not a pact a verifier can run'
      expect(res.body._embedded.pacts[0].verificationProperties.notices).toContainEqual({ when: 'before_verification', text: expect.stringContaining(left) })
      expect(res.body.notices).toEqual([{ type: 'warning', text: expect.stringContaining('/interactions/0/response/status must be an HTTP status code') }])
      expect(res.body.excluded).toEqual([
        {
          consumer: 'mobile',
          consumerVersion: '7.0.0',
          href: expect.stringContaining('/pacts/provider/users/consumer/mobile/pact-version/'),
          errors: [
            { pointer: '/interactions/0/request/path', detail: "is required: the request path, starting with '/' (interaction 'list users')" },
            {
              pointer: '/interactions/0/response/status',
              detail: 'must be an HTTP status code (an integer from 100 to 599), got "abc" (interaction \'list users\')',
            },
          ],
        },
      ])
    })

    it("the Verifier verifies web's healthy pact and publishes its result", async () => {
      await new Verifier({
        provider: 'users',
        providerBaseUrl: providerUrl,
        pactBrokerUrl: broker.url,
        consumerVersionSelectors: [{ mainBranch: true }],
        publishVerificationResult: true,
        providerVersion: '2.0.0',
        providerVersionBranch: 'main',
        stateHandlers: { 'user 1 exists': async () => undefined, 'no users': async () => undefined },
        logLevel: 'warn',
      }).verifyProvider()

      const pact = (await get(`${broker.url}/pacts/provider/users/consumer/web/version/1.0.0`)).body
      const latest = await get(pact._links['pb:latest-verification-results'].href)
      expect(latest.status).toBe(200)
      expect(latest.body).toMatchObject({ providerApplicationVersion: '2.0.0', success: true })
    })
  })
}
