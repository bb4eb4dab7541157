/**
 * Webhooks (issue 18): the webhooks themselves, the outbox of deliveries ("triggered webhooks", written in the
 * same transaction as the publication or verification that caused them) and the log of every attempt.
 *
 * Frozen in time: imports nothing from broker/<domain> and works on Kysely<any>.
 */
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    // Scope: a pacticipant by id (the webhook goes with it when it is deleted) or by label; neither = any.
    .addColumn('consumer_id', 'integer', (c) => c.references('pacticipants.id').onDelete('cascade'))
    .addColumn('consumer_label', 'text')
    .addColumn('provider_id', 'integer', (c) => c.references('pacticipants.id').onDelete('cascade'))
    .addColumn('provider_label', 'text')
    // jsonb list of event names.
    .addColumn('events', 'jsonb', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    // jsonb list of {name, value} or {name, encrypted}: secret header values are stored encrypted only.
    .addColumn('headers', 'jsonb', (c) => c.notNull())
    // The body as JSON text (a JSON value: object, string, ...); null = no body.
    .addColumn('body_json', 'text')
    .addColumn('username', 'text')
    .addColumn('password_encrypted', 'text')
    // Per-webhook overrides of the broker's timeout and success statuses; null = the broker's settings.
    .addColumn('timeout_ms', 'integer')
    .addColumn('success_statuses', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('triggered_webhooks')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    // The delivery id, sent as a header so a receiver can de-duplicate.
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('webhook_id', 'integer', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('trigger_type', 'text', (c) => c.notNull())
    .addColumn('consumer_id', 'integer', (c) => c.references('pacticipants.id').onDelete('cascade'))
    .addColumn('provider_id', 'integer', (c) => c.references('pacticipants.id').onDelete('cascade'))
    .addColumn('consumer_version_id', 'integer', (c) => c.references('versions.id').onDelete('cascade'))
    .addColumn('verification_id', 'integer', (c) => c.references('verifications.id').onDelete('cascade'))
    // Every ${pactbroker.*} value, computed in the writer's transaction, so a delivery needs nothing else later.
    .addColumn('params', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('not_run'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A worker's claim: until then no other worker takes the delivery; a crashed worker's claim simply expires.
    .addColumn('lease_until', 'timestamptz')
    .addColumn('lease_token', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  // The workers' claim query: due deliveries that are still to be sent.
  await sql`create index triggered_webhooks_due_idx on triggered_webhooks (next_attempt_at, id) where status in ('not_run', 'retrying')`.execute(db)
  await db.schema.createIndex('triggered_webhooks_consumer_version_idx').on('triggered_webhooks').column('consumer_version_id').execute()
  await db.schema.createIndex('triggered_webhooks_verification_idx').on('triggered_webhooks').column('verification_id').execute()
  await db.schema.createIndex('triggered_webhooks_webhook_idx').on('triggered_webhooks').column('webhook_id').execute()
  await db.schema.createIndex('triggered_webhooks_pair_idx').on('triggered_webhooks').columns(['provider_id', 'consumer_id']).execute()

  await db.schema
    .createTable('webhook_executions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('triggered_webhook_id', 'integer', (c) => c.notNull().references('triggered_webhooks.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('success', 'boolean', (c) => c.notNull())
    .addColumn('request_method', 'text', (c) => c.notNull())
    // Secrets redacted before they are stored.
    .addColumn('request_url', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('logs', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('webhook_executions_triggered_idx').on('webhook_executions').column('triggered_webhook_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_executions').ifExists().execute()
  await db.schema.dropTable('triggered_webhooks').ifExists().execute()
  await db.schema.dropTable('webhooks').ifExists().execute()
}
