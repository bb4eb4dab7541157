/**
 * The webhook workers are woken by the writes that stored deliveries, and only by those: with a poll interval of
 * ten minutes, a publication and a verification result that trigger a webhook are delivered at once (the wake-up,
 * not the poll), while a publication that triggers nothing tells the workers nothing (before, every publication
 * and verification woke them, and each wake-up cost two statements on a broker with no webhooks at all).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { post } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { startReceiver, WEBHOOK_TEST_ENV, type Receiver } from '../support/webhook-receiver.js'

for (const database of DATABASES) {
  describe(`webhook workers wake on stored deliveries (${database.name})`, () => {
    let broker: TestBroker
    let receiver: Receiver
    const wakeUps: number[] = []
    beforeAll(async () => {
      broker = await startTestBroker(database, { env: { ...WEBHOOK_TEST_ENV, CONCORD_WEBHOOK_POLL_INTERVAL_MS: '600000' } })
      receiver = await startReceiver([200])
      broker.deps.events.on('webhooks.triggered', ({ count }) => wakeUps.push(count))
      await td(broker).createPacticipant('web').createPacticipant('users', { mainBranch: 'main' }).createPacticipant('orders')
    })
    afterAll(async () => {
      await broker?.close()
      await receiver?.close()
    })

    it('a publication that triggers no webhook wakes nobody', async () => {
      await td(broker).publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'orders', branch: 'main' })
      expect(wakeUps).toEqual([])
    })

    it('a publication and a verification result that trigger webhooks are delivered without waiting for the poll', async () => {
      for (const event of ['contract_published', 'provider_verification_published']) {
        const created = await post(`${broker.url}/webhooks`, {
          provider: { name: 'users' },
          events: [{ name: event }],
          request: { url: receiver.url(`/${event}/\${pactbroker.consumerVersionNumber}`) },
        })
        expect(created.status).toBe(201)
      }
      const started = Date.now()
      await td(broker).publishPact({ consumer: 'web', consumerVersion: '2.0.0', provider: 'users', branch: 'main' })
      const [published] = await receiver.waitFor(1)
      expect(published!.path).toBe('/contract_published/2.0.0')
      await td(broker).verify({ provider: 'users', consumer: 'web', consumerVersion: '2.0.0', providerVersion: '5.0.0', branch: 'main', success: true })
      const requests = await receiver.waitFor(2)
      expect(requests[1]!.path).toBe('/provider_verification_published/2.0.0')
      // Far below the ten-minute poll: the writes woke the workers.
      expect(Date.now() - started).toBeLessThan(30_000)
      expect(wakeUps).toEqual([1, 1])
    })
  })
}
