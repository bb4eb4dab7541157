/**
 * Crash safety (issue #14): the broker process is killed with SIGKILL while CI jobs publish pacts and
 * verification results, then started again on the same data. Every write the broker acknowledged (a 2xx answer)
 * must be there after the restart, with the content that was sent, and the head tables must agree with the
 * history (test/support/consistency.ts): a crash may lose a request in flight, never an acknowledged one, and
 * never leave half a write behind.
 *
 * Runs on PGlite on disk (a temporary CONCORD_DATA_DIR; the killed broker's lock file is taken over) and on
 * PostgreSQL. CRASH_CYCLES (default 2) sets how many times each broker is killed.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { connectDatabase } from '../../broker/db/connect.js'
import { type BrokerProcess, startBrokerProcess } from '../support/broker-process.js'
import { headDisagreements } from '../support/consistency.js'
import { DATABASES } from '../support/databases.js'
import { pactDocument, publishBody } from '../support/pact-documents.js'

const CYCLES = Number(process.env.CRASH_CYCLES ?? 2)
const CLIENTS = 4
/** Acknowledged writes per cycle before the kill; the clients keep writing, so the kill lands mid-traffic. */
const ACKS_BEFORE_KILL = 10

interface Acknowledged {
  publications: { consumer: string; version: string; provider: string }[]
  verifications: { href: string; providerVersion: string; success: boolean }[]
}

async function send(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method,
    headers: { accept: 'application/hal+json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

/**
 * CI jobs writing until the broker dies: each publishes a pact (a new consumer version whose content names it),
 * reads it back and publishes a verification result for it. Only 2xx answers are recorded as acknowledged; a
 * request the kill cut off is not. Resolves once every job has seen the broker gone.
 */
async function writeUntilKilled(broker: BrokerProcess, cycle: number, acked: Acknowledged): Promise<void> {
  let acksThisCycle = 0
  let killed = false
  const killWhenEnough = () => {
    if (!killed && ++acksThisCycle >= ACKS_BEFORE_KILL) {
      killed = true
      broker.kill('SIGKILL')
    }
  }
  const job = async (client: number) => {
    const consumer = `web-${client}`
    const provider = client % 2 === 0 ? 'users' : 'orders'
    for (let n = 0; ; n++) {
      const version = `${cycle}.${n}.0`
      try {
        const published = await send(
          'POST',
          `${broker.url}/contracts/publish`,
          publishBody({ pact: pactDocument(consumer, provider, [`${consumer} at ${version}`]), version, branch: 'main' }),
        )
        expect(published.status, JSON.stringify(published.body)).toBe(200)
        acked.publications.push({ consumer, version, provider })
        killWhenEnough()
        const pact = await send('GET', `${broker.url}/pacts/provider/${provider}/consumer/${consumer}/version/${version}`)
        expect(pact.status).toBe(200)
        const success = n % 3 !== 0
        const providerVersion = `${cycle}.${client}.${n}`
        const verified = await send('POST', pact.body._links['pb:publish-verification-results'].href, { success, providerApplicationVersion: providerVersion })
        expect(verified.status, JSON.stringify(verified.body)).toBe(201)
        acked.verifications.push({ href: verified.body._links.self.href, providerVersion, success })
        killWhenEnough()
      } catch (error) {
        // The broker is gone (connection refused or reset): that request was not acknowledged.
        if (killed && error instanceof TypeError) return
        throw error
      }
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, (_, client) => job(client)))
  expect(await broker.exited).toBeNull()
}

/** Every acknowledged write, read back through the API of a freshly started broker. */
async function missingWrites(url: string, acked: Acknowledged): Promise<string[]> {
  const missing: string[] = []
  for (const { consumer, version, provider } of acked.publications) {
    const pact = await send('GET', `${url}/pacts/provider/${provider}/consumer/${consumer}/version/${version}`)
    if (pact.status !== 200 || pact.body.interactions?.[0]?.description !== `${consumer} at ${version}`) {
      missing.push(`pact of ${consumer} ${version} for ${provider}: ${pact.status}`)
    }
  }
  for (const { href, providerVersion, success } of acked.verifications) {
    const result = await send('GET', href.replace(/^http:\/\/[^/]+/, url))
    if (result.status !== 200 || result.body.providerApplicationVersion !== providerVersion || result.body.success !== success) {
      missing.push(`verification ${href}: ${result.status} ${JSON.stringify(result.body).slice(0, 200)}`)
    }
  }
  return missing
}

for (const database of DATABASES) {
  describe(`SIGKILL during writes (${database.name})`, () => {
    const cleanups: (() => Promise<void>)[] = []
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup()
    })

    it(`keeps every acknowledged publication and verification across ${CYCLES} kills, with consistent head tables`, async () => {
      let env: Record<string, string>
      let check: () => Promise<string[]>
      if (database.name === 'pglite') {
        const dataDir = await mkdtemp(path.join(tmpdir(), 'concord-crash-'))
        cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
        env = { CONCORD_DATA_DIR: dataDir }
        check = async () => {
          const handle = await connectDatabase({ url: null, dataDir })
          try {
            return await headDisagreements(handle.db)
          } finally {
            await handle.close()
          }
        }
      } else {
        const created = await database.create({ migrate: false })
        cleanups.push(() => created.close())
        env = { DATABASE_URL: created.url! }
        check = () => headDisagreements(created.db)
      }

      const acked: Acknowledged = { publications: [], verifications: [] }
      for (let cycle = 1; cycle <= CYCLES; cycle++) {
        const broker = await startBrokerProcess(env)
        await writeUntilKilled(broker, cycle, acked)
      }
      expect(acked.publications.length).toBeGreaterThanOrEqual(CYCLES * (ACKS_BEFORE_KILL / 2))

      const restarted = await startBrokerProcess(env)
      try {
        expect(await missingWrites(restarted.url, acked)).toEqual([])
      } finally {
        await restarted.stop()
      }
      expect(await check()).toEqual([])
    }, 240_000)
  })
}
