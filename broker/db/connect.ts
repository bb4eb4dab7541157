/**
 * @module db/connect
 * Opens the broker's database: PostgreSQL through `pg` when a URL is given, embedded PGlite otherwise.
 * Same SQL, same Kysely dialect, on both.
 */
import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { CompiledQuery, Kysely } from 'kysely'
import pg from 'pg'
import type { Database } from './database.js'
import { acquireDataDirLock } from './data-dir-lock.js'
import { createPGliteDialect } from './pglite-dialect.js'
import { BrokerPostgresDialect } from './postgres-dialect.js'
import { PreparedStatementNames, preparingClient } from './prepared-statements.js'

export interface DatabaseHandle {
  db: Kysely<Database>
  kind: 'postgres' | 'pglite'
  /** Where the data lives, for the start-up log line (a URL without its password, or a directory). */
  location: string
  close(): Promise<void>
  /** The pool's connection counts (PostgreSQL only: PGlite is one in-process connection), for the metrics. */
  poolStats?: () => { total: number; idle: number; waiting: number }
}

const INT8_OID = 20

/** Redacts the password so the URL can be logged. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'postgres (unparseable URL)'
  }
}

/** The planner settings the broker's sessions use, as `set` statements (PGlite runs the same). */
const PLANNER_SETTINGS = { jit: 'off', random_page_cost: '1.1' } as const

/**
 * What each new PostgreSQL connection of the broker runs first: planner settings for a workload of index
 * look-ups on data that is in memory.
 * - `jit = off`: a statement over hundreds or thousands of ids can pass PostgreSQL's jit_above_cost estimate
 *   while it runs in milliseconds; compiling it then took 230 ms of a 250 ms statement (pacts for verification
 *   over 5,000 pact versions);
 * - `random_page_cost = 1.1` (the default, 4, prices a random read as on a spinning disk): with it, 300 index
 *   probes into a 55,000-row table looked dearer than reading the whole table into a hash, and the planner
 *   switched to sequential scans that grow with history (measured: 4 ms instead of 2 ms for the deployed
 *   consumers' pacts; the same statement at ten times the history chose the probes).
 * `set` statements rather than the startup packet's `options`, which connection poolers such as PgBouncer
 * refuse by default. A setting the URL gives itself (`?options=-c%20jit%3Don`) is left alone.
 * @example sessionSettings('postgres://db/concord') // "set jit = off; set random_page_cost = 1.1"
 */
export function sessionSettings(url: string, statementTimeoutMs = 0): string | null {
  let given = ''
  try {
    given = new URL(url).searchParams.get('options') ?? ''
  } catch {
    // pg reports an unusable URL itself, when it connects.
  }
  const settings: Record<string, string> = { ...PLANNER_SETTINGS, ...(statementTimeoutMs > 0 ? { statement_timeout: String(statementTimeoutMs) } : {}) }
  const statements = Object.entries(settings)
    .filter(([name]) => !new RegExp(`\\b${name}\\s*=`).test(given))
    .map(([name, value]) => `set ${name} = ${value}`)
  return statements.length ? statements.join('; ') : null
}

/**
 * @example const { db, close } = await connectDatabase({ url: null, dataDir: 'memory://' })
 */
export async function connectDatabase(options: {
  url: string | null
  dataDir: string
  /** Most connections in the pool (PostgreSQL; default 10). */
  poolSize?: number
  /** `statement_timeout` of each connection, in ms (PostgreSQL; 0 or absent: none). */
  statementTimeoutMs?: number
  /**
   * Behind a pooler in transaction mode (PgBouncer `pool_mode = transaction`): no session `set` on connect (it
   * would land on whichever server connection the pooler picked, and stay there for its other clients); each
   * transaction the broker opens sets them with `set local` instead; and no prepared statements (they belong to one
   * server connection). See docs/operations.md#pgbouncer.
   */
  transactionPooling?: boolean
  /** Told when an idle pooled connection fails (PostgreSQL restarted, or the connection was killed). */
  onConnectionError?: (error: Error) => void
}): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // Repeated statements are prepared once per connection (prepared-statements.ts), except behind a
      // transaction-mode pooler, which moves a client between server connections.
      ...(options.transactionPooling ? {} : { Client: preparingClient(new PreparedStatementNames()) }),
      // Counts and other int8 values come back as numbers, as PGlite returns them.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID ? (v: string) => Number(v) : (pg.types.getTypeParser(oid, format) as (value: string) => unknown)) as typeof pg.types.getTypeParser,
      },
    })
    // Without a listener, an error on an idle pooled connection is an unhandled 'error' event that ends the
    // process. The pool drops the broken connection and opens a new one for the next query.
    pool.on('error', (error) => options.onConnectionError?.(error))
    const settings = sessionSettings(options.url, options.statementTimeoutMs)
    const perTransaction = options.transactionPooling && settings ? [CompiledQuery.raw(settings.replaceAll('set ', 'set local '))] : []
    // Runs before the connection's first query (a client runs its queries in order).
    if (settings && !options.transactionPooling) {
      pool.on('connect', (client) => void client.query(settings).catch((error: Error) => options.onConnectionError?.(error)))
    }
    const db = new Kysely<Database>({ dialect: new BrokerPostgresDialect({ pool }, { transactionSettings: perTransaction }) })
    return {
      db,
      kind: 'postgres',
      location: describeDatabaseUrl(options.url),
      close: () => db.destroy(),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    }
  }
  const inMemory = options.dataDir === 'memory://'
  if (!inMemory) await mkdir(options.dataDir, { recursive: true })
  // PGlite has a single writer: a second broker on the same directory must not start (data-dir-lock.ts).
  const lock = inMemory ? null : acquireDataDirLock(options.dataDir)
  try {
    const pglite = await PGlite.create(inMemory ? undefined : options.dataDir)
    // The same planner cost as the PostgreSQL sessions (sessionSettings), so both choose the same plans. PGlite has
    // one session and no JIT.
    await pglite.exec(`set random_page_cost = ${PLANNER_SETTINGS.random_page_cost}`)
    const db = new Kysely<Database>({ dialect: createPGliteDialect(pglite) })
    return {
      db,
      kind: 'pglite',
      location: inMemory ? 'in memory' : options.dataDir,
      close: async () => {
        try {
          await db.destroy()
        } finally {
          lock?.release()
        }
      },
    }
  } catch (error) {
    lock?.release()
    throw error
  }
}
