import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Database } from '../../broker/db/database.js'
import { migrateDownToZero, migrateToLatest } from '../../broker/db/migrate.js'
import { migrations } from '../../broker/db/migrations/index.js'
import { DATABASES } from '../support/databases.js'

async function tables(db: Parameters<typeof migrateToLatest>[0]): Promise<string[]> {
  const { rows } = await sql<{
    table_name: string
  }>`select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%' order by table_name`.execute(db)
  return rows.map((r) => r.table_name)
}

// Every key of the Database type, checked by the compiler both ways (a missing or an extra key does not compile).
const DATABASE_TABLES: Record<keyof Database, true> = {
  pacticipants: true,
  labels: true,
  api_tokens: true,
  audit_events: true,
  versions: true,
  branches: true,
  branch_versions: true,
  branch_heads: true,
  tags: true,
  tag_heads: true,
  pact_versions: true,
  pact_publications: true,
  latest_pact_publications: true,
  integrations: true,
  verifications: true,
  latest_verifications: true,
  environments: true,
  deployed_versions: true,
  released_versions: true,
  provider_contracts: true,
  schema_verifications: true,
  deprecations: true,
  deprecation_history: true,
  deprecation_proposals: true,
  webhooks: true,
  triggered_webhooks: true,
  webhook_executions: true,
  ui_sessions: true,
}

for (const database of DATABASES) {
  describe(`migrations (${database.name})`, () => {
    it('create exactly the tables the Database type declares', async () => {
      const handle = await database.create()
      try {
        expect(await tables(handle.db)).toEqual(Object.keys(DATABASE_TABLES).sort())
      } finally {
        await handle.close()
      }
    })

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

describe('a pooled PostgreSQL connection that is killed', () => {
  const postgres = DATABASES.find((d) => d.name === 'postgres')
  it.runIf(postgres)('is reported and replaced instead of crashing the process', async () => {
    const handle = await postgres!.create()
    const { connectDatabase } = await import('../../broker/db/connect.js')
    const failures: Error[] = []
    const second = await connectDatabase({ url: handle.url, dataDir: 'memory://', onConnectionError: (e) => failures.push(e) })
    try {
      await sql`select 1`.execute(second.db)
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(handle.db)
      await expect.poll(() => failures.length).toBeGreaterThan(0)
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(second.db)
      expect(rows[0]?.one).toBe(1)
    } finally {
      await second.close()
      await handle.close()
    }
  })
})

describe('PostgreSQL session settings', () => {
  it('turn JIT compilation off and price random reads as in memory, unless the URL sets them itself', async () => {
    const { sessionSettings } = await import('../../broker/db/connect.js')
    expect(sessionSettings('postgres://u@h:5432/db')).toBe('set jit = off; set random_page_cost = 1.1')
    expect(sessionSettings('postgres://u@h:5432/db?options=-c%20statement_timeout%3D5000')).toBe('set jit = off; set random_page_cost = 1.1')
    expect(sessionSettings('postgres://u@h:5432/db?options=-c%20jit%3Don')).toBe('set random_page_cost = 1.1')
    expect(sessionSettings('postgres://u@h:5432/db?options=-c%20jit%3Don%20-c%20random_page_cost%3D4')).toBeNull()
    expect(sessionSettings('not a url')).toBe('set jit = off; set random_page_cost = 1.1')
  })

  it('are matched on embedded PGlite: random_page_cost 1.1', async () => {
    const handle = await DATABASES.find((d) => d.name === 'pglite')!.create({ migrate: false })
    try {
      const { rows } = await sql<{ cost: string }>`select current_setting('random_page_cost') as cost`.execute(handle.db)
      expect(rows[0]!.cost).toBe('1.1')
    } finally {
      await handle.close()
    }
  })

  const postgres = DATABASES.find((d) => d.name === 'postgres')
  it.runIf(postgres)('reach the server: every pooled connection runs without JIT, with random_page_cost 1.1; the URL can say otherwise', async () => {
    const handle = await postgres!.create({ migrate: false })
    const { connectDatabase } = await import('../../broker/db/connect.js')
    const url = new URL(handle.url!)
    url.searchParams.set('options', '-c jit=on')
    const own = await connectDatabase({ url: url.toString(), dataDir: 'memory://' })
    try {
      // Side by side, so that several connections of the pool answer (each ran the settings first).
      const settingsOf = (db: typeof handle.db) =>
        Promise.all(
          Array.from({ length: 4 }, async () => {
            const { rows } = await sql<{
              jit: string
              cost: string
              pid: number
            }>`select current_setting('jit') as jit, current_setting('random_page_cost') as cost, pg_backend_pid() as pid, pg_sleep(0.05)`.execute(db)
            return rows[0]!
          }),
        )
      const answers = await settingsOf(handle.db)
      expect(new Set(answers.map((a) => a.pid)).size).toBeGreaterThan(1)
      for (const a of answers) expect({ jit: a.jit, cost: a.cost }).toEqual({ jit: 'off', cost: '1.1' })
      for (const a of await settingsOf(own.db)) expect({ jit: a.jit, cost: a.cost }).toEqual({ jit: 'on', cost: '1.1' })
    } finally {
      await own.close()
      await handle.close()
    }
  })
})
