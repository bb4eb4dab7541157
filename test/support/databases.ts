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

/**
 * A fresh, empty PostgreSQL database on the server of `serverUrl`, named `<prefix>_<pid>_<random>`; `drop()` removes it
 * (connections and all).
 */
export async function createPostgresDatabase(serverUrl: string, prefix = 'concord_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  await admin(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) }
}

function postgres(serverUrl: string): DatabaseFactory {
  return {
    name: 'postgres',
    async create({ migrate = true } = {}) {
      const database = await createPostgresDatabase(serverUrl)
      const handle = await connectDatabase({ url: database.url, dataDir: 'memory://' })
      if (migrate) await migrateToLatest(handle.db)
      return {
        name: 'postgres',
        db: handle.db,
        url: database.url,
        poolStats: handle.poolStats,
        async close() {
          await handle.close()
          await database.drop()
        },
      }
    },
  }
}

/**
 * A database at a given place (a PostgreSQL URL, or PGlite's data directory) that outlives the brokers started on
 * it, for tests that open the same data several times; each `create()` connects and migrates, `close()` disconnects.
 */
export function databaseAt(location: { url: string | null; dataDir: string }): DatabaseFactory {
  const name = location.url ? 'postgres' : 'pglite'
  return {
    name,
    async create() {
      const handle = await connectDatabase(location)
      await migrateToLatest(handle.db)
      return { name, db: handle.db, url: location.url, close: () => handle.close(), poolStats: handle.poolStats }
    },
  }
}

export const DATABASES: DatabaseFactory[] = [pglite, ...(testDatabaseUrl ? [postgres(testDatabaseUrl)] : [])]
