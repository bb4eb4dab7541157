/**
 * Indexes the matrix needs that the core schema lacks: "versions of pacticipants P on branch B" (can-i-deploy
 * with `q[][branch]` or `mainBranch` without `latest`) reads branch_versions by (pacticipant, branch name).
 *
 * Frozen in time: imports nothing from broker/<domain>.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('branch_versions_pacticipant_branch_idx')
    .ifNotExists()
    .on('branch_versions')
    .columns(['pacticipant_id', 'branch_name', 'version_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('branch_versions_pacticipant_branch_idx').ifExists().execute()
}
