/**
 * What authentication and the audit trail cost per request (a script that prints figures, not a test):
 *
 *   npx tsx test/bench/auth-overhead.bench.ts
 *
 * One embedded-PGlite broker per mode, real HTTP on loopback, sequential requests (latency, not throughput):
 * reads (`GET /pacticipants/web`) and writes (`PUT …/versions/{v}/tags/{t}`, which also writes an audit event
 * when auth is on — and when it is off, since every write is audited). Modes: open (no credentials), a bearer
 * token (one indexed look-up of its hash; last-used written at most once a minute), the basic-auth user
 * (constant-time comparison, no query), the bootstrap admin token. Rounds alternate modes; medians are printed.
 */
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { createApp } from '../../broker/app.js'
import { loadConfig } from '../../broker/config.js'
import { connectDatabase } from '../../broker/db/connect.js'
import { migrateToLatest } from '../../broker/db/migrate.js'
import { SchemaDiffRunner } from '../../broker/provider-contracts/schema-diff-runner.js'
import { systemClock } from '../../broker/shared/clock.js'
import { createEvents } from '../../broker/shared/events.js'
import { silentLogger } from '../../broker/shared/logger.js'
import { webhookOutbox } from '../../broker/webhooks/outbox.js'

const N = Number(process.env.BENCH_REQUESTS ?? 300)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const ADMIN = 'bench-admin-token-0123456789abcdef'
const say = (line: string) => process.stdout.write(line + '\n')

async function startBroker(env: Record<string, string>) {
  const handle = await connectDatabase({ url: null, dataDir: 'memory://' })
  await migrateToLatest(handle.db)
  const config = loadConfig({ CONCORD_LOG_LEVEL: 'silent', CONCORD_DATA_DIR: 'memory://', ...env })
  const schemaDiff = new SchemaDiffRunner()
  const server = createApp({
    db: handle.db,
    config,
    logger: silentLogger,
    clock: systemClock,
    events: createEvents(),
    schemaDiff,
    outbox: webhookOutbox,
  }).listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, close: async () => (server.close(), server.closeAllConnections(), await schemaDiff.close(), await handle.close()) }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function timeRequests(url: string, headers: Record<string, string>, method: 'GET' | 'PUT', round: number): Promise<number> {
  const start = performance.now()
  for (let i = 0; i < N; i++) {
    const target = method === 'GET' ? `${url}/pacticipants/web` : `${url}/pacticipants/web/versions/${round}.${i}/tags/bench`
    const res = await fetch(target, {
      method,
      headers: { accept: 'application/hal+json', ...headers, ...(method === 'PUT' ? { 'content-type': 'application/json' } : {}) },
      body: method === 'PUT' ? '{}' : undefined,
    })
    if (res.status >= 300) throw new Error(`${method} ${target} answered ${res.status}: ${await res.text()}`)
    await res.arrayBuffer()
  }
  return ((performance.now() - start) / N) * 1000
}

async function main() {
  const open = await startBroker({})
  const secured = await startBroker({ CONCORD_ADMIN_TOKEN: ADMIN, CONCORD_BASIC_AUTH_USERNAME: 'ci', CONCORD_BASIC_AUTH_PASSWORD: 'ci-password' })
  const admin = { authorization: `Bearer ${ADMIN}` }
  const created = await fetch(`${secured.url}/settings/tokens`, {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', role: 'write' }),
  })
  const token = ((await created.json()) as { value: string }).value
  for (const b of [open, secured])
    await fetch(`${b.url}/pacticipants`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: '{"name":"web"}' })
  const modes: Array<[string, string, Record<string, string>]> = [
    ['open', open.url, {}],
    ['bearer token', secured.url, { authorization: `Bearer ${token}` }],
    ['basic auth', secured.url, { authorization: `Basic ${Buffer.from('ci:ci-password').toString('base64')}` }],
    ['admin token', secured.url, admin],
  ]
  const results = new Map<string, { get: number[]; put: number[] }>()
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, url, headers] of modes) {
      const entry = results.get(name) ?? { get: [], put: [] }
      entry.get.push(await timeRequests(url, headers, 'GET', round))
      entry.put.push(await timeRequests(url, headers, 'PUT', round * 10 + modes.findIndex((m) => m[0] === name)))
      results.set(name, entry)
    }
  }
  const base = results.get('open')!
  say(`${N} sequential requests per mode and round, ${ROUNDS} rounds, median µs per request (PGlite in memory)`)
  for (const [name, r] of results) {
    const g = median(r.get)
    const p = median(r.put)
    say(
      `${name.padEnd(13)} GET ${g.toFixed(0).padStart(6)} µs (${(g - median(base.get)).toFixed(0).padStart(5)})   PUT tag ${p.toFixed(0).padStart(6)} µs (${(p - median(base.put)).toFixed(0).padStart(5)})`,
    )
  }
  await open.close()
  await secured.close()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
