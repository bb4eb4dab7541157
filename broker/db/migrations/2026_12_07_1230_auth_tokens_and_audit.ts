/**
 * Bearer tokens (stored only as a SHA-256 hash of a high-entropy secret) and the audit trail (one row per write
 * request, written in the write's transaction, or per refused write).
 *
 * Frozen in time: imports nothing from broker/<domain> and works on Kysely<any>.
 */
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    // hex SHA-256 of the secret; the secret itself is shown once and never stored.
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    // The first characters of the secret, so a person can tell which token a value is.
    .addColumn('secret_prefix', 'text', (c) => c.notNull())
    // jsonb list of pacticipant names a write may concern; null = any.
    .addColumn('pacticipants', 'jsonb')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'text')
    .execute()
  // A name names one live token; revoked ones keep theirs for the record.
  await db.schema.createIndex('api_tokens_live_name_idx').on('api_tokens').column('name').unique().where(sql.ref('revoked_at'), 'is', null).execute()

  await db.schema
    .createTable('audit_events')
    // The keyset of GET /audit: ids only grow, so `id > cursor` pages in order.
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('type', 'text', (c) => c.notNull())
    // 'accepted' | 'refused' (401/403/429) | 'failed' (any other error)
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('token_uuid', 'text')
    .addColumn('client_address', 'text')
    .addColumn('request_id', 'text')
    .addColumn('method', 'text')
    .addColumn('path', 'text')
    .addColumn('status', 'integer')
    // jsonb list of the pacticipant names the write concerns (filter: ?pacticipant=)
    .addColumn('pacticipants', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute()
  await db.schema.createIndex('audit_events_occurred_at_idx').on('audit_events').columns(['occurred_at', 'id']).execute()
  await db.schema.createIndex('audit_events_actor_idx').on('audit_events').columns(['actor', 'id']).execute()
  await db.schema.createIndex('audit_events_type_idx').on('audit_events').columns(['type', 'id']).execute()
  await sql`create index audit_events_pacticipants_idx on audit_events using gin (pacticipants)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_events').ifExists().execute()
  await db.schema.dropTable('api_tokens').ifExists().execute()
}
