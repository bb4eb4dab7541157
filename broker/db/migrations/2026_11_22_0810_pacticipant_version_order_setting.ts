/**
 * Remembers, per pacticipant, which CONCORD_VERSION_ORDER setting its order keys were computed under, so that a
 * changed setting is noticed on the next use of the pacticipant (and its keys and heads recomputed then) without
 * any start-up job. NULL means "not known": the next use reconciles it.
 *
 * Frozen in time: imports nothing from broker/<domain>.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pacticipants').addColumn('version_order_setting', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pacticipants').dropColumn('version_order_setting').execute()
}
