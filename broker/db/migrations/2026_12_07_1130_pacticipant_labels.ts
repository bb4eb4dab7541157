/**
 * Pacticipant labels (the Pact Broker's `labels` table): free-form names such as a team or a platform, used to
 * find pacticipants (`/pacticipants/label/{label}`), to filter the UI and to scope webhooks. One row per
 * pacticipant and label; deleting a pacticipant deletes its labels.
 *
 * Frozen in time: imports nothing from broker/<domain>.
 */
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('labels')
    .addColumn('pacticipant_id', 'integer', (col) => col.notNull().references('pacticipants.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('labels_pkey', ['pacticipant_id', 'name'])
    .execute()
  await db.schema.createIndex('labels_name_idx').on('labels').column('name').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('labels').execute()
}
