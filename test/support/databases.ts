/**
 * The databases every database-touching suite runs against: embedded PGlite always, PostgreSQL as well when
 * TEST_DATABASE_URL is set (CI sets it, and refuses to run without it). Each `create()` gives the suite a fresh,
 * migrated, private database, so suites (and several test runs) never share state.
 *
 * @example
 * for (const database of DATABASES) describe(database.name, () => { ... await database.create() ... })
 */
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import pg from 'pg'
import { connectDatabase } from '../../broker/db/connect.js'
import type { Database } from '../../broker/db/database.js'
import { migrateToLatest } from '../../broker/db/migrate.js'

export interface TestDatabase {
  name: 'pglite' | 'postgres'
  db: Kysely<Database>
  /** The connection string of this private database (postgres only). */
  url: string | null
  close(): Promise<void>
  /** The pool's connection counts (postgres only), for the metrics. */
  poolStats?: () => { total: number; idle: number; waiting: number }
}

export interface DatabaseFactory {
  name: 'pglite' | 'postgres'
  create(options?: { migrate?: boolean }): Promise<TestDatabase>
}

const testDatabaseUrl = process.env.TEST_DATABASE_URL?.trim() || null
if (process.env.CI && !testDatabaseUrl) {
  throw new Error('CI must run the PostgreSQL suites: set TEST_DATABASE_URL (see .ci/run)')
}

const pglite: DatabaseFactory = {
  name: 'pglite',
  async create({ migrate = true } = {}) {
    const handle = await connectDatabase({ url: null, dataDir: 'memory://' })
    if (migrate) await migrateToLatest(handle.db)
    return { name: 'pglite', db: handle.db, url: null, close: () => handle.close() }
  },
}

function postgres(serverUrl: string): DatabaseFactory {
  return {
    name: 'postgres',
    async create({ migrate = true } = {}) {
      const name = `concord_test_${process.pid}_${randomBytes(4).toString('hex')}`
      const admin = new pg.Client({ connectionString: serverUrl })
      await admin.connect()
      try {
        await admin.query(`create database ${name}`)
      } finally {
        await admin.end()
      }
      const url = new URL(serverUrl)
      url.pathname = `/${name}`
      const handle = await connectDatabase({ url: url.toString(), dataDir: 'memory://' })
      if (migrate) await migrateToLatest(handle.db)
      return {
        name: 'postgres',
        db: handle.db,
        url: url.toString(),
        poolStats: handle.poolStats,
        async close() {
          await handle.close()
          const dropper = new pg.Client({ connectionString: serverUrl })
          await dropper.connect()
          try {
            await dropper.query(`drop database if exists ${name} with (force)`)
          } finally {
            await dropper.end()
          }
        },
      }
    },
  }
}

export const DATABASES: DatabaseFactory[] = [pglite, ...(testDatabaseUrl ? [postgres(testDatabaseUrl)] : [])]
