/**
 * Benchmark (`npm run bench:ui`; prints figures, asserts nothing): the UI on a large organisation — 1,000
 * services and 3,000 integrations, each with a published pact, most verified (some failed, some pending, some
 * not yet), most services deployed to staging and many to production. Seeded with bulk SQL, then:
 *
 *   dashboard server time — GET / as a browser (Accept: text/html) over loopback, warm, RUNS times;
 *   dashboard first paint — Chromium's first-contentful-paint for `/`, from navigation start;
 *   map data — GET /map/graph: the first answer includes the server's ForceAtlas2 layout, later ones reuse it;
 *   map ready — from navigation start of `/map` to `data-ready="true"` (graph fetched with its positions, drawn
 *                and interactive), with the moment it was first drawn.
 *
 * Settings: BENCH_DATABASES ("postgres,pglite" by default; postgres needs BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres, where a fresh database is created and dropped), BENCH_RUNS (20),
 * BENCH_SERVICES (1000), BENCH_INTEGRATIONS (3000). Needs dist/ui (npm run build:ui) and /usr/bin/chromium.
 */
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { type Kysely, sql } from 'kysely'
import pg from 'pg'
import { createApp } from '../../broker/app.js'
import { loadConfig } from '../../broker/config.js'
import { connectDatabase } from '../../broker/db/connect.js'
import type { Database } from '../../broker/db/database.js'
import { migrateToLatest } from '../../broker/db/migrate.js'
import { SchemaDiffRunner } from '../../broker/provider-contracts/schema-diff-runner.js'
import { webhookOutbox } from '../../broker/webhooks/outbox.js'
import { buildAssets } from '../../broker/ui/build-assets.js'
import { systemClock } from '../../broker/shared/clock.js'
import { createEvents } from '../../broker/shared/events.js'
import { silentLogger } from '../../broker/shared/logger.js'
import { launchChromium } from '../support/browser.js'

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DATABASE_KINDS = (process.env.BENCH_DATABASES ?? 'postgres,pglite').split(',')
const RUNS = Number(process.env.BENCH_RUNS ?? 20)
const SERVICES = Number(process.env.BENCH_SERVICES ?? 1000)
const INTEGRATIONS = Number(process.env.BENCH_INTEGRATIONS ?? 3000)

/** Bulk seed: services S0000…, three versions each, `INTEGRATIONS / SERVICES` providers per consumer. */
async function seed(db: Kysely<Database>): Promise<void> {
  const run = (query: ReturnType<typeof sql>) => query.execute(db)
  const perConsumer = Math.ceil(INTEGRATIONS / SERVICES)
  await run(sql`insert into pacticipants (name, main_branch, version_order)
    select 'S' || lpad(i::text, 4, '0'), 'main', 'semver' from generate_series(0, ${SERVICES - 1}::int) i order by i`)
  await run(sql`insert into versions (pacticipant_id, number, order_key, is_semver)
    select p.id, '1.0.' || g, lpad(g::text, 8, '0'), true from pacticipants p cross join generate_series(0, 2) g order by p.id, g`)
  // Consumer i → providers i+1, i+7, i+31 … (mod SERVICES): a connected graph with no self-loops.
  await run(sql`create temporary table bench_pairs as
    select c.id as consumer_id, p.id as provider_id, row_number() over () as n
    from generate_series(0, ${SERVICES - 1}::int) i
    cross join (select unnest(array[1, 7, 31, 101, 211]) as step, generate_subscripts(array[1, 7, 31, 101, 211], 1) as k) s
    join pacticipants c on c.name = 'S' || lpad(i::text, 4, '0')
    join pacticipants p on p.name = 'S' || lpad(((i + s.step) % ${SERVICES}::int)::text, 4, '0')
    where s.k <= ${perConsumer}::int
    limit ${INTEGRATIONS}::int`)
  const content = JSON.stringify({ interactions: [{ description: 'a request', request: { method: 'GET', path: '/' }, response: { status: 200 } }] })
  await run(sql`insert into pact_versions (consumer_id, provider_id, sha, content, interactions_count)
    select consumer_id, provider_id, 'sha-' || n, ${content}::jsonb, 1 from bench_pairs`)
  await run(sql`insert into pact_publications (consumer_id, provider_id, consumer_version_id, pact_version_id, revision_number)
    select pv.consumer_id, pv.provider_id, v.id, pv.id, 1
    from pact_versions pv join versions v on v.pacticipant_id = pv.consumer_id and v.number = '1.0.2'`)
  await run(sql`insert into latest_pact_publications (consumer_version_id, provider_id, consumer_id, pact_publication_id, pact_version_id)
    select consumer_version_id, provider_id, consumer_id, id, pact_version_id from pact_publications`)
  await run(sql`insert into integrations (consumer_id, provider_id) select consumer_id, provider_id from bench_pairs`)
  // The provider's latest version verified 85% of the pacts: 70% passed, 10% failed, 5% failed while pending.
  await run(sql`insert into verifications (uuid, pact_version_id, consumer_id, provider_id, provider_version_id, success, pact_pending)
    select gen_random_uuid()::text, pv.id, pv.consumer_id, pv.provider_id, v.id, (pv.id % 20) < 14, (pv.id % 20) >= 16
    from pact_versions pv join versions v on v.pacticipant_id = pv.provider_id and v.number = '1.0.2'
    where (pv.id % 20) < 17`)
  await run(sql`insert into latest_verifications (pact_version_id, provider_version_id, verification_id, provider_id, success)
    select pact_version_id, provider_version_id, id, provider_id, success from verifications`)
  await run(sql`insert into environments (uuid, name, display_name, production) values (gen_random_uuid()::text, 'staging', 'Staging', false)`)
  await run(sql`insert into deployed_versions (uuid, version_id, pacticipant_id, environment_id)
    select gen_random_uuid()::text, v.id, v.pacticipant_id, (select id from environments where name = 'staging')
    from versions v where v.number = '1.0.2' and v.pacticipant_id % 10 <> 0`)
  await run(sql`insert into deployed_versions (uuid, version_id, pacticipant_id, environment_id)
    select gen_random_uuid()::text, v.id, v.pacticipant_id, (select id from environments where name = 'production')
    from versions v where v.number = '1.0.1' and v.pacticipant_id % 3 = 0`)
  await run(sql`drop table bench_pairs`)
  await run(sql`analyze`)
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(0.95 * values.length) - 1)]!
const ms = (value: number) => `${value.toFixed(0)} ms`

/** `db;dur=12.3, layout;dur=0.1` → `db 12 ms, layout 0 ms`. */
function serverTiming(header: string): string {
  return (
    header
      .split(',')
      .map((part) => /^\s*([\w-]+);dur=([\d.]+)/.exec(part))
      .filter((match) => match !== null)
      .map((match) => `${match[1]} ${ms(Number(match[2]))}`)
      .join(', ') || 'none'
  )
}

interface MapSteps {
  html: number
  script: number
  graphRequest: number
  graphResponse: number
  graphKb: number
  server: string
  marks: Record<string, number>
  drawn: number
  ready: number
}

/**
 * Evaluated in the page (as source text: tsx's helpers do not exist there): when each step of loading the map
 * ended, in ms from navigation start, from the navigation and resource timings and the map script's marks.
 */
const MAP_STEPS_SCRIPT = `(() => {
  const navigation = performance.getEntriesByType('navigation')[0]
  const resources = performance.getEntriesByType('resource')
  const script = resources.find((r) => /\\/ui\\/assets\\/map-/.test(r.name))
  const graph = resources.find((r) => r.name.endsWith('/map/graph'))
  const mark = (name) => performance.getEntriesByName('concord:map-' + name)[0]?.startTime ?? NaN
  return {
    html: navigation.responseEnd,
    script: script?.responseEnd ?? NaN,
    graphRequest: graph?.requestStart ?? NaN,
    graphResponse: graph?.responseEnd ?? NaN,
    graphKb: (graph?.encodedBodySize ?? 0) / 1024,
    server: (graph?.serverTiming ?? []).map((t) => t.name + ';dur=' + t.duration).join(', '),
    marks: Object.fromEntries(['fetch', 'fetched', 'parsed', 'graph-built', 'sigma-created'].map((name) => [name, mark(name)])),
    drawn: mark('drawn'),
    ready: mark('ready'),
  }
})()`

function describeMapSteps(s: MapSteps): string {
  return [
    `html ${ms(s.html)}`,
    `map.js ${ms(s.script)}`,
    `fetch from ${ms(s.marks.fetch!)}`,
    `/map/graph sent ${ms(s.graphRequest)}, answered ${ms(s.graphResponse)} (${s.graphKb.toFixed(0)} KB; server ${serverTiming(s.server)})`,
    `read ${ms(s.marks.fetched!)}`,
    `parsed ${ms(s.marks.parsed!)}`,
    `graph built ${ms(s.marks['graph-built']!)}`,
    `sigma created ${ms(s.marks['sigma-created']!)}`,
    `drawn ${ms(s.drawn)}`,
    `ready ${ms(s.ready)}`,
  ].join(' → ')
}

async function withDatabase<T>(kind: string, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  if (kind === 'pglite') {
    const handle = await connectDatabase({ url: null, dataDir: 'memory://' })
    try {
      return await work(handle.db)
    } finally {
      await handle.close()
    }
  }
  const name = `concord_bench_ui_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: SERVER_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const url = new URL(SERVER_URL)
  url.pathname = `/${name}`
  const handle = await connectDatabase({ url: url.toString(), dataDir: '' })
  try {
    return await work(handle.db)
  } finally {
    await handle.close()
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}

async function bench(kind: string): Promise<void> {
  await withDatabase(kind, async (db) => {
    await migrateToLatest(db)
    const seeding = performance.now()
    await seed(db)
    console.log(`\n${kind}: ${SERVICES} services, ${INTEGRATIONS} integrations seeded in ${ms(performance.now() - seeding)}`)
    const config = loadConfig({ CONCORD_LOG_LEVEL: 'silent', CONCORD_DATA_DIR: 'memory://' })
    const schemaDiff = new SchemaDiffRunner()
    const server = createApp({ db, config, logger: silentLogger, clock: systemClock, events: createEvents(), schemaDiff, outbox: webhookOutbox }).listen(
      0,
      '127.0.0.1',
    )
    await new Promise<void>((resolve) => server.once('listening', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const times: number[] = []
      for (let i = 0; i < RUNS + 3; i++) {
        const started = performance.now()
        const res = await fetch(`${base}/`, { headers: { accept: 'text/html' } })
        await res.text()
        if (i >= 3) times.push(performance.now() - started)
      }
      console.log(`  dashboard server time (GET / as a browser, ${RUNS} warm runs): median ${ms(median(times))}, p95 ${ms(p95(times))}`)
      const graphTimes: number[] = []
      const graphTimings: string[] = []
      let graphBytes = 0
      for (let i = 0; i < 5; i++) {
        const started = performance.now()
        const res = await fetch(`${base}/map/graph`)
        graphBytes = (await res.text()).length
        graphTimes.push(performance.now() - started)
        graphTimings.push(res.headers.get('server-timing') ?? '')
      }
      console.log(
        `  map data (GET /map/graph, ${(graphBytes / 1024).toFixed(0)} KB): first ${ms(graphTimes[0]!)} (the server lays the graph out), then median ${ms(median(graphTimes.slice(1)))} (4 runs)`,
      )
      console.log(`    server timing, first: ${serverTiming(graphTimings[0]!)}; last: ${serverTiming(graphTimings.at(-1)!)}`)

      const browser = await launchChromium()
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
        const paints: number[] = []
        for (let i = 0; i < 4; i++) {
          await page.goto(`${base}/`, { waitUntil: 'load' })
          const paint = await page.evaluate(
            () =>
              new Promise<number>((resolve) => {
                new PerformanceObserver((list) => resolve(list.getEntries()[0]?.startTime ?? NaN)).observe({ type: 'paint', buffered: true })
                setTimeout(() => resolve(NaN), 5000)
              }),
          )
          if (i > 0) paints.push(paint)
        }
        console.log(`  dashboard first contentful paint (Chromium, 3 loads): ${paints.map(ms).join(', ')}`)
        const ready: string[] = []
        const breakdowns: string[] = []
        for (let i = 0; i < 4; i++) {
          await page.goto(`${base}/map`)
          await page.waitForSelector('main[data-ready="true"]', { timeout: 60_000 })
          const steps = await page.evaluate<MapSteps>(MAP_STEPS_SCRIPT)
          if (i > 0) {
            ready.push(`${ms(steps.ready)} (drawn at ${ms(steps.drawn)})`)
            breakdowns.push(describeMapSteps(steps))
          }
        }
        console.log(`  map data-ready from navigation start (Chromium, 3 loads): ${ready.join(', ')}`)
        for (const line of breakdowns) console.log(`    ${line}`)
      } finally {
        await browser.close()
      }
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await schemaDiff.close()
    }
  })
}

await buildAssets()
for (const kind of DATABASE_KINDS) await bench(kind)
