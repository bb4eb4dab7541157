/**
 * @module db/pglite-dialect
 * Runs Kysely's own PostgreSQL dialect on embedded PGlite, so both databases share one SQL compiler and driver.
 *
 * PGlite is a single in-process connection. Kysely's PostgresDriver asks a pool for a connection per query or
 * transaction, so this pool hands out the one connection under a lock: a transaction holds it until it
 * commits, and other queries queue behind it. That is also why code inside a transaction must use the
 * transaction object and never the outer `db` (it would wait for itself).
 */
import type { PGlite } from '@electric-sql/pglite'
import type { PostgresDialect, PostgresPool, PostgresPoolClient } from 'kysely'
import { BrokerPostgresDialect } from './postgres-dialect.js'

/** Kysely reads the affected-row count only for these commands; PGlite reports counts but not the verb. */
function commandOf(sqlText: string): string {
  return (/^\s*(\w+)/.exec(sqlText)?.[1] ?? '').toUpperCase()
}

class PGlitePool implements PostgresPool {
  #queue: Promise<void> = Promise.resolve()

  constructor(private readonly pglite: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void
    const previous = this.#queue
    this.#queue = new Promise<void>((resolve) => (release = resolve))
    await previous
    const pglite = this.pglite
    return {
      async query(sqlText: string, parameters: ReadonlyArray<unknown>) {
        const result = await pglite.query<Record<string, unknown>>(sqlText, parameters as unknown[])
        return { command: commandOf(sqlText) as 'SELECT', rowCount: result.affectedRows ?? result.rows.length, rows: result.rows }
      },
      release,
    } as unknown as PostgresPoolClient
  }

  async end(): Promise<void> {
    await this.#queue
    await this.pglite.close()
  }
}

/** @example new Kysely<Database>({ dialect: createPGliteDialect(await PGlite.create('./data')) }) */
export function createPGliteDialect(pglite: PGlite): PostgresDialect {
  return new BrokerPostgresDialect({ pool: new PGlitePool(pglite) })
}
