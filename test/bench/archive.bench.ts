/**
 * Benchmark (`npx tsx test/bench/archive.bench.ts`; prints figures, asserts nothing): `concord export` of an
 * embedded (PGlite) broker and `concord import FILE` of that archive into a fresh PostgreSQL database and a fresh
 * PGlite, and a second import (nothing to add). The history is written through the HTTP API: BENCH_VERSIONS consumer
 * versions (default 300) of 3 consumers, each publishing a pact with its own content to one provider, each
 * verified by a provider version, on a branch, every tenth tagged and deployed.
 *
 * Settings: BENCH_VERSIONS, BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a fresh database
 * is created and dropped).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportArchive, importArchive } from '../../broker/archive/archive.service.js'
import { readArchiveFile, writeArchiveFile } from '../../broker/archive/archive-file.js'
import { connectDatabase } from '../../broker/db/connect.js'
import { migrateToLatest } from '../../broker/db/migrate.js'
import { createPostgresDatabase } from '../support/databases.js'
import { td } from '../support/td.js'
import { startTestBroker } from '../support/test-broker.js'

const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 300)
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

async function main() {
  const work = await mkdtemp(join(tmpdir(), 'concord-archive-bench-'))
  const dataDir = join(work, 'source')
  const source = { url: null, dataDir }
  const broker = await startTestBroker({
    name: 'pglite',
    async create() {
      const h = await connectDatabase(source)
      await migrateToLatest(h.db)
      return { name: 'pglite', db: h.db, url: null, close: () => h.close() }
    },
  })
  const seedStart = performance.now()
  const consumers = ['web', 'mobile', 'partner']
  await Promise.all(
    consumers.map(async (consumer, c) => {
      for (let i = 0; i < VERSIONS / consumers.length; i++) {
        const version = `1.${c}.${i}`
        const t = td(broker).publishPact({
          consumer,
          consumerVersion: version,
          provider: 'users',
          branch: 'main',
          interactions: `${consumer} ${i}`,
          tags: i % 10 === 0 ? ['prod'] : [],
        })
        t.verify({ provider: 'users', providerVersion: `2.${c}.${i}`, branch: 'main', success: i % 7 !== 0 })
        if (i % 10 === 0) t.recordDeployment(consumer, version, 'production')
        await t
      }
    }),
  )
  const seedSeconds = (performance.now() - seedStart) / 1000
  await broker.close()

  const file = join(work, 'bench.jsonl.gz')
  const sourceDb = await connectDatabase(source)
  let t0 = performance.now()
  const { result: exported, bytes } = await writeArchiveFile(file, (write) => exportArchive(sourceDb.db, write, { source: 'pglite', now: new Date() }))
  const exportSeconds = (performance.now() - t0) / 1000
  await sourceDb.close()
  const rows = Object.values(exported.counts).reduce((a, b) => a + b, 0)
  const versions = exported.counts.versions ?? 0

  const postgres = await createPostgresDatabase(SERVER, 'concord_archive_bench')
  const figures: string[] = []
  try {
    for (const target of [
      { label: 'PostgreSQL', location: { url: postgres.url, dataDir: 'memory://' } },
      { label: 'PGlite', location: { url: null, dataDir: join(work, 'target') } },
    ]) {
      const handle = await connectDatabase(target.location)
      await migrateToLatest(handle.db)
      t0 = performance.now()
      await importArchive(handle.db, () => readArchiveFile(file))
      const first = (performance.now() - t0) / 1000
      t0 = performance.now()
      const again = await importArchive(handle.db, () => readArchiveFile(file))
      const second = (performance.now() - t0) / 1000
      await handle.close()
      const added = Object.values(again.tables).reduce((n, t) => n + t.added, 0)
      figures.push(
        `import into ${target.label}: ${first.toFixed(2)} s (${Math.round(versions / first)} versions/s, ${Math.round(rows / first)} rows/s); second import ${second.toFixed(2)} s, ${added} rows added`,
      )
    }
  } finally {
    await postgres.drop()
    await rm(work, { recursive: true, force: true })
  }
  console.log(`history: ${versions} versions, ${rows} rows, seeded through HTTP in ${seedSeconds.toFixed(1)} s`)
  console.log(`export from PGlite: ${exportSeconds.toFixed(2)} s, archive ${bytes} bytes (${(bytes / rows).toFixed(0)} bytes/row gzipped)`)
  for (const f of figures) console.log(f)
  console.log(
    `load average (1/5/15 min): ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' / ')}`,
  )
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
