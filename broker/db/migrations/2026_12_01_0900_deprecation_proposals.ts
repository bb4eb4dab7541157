/**
 * Deprecation proposals: items a provider's own signals say are going away — `Deprecation` / `Sunset` response
 * headers seen while its pacts were verified, or `deprecated: true` in the OpenAPI description it published —
 * waiting for the provider team to accept them (they become deprecations) or dismiss them.
 *
 * Frozen in time: imports nothing from broker/<domain> and works on Kysely<any>.
 */
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deprecation_proposals')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    // One proposal per item: kind, method, path template, location and pointer joined, so repeated reports
    // of the same item update it instead of piling up.
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('pointer', 'text')
    .addColumn('location', 'text')
    // jsonb lists: the sources ('headers', 'openapi'), the concrete request paths seen, the provider versions
    // that reported it, and the consumer interactions that saw it.
    .addColumn('sources', 'jsonb', (c) => c.notNull())
    .addColumn('observed_paths', 'jsonb', (c) => c.notNull())
    .addColumn('provider_versions', 'jsonb', (c) => c.notNull())
    .addColumn('seen_by', 'jsonb', (c) => c.notNull())
    .addColumn('deprecated_at', 'timestamptz')
    // A calendar date (YYYY-MM-DD, UTC) kept as text, as in deprecations.
    .addColumn('sunset', 'text')
    .addColumn('link', 'text')
    .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('deprecation_id', 'integer', (c) => c.references('deprecations.id').onDelete('set null'))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('dismiss_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('deprecation_proposals_item_idx').on('deprecation_proposals').columns(['provider_id', 'item_key']).unique().execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('deprecation_proposals').ifExists().execute()
}
