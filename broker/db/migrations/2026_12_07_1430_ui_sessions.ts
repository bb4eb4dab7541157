/**
 * Browser sessions of the UI's sign-in: one row per signed-in browser, shared by every replica on the database.
 * The cookie holds a random secret; the row keeps only its SHA-256, so reading the table gives nobody a session.
 *
 * Frozen in time: imports nothing from broker/<domain> and works on Kysely<any>.
 */
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ui_sessions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    // hex SHA-256 of the cookie's secret
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    // 'token' | 'admin-token' | 'basic'
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_uuid', 'text')
    .addColumn('pacticipants', 'jsonb')
    // For settings credentials (basic users, the admin token): SHA-256 of the cookie's secret and the credential,
    // so a changed password or admin token ends the session without the row holding anything guessable.
    .addColumn('credential_check', 'text')
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('client_address', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('ui_sessions_expires_at_idx').on('ui_sessions').column('expires_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ui_sessions').ifExists().execute()
}
