/**
 * @module db/prepared-statements
 * PostgreSQL prepared statements for the statements the broker runs again and again, so that each pooled
 * connection parses and plans them once instead of on every request.
 *
 * Why: with `pg_stat_statements` on, ten publishers on PostgreSQL spent 2.6 ms per publication planning its
 * statements (3,930 ms over 1,526 publications), as much as executing them (2.5 ms); prepared, 0.07 ms. A named
 * statement is parsed and planned on first use; later executions bind and run it, and after five PostgreSQL keeps
 * one generic plan when it costs no more than the custom ones (`plan_cache_mode = auto`).
 *
 * What is prepared: single data statements (select, insert, update, delete, with) once their exact text has been
 * seen twice, up to `limit` texts per pool (each connection holds its own plans, so the limit bounds the server's
 * memory: texts that differ only in the length of an `in (…)` list are separate statements). Utility statements
 * (`begin`, `set`, DDL) and anything with a `;` (several statements, which a prepared statement cannot hold) run
 * as before.
 *
 * Not behind a pooler in transaction mode (`CONCORD_DB_TRANSACTION_POOLING`): a prepared statement belongs to one
 * server connection, and the pooler hands each transaction whichever it has free.
 *
 * A schema change by another broker (a newer replica's migration adding a column) makes PostgreSQL refuse a
 * prepared `select *` whose result columns changed: "cached plan must not change result type". The text is then
 * prepared afresh under a new name: outside a transaction the statement runs again at once; inside one, the
 * transaction is aborted and `inTransaction` runs it again (`isRetryableTransactionFailure`).
 */
import pg from 'pg'

const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i
const TRANSACTION_START = /^\s*(begin|start)\b/i
/** `rollback to savepoint` stays in the transaction. */
const TRANSACTION_END = /^\s*(commit|end|abort|rollback(?!\s+to\b))\b/i
/** How many not-yet-prepared texts are counted at most; the count starts over beyond it. */
const MAX_COUNTED_TEXTS = 1_000

/** The statement names of one pool: a text keeps its name on every connection, so each prepares it once. */
export class PreparedStatementNames {
  readonly #limit: number
  readonly #names = new Map<string, string>()
  readonly #seen = new Map<string, number>()
  #next = 1

  constructor(limit = 256) {
    this.#limit = limit
  }

  /** The name to run `text` under, or undefined to run it unprepared. */
  nameFor(text: string): string | undefined {
    const name = this.#names.get(text)
    if (name !== undefined) return name
    if (this.#names.size >= this.#limit || !DATA_STATEMENT.test(text) || text.includes(';')) return undefined
    if (!this.#seen.has(text)) {
      if (this.#seen.size >= MAX_COUNTED_TEXTS) this.#seen.clear()
      this.#seen.set(text, 1)
      return undefined
    }
    this.#seen.delete(text)
    const named = `concord_${this.#next++}`
    this.#names.set(text, named)
    return named
  }

  /** Gives `text` a new name on its next use (its plan went stale). */
  forget(text: string): void {
    this.#names.delete(text)
    this.#seen.set(text, 1)
  }
}

/** PostgreSQL's refusal to run a prepared statement whose result columns a schema change altered. */
export function isStalePreparedPlan(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change result type')
}

type QueryResult = pg.QueryResult<pg.QueryResultRow>

/**
 * A `pg.Client` class for `new pg.Pool({ Client })` that runs `query(text, values)` (the form Kysely uses) as a
 * named prepared statement when `names` gives the text a name. Every other form of `query` is passed on unchanged.
 */
export function preparingClient(names: PreparedStatementNames): typeof pg.Client {
  return class PreparingClient extends pg.Client {
    /** Between `begin` and `commit`/`rollback`: a failed statement has aborted the transaction, so it cannot run again here. */
    #inTransaction = false

    // @ts-expect-error pg's overloads cannot all be restated; the Promise form is the one taken over here.
    override query(config: unknown, values?: unknown, callback?: unknown): unknown {
      if (typeof config !== 'string' || !Array.isArray(values) || callback !== undefined) {
        return (super.query as (...args: unknown[]) => unknown)(config, values, callback)
      }
      this.#track(config)
      const name = names.nameFor(config)
      if (name === undefined) return super.query(config, values)
      return this.#runPrepared(name, config, values)
    }

    async #runPrepared(name: string, text: string, values: unknown[]): Promise<QueryResult> {
      try {
        return await super.query({ name, text, values })
      } catch (error) {
        if (!isStalePreparedPlan(error)) throw error
        names.forget(text)
        if (this.#inTransaction) throw error
        return super.query(text, values)
      }
    }

    #track(text: string): void {
      if (TRANSACTION_START.test(text)) this.#inTransaction = true
      else if (TRANSACTION_END.test(text)) this.#inTransaction = false
    }
  } as typeof pg.Client
}
