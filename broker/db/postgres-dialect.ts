/**
 * @module db/postgres-dialect
 * Kysely's PostgreSQL dialect with two changes that keep the broker correct behind a connection pooler in
 * transaction mode (PgBouncer's `pool_mode = transaction`), where a server connection belongs to a client only
 * for one transaction, so nothing may rely on a session:
 *
 * - the migration lock is transaction-scoped. Kysely's own takes a session lock (`pg_advisory_lock`), opens the
 *   migration transaction and unlocks, three round trips that a pooler may send to three server connections:
 *   the lock then stays held on a server connection nobody unlocks, and the next broker's migration waits for it
 *   (Kysely's lock timeout is an hour). Here the lock opens the transaction itself (`begin`, then
 *   `pg_advisory_xact_lock`) and its release commits it, so lock and migrations are one transaction on one server
 *   connection; `migrate.ts` runs the Migrator with `disableTransactions` so it does not nest another;
 * - optional per-transaction settings (`set local …` right after `begin`): what the broker would otherwise set on
 *   each session (the statement timeout), for every transaction it opens.
 *
 * Used on PostgreSQL and on PGlite alike (one dialect, one migration path).
 */
import { type CompiledQuery, type DatabaseConnection, PostgresAdapter, PostgresDialect, type PostgresDialectConfig, PostgresDriver, sql } from 'kysely'
import type { Kysely, TransactionSettings } from 'kysely'

/** Kysely's own migration lock id, so brokers of this version and of earlier ones exclude each other. */
const MIGRATION_LOCK_ID = 3853314791062309107n

class TransactionScopedMigrationLockAdapter extends PostgresAdapter {
  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    await sql`begin`.execute(db)
    await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK_ID)})`.execute(db)
  }

  /** Commits the migrations with the lock; after a failed migration PostgreSQL turns this commit into a rollback. */
  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    await sql`commit`.execute(db)
  }
}

class SettingsPerTransactionDriver extends PostgresDriver {
  readonly #settings: readonly CompiledQuery[]

  constructor(config: PostgresDialectConfig, settings: readonly CompiledQuery[]) {
    super(config)
    this.#settings = settings
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings)
    for (const statement of this.#settings) await connection.executeQuery(statement)
  }
}

export interface BrokerDialectOptions {
  /** `set local` statements each transaction runs first (e.g. `set local statement_timeout = 5000`). */
  transactionSettings?: readonly CompiledQuery[]
}

/**
 * @example new Kysely<Database>({ dialect: new BrokerPostgresDialect({ pool }, { transactionSettings: [CompiledQuery.raw('set local statement_timeout = 5000')] }) })
 */
export class BrokerPostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig
  readonly #options: BrokerDialectOptions

  constructor(config: PostgresDialectConfig, options: BrokerDialectOptions = {}) {
    super(config)
    this.#config = config
    this.#options = options
  }

  override createDriver(): PostgresDriver {
    const settings = this.#options.transactionSettings ?? []
    return settings.length ? new SettingsPerTransactionDriver(this.#config, settings) : new PostgresDriver(this.#config)
  }

  override createAdapter(): PostgresAdapter {
    return new TransactionScopedMigrationLockAdapter()
  }
}
