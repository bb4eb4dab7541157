/**
 * The broker's core schema: pacticipants, versions (with branches, tags and head tables), pact content and
 * publications, verifications, environments, deployments and releases, and integrations.
 *
 * Frozen in time: it imports nothing from broker/<domain> and works on Kysely<any>.
 *
 * Why the head tables: "latest version of a branch", "latest pact for a consumer version" and "latest
 * verification of a pact by a provider version" are asked on every can-i-deploy and for-verification request.
 * Answering them with max() over history gets slower as history grows; the services keep these small tables
 * current on write instead, so reads stay flat.
 */
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pacticipants')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text')
    .addColumn('main_branch', 'text')
    .addColumn('repository_url', 'text')
    .addColumn('repository_name', 'text')
    .addColumn('repository_namespace', 'text')
    // 'semver' or 'creation': how this pacticipant's versions.order_key was computed (see versions.service.ts).
    .addColumn('version_order', 'text', (c) => c.notNull().defaultTo('semver'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('versions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('pacticipant_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('number', 'text', (c) => c.notNull())
    // Byte-ordered sort key: the encoded semver precedence, or '' when the pacticipant orders by creation.
    // "Latest" = highest (order_key, id).
    .addColumn('order_key', sql`text collate "C"`, (c) => c.notNull().defaultTo(''))
    // Whether `number` is a valid semantic version (decides the pacticipant's order in 'auto' mode).
    .addColumn('is_semver', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('build_url', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('versions_pacticipant_number_unique', ['pacticipant_id', 'number'])
    .execute()
  await db.schema.createIndex('versions_order_idx').on('versions').columns(['pacticipant_id', 'order_key', 'id']).execute()

  await db.schema
    .createTable('branches')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('pacticipant_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('branches_pacticipant_name_unique', ['pacticipant_id', 'name'])
    .execute()

  await db.schema
    .createTable('branch_versions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('branch_id', 'integer', (c) => c.notNull().references('branches.id').onDelete('cascade'))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('versions.id').onDelete('cascade'))
    .addColumn('pacticipant_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('branch_name', 'text', (c) => c.notNull())
    .addColumn('auto_created', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('branch_versions_branch_version_unique', ['branch_id', 'version_id'])
    .execute()
  await db.schema.createIndex('branch_versions_version_idx').on('branch_versions').column('version_id').execute()

  // Head table: the latest version (by version order) of each branch.
  await db.schema
    .createTable('branch_heads')
    .addColumn('branch_id', 'integer', (c) => c.primaryKey().references('branches.id').onDelete('cascade'))
    .addColumn('pacticipant_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('branch_name', 'text', (c) => c.notNull())
    .addColumn('version_id', 'integer', (c) => c.notNull().references('versions.id').onDelete('cascade'))
    .execute()
  await db.schema.createIndex('branch_heads_pacticipant_name_idx').on('branch_heads').columns(['pacticipant_id', 'branch_name']).execute()
  await db.schema.createIndex('branch_heads_version_idx').on('branch_heads').column('version_id').execute()

  await db.schema
    .createTable('tags')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('version_id', 'integer', (c) => c.notNull().references('versions.id').onDelete('cascade'))
    .addColumn('pacticipant_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('tags_version_name_unique', ['version_id', 'name'])
    .execute()
  await db.schema.createIndex('tags_pacticipant_name_idx').on('tags').columns(['pacticipant_id', 'name']).execute()

  // Head table: the latest version (by version order) carrying each tag.
  await db.schema
    .createTable('tag_heads')
    .addColumn('pacticipant_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version_id', 'integer', (c) => c.notNull().references('versions.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('tag_heads_pk', ['pacticipant_id', 'name'])
    .execute()

  // Pact content, de-duplicated per (consumer, provider) by the SHA of what affects verification.
  await db.schema
    .createTable('pact_versions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('consumer_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('sha', 'text', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('interactions_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('messages_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('pact_versions_consumer_provider_sha_unique', ['consumer_id', 'provider_id', 'sha'])
    .execute()
  await db.schema.createIndex('pact_versions_provider_idx').on('pact_versions').columns(['provider_id', 'consumer_id']).execute()

  // Every publication of a pact for a consumer version (revision 1, 2, … when modification is allowed).
  await db.schema
    .createTable('pact_publications')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('consumer_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('consumer_version_id', 'integer', (c) => c.notNull().references('versions.id').onDelete('cascade'))
    .addColumn('pact_version_id', 'integer', (c) => c.notNull().references('pact_versions.id').onDelete('cascade'))
    .addColumn('revision_number', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('pact_publications_revision_unique', ['consumer_version_id', 'provider_id', 'revision_number'])
    .execute()
  await db.schema.createIndex('pact_publications_pact_version_idx').on('pact_publications').column('pact_version_id').execute()

  // Head table: the current pact of each (consumer version, provider) — the latest revision.
  await db.schema
    .createTable('latest_pact_publications')
    .addColumn('consumer_version_id', 'integer', (c) => c.notNull().references('versions.id').onDelete('cascade'))
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('consumer_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('pact_publication_id', 'integer', (c) => c.notNull().references('pact_publications.id').onDelete('cascade'))
    .addColumn('pact_version_id', 'integer', (c) => c.notNull().references('pact_versions.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('latest_pact_publications_pk', ['consumer_version_id', 'provider_id'])
    .execute()
  await db.schema.createIndex('latest_pact_publications_pact_version_idx').on('latest_pact_publications').column('pact_version_id').execute()
  await db.schema.createIndex('latest_pact_publications_consumer_provider_idx').on('latest_pact_publications').columns(['consumer_id', 'provider_id']).execute()
  await db.schema.createIndex('latest_pact_publications_provider_idx').on('latest_pact_publications').column('provider_id').execute()

  await db.schema
    .createTable('integrations')
    .addColumn('consumer_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('integrations_pk', ['consumer_id', 'provider_id'])
    .execute()
  await db.schema.createIndex('integrations_provider_idx').on('integrations').column('provider_id').execute()

  // Verification results. `id` doubles as the verification number in URLs.
  await db.schema
    .createTable('verifications')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('pact_version_id', 'integer', (c) => c.notNull().references('pact_versions.id').onDelete('cascade'))
    .addColumn('consumer_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('provider_version_id', 'integer', (c) => c.notNull().references('versions.id').onDelete('cascade'))
    .addColumn('success', 'boolean', (c) => c.notNull())
    .addColumn('build_url', 'text')
    .addColumn('test_results', 'jsonb')
    .addColumn('verified_by', 'jsonb')
    .addColumn('wip', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('pact_pending', 'boolean')
    // The consumer-version selectors from the pact URL's metadata segment, as the verifier echoed them back.
    .addColumn('consumer_version_selectors', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('verifications_pact_version_provider_version_idx')
    .on('verifications')
    .columns(['pact_version_id', 'provider_version_id', 'id'])
    .execute()
  await db.schema.createIndex('verifications_provider_version_idx').on('verifications').column('provider_version_id').execute()

  // Head table: the latest verification of each pact content by each provider version.
  await db.schema
    .createTable('latest_verifications')
    .addColumn('pact_version_id', 'integer', (c) => c.notNull().references('pact_versions.id').onDelete('cascade'))
    .addColumn('provider_version_id', 'integer', (c) => c.notNull().references('versions.id').onDelete('cascade'))
    .addColumn('verification_id', 'integer', (c) => c.notNull().references('verifications.id').onDelete('cascade'))
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('success', 'boolean', (c) => c.notNull())
    .addColumn('wip', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('latest_verifications_pk', ['pact_version_id', 'provider_version_id'])
    .execute()
  await db.schema
    .createIndex('latest_verifications_provider_version_idx')
    .on('latest_verifications')
    .columns(['provider_version_id', 'pact_version_id'])
    .execute()

  await db.schema
    .createTable('environments')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text')
    .addColumn('production', 'boolean', (c) => c.notNull())
    .addColumn('contacts', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('deployed_versions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('version_id', 'integer', (c) => c.notNull().references('versions.id').onDelete('cascade'))
    .addColumn('pacticipant_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('environment_id', 'integer', (c) => c.notNull().references('environments.id').onDelete('cascade'))
    // '' when the deployment names no application instance (so the unique index below can cover it).
    .addColumn('application_instance', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('undeployed_at', 'timestamptz')
    .execute()
  // At most one current deployment per (pacticipant, environment, instance): the database enforces the rule
  // that a new deployment replaces the previous one, even under concurrent record-deployment calls.
  await sql`create unique index deployed_versions_current_unique on deployed_versions (pacticipant_id, environment_id, application_instance) where undeployed_at is null`.execute(
    db,
  )
  await sql`create index deployed_versions_current_env_idx on deployed_versions (environment_id, pacticipant_id) where undeployed_at is null`.execute(db)
  await db.schema.createIndex('deployed_versions_version_idx').on('deployed_versions').column('version_id').execute()

  await db.schema
    .createTable('released_versions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('version_id', 'integer', (c) => c.notNull().references('versions.id').onDelete('cascade'))
    .addColumn('pacticipant_id', 'integer', (c) => c.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('environment_id', 'integer', (c) => c.notNull().references('environments.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('support_ended_at', 'timestamptz')
    .addUniqueConstraint('released_versions_version_environment_unique', ['version_id', 'environment_id'])
    .execute()
  await sql`create index released_versions_supported_env_idx on released_versions (environment_id, pacticipant_id) where support_ended_at is null`.execute(db)

  // Environments every fresh broker has, as the Pact Broker creates them.
  await db
    .insertInto('environments')
    .values([
      { uuid: sql`gen_random_uuid()::text`, name: 'test', display_name: 'Test', production: false },
      { uuid: sql`gen_random_uuid()::text`, name: 'production', display_name: 'Production', production: true },
    ])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'released_versions',
    'deployed_versions',
    'environments',
    'latest_verifications',
    'verifications',
    'integrations',
    'latest_pact_publications',
    'pact_publications',
    'pact_versions',
    'tag_heads',
    'tags',
    'branch_heads',
    'branch_versions',
    'branches',
    'versions',
    'pacticipants',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
