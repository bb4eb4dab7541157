/**
 * How many rows a table of the broker's database holds, for tests that check what a request stored (or did not).
 * @example expect(await countRows(broker.deps.db, 'webhooks')).toBe(1)
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../broker/db/database.js'

export async function countRows(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
