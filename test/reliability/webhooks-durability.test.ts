/**
 * Webhook deliveries survive a crash and are shared by replicas, with real broker processes (`broker/main.ts`):
 * - a broker killed with SIGKILL while one delivery is in flight and others wait: a broker started afterwards on
 *   the same database sends every one of them (the in-flight one again once its lease runs out, with the same
 *   delivery id), on the embedded database (data directory) and on PostgreSQL;
 * - two brokers on one PostgreSQL: every delivery arrives exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DATABASES, type TestDatabase } from '../support/databases.js'
import { get, post } from '../support/http.js'
import { td } from '../support/td.js'
import { startReceiver, WEBHOOK_TEST_ENV, type Receiver } from '../support/webhook-receiver.js'

const root = path.resolve(import.meta.dirname, '../..')

interface BrokerProcess {
  child: ChildProcess
  url: string
  exited: Promise<number | null>
}

/** Starts `broker/main.ts` under node (tsx as a loader, so SIGKILL reaches the broker itself). */
function startBroker(env: Record<string, string>): Promise<BrokerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'broker/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...WEBHOOK_TEST_ENV, ...env },
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Concord broker listening on (http:\/\/\S+) /.exec(output)
      if (match) resolve({ child, url: match[1]!, exited })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`broker exited with ${code} before listening:\n${output}`)))
  })
}

async function stop(broker: BrokerProcess | undefined): Promise<void> {
  if (!broker || broker.child.exitCode !== null || broker.child.signalCode !== null) return
  broker.child.kill('SIGTERM')
  await broker.exited
}

const webhookFor = (receiver: Receiver) => ({
  consumer: { name: 'web' },
  events: [{ name: 'contract_published' }],
  request: { url: receiver.url('/hook'), body: { version: '${pactbroker.consumerVersionNumber}' } },
})

async function deliveriesOf(url: string, versions: string[]) {
  const all = []
  for (const v of versions)
    all.push(...(await get(`${url}/pacts/provider/users/consumer/web/version/${v}/triggered-webhooks`)).body._embedded.triggeredWebhooks)
  return all as { uuid: string; status: string; attemptsMade: number }[]
}

/** Where each kind of database lives for a process: a data directory for PGlite, a private PostgreSQL database. */
async function storage(factory: (typeof DATABASES)[number]): Promise<{ env: Record<string, string>; close(): Promise<void> }> {
  if (factory.name === 'pglite') {
    const dir = await mkdtemp(path.join(tmpdir(), 'concord-webhooks-'))
    return { env: { CONCORD_DATA_DIR: dir }, close: () => rm(dir, { recursive: true, force: true }) }
  }
  const database: TestDatabase = await factory.create()
  return { env: { DATABASE_URL: database.url! }, close: () => database.close() }
}

for (const database of DATABASES) {
  describe(`webhook durability (${database.name})`, () => {
    const cleanups: (() => Promise<void>)[] = []
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup()
    })

    it('sends every pending delivery after the broker was killed with SIGKILL mid-delivery', async () => {
      const where = await storage(database)
      cleanups.push(() => where.close())
      const receiver = await startReceiver([200], { hang: true })
      cleanups.push(() => receiver.close())
      // One worker, so one delivery is in flight (its receiver never answers) and the others wait in the outbox.
      const first = await startBroker({ ...where.env, CONCORD_WEBHOOK_WORKERS: '1', CONCORD_WEBHOOK_TIMEOUT_MS: '1500' })
      cleanups.push(() => stop(first))
      await td(first).createPacticipant('web').createPacticipant('users')
      expect((await post(`${first.url}/webhooks`, webhookFor(receiver))).status).toBe(201)
      const versions = ['1.0.0', '1.0.1', '1.0.2']
      for (const v of versions) await td(first).publishPact({ consumer: 'web', consumerVersion: v, provider: 'users' })
      const [inFlight] = await receiver.waitFor(1)
      first.child.kill('SIGKILL')
      await first.exited

      receiver.respond([200])
      // A roomier timeout after the restart: a busy machine must not turn the resend into a timeout and a retry.
      const second = await startBroker({ ...where.env, CONCORD_WEBHOOK_TIMEOUT_MS: '10000' })
      cleanups.push(() => stop(second))
      const deadline = Date.now() + 20_000
      let deliveries = await deliveriesOf(second.url, versions)
      while (deliveries.some((d) => d.status !== 'success') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200))
        deliveries = await deliveriesOf(second.url, versions)
      }
      expect(deliveries.map((d) => d.status)).toEqual(['success', 'success', 'success'])
      const answered = receiver.requests.slice(1)
      // At least once across a crash: every version arrived (a receiver de-duplicates on the delivery id).
      expect([...new Set(answered.map((r) => JSON.parse(r.body).version))].sort()).toEqual(versions)
      // The delivery cut short by the crash came again, with the id it had the first time.
      expect(answered.map((r) => r.headers['x-concord-delivery-id'])).toContain(inFlight!.headers['x-concord-delivery-id'])
      expect(new Set(deliveries.map((d) => d.uuid))).toEqual(new Set(answered.map((r) => r.headers['x-concord-delivery-id'])))
      await stop(second)
    }, 120_000)

    if (database.name === 'postgres') {
      it('two brokers on one PostgreSQL deliver each delivery exactly once', async () => {
        const where = await storage(database)
        cleanups.push(() => where.close())
        const receiver = await startReceiver([200], { delayMs: 30 })
        cleanups.push(() => receiver.close())
        const env = { ...where.env, CONCORD_WEBHOOK_POLL_INTERVAL_MS: '20' }
        const a = await startBroker(env)
        cleanups.push(() => stop(a))
        await td(a).createPacticipant('web').createPacticipant('users')
        const b = await startBroker(env)
        cleanups.push(() => stop(b))
        expect((await post(`${a.url}/webhooks`, webhookFor(receiver))).status).toBe(201)
        const versions = Array.from({ length: 24 }, (_, i) => `2.0.${i}`)
        // Publications alternate between the two brokers, so each wakes its own workers and polls for the other's.
        await Promise.all(versions.map((v, i) => td(i % 2 ? b : a).publishPact({ consumer: 'web', consumerVersion: v, provider: 'users' })))
        await receiver.waitFor(versions.length, 30_000)
        await new Promise((resolve) => setTimeout(resolve, 1000))
        const ids = receiver.requests.map((r) => r.headers['x-concord-delivery-id'])
        expect(ids).toHaveLength(versions.length)
        expect(new Set(ids).size).toBe(versions.length)
        expect(receiver.requests.map((r) => JSON.parse(r.body).version).sort()).toEqual([...versions].sort())
        const deliveries = await deliveriesOf(b.url, versions)
        expect(deliveries.every((d) => d.status === 'success' && d.attemptsMade === 1)).toBe(true)
      }, 120_000)
    }
  })
}
