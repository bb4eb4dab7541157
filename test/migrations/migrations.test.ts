import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { migrateDownToZero, migrateToLatest } from '../../broker/db/migrate.js'
import { migrations } from '../../broker/db/migrations/index.js'
import { DATABASES } from '../support/databases.js'

async function tables(db: Parameters<typeof migrateToLatest>[0]): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%' order by table_name`.execute(db)
  return rows.map((r) => r.table_name)
}

for (const database of DATABASES) {
  describe(`migrations (${database.name})`, () => {
    it('run up from nothing, down to nothing, and up again', async () => {
      const handle = await database.create({ migrate: false })
      try {
        expect(await migrateToLatest(handle.db)).toEqual(Object.keys(migrations))
        const created = await tables(handle.db)
        expect(created).toContain('pacticipants')
        expect(created).toContain('latest_verifications')
        expect(await migrateToLatest(handle.db)).toEqual([])
        await migrateDownToZero(handle.db)
        expect(await tables(handle.db)).toEqual([])
        await migrateToLatest(handle.db)
        expect(await tables(handle.db)).toEqual(created)
      } finally {
        await handle.close()
      }
    })
  })
}
