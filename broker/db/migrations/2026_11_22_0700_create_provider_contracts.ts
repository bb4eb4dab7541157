/**
 * Provider API descriptions (OpenAPI / JSON Schema) per provider version, and the schema-level compatibility
 * results of consumer pacts against them.
 *
 * Frozen in time: imports nothing from broker/<domain>, works on Kysely<any>.
 */
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('provider_contracts')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    // One description per provider version; publishing again replaces it.
    .addColumn('provider_version_id', 'integer', (c) => c.notNull().unique().references('versions.id').onDelete('cascade'))
    // 'oas' (OpenAPI 3.0/3.1) or 'json-schema' (message payloads)
    .addColumn('specification', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    // The text as published (JSON or YAML), so it can be served back unchanged.
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('sha', 'text', (c) => c.notNull())
    // The provider's own test of its description ({success, content, contentType, format, verifier, verifierVersion}).
    .addColumn('self_verification', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('provider_contracts_provider_idx').on('provider_contracts').column('provider_id').execute()

  // One result per (provider contract, pact content): 'compatible' | 'incompatible' | 'unknown'.
  await db.schema
    .createTable('schema_verifications')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('provider_contract_id', 'integer', (c) => c.notNull().references('provider_contracts.id').onDelete('cascade'))
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('provider_version_id', 'integer', (c) => c.notNull().references('versions.id').onDelete('cascade'))
    .addColumn('consumer_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('pact_version_id', 'integer', (c) => c.notNull().references('pact_versions.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('report', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('schema_verifications_contract_pact_unique', ['provider_contract_id', 'pact_version_id'])
    .execute()
  await db.schema
    .createIndex('schema_verifications_pact_provider_version_idx')
    .on('schema_verifications')
    .columns(['pact_version_id', 'provider_version_id'])
    .execute()
  await db.schema.createIndex('schema_verifications_provider_version_idx').on('schema_verifications').column('provider_version_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('schema_verifications').ifExists().execute()
  await db.schema.dropTable('provider_contracts').ifExists().execute()
}
