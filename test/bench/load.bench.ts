/**
 * Load benchmark (`npm run bench:load`; prints figures, asserts nothing): CI traffic against a broker running as
 * its own process (`broker/main.ts`, as `npm start` runs it), so the load generator does not share its CPU time.
 *
 * 1. Publishing: `POST /contracts/publish` from 1, 10 and 50 concurrent clients for BENCH_SECONDS each. Client i
 *    publishes as consumer `c<i>` to one of five providers, a new consumer version on branch main every time,
 *    a 10-interaction pact whose content changes with the version (the full write path: new pact content, new
 *    version, branch head, latest pact). Printed: contracts/s, p50/p99 latency, and the CPU time per publish of
 *    the broker process, of the local PostgreSQL server's processes (from /proc) and of this load generator
 *    (which a loaded machine distorts much less than the wall-clock figures; their sum bounds what one machine
 *    can reach).
 * 2. "10 CI jobs for a minute" (BENCH_MIXED_SECONDS): each job loops as a consumer build (publish, then
 *    can-i-deploy to production) or, every other round, as a provider build (pacts for verification, a
 *    verification result for each pact, can-i-deploy of the provider, record-deployment). Printed: requests/s
 *    and p50/p99 per kind of request, and the count of 5xx answers (expected: 0).
 *
 * Both run on PGlite (on disk, in a temporary CONCORD_DATA_DIR) and PostgreSQL (a fresh database).
 *
 * Settings: BENCH_DATABASES (default "pglite,postgres"), BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres; a fresh database is created and dropped), BENCH_CLIENTS
 * ("1,10,50"), BENCH_SECONDS (10), BENCH_MIXED_SECONDS (60; 0 skips it), BENCH_PHASES ("publish,mixed"),
 * BENCH_CPU_PROF (a directory: the broker process writes a V8 CPU profile there, `node --cpu-prof`, to open in
 * Chrome DevTools or speedscope).
 */
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { type BrokerProcess, startBrokerProcess } from '../support/broker-process.js'

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DATABASE_KINDS = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',')
const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,10,50').split(',').map(Number)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const MIXED_SECONDS = Number(process.env.BENCH_MIXED_SECONDS ?? 60)
const PHASES = (process.env.BENCH_PHASES ?? 'publish,mixed').split(',')
const CPU_PROF = process.env.BENCH_CPU_PROF
const PROVIDERS = ['p0', 'p1', 'p2', 'p3', 'p4']

type Broker = BrokerProcess

/** The broker in its own process; BENCH_CPU_PROF makes it write a V8 CPU profile when it stops. */
function startBroker(env: Record<string, string>): Promise<Broker> {
  return startBrokerProcess(env, { nodeOptions: CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [] })
}

/** A 10-interaction V3 pact whose content depends on `version`, base64-encoded for /contracts/publish. */
function publishBody(consumer: string, provider: string, version: string): string {
  const interactions = Array.from({ length: 10 }, (_, i) => ({
    description: `request ${i} of ${consumer}`,
    providerStates: [{ name: 'things exist', params: { id: i } }],
    request: { method: 'GET', path: `/things/${i}`, headers: { Accept: 'application/json' } },
    response: {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: { id: i, name: `thing ${i}`, seenBy: consumer, build: version, tags: ['a', 'b'] },
      matchingRules: { body: { '$.id': { matchers: [{ match: 'type' }] } } },
    },
  }))
  const pact = { consumer: { name: consumer }, provider: { name: provider }, interactions, metadata: { pactSpecification: { version: '3.0.0' } } }
  return JSON.stringify({
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    branch: 'main',
    contracts: [
      {
        consumerName: consumer,
        providerName: provider,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify(pact)).toString('base64'),
      },
    ],
  })
}

class Stats {
  private readonly latencies = new Map<string, number[]>()
  serverErrors = 0
  failures: string[] = []

  record(kind: string, ms: number): void {
    const list = this.latencies.get(kind) ?? []
    list.push(ms)
    this.latencies.set(kind, list)
  }

  kinds(): string[] {
    return [...this.latencies.keys()]
  }

  summary(kind: string, seconds: number): { count: number; perSecond: number; p50: number; p99: number } {
    const sorted = [...(this.latencies.get(kind) ?? [])].sort((a, b) => a - b)
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
    return { count: sorted.length, perSecond: sorted.length / seconds, p50: at(0.5), p99: at(0.99) }
  }
}

/** One timed request; records its latency under `kind`, counts 5xx, and returns the parsed JSON body. */
async function call(stats: Stats, kind: string, method: string, url: string, body?: string): Promise<{ status: number; body: any }> {
  const started = performance.now()
  const res = await fetch(url, {
    method,
    headers: { accept: 'application/hal+json', ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body } : {}),
  })
  const text = await res.text()
  stats.record(kind, performance.now() - started)
  if (res.status >= 500) stats.serverErrors++
  if (res.status >= 400 && stats.failures.length < 5) stats.failures.push(`${kind} ${res.status} ${text.slice(0, 200)}`)
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

const ms = (n: number) => (Number.isNaN(n) ? '-' : `${n.toFixed(1)} ms`)

/** CPU seconds used so far by each local PostgreSQL process (Linux /proc; empty elsewhere or for a remote server). */
function postgresCpuSeconds(): Map<number, number> {
  const seconds = new Map<number, number>()
  let pids: string[] = []
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name))
  } catch {
    return seconds
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      if (!stat.includes('(postgres)')) continue
      // utime and stime (fields 14 and 15, in clock ticks) follow the parenthesised command name.
      const fields = stat.split(') ')[1]!.split(' ')
      seconds.set(Number(pid), (Number(fields[11]) + Number(fields[12])) / 100)
    } catch {
      // the process ended meanwhile
    }
  }
  return seconds
}

/** PostgreSQL's CPU seconds between two readings (processes that ended in between are not counted). */
function postgresCpuSince(before: Map<number, number>): number {
  let total = 0
  for (const [pid, seconds] of postgresCpuSeconds()) total += seconds - (before.get(pid) ?? 0)
  return total
}

async function publishPhase(broker: Broker, clients: number, run: string): Promise<void> {
  const stats = new Stats()
  const deadline = Date.now() + SECONDS * 1000
  const started = performance.now()
  const cpuBefore = broker.cpuSeconds()
  const ownCpuBefore = process.cpuUsage()
  const postgresBefore = postgresCpuSeconds()
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      for (let n = 0; Date.now() < deadline; n++) {
        await call(stats, 'publish', 'POST', `${broker.url}/contracts/publish`, publishBody(`c${i}`, PROVIDERS[i % PROVIDERS.length]!, `${run}.${n}`))
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const s = stats.summary('publish', seconds)
  const cpuPerPublish = ((broker.cpuSeconds() - cpuBefore) * 1000) / s.count
  const own = process.cpuUsage(ownCpuBefore)
  const ownPerPublish = (own.user + own.system) / 1000 / s.count
  // The local server's processes on PGlite too (its own work is then in the broker's figure): near zero there.
  const postgresPerPublish = (postgresCpuSince(postgresBefore) * 1000) / s.count
  console.log(
    `  publish, ${String(clients).padStart(2)} client(s): ${s.perSecond.toFixed(1).padStart(6)} contracts/s   p50 ${ms(s.p50)}   p99 ${ms(s.p99)}   broker CPU ${ms(cpuPerPublish)}/publish   (${s.count} in ${seconds.toFixed(1)} s, ${stats.serverErrors} × 5xx)`,
  )
  console.log(`      CPU per publish: broker ${ms(cpuPerPublish)}, PostgreSQL ${ms(postgresPerPublish)} (local processes), load generator ${ms(ownPerPublish)}`)
  for (const failure of stats.failures) console.log(`    ! ${failure}`)
}

/** Ten CI jobs: consumer builds and provider builds, interleaved, for MIXED_SECONDS. */
async function mixedPhase(broker: Broker): Promise<void> {
  const stats = new Stats()
  const environments = await call(stats, 'setup', 'GET', `${broker.url}/environments`)
  let environment = (environments.body._embedded.environments as { name: string; uuid: string }[]).find((e) => e.name === 'production')?.uuid
  environment ??= (await call(stats, 'setup', 'POST', `${broker.url}/environments`, JSON.stringify({ name: 'production', production: true }))).body
    .uuid as string
  const deadline = Date.now() + MIXED_SECONDS * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: 10 }, async (_, job) => {
      const consumer = `mixed-c${job}`
      const provider = `mixed-p${job % 3}`
      for (let round = 0; Date.now() < deadline; round++) {
        if (round % 2 === 0) {
          const version = `1.0.${round}`
          await call(stats, 'publish', 'POST', `${broker.url}/contracts/publish`, publishBody(consumer, provider, version))
          await call(stats, 'can-i-deploy', 'GET', `${broker.url}/can-i-deploy?pacticipant=${consumer}&version=${version}&environment=production`)
          if (round % 6 === 0) {
            await call(
              stats,
              'record-deployment',
              'POST',
              `${broker.url}/pacticipants/${consumer}/versions/${version}/deployed-versions/environment/${environment}`,
              '{}',
            )
          }
        } else {
          const providerVersion = `2.${job}.${round}`
          const pacts = await call(
            stats,
            'for-verification',
            'POST',
            `${broker.url}/pacts/provider/${provider}/for-verification`,
            JSON.stringify({
              consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
              providerVersionBranch: 'main',
              includePendingStatus: true,
            }),
          )
          for (const pact of (pacts.body?._embedded?.pacts ?? []).slice(0, 3) as { _links: { self: { href: string } } }[]) {
            const content = await fetch(pact._links.self.href, { headers: { accept: 'application/hal+json' } }).then((r) => r.json())
            const results = content._links?.['pb:publish-verification-results']?.href as string | undefined
            if (results) {
              await call(
                stats,
                'verify',
                'POST',
                results,
                JSON.stringify({ success: true, providerApplicationVersion: providerVersion, providerVersionBranch: 'main' }),
              )
            }
          }
          await call(stats, 'can-i-deploy', 'GET', `${broker.url}/can-i-deploy?pacticipant=${provider}&version=${providerVersion}&environment=production`)
          if (round % 3 === 1) {
            await call(
              stats,
              'record-deployment',
              'POST',
              `${broker.url}/pacticipants/${provider}/versions/${providerVersion}/deployed-versions/environment/${environment}`,
              '{}',
            )
          }
        }
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  let total = 0
  for (const kind of stats.kinds().filter((k) => k !== 'setup')) {
    const s = stats.summary(kind, seconds)
    total += s.count
    console.log(`  ${kind.padEnd(17)} ${s.perSecond.toFixed(1).padStart(6)} req/s   p50 ${ms(s.p50).padStart(9)}   p99 ${ms(s.p99).padStart(9)}   (${s.count})`)
  }
  console.log(`  all               ${(total / seconds).toFixed(1).padStart(6)} req/s over ${seconds.toFixed(0)} s, ${stats.serverErrors} × 5xx`)
  for (const failure of stats.failures) console.log(`    ! ${failure}`)
}

async function withBroker(kind: string, body: (broker: Broker) => Promise<void>): Promise<void> {
  if (kind === 'pglite') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'concord-bench-'))
    const broker = await startBroker({ CONCORD_DATA_DIR: dataDir })
    try {
      await body(broker)
    } finally {
      await broker.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
    return
  }
  const name = `concord_bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: SERVER_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const url = new URL(SERVER_URL)
  url.pathname = `/${name}`
  const broker = await startBroker({ DATABASE_URL: url.toString() })
  try {
    await body(broker)
  } finally {
    await broker.stop()
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}

/** The machine's load average, printed with each phase: on a shared machine it moves the wall-clock figures more than most changes do. */
const load = () =>
  `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(', ')}`

for (const kind of DATABASE_KINDS) {
  console.log(`\n${kind} (${load()})`)
  await withBroker(kind, async (broker) => {
    if (PHASES.includes('publish')) for (const clients of CLIENTS) await publishPhase(broker, clients, `${clients}`)
    if (PHASES.includes('mixed') && MIXED_SECONDS > 0) {
      console.log(`  10 CI jobs for ${MIXED_SECONDS} s (${load()}):`)
      await mixedPhase(broker)
    }
  })
}
