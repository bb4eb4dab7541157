/**
 * Deprecation timelines: what each provider retires (operation, field or message), its deprecated-in version,
 * sunset date and removed-in version, and an append-only history of every change (who, what, when).
 *
 * Frozen in time: imports nothing from broker/<domain> and works on Kysely<any>.
 */
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deprecations')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('method', 'text')
    .addColumn('path', 'text')
    .addColumn('pointer', 'text')
    .addColumn('location', 'text')
    .addColumn('description', 'text')
    .addColumn('deprecated_in', 'text', (c) => c.notNull())
    // A calendar date (YYYY-MM-DD, UTC) kept as text so no driver turns it into a local-midnight timestamp.
    .addColumn('sunset', 'text', (c) => c.notNull())
    .addColumn('removed_in', 'text')
    .addColumn('replacement', 'text')
    .addColumn('reason', 'text')
    .addColumn('link', 'text')
    .addColumn('withdrawn', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('deprecations_provider_idx').on('deprecations').columns(['provider_id', 'id']).execute()

  await db.schema
    .createTable('deprecation_history')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('deprecation_id', 'integer', (c) => c.notNull().references('deprecations.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('changes', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('deprecation_history_deprecation_idx').on('deprecation_history').columns(['deprecation_id', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('deprecation_history').ifExists().execute()
  await db.schema.dropTable('deprecations').ifExists().execute()
}
