/**
 * Environment queries. Plain functions over Kysely: no rules, no throws.
 */
import type { Db } from '../db/database.js'
import type { EnvironmentRow, EnvironmentRowUpdate, NewEnvironmentRow } from './environments.table.js'

export async function findEnvironmentByUuid(db: Db, uuid: string): Promise<EnvironmentRow | undefined> {
  return db.selectFrom('environments').selectAll().where('uuid', '=', uuid).executeTakeFirst()
}

export async function findEnvironmentByName(db: Db, name: string): Promise<EnvironmentRow | undefined> {
  return db.selectFrom('environments').selectAll().where('name', '=', name).executeTakeFirst()
}

export async function listEnvironments(db: Db, filter: { name?: string } = {}): Promise<EnvironmentRow[]> {
  let query = db.selectFrom('environments').selectAll()
  if (filter.name !== undefined) query = query.where('name', '=', filter.name)
  return query
    .orderBy((eb) => eb.fn('lower', [eb.fn.coalesce('display_name', 'name')]))
    .orderBy('name')
    .execute()
}

/** Inserts unless the name is taken (concurrently or not); returns undefined when it was. */
export async function insertEnvironment(db: Db, row: NewEnvironmentRow): Promise<EnvironmentRow | undefined> {
  return db
    .insertInto('environments')
    .values(row)
    .onConflict((oc) => oc.column('name').doNothing())
    .returningAll()
    .executeTakeFirst()
}

export async function updateEnvironment(db: Db, id: number, changes: EnvironmentRowUpdate): Promise<EnvironmentRow | undefined> {
  return db.updateTable('environments').set(changes).where('id', '=', id).returningAll().executeTakeFirst()
}

export async function deleteEnvironment(db: Db, id: number): Promise<void> {
  await db.deleteFrom('environments').where('id', '=', id).execute()
}
