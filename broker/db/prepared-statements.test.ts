import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresDatabase } from '../../test/support/databases.js'
import { connectDatabase, type DatabaseHandle } from './connect.js'
import { inTransaction } from './database.js'
import { PreparedStatementNames } from './prepared-statements.js'

describe('PreparedStatementNames', () => {
  it('names a data statement the second time its text is seen, and keeps the name', () => {
    const names = new PreparedStatementNames()
    const text = 'select * from versions where id = $1'
    expect(names.nameFor(text)).toBeUndefined()
    const name = names.nameFor(text)
    expect(name).toMatch(/^concord_\d+$/)
    expect(names.nameFor(text)).toBe(name)
    expect(names.nameFor('select * from versions where id = $2')).toBeUndefined()
  })

  it('never names utility statements or several statements in one text', () => {
    const names = new PreparedStatementNames()
    for (const text of ['begin', 'commit', 'set local statement_timeout = 5000', 'create table t (id int)', 'select 1; select 2']) {
      names.nameFor(text)
      expect(names.nameFor(text), text).toBeUndefined()
    }
  })

  it('stops naming at its limit, and a forgotten text gets a new name', () => {
    const names = new PreparedStatementNames(2)
    const named = ['select $1::int', 'select $1::text', 'select $1::bigint'].map((text) => (names.nameFor(text), names.nameFor(text)))
    expect(named.slice(0, 2).every((name) => name !== undefined)).toBe(true)
    expect(named[2]).toBeUndefined()
    names.forget('select $1::int')
    names.nameFor('select $1::int')
    const renamed = names.nameFor('select $1::int')
    expect(renamed).toBeDefined()
    expect(renamed).not.toBe(named[0])
  })
})

const serverUrl = process.env.TEST_DATABASE_URL?.trim()

describe.runIf(serverUrl)('prepared statements on PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> }
  let handle: DatabaseHandle

  beforeAll(async () => {
    database = await createPostgresDatabase(serverUrl!, 'concord_prepared')
    // One connection, so every statement below meets the same session's prepared statements.
    handle = await connectDatabase({ url: database.url, dataDir: 'memory://', poolSize: 1 })
    await sql`create table things (id int primary key, name text)`.execute(handle.db)
    await sql`insert into things values (1, 'one'), (2, 'two')`.execute(handle.db)
  })
  afterAll(async () => {
    await handle?.close()
    await database?.drop()
  })

  const preparedStatements = async () =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(handle.db)).rows.map((row) => row.statement)

  it('prepares a repeated statement once on the connection and answers as before', async () => {
    const find = (id: number) =>
      handle.db
        .selectFrom('things' as never)
        .selectAll()
        .where('id' as never, '=', id as never)
        .executeTakeFirst()
    expect(await find(1)).toEqual({ id: 1, name: 'one' })
    expect(await find(2)).toEqual({ id: 2, name: 'two' })
    expect(await find(1)).toEqual({ id: 1, name: 'one' })
    expect((await preparedStatements()).filter((text) => text.includes('from "things"'))).toHaveLength(1)
  })

  it('runs a statement again when a schema change made its prepared plan stale, outside and inside a transaction', async () => {
    const all = () => sql<Record<string, unknown>>`select * from things where id = ${1}`.execute(handle.db)
    await all()
    await all()
    await sql`alter table things add column colour text`.execute(handle.db)
    // Outside a transaction: prepared afresh and run again at once.
    expect((await all()).rows).toEqual([{ id: 1, name: 'one', colour: null }])
    await all() // prepared again, under its new name
    await sql`alter table things add column size int`.execute(handle.db)
    // Inside one: PostgreSQL aborts the transaction, and inTransaction runs it again.
    let attempts = 0
    const rows = await inTransaction(handle.db, async (trx) => {
      attempts++
      return (await sql<Record<string, unknown>>`select * from things where id = ${1}`.execute(trx)).rows
    })
    expect(rows).toEqual([{ id: 1, name: 'one', colour: null, size: null }])
    expect(attempts).toBe(2)
  })

  it('prepares nothing behind a transaction-mode pooler', async () => {
    const pooled = await connectDatabase({ url: database.url, dataDir: 'memory://', poolSize: 1, transactionPooling: true })
    try {
      for (let i = 0; i < 3; i++) await sql`select name from things where id = ${1}`.execute(pooled.db)
      const { rows } = await sql<{ count: number }>`select count(*)::int as count from pg_prepared_statements`.execute(pooled.db)
      expect(rows[0]!.count).toBe(0)
    } finally {
      await pooled.close()
    }
  })
})
