/**
 * Pacticipant queries. Plain functions over Kysely: no rules, no throws.
 */
import type { Db } from '../db/database.js'
import type { PacticipantRow, PacticipantRowUpdate } from './pacticipants.table.js'

export async function findPacticipantByName(db: Db, name: string): Promise<PacticipantRow | undefined> {
  return db.selectFrom('pacticipants').selectAll().where('name', '=', name).executeTakeFirst()
}

export async function findPacticipantById(db: Db, id: number): Promise<PacticipantRow | undefined> {
  return db.selectFrom('pacticipants').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findPacticipantsByNames(db: Db, names: string[]): Promise<PacticipantRow[]> {
  if (names.length === 0) return []
  return db.selectFrom('pacticipants').selectAll().where('name', 'in', names).execute()
}

/**
 * Inserts the pacticipant or returns the existing one. Safe under concurrency: a racing insert of the same
 * name waits for the other transaction and then returns its row.
 */
export async function upsertPacticipantByName(db: Db, name: string, versionOrder: 'semver' | 'creation'): Promise<PacticipantRow> {
  return db
    .insertInto('pacticipants')
    .values({ name, version_order: versionOrder })
    .onConflict((oc) => oc.column('name').doUpdateSet({ name: (eb) => eb.ref('excluded.name') }))
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Locks the pacticipant's row until the transaction ends (serialises version creation per pacticipant). */
export async function lockPacticipant(db: Db, id: number): Promise<PacticipantRow | undefined> {
  return db.selectFrom('pacticipants').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function updatePacticipant(db: Db, id: number, changes: PacticipantRowUpdate): Promise<PacticipantRow | undefined> {
  return db.updateTable('pacticipants').set(changes).where('id', '=', id).returningAll().executeTakeFirst()
}

export async function listPacticipants(db: Db): Promise<PacticipantRow[]> {
  return db.selectFrom('pacticipants').selectAll().orderBy((eb) => eb.fn('lower', ['name'])).orderBy('name').execute()
}

export async function deletePacticipant(db: Db, id: number): Promise<void> {
  await db.deleteFrom('pacticipants').where('id', '=', id).execute()
}
