import pg from 'pg'
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { loadConfig } from '../../broker/config.js'
import { connectDatabase } from '../../broker/db/connect.js'
import { type RunningBroker, startBroker } from '../../broker/server.js'
import { silentLogger } from '../../broker/shared/logger.js'
import { get, post } from '../support/http.js'

const serverUrl = process.env.TEST_DATABASE_URL?.trim()

// Several brokers on one PostgreSQL database, started at the same moment on an empty database.
describe.runIf(serverUrl)('replicas on one PostgreSQL database', () => {
  const name = `concord_replicas_${process.pid}_${randomBytes(3).toString('hex')}`
  const brokers: RunningBroker[] = []
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    try {
      return await client.query(statement)
    } finally {
      await client.end()
    }
  }
  afterAll(async () => {
    await Promise.all(brokers.map((b) => b.close()))
    await admin(`drop database if exists ${name} with (force)`)
  })

  it('migrate once when started together, and serve the same data', async () => {
    await admin(`create database ${name}`)
    const url = new URL(serverUrl!)
    url.pathname = `/${name}`
    const config = loadConfig({ DATABASE_URL: url.toString(), PORT: '0', HOST: '127.0.0.1', CONCORD_LOG_LEVEL: 'silent' })
    brokers.push(...(await Promise.all([startBroker(config, silentLogger), startBroker(config, silentLogger), startBroker(config, silentLogger)])))

    const db = new pg.Client({ connectionString: url.toString() })
    await db.connect()
    try {
      const { rows } = await db.query<{ name: string; n: number }>('select name, count(*)::int as n from kysely_migration group by name')
      expect(rows.length).toBeGreaterThan(3)
      expect(rows.every((r) => r.n === 1)).toBe(true)
    } finally {
      await db.end()
    }
    expect((await post(`${brokers[0]!.url}/environments`, { name: 'replica-check', production: false })).status).toBe(201)
    for (const broker of brokers.slice(1)) {
      const res = await get(`${broker.url}/environments`)
      expect(res.body._embedded.environments.map((e: { name: string }) => e.name)).toContain('replica-check')
    }
  })

  it('applies the pool size and statement timeout settings to every connection', async () => {
    const url = new URL(serverUrl!)
    url.pathname = `/${name}`
    const config = loadConfig({ DATABASE_URL: url.toString(), CONCORD_DB_POOL_SIZE: '2', CONCORD_DB_STATEMENT_TIMEOUT_MS: '300' })
    const handle = await connectDatabase(config.database)
    try {
      const shown = await Promise.all([1, 2, 3].map(() => sql<{ statement_timeout: string }>`show statement_timeout`.execute(handle.db)))
      expect(shown.map((r) => r.rows[0]!.statement_timeout)).toEqual(['300ms', '300ms', '300ms'])
      expect(handle.poolStats!().total).toBe(2)
      await expect(sql`select pg_sleep(2)`.execute(handle.db)).rejects.toMatchObject({ code: '57014' })
    } finally {
      await handle.close()
    }
  })
})
