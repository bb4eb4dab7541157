/**
 * @module db/migrate
 * Runs the static migration list (migrations/index.ts) with Kysely's Migrator.
 */
import { inspect } from 'node:util'
import { type Kysely, type MigrationResultSet, Migrator } from 'kysely'
import { migrations } from './migrations/index.js'

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'MigrationError'
  }
}

/**
 * `disableTransactions`: the dialect's migration lock (db/postgres-dialect.ts) opens the one transaction the
 * migrations run in and takes a transaction-scoped lock in it, so they work through PgBouncer in transaction mode.
 */
function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) }, disableTransactions: true })
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return check(await migrator(db).migrateToLatest())
}

/** Undoes every migration (tests of down-migrations). */
export async function migrateDownToZero(db: Kysely<any>): Promise<string[]> {
  const { NO_MIGRATIONS } = await import('kysely')
  return check(await migrator(db).migrateTo(NO_MIGRATIONS))
}

function check({ error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    throw new MigrationError(`Migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : inspect(error)}`, { cause: error })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
