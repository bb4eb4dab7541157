/**
 * Brokers behind a real PgBouncer (Debian's `pgbouncer`, `/usr/sbin/pgbouncer`; `.ci/run` installs it) in
 * transaction pooling, where each transaction may get another server connection: two brokers started at once on
 * an empty database migrate once and leave no advisory lock behind, the official CLI's publish / verify /
 * can-i-deploy flow, webhook deliveries claimed with SKIP LOCKED (exactly once with two brokers' workers),
 * `concord clean`'s lock (one runner of two), and the statement timeout set per transaction.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../broker/config.js'
import { connectDatabase } from '../../broker/db/connect.js'
import { inTransaction } from '../../broker/db/database.js'
import { CLEAN_LOCK_KEY } from '../../broker/retention/retention.repository.js'
import { clean } from '../../broker/retention/retention.service.js'
import { type RunningBroker, startBroker } from '../../broker/server.js'
import { systemClock } from '../../broker/shared/clock.js'
import { silentLogger } from '../../broker/shared/logger.js'
import { get, post } from '../support/http.js'
import { pactBrokerCli } from '../support/ui-seed.js'
import { startReceiver, WEBHOOK_TEST_ENV, type Receiver } from '../support/webhook-receiver.js'

const serverUrl = process.env.TEST_DATABASE_URL?.trim()
const PGBOUNCER = '/usr/sbin/pgbouncer'
const FIXTURE = path.resolve('test/fixtures/pacts/web-users.json')

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket()
      socket.once('connect', () => (socket.destroy(), resolve(true)))
      socket.once('error', () => resolve(false))
      socket.connect(port, '127.0.0.1')
    })
    if (open) return
    if (Date.now() > deadline) throw new Error(`pgbouncer did not listen on ${port} within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe.runIf(serverUrl)('brokers behind PgBouncer in transaction pooling', () => {
  const name = `concord_pgbouncer_${process.pid}_${randomBytes(3).toString('hex')}`
  const directUrl = new URL(serverUrl!)
  directUrl.pathname = `/${name}`
  let bouncedUrl: string
  let dir: string
  let pgbouncer: ChildProcess
  let pgbouncerLog = ''
  const brokers: RunningBroker[] = []
  let receiver: Receiver

  const direct = async <T extends pg.QueryResultRow>(statement: string, url = directUrl.toString()) => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      return await client.query<T>(statement)
    } finally {
      await client.end()
    }
  }

  /** Advisory locks held by server connections outside any transaction: session locks nobody will release. */
  const leftoverAdvisoryLocks = async () =>
    (
      await direct<{ n: number }>(`
        select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and a.state = 'idle'`)
    ).rows[0]!.n

  beforeAll(async () => {
    expect(existsSync(PGBOUNCER), `${PGBOUNCER} is missing: apt-get install pgbouncer (.ci/run does)`).toBe(true)
    await direct(`create database ${name}`, serverUrl)
    const server = new URL(serverUrl!)
    const port = await freePort()
    dir = await mkdtemp(path.join(tmpdir(), 'concord-pgbouncer-'))
    await chmod(dir, 0o755)
    await writeFile(
      path.join(dir, 'pgbouncer.ini'),
      [
        '[databases]',
        `${name} = host=${server.hostname} port=${server.port || 5432} dbname=${name}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        'unix_socket_dir =',
        'auth_type = trust',
        `auth_file = ${path.join(dir, 'userlist.txt')}`,
        'pool_mode = transaction',
        // Fewer server connections than the brokers' pools: transactions really do change server connections.
        'default_pool_size = 3',
        'max_client_conn = 200',
        '',
      ].join('\n'),
    )
    await writeFile(path.join(dir, 'userlist.txt'), `"${decodeURIComponent(server.username || 'postgres')}" ""\n`)
    await chmod(path.join(dir, 'pgbouncer.ini'), 0o644)
    await chmod(path.join(dir, 'userlist.txt'), 0o644)
    // PgBouncer refuses to run as root; started as root it drops to the user -u names.
    const asRoot = process.getuid?.() === 0 ? ['-u', 'nobody'] : []
    pgbouncer = spawn(PGBOUNCER, [...asRoot, path.join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'pipe', 'pipe'] })
    pgbouncer.stderr!.on('data', (chunk: Buffer) => (pgbouncerLog += chunk.toString()))
    await waitForPort(port)
    const bounced = new URL(serverUrl!)
    bounced.host = `127.0.0.1:${port}`
    bounced.pathname = `/${name}`
    bouncedUrl = bounced.toString()
    receiver = await startReceiver([200])
  })

  afterAll(async () => {
    await Promise.all(brokers.map((b) => b.close()))
    await receiver?.close()
    if (pgbouncer && pgbouncer.exitCode === null) {
      const exited = new Promise((resolve) => pgbouncer.once('exit', resolve))
      pgbouncer.kill('SIGTERM')
      await exited
    }
    if (dir) await rm(dir, { recursive: true, force: true })
    await direct(`drop database if exists ${name} with (force)`, serverUrl)
  })

  const config = (extra: Record<string, string> = {}) =>
    loadConfig({
      ...WEBHOOK_TEST_ENV,
      DATABASE_URL: bouncedUrl,
      CONCORD_DB_TRANSACTION_POOLING: 'true',
      CONCORD_DB_POOL_SIZE: '4',
      CONCORD_DB_STATEMENT_TIMEOUT_MS: '20000',
      PORT: '0',
      HOST: '127.0.0.1',
      CONCORD_LOG_LEVEL: 'silent',
      ...extra,
    })

  it('two brokers started together on an empty database migrate once, and leave no advisory lock held', async () => {
    brokers.push(...(await Promise.all([startBroker(config(), silentLogger), startBroker(config(), silentLogger)])))
    const { rows } = await direct<{ name: string; n: number }>('select name, count(*)::int as n from kysely_migration group by name')
    expect(rows.length).toBeGreaterThan(3)
    expect(rows.every((r) => r.n === 1)).toBe(true)
    expect(await leftoverAdvisoryLocks()).toBe(0)
    // A third broker migrates (nothing to apply) through the pooler at once: no lock left over to wait for.
    const started = Date.now()
    const third = await startBroker(config(), silentLogger)
    brokers.push(third)
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(pgbouncerLog).not.toMatch(/FATAL|ERROR/)
  })

  it('serves the official CLI flow: publish, deployment, can-i-deploy (no), verification, can-i-deploy (yes)', async () => {
    const [first, second] = brokers
    await pactBrokerCli(first!.url, ['publish', FIXTURE, '--consumer-app-version', '1.0.0', '--branch', 'main'])
    await pactBrokerCli(second!.url, ['create-or-update-version', '--pacticipant', 'users', '--version', '2.0.0', '--branch', 'main'])
    await pactBrokerCli(second!.url, ['record-deployment', '--pacticipant', 'users', '--version', '2.0.0', '--environment', 'production'])
    await expect(pactBrokerCli(first!.url, ['can-i-deploy', '--pacticipant', 'web', '--version', '1.0.0', '--to-environment', 'production'])).rejects.toThrow(
      /Computer says no/,
    )
    const pact = await get(`${second!.url}/pacts/provider/users/consumer/web/version/1.0.0`)
    const results = await post(pact.body._links['pb:publish-verification-results'].href, { success: true, providerApplicationVersion: '2.0.0' })
    expect(results.status).toBe(201)
    expect(await pactBrokerCli(first!.url, ['can-i-deploy', '--pacticipant', 'web', '--version', '1.0.0', '--to-environment', 'production'])).toMatch(
      /Computer says yes/,
    )
    await pactBrokerCli(second!.url, ['record-deployment', '--pacticipant', 'web', '--version', '1.0.0', '--environment', 'production'])
    const deployed = await get(`${first!.url}/pacticipants/web/versions/1.0.0`)
    expect(deployed.status).toBe(200)
  })

  it('delivers each webhook exactly once with several brokers claiming with SKIP LOCKED', async () => {
    const [first, second, third] = brokers
    const hook = await post(`${first!.url}/webhooks`, {
      provider: { name: 'users' },
      events: [{ name: 'contract_published' }],
      request: { method: 'POST', url: receiver.url('/hook?v=${pactbroker.consumerVersionNumber}') },
    })
    expect(hook.status, JSON.stringify(hook.body)).toBe(201)
    const versions = Array.from({ length: 8 }, (_, i) => `1.1.${i}`)
    await Promise.all(
      versions.map((version, i) =>
        pactBrokerCli([first, second, third][i % 3]!.url, ['publish', FIXTURE, '--consumer-app-version', version, '--branch', 'main']),
      ),
    )
    const received = await receiver.waitFor(versions.length, 30_000)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(receiver.requests).toHaveLength(versions.length)
    expect(received.map((r) => r.path).sort()).toEqual(versions.map((v) => `/hook?v=${v}`).sort())
  })

  it("concord clean's transaction-scoped lock works through the pooler: a clean finds it taken, then takes it", async () => {
    const handle = await connectDatabase(config().database)
    const holder = new pg.Client({ connectionString: directUrl.toString() })
    await holder.connect()
    try {
      // Another runner (on another replica) holds the clean's lock in its transaction.
      await holder.query('begin')
      await holder.query('select pg_advisory_xact_lock($1::int, $2::int)', [...CLEAN_LOCK_KEY])
      const blocked = await clean({ db: handle.db, clock: systemClock }, { dryRun: true, limit: 500, maxAgeDays: 0 })
      expect(blocked.ran).toBe(false)
      await holder.query('commit')
      const ran = await clean({ db: handle.db, clock: systemClock }, { dryRun: true, limit: 500, maxAgeDays: 0 })
      expect(ran).toMatchObject({ ran: true, dryRun: true })
      expect(await leftoverAdvisoryLocks()).toBe(0)
    } finally {
      await holder.end()
      await handle.close()
    }
  })

  it('sets the statement timeout in each transaction, not on a session the pooler would hand to another client', async () => {
    const handle = await connectDatabase(config({ CONCORD_DB_STATEMENT_TIMEOUT_MS: '300' }).database)
    try {
      const inside = await Promise.all(
        [1, 2, 3, 4].map(() =>
          inTransaction(handle.db, async (trx) => (await sql<{ statement_timeout: string }>`show statement_timeout`.execute(trx)).rows[0]!),
        ),
      )
      expect(inside.map((r) => r.statement_timeout)).toEqual(['300ms', '300ms', '300ms', '300ms'])
      const outside = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(handle.db)
      expect(outside.rows[0]!.statement_timeout).toBe('0')
      await expect(inTransaction(handle.db, (trx) => sql`select pg_sleep(2)`.execute(trx))).rejects.toMatchObject({ code: '57014' })
    } finally {
      await handle.close()
    }
  })
})
