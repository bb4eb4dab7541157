/**
 * `concord import --from-pact-broker URL`, from a running broker that speaks the Pact Broker API: a Concord broker
 * on loopback, seeded through the API, copied into a second Concord's database (PostgreSQL when TEST_DATABASE_URL
 * is set). can-i-deploy and the matrix answer the same on both; a second run adds nothing; a run cut off half-way
 * resumes from its progress file. The parts where the Pact Broker answers differently from Concord are covered by
 * recorded Pact Broker responses in import-pact-broker-recorded.test.ts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importFromPactBroker } from '../../broker/archive/pact-broker-source.js'
import { connectDatabase } from '../../broker/db/connect.js'
import { migrateToLatest } from '../../broker/db/migrate.js'
import { importBroker } from '../../cli/commands/broker/index.js'
import { ExitError } from '../../cli/errors.js'
import { importOptions } from '../../cli/commands/broker/options.js'
import { parseArgs } from '../../cli/args.js'
import { IMPORT_FLAGS } from '../../cli/commands/broker/options.js'
import { answersOf, deployableOf, questions, seedHistory } from '../support/archive-seed.js'
import { quietCommandContext } from '../support/cli-context.js'
import { createPostgresDatabase, DATABASES, databaseAt } from '../support/databases.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const serverUrl = process.env.TEST_DATABASE_URL?.trim() || null

type Location = Parameters<typeof databaseAt>[0]

type Tables = Record<string, { archived: number; added: number; existing: number; skipped: number }>

describe('concord import --from-pact-broker, from a Concord broker on loopback', () => {
  let work: string
  let source: TestBroker
  let target: Location
  let dropTarget: () => Promise<void> = () => Promise.resolve()
  let sourceAnswers: Record<string, unknown>
  const into = () => (target.url ? { databaseUrl: target.url } : { dataDir: target.dataDir })
  const ctx = () => ({ ...quietCommandContext(), cwd: work })

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'concord-pbimport-'))
    source = await startTestBroker(DATABASES[0]!)
    await seedHistory(source.url, {}, { concordOnly: false })
    sourceAnswers = await answersOf(source.url, questions())
    if (serverUrl) {
      const created = await createPostgresDatabase(serverUrl, 'concord_pbimport')
      target = { url: created.url, dataDir: 'memory://' }
      dropTarget = () => created.drop()
    } else target = { url: null, dataDir: join(work, 'target-data') }
  })
  afterAll(async () => {
    await source?.close()
    await dropTarget()
    if (work) await rm(work, { recursive: true, force: true })
  })

  it('argv: FILE or --from-pact-broker, credentials from the flags or the official clients’ variables', () => {
    const parse = (argv: string[], env: Record<string, string> = {}) => importOptions(parseArgs(argv, IMPORT_FLAGS), env)
    expect(parse(['--from-pact-broker', 'https://pb.example.com'], { PACT_BROKER_TOKEN: 't0k' }).fromPactBroker).toMatchObject({
      url: 'https://pb.example.com',
      token: 't0k',
    })
    expect(parse(['--from-pact-broker', 'https://pb.example.com', '--source-username', 'u'], { PACT_BROKER_PASSWORD: 'p' }).fromPactBroker).toMatchObject({
      username: 'u',
      password: 'p',
    })
    expect(() => parse(['a.gz', '--from-pact-broker', 'https://pb.example.com'])).toThrow(/not both/)
    expect(() => parse(['--from-pact-broker', 'pb.example.com'])).toThrow(/base URL/)
    expect(() => parse(['a.gz', '--source-token', 'x'])).toThrow(/goes with --from-pact-broker/)
    expect(() => parse([])).toThrow(/Name the archive to import .* or the Pact Broker to copy/)
  })

  it('copies the history, and can-i-deploy and the matrix answer the same on both brokers', async () => {
    const result = await importBroker({ ...into(), fromPactBroker: { url: source.url, progressFile: 'progress.jsonl' } }, ctx())
    const data = result.data as { tables: Tables; problems: string[]; unmapped: string[]; requests: { fetched: number; reused: number } }
    expect(data.problems).toEqual([])
    expect(data.requests.reused).toBe(0)
    expect(data.tables.pacticipants!.added).toBe(4)
    expect(data.tables.versions!.added).toBe(7)
    expect(data.tables.verifications!.added).toBe(5)
    expect(data.tables.deployed_versions!.added).toBe(4)
    expect(data.tables.released_versions!.added).toBe(1)
    expect(data.tables.tags!.added).toBe(1)
    expect(data.tables.labels!.added).toBe(1)
    expect(data.unmapped.join('\n')).toMatch(/webhooks: not copied/)
    expect(result.text).toMatch(/^Copied http:\/\/127\.0\.0\.1:\d+ into /)
    const broker = await startTestBroker(databaseAt(target))
    try {
      const answers = await answersOf(broker.url, questions())
      expect(answers).toEqual(sourceAnswers)
      const deployable = deployableOf(answers)
      expect(deployable).toContain(true)
      expect(deployable).toContain(false)
    } finally {
      await broker.close()
    }
  })

  it('a second run reads the broker again and adds nothing', async () => {
    const result = await importBroker({ ...into(), fromPactBroker: { url: source.url, progressFile: 'progress.jsonl' } }, ctx())
    const data = result.data as { tables: Tables; requests: { fetched: number; reused: number } }
    // The first run completed, so nothing is reused: everything is read again, and all of it is already there.
    expect(data.requests.reused).toBe(0)
    expect(data.requests.fetched).toBeGreaterThan(20)
    for (const [name, t] of Object.entries(data.tables))
      expect({ name, added: t.added, existing: t.existing }).toEqual({ name, added: 0, existing: t.archived })
  })

  it('a run cut off half-way resumes from its progress file and reads only what it had not', async () => {
    const progressFile = join(work, 'resume.jsonl')
    const handle = await connectDatabase({ url: null, dataDir: 'memory://' })
    try {
      await migrateToLatest(handle.db)
      let calls = 0
      const failing: typeof fetch = (input, init) => {
        if (++calls > 12) return Promise.reject(new Error('connection reset'))
        return fetch(input, init)
      }
      const cut = await importFromPactBroker(handle.db, { baseUrl: source.url, credentials: {}, progressFile, fetch: failing }).then(
        () => null,
        (error: unknown) => error as Error,
      )
      expect(cut?.message).toMatch(/Could not reach the Pact Broker at .*connection reset.*check --from-pact-broker/)
      const kept = (await readFile(progressFile, 'utf8')).trim().split('\n').length
      expect(kept).toBe(12)
      const resumed = await importFromPactBroker(handle.db, { baseUrl: source.url, credentials: {}, progressFile })
      expect(resumed.requests.reused).toBe(12)
      expect(resumed.result.tables.versions!.added).toBe(7)
      expect(resumed.result.tables.verifications!.added).toBe(5)
      expect((await readFile(progressFile, 'utf8')).trim().split('\n').at(-1)).toMatch(/"complete":true/)
    } finally {
      await handle.close()
    }
  })

  it('says what to fix when the URL is not a Pact Broker or refuses the credentials', async () => {
    const refused = await importBroker({ ...into(), fromPactBroker: { url: `${source.url}/nothing-here`, progressFile: 'bad.jsonl' } }, ctx()).then(
      () => null,
      (error: unknown) => error,
    )
    expect(refused).toBeInstanceOf(ExitError)
    expect((refused as Error).message).toMatch(/is .* the base URL of a Pact Broker\?|did not answer with a Pact Broker's HAL index/)
    const closed = await startTestBroker(DATABASES[0]!, { env: { CONCORD_ADMIN_TOKEN: 'admin-secret-0123456789' } })
    try {
      const denied = await importBroker({ ...into(), fromPactBroker: { url: closed.url, token: 'wrong', progressFile: 'denied.jsonl' } }, ctx()).then(
        () => null,
        (error: unknown) => error,
      )
      expect((denied as Error).message).toMatch(/answered 401 .* give credentials that may read it \(--source-token \/ PACT_BROKER_TOKEN/)
      const allowed = await importBroker(
        { ...into(), fromPactBroker: { url: closed.url, token: 'admin-secret-0123456789', progressFile: 'allowed.jsonl' } },
        ctx(),
      )
      expect((allowed.data as { tables: Tables }).tables.environments!.archived).toBe(2)
    } finally {
      await closed.close()
    }
  })
})
