/**
 * The pact-js Verifier prints the `before_verification` deprecation notice that "pacts for verification"
 * carries: the provider declares a deprecation, the Verifier asks our broker for pacts to verify, and its
 * output (the verifier's JSON result, which holds the lines it printed) names the deprecated item, the consumer,
 * the sunset and the replacement for the pact that uses it — and not for the one that does not.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Verifier } from '@pact-foundation/pact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { post } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

process.env.PACT_DO_NOT_TRACK = 'true'

const getUser = { description: 'get a user', request: { method: 'GET', path: '/users/42' }, response: { status: 200, body: { id: 42 } } }
const listUsers = { description: 'list users', request: { method: 'GET', path: '/users' }, response: { status: 200, body: [] } }

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

for (const database of DATABASES) {
  describe(`pact-js Verifier prints deprecation notices (${database.name})`, () => {
    let broker: TestBroker
    let provider: Server
    let providerUrl: string

    beforeAll(async () => {
      broker = await startTestBroker(database)
      await td(broker)
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'user-api', branch: 'main', interactions: [getUser] })
        .publishPact({ consumer: 'admin', consumerVersion: '4.0.0', provider: 'user-api', branch: 'main', interactions: [listUsers] })
        .branch('user-api', 'main', '2.0.0')
      const declared = await post(`${broker.url}/pacticipants/user-api/deprecations`, {
        method: 'GET',
        path: '/users/{id}',
        deprecatedIn: '2.0.0',
        sunset: '2099-01-31',
        replacement: 'GET /v2/users/{id}',
      })
      expect(declared.status).toBe(201)
      provider = createServer((req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(req.url === '/users' ? '[]' : JSON.stringify({ id: 42 }))
      })
      await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve))
      providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`
    })
    afterAll(async () => {
      await new Promise((resolve) => provider?.close(resolve))
      await broker?.close()
    })

    it('prints the notice before verifying the pact that uses the deprecated item', async () => {
      const result = await new Verifier({
        provider: 'user-api',
        providerBaseUrl: providerUrl,
        pactBrokerUrl: broker.url,
        consumerVersionSelectors: [{ mainBranch: true }],
        providerVersionBranch: 'main',
        logLevel: 'warn',
      }).verifyProvider()
      // pact-core resolves with the verifier's JSON result; `output` holds the lines it printed, in order.
      const json = JSON.parse(String(result)) as { result: boolean; output: string[] }
      expect(json.result).toBe(true)
      const lines = json.output.join('\n').replace(ANSI, '').split('\n')
      const notice = lines.findIndex((l) => l.includes('web version 1.0.0 uses GET /users/{id} of user-api'))
      expect(notice).toBeGreaterThanOrEqual(0)
      expect(lines[notice]).toContain('sunset on 2099-01-31')
      expect(lines[notice]).toContain('Use GET /v2/users/{id} instead')
      // Printed before web's interaction is verified, and never for admin's pact.
      const verifyingWeb = lines.findIndex((l, i) => i > notice && l.includes('get a user'))
      expect(verifyingWeb).toBeGreaterThan(notice)
      expect(lines.filter((l) => l.includes('uses GET /users/{id}'))).toHaveLength(1)
    })
  })
}
