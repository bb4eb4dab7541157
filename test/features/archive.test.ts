/**
 * `concord export` / `concord import FILE`: a history seeded through the HTTP API on the embedded database (a data
 * directory on disk), exported by the CLI command, imported into a fresh PostgreSQL database (a second embedded one
 * when TEST_DATABASE_URL is not set), gives the same can-i-deploy and matrix answers; a second import adds
 * nothing; a damaged or foreign file is refused with what to do. On PostgreSQL, an import racing normal writes
 * to the same pacticipants neither fails them nor deadlocks.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARCHIVED_TABLES, HEAD_TABLES, UNARCHIVED_TABLES } from '../../broker/archive/archive-tables.js'
import { importArchive } from '../../broker/archive/archive.service.js'
import { readArchiveFile } from '../../broker/archive/archive-file.js'
import { connectDatabase } from '../../broker/db/connect.js'
import type { Db } from '../../broker/db/database.js'
import { migrateToLatest } from '../../broker/db/migrate.js'
import { exportBroker, importBroker } from '../../cli/commands/broker/index.js'
import { ExitError } from '../../cli/errors.js'
import { answersOf, deployableOf, questions, seedHistory } from '../support/archive-seed.js'
import { quietCommandContext } from '../support/cli-context.js'
import { createPostgresDatabase, databaseAt } from '../support/databases.js'
import { post, put } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { WEBHOOK_TEST_ENV } from '../support/webhook-receiver.js'

const serverUrl = process.env.TEST_DATABASE_URL?.trim() || null

type Location = Parameters<typeof databaseAt>[0]

/** Rows per table, head tables included: what "the same data" means below. */
async function tableCounts(db: Db): Promise<Record<string, number>> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%' order by 1`.execute(db)
  const counts: Record<string, number> = {}
  for (const { table_name } of rows)
    counts[table_name] = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table_name)}`.execute(db)).rows[0]!.n
  return counts
}

describe('concord export and concord import FILE', () => {
  let work: string
  let source: Location
  let target: Location
  let dropTarget: () => Promise<void> = () => Promise.resolve()
  let archive: string
  let sourceAnswers: Record<string, unknown>
  let sourceCounts: Record<string, number>
  const ctx = () => ({ ...quietCommandContext(), cwd: work })

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'concord-archive-'))
    source = { url: null, dataDir: join(work, 'source-data') }
    if (serverUrl) {
      const created = await createPostgresDatabase(serverUrl, 'concord_archive')
      target = { url: created.url, dataDir: 'memory://' }
      dropTarget = () => created.drop()
    } else target = { url: null, dataDir: join(work, 'target-data') }
    const broker = await startTestBroker(databaseAt(source), { env: WEBHOOK_TEST_ENV })
    try {
      await seedHistory(broker.url)
      sourceAnswers = await answersOf(broker.url, questions())
      sourceCounts = await tableCounts(broker.deps.db)
    } finally {
      await broker.close()
    }
    archive = join(work, 'backup.jsonl.gz')
  })
  afterAll(async () => {
    await dropTarget()
    if (work) await rm(work, { recursive: true, force: true })
  })

  it('archives every table of the schema, except the head tables (recomputed) and the ones left out on purpose', async () => {
    const handle = await connectDatabase({ url: null, dataDir: 'memory://' })
    try {
      await migrateToLatest(handle.db)
      const tables = Object.keys(await tableCounts(handle.db)).sort()
      const known = [...ARCHIVED_TABLES.map((t) => t.name), ...HEAD_TABLES, ...UNARCHIVED_TABLES].sort()
      expect(tables).toEqual(known)
    } finally {
      await handle.close()
    }
  })

  it('exports the embedded database to a gzip JSON-lines archive with a header, every row and the counts', async () => {
    const result = await exportBroker({ dataDir: source.dataDir, file: 'backup.jsonl.gz' }, ctx())
    const data = result.data as { file: string; bytes: number; counts: Record<string, number>; schema: string }
    expect(data.file).toBe(archive)
    expect(data.counts).toMatchObject({ pacticipants: 4, versions: 7, verifications: 5, environments: 3, deployed_versions: 4, released_versions: 1 })
    expect(data.counts).toMatchObject({ labels: 1, deprecations: 1, webhooks: 1, pact_publications: 5 })
    const lines = gunzipSync(await readFile(archive))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines[0]).toMatchObject({ format: 'concord-archive', formatVersion: 1, schema: data.schema, source: 'pglite' })
    expect(lines.at(-1)).toEqual({ end: true, counts: data.counts })
    expect(lines.length).toBe(2 + Object.values(data.counts).reduce((a, b) => a + b, 0))
    // The webhook's password stays encrypted; the head tables are not archived (the import recomputes them).
    const webhook = lines.find((l) => l.table === 'webhooks')!.row as Record<string, unknown>
    expect(webhook.password_encrypted).toEqual(expect.any(String))
    expect(JSON.stringify(lines)).not.toContain('hunter22')
    expect(lines.some((l) => l.table === 'branch_heads')).toBe(false)
    expect(result.text).toContain(`Exported ${lines.length - 2} rows`)
  })

  it('imports into a fresh database and gives the same can-i-deploy and matrix answers, with the same rows per table', async () => {
    const result = await importBroker({ ...(target.url ? { databaseUrl: target.url } : { dataDir: target.dataDir }), file: archive }, ctx())
    const data = result.data as { tables: Record<string, { archived: number; added: number; existing: number; skipped: number }>; problems: string[] }
    expect(data.problems).toEqual([])
    // A fresh broker already has the test and production environments: matched by name, not added twice.
    expect(data.tables.environments).toEqual({ archived: 3, added: 1, existing: 2, skipped: 0 })
    expect(data.tables.versions).toEqual({ archived: 7, added: 7, existing: 0, skipped: 0 })
    const broker = await startTestBroker(databaseAt(target), { env: WEBHOOK_TEST_ENV })
    try {
      expect(await tableCounts(broker.deps.db)).toEqual(sourceCounts)
      const answers = await answersOf(broker.url, questions())
      expect(Object.keys(answers).length).toBeGreaterThan(20)
      expect(answers).toEqual(sourceAnswers)
      // Not vacuous: the seed has both answers.
      const deployable = deployableOf(answers)
      expect(deployable).toContain(true)
      expect(deployable).toContain(false)
    } finally {
      await broker.close()
    }
  })

  it('a second import of the same archive adds nothing', async () => {
    const result = await importBroker({ ...(target.url ? { databaseUrl: target.url } : { dataDir: target.dataDir }), file: archive }, ctx())
    const tables = (result.data as { tables: Record<string, { archived: number; added: number; existing: number }> }).tables
    for (const [name, t] of Object.entries(tables)) expect({ name, added: t.added, existing: t.existing }).toEqual({ name, added: 0, existing: t.archived })
    expect(result.text).toContain(': 0 rows added')
  })

  it('refuses a file that is not an archive, one cut short, and one from a newer schema, saying what to do', async () => {
    const into = target.url ? { databaseUrl: target.url } : { dataDir: target.dataDir }
    const lines = gunzipSync(await readFile(archive))
      .toString('utf8')
      .trim()
      .split('\n')
    const write = async (name: string, content: string) => {
      await writeFile(join(work, name), gzipSync(content))
      return name
    }
    const refusal = (file: string) =>
      importBroker({ ...into, file }, ctx()).then(
        () => null,
        (error: unknown) => error,
      )

    const foreign = await refusal(await write('foreign.gz', '{"hello":"world"}\n'))
    expect(foreign).toBeInstanceOf(ExitError)
    expect((foreign as Error).message).toMatch(/does not start with a Concord archive header/)

    const cut = await refusal(await write('cut.gz', lines.slice(0, -1).join('\n')))
    expect((cut as Error).message).toMatch(/cut short/)

    const header = JSON.parse(lines[0]!) as Record<string, unknown>
    const newer = await refusal(await write('newer.gz', [JSON.stringify({ ...header, schema: '2999_01_01_0000_future' }), ...lines.slice(1)].join('\n')))
    expect((newer as Error).message).toMatch(/newer Concord.*Upgrade Concord/)

    const missing = await refusal('no-such-file.jsonl.gz')
    expect((missing as Error).message).toMatch(/check the archive file's path/)
  })
})

describe.runIf(serverUrl)('an import racing normal writes on PostgreSQL', () => {
  let work: string
  let archive: string
  let broker: TestBroker
  let dropTarget: () => Promise<void> = () => Promise.resolve()

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'concord-archive-race-'))
    const source = await startTestBroker(databaseAt({ url: null, dataDir: join(work, 'source-data') }), { env: WEBHOOK_TEST_ENV })
    try {
      await seedHistory(source.url)
    } finally {
      await source.close()
    }
    archive = join(work, 'backup.jsonl.gz')
    await exportBroker({ dataDir: join(work, 'source-data'), file: archive }, { ...quietCommandContext(), cwd: work })
    const created = await createPostgresDatabase(serverUrl!, 'concord_archive')
    dropTarget = () => created.drop()
    broker = await startTestBroker(databaseAt({ url: created.url, dataDir: 'memory://' }))
  })
  afterAll(async () => {
    await broker?.close()
    await dropTarget()
    if (work) await rm(work, { recursive: true, force: true })
  })

  it('neither fails the writes nor deadlocks, and leaves both the archive and the writes in place', async () => {
    const statuses: number[] = []
    const writes = async (n: number) => {
      for (let i = 0; i < 6; i++) {
        const version = `9.${n}.${i}`
        const consumer = n % 2 ? 'web' : `app-${n}`
        const published = await post(`${broker.url}/contracts/publish`, {
          pacticipantName: consumer,
          pacticipantVersionNumber: version,
          branch: 'main',
          contracts: [
            {
              consumerName: consumer,
              providerName: 'users',
              specification: 'pact',
              contentType: 'application/json',
              content: Buffer.from(
                JSON.stringify({
                  consumer: { name: consumer },
                  provider: { name: 'users' },
                  interactions: [{ description: `race ${n} ${i}`, request: { method: 'GET', path: '/' }, response: { status: 200 } }],
                  metadata: { pactSpecification: { version: '3.0.0' } },
                }),
              ).toString('base64'),
            },
          ],
        })
        statuses.push(published.status)
        statuses.push((await put(`${broker.url}/pacticipants/users/versions/12.${n}.${i}/tags/race`, {})).status)
      }
    }
    const results = await Promise.all([
      importArchive(broker.deps.db, () => readArchiveFile(archive)),
      writes(1),
      writes(2),
      writes(3),
      importArchive(broker.deps.db, () => readArchiveFile(archive)),
    ])
    expect(statuses.filter((s) => s >= 500)).toEqual([])
    expect(statuses.every((s) => s >= 200 && s < 300)).toBe(true)
    const [first, , , , second] = results
    // The two imports ran one after the other (the publish locks): the archive's versions were added once.
    expect(first.tables.versions!.added + second.tables.versions!.added).toBe(7)
    const { db } = broker.deps
    const count = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(db)).rows[0]!.n
    expect(await count(sql`select count(*)::int as n from versions v join pacticipants p on p.id = v.pacticipant_id where p.name = 'web'`)).toBe(3 + 12)
    // web's main branch head is its highest version, whichever of the import or the writes came last.
    const head = await sql<{ number: string }>`
      select v.number from branch_heads bh join versions v on v.id = bh.version_id join pacticipants p on p.id = bh.pacticipant_id
      where p.name = 'web' and bh.branch_name = 'main'`.execute(db)
    expect(head.rows.map((r) => r.number)).toEqual(['9.3.5'])
    const again = await importArchive(db, () => readArchiveFile(archive))
    expect(Object.values(again.tables).reduce((a, t) => a + t.added, 0)).toBe(0)
  })
})
