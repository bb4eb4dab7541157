/**
 * Every `${pactbroker.*}` parameter: our list against the Pact Broker's documented one and against
 * docs/webhooks.md, and a real delivery that uses all of them in the URL, a header and the body.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEMPLATE_PARAMETERS } from '../../broker/webhooks/template.js'
import { DATABASES } from '../support/databases.js'
import { del, get, post, put } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { startReceiver, WEBHOOK_TEST_ENV, type Receiver } from '../support/webhook-receiver.js'

/**
 * The Pact Broker's documented parameters (lib/pact_broker/webhooks/pact_and_verification_parameters.rb, its
 * `to_hash`, and docs.pact.io's webhooks page), copied here on purpose: if either side changes, this fails.
 */
const PACT_BROKER_PARAMETERS = [
  'pactUrl',
  'verificationResultUrl',
  'consumerVersionNumber',
  'providerVersionNumber',
  'providerVersionTags',
  'providerVersionBranch',
  'providerVersionDescriptions',
  'consumerVersionTags',
  'consumerVersionBranch',
  'consumerName',
  'providerName',
  'githubVerificationStatus',
  'bitbucketVerificationStatus',
  'azureDevOpsVerificationStatus',
  'gitlabVerificationStatus',
  'consumerLabels',
  'providerLabels',
  'buildUrl',
  'eventName',
  'currentlyDeployedProviderVersionNumber',
]

describe('template parameters', () => {
  it("are exactly the Pact Broker's documented ones", () => {
    expect([...TEMPLATE_PARAMETERS].sort()).toEqual([...PACT_BROKER_PARAMETERS].sort())
  })

  it('are each documented in docs/webhooks.md', async () => {
    const doc = await readFile(path.resolve(import.meta.dirname, '../../docs/webhooks.md'), 'utf8')
    const table = doc.slice(doc.indexOf('## Template parameters'), doc.indexOf('## Delivery'))
    const documented = [...table.matchAll(/^\| (.+?) \|/gm)].flatMap((m) => [...m[1]!.matchAll(/`(\w+)`/g)].map((n) => n[1]!))
    expect(documented.sort()).toEqual([...TEMPLATE_PARAMETERS].sort())
  })
})

const everything = Object.fromEntries(TEMPLATE_PARAMETERS.map((name) => [name, `\${pactbroker.${name}}`]))

for (const database of DATABASES) {
  describe(`every parameter in a delivery (${database.name})`, () => {
    let broker: TestBroker
    let receiver: Receiver
    beforeAll(async () => {
      broker = await startTestBroker(database, { env: WEBHOOK_TEST_ENV })
      receiver = await startReceiver([200])
    })
    afterAll(async () => {
      await broker?.close()
      await receiver?.close()
    })

    it('expands all of them in the URL, the headers and the body of a verification event', async () => {
      await td(broker).createPacticipant('web', { mainBranch: 'main' }).createPacticipant('users', { mainBranch: 'main' })
      for (const [pacticipant, label] of [
        ['web', 'team-a'],
        ['web', 'frontend'],
        ['users', 'team-b'],
      ]) {
        expect((await put(`${broker.url}/pacticipants/${pacticipant}/labels/${label}`)).status).toBeLessThan(300)
      }
      const created = await post(`${broker.url}/webhooks`, {
        consumer: { name: 'web' },
        events: [{ name: 'provider_verification_succeeded' }],
        request: {
          url: receiver.url('/hook?consumer=${pactbroker.consumerName}&build=${pactbroker.buildUrl}'),
          headers: { 'X-Status': '${pactbroker.githubVerificationStatus}' },
          body: everything,
        },
      })
      expect(created.status).toBe(201)
      await td(broker)
        .createVersion('users', '4.0.0')
        .createEnvironment('production', { production: true })
        .recordDeployment('users', '4.0.0', 'production')
        .publishPact({ consumer: 'web', consumerVersion: '1.2.3', provider: 'users', branch: 'main', tags: ['prod', 'rc'] })
        .verify({ provider: 'users', providerVersion: '4.5.6', branch: 'main', tags: ['live'], success: true, buildUrl: 'https://ci.example/b/7?x=1' })
      const [request] = await receiver.waitFor(1)
      const body = JSON.parse(request!.body) as Record<string, string>
      expect(request!.body).not.toContain('${pactbroker.')
      const url = new URL(request!.path, 'http://x')
      expect(url.searchParams.get('consumer')).toBe('web')
      expect(url.searchParams.get('build')).toBe('https://ci.example/b/7?x=1')
      expect(request!.headers['x-status']).toBe('success')
      expect(body).toMatchObject({
        consumerName: 'web',
        providerName: 'users',
        consumerVersionNumber: '1.2.3',
        consumerVersionBranch: 'main',
        consumerVersionTags: 'prod, rc',
        providerVersionNumber: '4.5.6',
        providerVersionBranch: 'main',
        providerVersionTags: 'live',
        providerVersionDescriptions: '',
        githubVerificationStatus: 'success',
        gitlabVerificationStatus: 'success',
        bitbucketVerificationStatus: 'SUCCESSFUL',
        azureDevOpsVerificationStatus: 'succeeded',
        consumerLabels: 'frontend, team-a',
        providerLabels: 'team-b',
        buildUrl: 'https://ci.example/b/7?x=1',
        eventName: 'provider_verification_succeeded',
        currentlyDeployedProviderVersionNumber: '4.0.0',
      })
      expect((await get(body.pactUrl!)).body.consumer.name).toBe('web')
      expect((await get(body.verificationResultUrl!)).body).toMatchObject({ success: true, providerApplicationVersion: '4.5.6' })
      await del(`${broker.url}/webhooks/${created.body.uuid}`)
    })

    it('currentlyDeployedProviderVersionNumber: one delivery per provider version currently deployed, as the Pact Broker expands it', async () => {
      // orders: 1.0.0 in staging, 2.0.0 in production and in test (one delivery, not two), 0.9.0 deployed then undeployed.
      await td(broker)
        .createPacticipant('orders')
        .createVersion('orders', '0.9.0')
        .createVersion('orders', '1.0.0')
        .createVersion('orders', '2.0.0')
        .createEnvironment('staging')
        .createEnvironment('test')
        .recordDeployment('orders', '0.9.0', 'staging')
        .recordDeployment('orders', '1.0.0', 'staging')
        .recordDeployment('orders', '2.0.0', 'production')
        .recordDeployment('orders', '2.0.0', 'test')
      const hook = async (path: string, body: unknown) =>
        (
          await post(`${broker.url}/webhooks`, {
            provider: { name: 'orders' },
            events: [{ name: 'contract_published' }],
            request: { url: receiver.url(path), body },
          })
        ).body.uuid as string
      const perDeployed = await hook('/deployed', {
        verify: '${pactbroker.currentlyDeployedProviderVersionNumber}',
        consumer: '${pactbroker.consumerVersionNumber}',
      })
      const plain = await hook('/plain', { consumer: '${pactbroker.consumerVersionNumber}' })
      receiver.requests.length = 0
      await td(broker).publishPact({ consumer: 'web', consumerVersion: '3.0.0', provider: 'orders' })
      await receiver.waitFor(3)
      await new Promise((resolve) => setTimeout(resolve, 300))
      const seen = receiver.requests.map((r) => `${r.path} ${r.body}`).sort()
      expect(seen).toEqual([
        '/deployed {"verify":"1.0.0","consumer":"3.0.0"}',
        '/deployed {"verify":"2.0.0","consumer":"3.0.0"}',
        '/plain {"consumer":"3.0.0"}',
      ])

      // Nothing deployed: the Pact Broker makes no delivery for such a webhook (and so does Concord); the others still fire.
      await td(broker).createPacticipant('billing')
      await post(`${broker.url}/webhooks`, {
        provider: { name: 'billing' },
        events: [{ name: 'contract_published' }],
        request: { url: receiver.url('/billing'), headers: { 'X-Deployed': '${pactbroker.currentlyDeployedProviderVersionNumber}' } },
      })
      receiver.requests.length = 0
      await td(broker).publishPact({ consumer: 'web', consumerVersion: '3.0.1', provider: 'billing' })
      const triggered = await get(`${broker.url}/pacts/provider/billing/consumer/web/version/3.0.1/triggered-webhooks`)
      expect(triggered.body._embedded.triggeredWebhooks).toEqual([])
      for (const uuid of [perDeployed, plain]) await del(`${broker.url}/webhooks/${uuid}`)
    })
  })
}
