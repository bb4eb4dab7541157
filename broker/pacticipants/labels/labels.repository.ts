/**
 * @module pacticipants/labels
 * Queries over `labels`: one row per pacticipant and label name.
 */
import type { Db } from '../../db/database.js'
import type { LabelRow } from './labels.table.js'

/** Inserts the label; undefined when the pacticipant already has it (`on conflict do nothing`, no row lock taken). */
export async function insertLabel(db: Db, pacticipantId: number, name: string): Promise<LabelRow | undefined> {
  return db
    .insertInto('labels')
    .values({ pacticipant_id: pacticipantId, name })
    .onConflict((oc) => oc.columns(['pacticipant_id', 'name']).doNothing())
    .returningAll()
    .executeTakeFirst()
}

export async function findLabel(db: Db, pacticipantId: number, name: string): Promise<LabelRow | undefined> {
  return db.selectFrom('labels').selectAll().where('pacticipant_id', '=', pacticipantId).where('name', '=', name).executeTakeFirst()
}

/** Deletes the label; whether there was one. */
export async function deleteLabel(db: Db, pacticipantId: number, name: string): Promise<boolean> {
  const deleted = await db.deleteFrom('labels').where('pacticipant_id', '=', pacticipantId).where('name', '=', name).executeTakeFirst()
  return Number(deleted.numDeletedRows) > 0
}

/**
 * A pacticipant's label names, in name order (for resources, webhook template parameters and the UI).
 * @example const names = await labelNamesOf(db, pacticipant.id) // ['checkout-team', 'mobile']
 */
export async function labelNamesOf(db: Db, pacticipantId: number): Promise<string[]> {
  const rows = await db.selectFrom('labels').select('name').where('pacticipant_id', '=', pacticipantId).orderBy('name').execute()
  return rows.map((row) => row.name)
}

/** The label names of several pacticipants at once, by pacticipant id (pacticipants without labels are absent). */
export async function labelNamesByPacticipant(db: Db, pacticipantIds: readonly number[]): Promise<Map<number, string[]>> {
  const byId = new Map<number, string[]>()
  if (pacticipantIds.length === 0) return byId
  const rows = await db.selectFrom('labels').select(['pacticipant_id', 'name']).where('pacticipant_id', 'in', pacticipantIds).orderBy('name').execute()
  for (const row of rows) byId.set(row.pacticipant_id, [...(byId.get(row.pacticipant_id) ?? []), row.name])
  return byId
}

/** One page of the distinct label names in use, in name order, and how many there are. */
export async function listLabelNames(db: Db, page: { offset: number; limit?: number }): Promise<{ names: string[]; total: number }> {
  const counted = await db
    .selectFrom('labels')
    .select((eb) => eb.fn.count<number>('name').distinct().as('n'))
    .executeTakeFirst()
  let query = db.selectFrom('labels').select('name').distinct().orderBy('name')
  if (page.limit !== undefined) query = query.limit(page.limit).offset(page.offset)
  const rows = await query.execute()
  return { names: rows.map((row) => row.name), total: Number(counted?.n ?? 0) }
}
