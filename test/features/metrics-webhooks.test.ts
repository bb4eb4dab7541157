/**
 * The webhook queue in /metrics, scraped and parsed as Prometheus does: deliveries pending while no worker runs
 * (and the age of the oldest growing), failed once every attempt failed, in flight while a worker is sending one.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebhookWorkers } from '../../broker/webhooks/worker.js'
import { DATABASES } from '../support/databases.js'
import { post } from '../support/http.js'
import { pactDocument, publishBody } from '../support/pact-documents.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { startReceiver, WEBHOOK_TEST_ENV, type Receiver } from '../support/webhook-receiver.js'

interface Queue {
  pending: number
  in_flight: number
  failed: number
  oldestAge: number
}

async function scrapeQueue(broker: TestBroker): Promise<Queue> {
  const res = await fetch(`${broker.url}/metrics`, { headers: { accept: 'text/plain;version=0.0.4' } })
  expect(res.status).toBe(200)
  const families = parsePrometheusTextFormat(await res.text())
  const deliveries = families.find((f) => f.name === 'concord_webhook_deliveries')
  const oldest = families.find((f) => f.name === 'concord_webhook_oldest_pending_age_seconds')
  expect(deliveries?.type).toBe('GAUGE')
  expect(oldest?.type).toBe('GAUGE')
  const state = (name: string) => Number(deliveries!.metrics.find((m) => m.labels?.state === name)?.value)
  return { pending: state('pending'), in_flight: state('in_flight'), failed: state('failed'), oldestAge: Number(oldest!.metrics[0]!.value) }
}

async function eventually(broker: TestBroker, check: (queue: Queue) => boolean, timeoutMs = 20_000): Promise<Queue> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const queue = await scrapeQueue(broker)
    if (check(queue)) return queue
    if (Date.now() > deadline) throw new Error(`the webhook queue never got there: ${JSON.stringify(queue)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

for (const database of DATABASES) {
  describe(`the webhook queue in /metrics (${database.name})`, () => {
    let broker: TestBroker
    let receiver: Receiver
    let workers: WebhookWorkers | undefined
    beforeAll(async () => {
      receiver = await startReceiver([500])
      broker = await startTestBroker(database, { env: WEBHOOK_TEST_ENV })
      await broker.webhookWorkers.stop()
    })
    afterAll(async () => {
      await workers?.stop()
      await broker?.close()
      await receiver?.close()
    })
    const publish = (version: string) => post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument('web', 'users', [version]), version }))

    it('counts pending, failed and in-flight deliveries, and the age of the oldest one not yet sent', async () => {
      expect(await scrapeQueue(broker)).toEqual({ pending: 0, in_flight: 0, failed: 0, oldestAge: 0 })
      expect((await post(`${broker.url}/pacticipants`, { name: 'users' })).status).toBe(201)
      const hook = await post(`${broker.url}/webhooks`, {
        provider: { name: 'users' },
        events: [{ name: 'contract_published' }],
        request: { method: 'POST', url: receiver.url('/hook') },
      })
      expect(hook.status, JSON.stringify(hook.body)).toBe(201)
      expect((await publish('1.0.0')).status).toBe(200)

      // No worker runs: the delivery waits, and grows older.
      const waiting = await scrapeQueue(broker)
      expect(waiting).toMatchObject({ pending: 1, in_flight: 0, failed: 0 })
      await new Promise((resolve) => setTimeout(resolve, 1100))
      expect((await scrapeQueue(broker)).oldestAge).toBeGreaterThanOrEqual(1)

      // A worker tries it against a receiver answering 500 until the retry schedule runs out.
      workers = new WebhookWorkers(broker.deps)
      workers.start()
      expect(await eventually(broker, (q) => q.failed === 1)).toEqual({ pending: 0, in_flight: 0, failed: 1, oldestAge: 0 })
      expect(receiver.requests.length).toBeGreaterThanOrEqual(2)

      // A receiver that never answers: the delivery is claimed and in flight.
      receiver.respond([200], { hang: true })
      expect((await publish('1.0.1')).status).toBe(200)
      const sending = await eventually(broker, (q) => q.in_flight === 1)
      expect(sending).toMatchObject({ pending: 0, in_flight: 1, failed: 1 })
      expect(sending.oldestAge).toBeGreaterThanOrEqual(0)
    })
  })
}
