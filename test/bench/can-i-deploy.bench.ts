/**
 * Benchmark (`npm run bench`; prints figures, asserts nothing): can-i-deploy and for-verification latency over
 * HTTP on a large broker, on PGlite and PostgreSQL, at full size and at one tenth.
 *
 * Full size (factor 1): 50 pacticipants × 10,000 versions; a hub provider (P00) with 300 consumer integrations
 * (P01..P49 plus 251 small consumers); 4,000 hub versions on branch main; 15,000 verifications of one pact
 * version (P01's latest content); every consumer's latest version deployed to production, and hub version
 * 1.0.<V-1> deployed there too. Seeded with bulk SQL (generate_series), not HTTP. Statistics are refreshed
 * (ANALYZE) before measuring, as autovacuum would on a live server.
 *
 * Measured (warm: WARMUP requests first, then RUNS timed requests, one at a time):
 *   hub  — GET /matrix?q[][pacticipant]=P00&q[][version]=<latest>&latestby=cvpv&environment=production
 *   leaf — GET /matrix?q[][pacticipant]=P01&q[][version]=<latest>&latestby=cvpv&environment=production
 *   latest pact — GET /pacts/provider/P00/consumer/P01/latest (the newest of P01's 10,000 versions' pacts)
 *   for-verification (hub) — POST /pacts/provider/P00/for-verification {mainBranch, deployedOrReleased, pending}
 *
 * Sizes: a factor scales everything (versions, verifications, branch versions and the hub's consumers), so at
 * ×0.1 the hub has 30 integrations and its answer has 30 rows instead of 300. A factor with an `h` suffix
 * ("0.1h") scales history only and keeps the 300 integrations: the growth from ×0.1h to ×1 is what history alone
 * costs, apart from the answer getting ten times longer.
 *
 * Settings: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a fresh database is created
 * and dropped), BENCH_FACTORS (default "0.1,0.1h,1"), BENCH_DATABASES (default "pglite,postgres"), BENCH_RUNS (200),
 * BENCH_WARMUP (100).
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
import { systemClock } from '../../broker/shared/clock.js'
import { createEvents } from '../../broker/shared/events.js'
import { silentLogger } from '../../broker/shared/logger.js'

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const FACTORS = (process.env.BENCH_FACTORS ?? '0.1,0.1h,1').split(',')
const DATABASE_KINDS = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',')
const RUNS = Number(process.env.BENCH_RUNS ?? 200)
// Warm-up requests per measurement: enough for V8 to have optimised the request path, so that the size measured
// first is not slower only for running colder code.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 100)

interface Size {
  pacticipants: number
  versionsPerPacticipant: number
  consumers: number
  smallConsumerVersions: number
  hubBranchVersions: number
  verificationsOfOnePact: number
}

/** "0.1": everything at one tenth; "0.1h": history at one tenth, all 300 integrations. */
function sizeFor(label: string): Size {
  const factor = Number(label.replace(/h$/, ''))
  if (!(factor > 0)) throw new Error(`BENCH_FACTORS: '${label}' is not a positive number (optionally followed by h)`)
  return {
    pacticipants: 50,
    versionsPerPacticipant: Math.round(10_000 * factor),
    consumers: label.endsWith('h') ? 300 : Math.round(300 * factor),
    smallConsumerVersions: 20,
    hubBranchVersions: Math.round(4_000 * factor),
    verificationsOfOnePact: Math.round(15_000 * factor),
  }
}

interface Handle {
  db: Kysely<Database>
  close(): Promise<void>
}

async function openDatabase(kind: string): Promise<Handle> {
  if (kind === 'pglite') {
    const handle = await connectDatabase({ url: null, dataDir: 'memory://' })
    await migrateToLatest(handle.db)
    return handle
  }
  const name = `concord_bench_${process.pid}_${randomBytes(3).toString('hex')}`
  const admin = new pg.Client({ connectionString: SERVER_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(SERVER_URL)
  url.pathname = `/${name}`
  const handle = await connectDatabase({ url: url.toString(), dataDir: 'memory://' })
  await migrateToLatest(handle.db)
  return {
    db: handle.db,
    async close() {
      await handle.close()
      const dropper = new pg.Client({ connectionString: SERVER_URL })
      await dropper.connect()
      await dropper.query(`drop database if exists ${name} with (force)`)
      await dropper.end()
    },
  }
}

/** Bulk seed in a handful of set-based statements. */
async function seed(db: Kysely<Database>, size: Size): Promise<void> {
  const V = size.versionsPerPacticipant
  const bigConsumers = Math.min(size.consumers, size.pacticipants - 1)
  const smallConsumers = size.consumers - bigConsumers
  const run = (query: ReturnType<typeof sql>) => query.execute(db)

  // Pacticipants: P00 (hub) .. P49, then S001.. small consumers. Creation order ('' order keys: latest = highest id).
  await run(sql`insert into pacticipants (name, main_branch, version_order)
    select 'P' || lpad(i::text, 2, '0'), 'main', 'creation' from generate_series(0, ${size.pacticipants - 1}::int) i order by i`)
  if (smallConsumers > 0) {
    await run(sql`insert into pacticipants (name, main_branch, version_order)
      select 'S' || lpad(i::text, 3, '0'), 'main', 'creation' from generate_series(1, ${smallConsumers}::int) i order by i`)
  }
  await run(sql`insert into versions (pacticipant_id, number, order_key, is_semver)
    select p.id, '1.0.' || g, '', true from pacticipants p cross join generate_series(1, ${V}::int) g where p.name like 'P%' order by p.id, g`)
  await run(sql`insert into versions (pacticipant_id, number, order_key, is_semver)
    select p.id, '1.0.' || g, '', true from pacticipants p cross join generate_series(1, ${size.smallConsumerVersions}::int) g where p.name like 'S%' order by p.id, g`)

  // Consumers of the hub: P01..P(bigConsumers), then every S.
  await run(sql`create temporary table bench_consumers as
    select id from pacticipants where (name like 'P%' and name <> 'P00' and substr(name, 2)::int <= ${bigConsumers}::int) or name like 'S%'`)
  const hub = sql`(select id from pacticipants where name = 'P00')`

  // Pact content changes every 100 consumer versions.
  await run(sql`insert into pact_versions (consumer_id, provider_id, sha, content, interactions_count)
    select c.id, ${hub}, 'sha-' || c.id || '-' || k, ${JSON.stringify({ interactions: [{ description: 'a request' }] })}::jsonb, 1
    from bench_consumers c cross join generate_series(0, ${Math.ceil(V / 100)}::int) k`)
  await run(sql`insert into pact_publications (consumer_id, provider_id, consumer_version_id, pact_version_id, revision_number)
    select v.pacticipant_id, pv.provider_id, v.id, pv.id, 1
    from versions v join pact_versions pv on pv.consumer_id = v.pacticipant_id and pv.sha = 'sha-' || v.pacticipant_id || '-' || ((split_part(v.number, '.', 3)::int - 1) / 100)
    order by v.id`)
  await run(sql`insert into latest_pact_publications (consumer_version_id, provider_id, consumer_id, pact_publication_id, pact_version_id)
    select consumer_version_id, provider_id, consumer_id, id, pact_version_id from pact_publications`)
  await run(sql`insert into integrations (consumer_id, provider_id) select id, ${hub} from bench_consumers`)

  // The hub's branch main: its newest hubBranchVersions versions.
  await run(sql`insert into branches (pacticipant_id, name) select ${hub}, 'main'`)
  await run(sql`insert into branch_versions (branch_id, version_id, pacticipant_id, branch_name)
    select b.id, v.id, v.pacticipant_id, 'main' from versions v join branches b on b.pacticipant_id = v.pacticipant_id
    where v.pacticipant_id = ${hub} and split_part(v.number, '.', 3)::int > ${V - size.hubBranchVersions}::int order by v.id`)
  await run(sql`insert into branch_heads (branch_id, pacticipant_id, branch_name, version_id)
    select b.id, b.pacticipant_id, 'main', (select max(version_id) from branch_versions where branch_id = b.id) from branches b`)

  // Deployments: each consumer's latest version, and hub 1.0.<V-1>, in production.
  const production = sql`(select id from environments where name = 'production')`
  await run(sql`insert into deployed_versions (uuid, version_id, pacticipant_id, environment_id)
    select gen_random_uuid()::text, (select max(v.id) from versions v where v.pacticipant_id = c.id), c.id, ${production} from bench_consumers c`)
  await run(sql`insert into deployed_versions (uuid, version_id, pacticipant_id, environment_id)
    select gen_random_uuid()::text, v.id, v.pacticipant_id, ${production} from versions v where v.pacticipant_id = ${hub} and v.number = ${`1.0.${V - 1}`}`)

  // The hub's latest version verified every consumer's latest pact content (success).
  await run(sql`insert into verifications (uuid, pact_version_id, consumer_id, provider_id, provider_version_id, success)
    select gen_random_uuid()::text, lpp.pact_version_id, lpp.consumer_id, lpp.provider_id, hv.id, true
    from bench_consumers c
    join lateral (select max(id) as id from versions where pacticipant_id = c.id) cv on true
    join latest_pact_publications lpp on lpp.consumer_version_id = cv.id
    cross join (select id from versions where pacticipant_id = ${hub} and number = ${`1.0.${V}`}) hv`)
  // 15,000 verifications of P01's latest pact content by the hub's branch versions (several per version).
  await run(sql`insert into verifications (uuid, pact_version_id, consumer_id, provider_id, provider_version_id, success)
    select gen_random_uuid()::text, lpp.pact_version_id, lpp.consumer_id, lpp.provider_id, bv.version_id, (g % 7 <> 0) or bv.version_id = (select max(version_id) from branch_versions)
    from (select max(id) as id from versions where pacticipant_id = (select id from pacticipants where name = 'P01')) cv
    join latest_pact_publications lpp on lpp.consumer_version_id = cv.id
    cross join generate_series(1, ${size.verificationsOfOnePact}::int) g
    join (select version_id, row_number() over (order by version_id) - 1 as rn from branch_versions) bv on bv.rn = g % ${Math.max(1, size.hubBranchVersions)}::int`)
  // Make sure the deployed hub version verified P01's latest content successfully (the leaf's answer is yes).
  await run(sql`insert into verifications (uuid, pact_version_id, consumer_id, provider_id, provider_version_id, success)
    select gen_random_uuid()::text, lpp.pact_version_id, lpp.consumer_id, lpp.provider_id, d.version_id, true
    from (select max(id) as id from versions where pacticipant_id = (select id from pacticipants where name = 'P01')) cv
    join latest_pact_publications lpp on lpp.consumer_version_id = cv.id
    cross join (select version_id from deployed_versions where pacticipant_id = ${hub}) d`)
  await run(sql`insert into latest_verifications (pact_version_id, provider_version_id, verification_id, provider_id, success)
    select distinct on (pact_version_id, provider_version_id) pact_version_id, provider_version_id, id, provider_id, success
    from verifications order by pact_version_id, provider_version_id, id desc`)
  await run(sql`drop table bench_consumers`)
  await run(sql`analyze`)
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

async function measure(label: string, request: () => Promise<Response>): Promise<{ label: string; p50: number; p99: number; status: number; note: string }> {
  let status = 0
  let note = ''
  for (let i = 0; i < WARMUP; i++) {
    const res = await request()
    status = res.status
    const body = await res.json()
    note = body?.summary
      ? `deployable=${body.summary.deployable} rows=${body.matrix?.length}`
      : body?._embedded?.pacts
        ? `pacts=${body._embedded.pacts.length}`
        : ''
  }
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    const res = await request()
    await res.arrayBuffer()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return { label, p50: percentile(times, 50), p99: percentile(times, 99), status, note }
}

async function bench(kind: string, factor: string) {
  const size = sizeFor(factor)
  const handle = await openDatabase(kind)
  const seedStart = performance.now()
  await seed(handle.db, size)
  const seedSeconds = (performance.now() - seedStart) / 1000
  const counts = await sql<{ versions: number; verifications: number; publications: number }>`
    select (select count(*)::int from versions) as versions, (select count(*)::int from verifications) as verifications, (select count(*)::int from pact_publications) as publications`.execute(
    handle.db,
  )

  const deps = {
    db: handle.db,
    config: loadConfig({ CONCORD_LOG_LEVEL: 'silent', CONCORD_DATA_DIR: 'memory://' }),
    logger: silentLogger,
    clock: systemClock,
    events: createEvents(),
    schemaDiff: new SchemaDiffRunner(),
    outbox: webhookOutbox,
  }
  const server = createApp(deps).listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const V = size.versionsPerPacticipant
  const headers = { accept: 'application/hal+json' }
  const results = [
    await measure('can-i-deploy hub', () =>
      fetch(`${base}/matrix?q[][pacticipant]=P00&q[][version]=1.0.${V}&latestby=cvpv&environment=production`, { headers }),
    ),
    await measure('can-i-deploy leaf', () =>
      fetch(`${base}/matrix?q[][pacticipant]=P01&q[][version]=1.0.${V}&latestby=cvpv&environment=production`, { headers }),
    ),
    await measure('latest pact P01→P00', () => fetch(`${base}/pacts/provider/P00/consumer/P01/latest`, { headers })),
    await measure('for-verification hub', () =>
      fetch(`${base}/pacts/provider/P00/for-verification`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
          includePendingStatus: true,
          providerVersionBranch: 'main',
        }),
      }),
    ),
  ]
  await new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
  await deps.schemaDiff.close()
  await handle.close()
  const c = counts.rows[0]!
  console.log(
    `\n${kind} × ${factor}, ${size.consumers} hub integrations (${c.versions} versions, ${c.publications} pact publications, ${c.verifications} verifications; seeded in ${seedSeconds.toFixed(1)} s)`,
  )
  for (const r of results)
    console.log(
      `  ${r.label.padEnd(22)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p99 ${r.p99.toFixed(1).padStart(7)} ms   (HTTP ${r.status}${r.note ? `, ${r.note}` : ''})`,
    )
  return results
}

const table: Record<string, Record<string, { p50: number; p99: number }>> = {}
for (const kind of DATABASE_KINDS) {
  for (const factor of FACTORS) {
    for (const r of await bench(kind, factor)) {
      ;(table[`${kind} ${r.label}`] ??= {})[factor] = { p50: r.p50, p99: r.p99 }
    }
  }
}
const full = FACTORS.filter((f) => !f.endsWith('h')).sort((a, b) => Number(b) - Number(a))[0]
for (const small of FACTORS.filter((f) => f !== full)) {
  console.log(
    `\np99 growth from ×${small} to ×${full}${small.endsWith('h') ? ' (history only: same 300 integrations)' : " (everything, the hub's answer included, grows)"}:`,
  )
  for (const [label, byFactor] of Object.entries(table)) {
    if (full && byFactor[small] && byFactor[full]) console.log(`  ${label.padEnd(34)} ${(byFactor[full].p99 / byFactor[small].p99).toFixed(2)}x`)
  }
}
process.exit(0)
