/**
 * Approval snapshots of whole can-i-deploy responses: the shape the official CLIs parse (summary, notices,
 * matrix rows with versions, branches, tags, environments, pact and verification links, ignored rows last).
 * Volatile parts (host and port, uuids, timestamps, content SHAs, verification numbers) are normalised, so both
 * databases must produce the very same approved file. To approve a deliberate change, delete the file under
 * __approved__/ and re-run (outside CI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

function normalise(body: unknown, broker: TestBroker): string {
  return JSON.stringify(body, null, 2)
    .replaceAll(broker.url, 'http://broker')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00/g, '<timestamp>')
    .replace(/pact-version\/[0-9a-f]{40}/g, 'pact-version/<sha>')
    .replace(/verification-results\/\d+/g, 'verification-results/<n>')
    .concat('\n')
}

for (const database of DATABASES) {
  describe(`can-i-deploy approvals (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
      await td(broker)
        // web 1.1.0 needs users (verified by the version in production, failed by a released one) and orders
        // (not in production); mobile 4.0.0 (released) and web 1.0.0 (deployed) consume users.
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', branch: 'main' })
        .verify({ provider: 'users', providerVersion: '2.0.0', branch: 'main', success: true })
        .publishPact({ consumer: 'web', consumerVersion: '1.1.0', provider: 'users', branch: 'main', tags: ['rc'], interactions: 'get users v2' })
        .verify({ provider: 'users', providerVersion: '2.0.0', success: true })
        .verify({ provider: 'users', providerVersion: '1.9.0', success: false })
        .publishPact({ consumer: 'web', consumerVersion: '1.1.0', provider: 'orders', branch: 'main' })
        .publishPact({ consumer: 'mobile', consumerVersion: '4.0.0', provider: 'users' })
        .verify({ provider: 'users', providerVersion: '2.0.0', success: true })
        .verify({ provider: 'users', providerVersion: '3.0.0', branch: 'main', success: false })
        .verify({ provider: 'users', providerVersion: '3.0.0', consumer: 'web', consumerVersion: '1.0.0', success: true })
        .recordDeployment('users', '2.0.0', 'production')
        .recordRelease('users', '1.9.0', 'production')
        .recordDeployment('web', '1.0.0', 'production')
        .recordRelease('mobile', '4.0.0', 'production')
    }, 120_000)
    afterAll(() => broker?.close())

    it('a consumer: one failed and one missing provider, with an ignore selector', async () => {
      const res = await get(`${broker.url}/matrix?q[][pacticipant]=web&q[][version]=1.1.0&latestby=cvpv&environment=production&ignore[][pacticipant]=orders`)
      expect(res.status).toBe(200)
      await expect(normalise(res.body, broker)).toMatchFileSnapshot('./__approved__/consumer-to-production.json')
    })

    it('a provider: a deployed and a released consumer', async () => {
      const res = await get(`${broker.url}/can-i-deploy?pacticipant=users&version=3.0.0&environment=production`)
      expect(res.status).toBe(200)
      await expect(normalise(res.body, broker)).toMatchFileSnapshot('./__approved__/provider-to-production.json')
    })

    it('a validation error', async () => {
      const res = await get(`${broker.url}/matrix?q[][version]=1&q[][pacticipant]=nope&tag=prod&environment=production`)
      expect(res.status).toBe(400)
      await expect(normalise(res.body, broker)).toMatchFileSnapshot('./__approved__/validation-error.json')
    })
  })
}
