/**
 * Pacticipant queries. Plain functions over Kysely: no rules, no throws.
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { NewPacticipantRow, PacticipantRow, PacticipantRowUpdate } from './pacticipants.table.js'

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
 * The pacticipant named `name`, holding a key-share lock on its row until the transaction ends: a concurrent
 * DELETE of the pacticipant waits for the transaction instead of pulling rows out from under it, while other
 * writers (which also take key-share locks through their foreign keys) are not held up.
 */
export async function findPacticipantByNameForKeyShare(db: Db, name: string): Promise<PacticipantRow | undefined> {
  return db.selectFrom('pacticipants').selectAll().where('name', '=', name).forKeyShare().executeTakeFirst()
}

/** `findPacticipantByNameForKeyShare` for several names in one statement; the rows are locked in id order. */
export async function findPacticipantsByNamesForKeyShare(db: Db, names: string[]): Promise<PacticipantRow[]> {
  if (names.length === 0) return []
  return db.selectFrom('pacticipants').selectAll().where('name', 'in', names).orderBy('id').forKeyShare().execute()
}

/**
 * Locks the pacticipant's row until the transaction ends: serialises the writes to one pacticipant's versions,
 * branches, tags and their head tables. `for no key update`, not `for update`: every insert that references the
 * pacticipant takes a key-share lock for its foreign key, which `for update` would block — a publication holding
 * its consumer's lock and a verification holding its provider's lock then each waited for the other's foreign
 * key check (PostgreSQL's 'deadlock detected'). Undefined when the pacticipant was deleted meanwhile.
 */
export async function lockPacticipant(db: Db, id: number): Promise<PacticipantRow | undefined> {
  return db.selectFrom('pacticipants').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst()
}

export async function updatePacticipant(db: Db, id: number, changes: PacticipantRowUpdate): Promise<PacticipantRow | undefined> {
  return db.updateTable('pacticipants').set(changes).where('id', '=', id).returningAll().executeTakeFirst()
}

export async function listPacticipants(db: Db): Promise<PacticipantRow[]> {
  return db
    .selectFrom('pacticipants')
    .selectAll()
    .orderBy((eb) => eb.fn('lower', ['name']))
    .orderBy('name')
    .execute()
}

/** Inserts unless the name is taken (concurrently or not); undefined when it was. */
export async function insertPacticipant(db: Db, row: NewPacticipantRow): Promise<PacticipantRow | undefined> {
  return db
    .insertInto('pacticipants')
    .values(row)
    .onConflict((oc) => oc.column('name').doNothing())
    .returningAll()
    .executeTakeFirst()
}

/** Escapes LIKE wildcards so a search term matches literally. */
function likeLiteral(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * One page of pacticipants (by lower-cased name), optionally those whose name contains `q` (any case) and those
 * with the label `label`.
 */
export async function listPacticipantsPage(
  db: Db,
  filter: { q?: string; label?: string; offset: number; limit?: number },
): Promise<{ rows: PacticipantRow[]; total: number }> {
  let query = db.selectFrom('pacticipants')
  if (filter.q) query = query.where('name', 'ilike', `%${likeLiteral(filter.q)}%`)
  const label = filter.label
  if (label !== undefined) {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('labels').select('labels.name').whereRef('labels.pacticipant_id', '=', 'pacticipants.id').where('labels.name', '=', label)),
    )
  }
  const counted = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
  let paged = query
    .selectAll()
    .orderBy((eb) => eb.fn('lower', ['name']))
    .orderBy('name')
  if (filter.limit !== undefined) paged = paged.limit(filter.limit).offset(filter.offset)
  const rows = await paged.execute()
  return { rows, total: Number(counted?.n ?? 0) }
}

export async function deletePacticipant(db: Db, id: number): Promise<void> {
  await db.deleteFrom('pacticipants').where('id', '=', id).execute()
}

/**
 * Takes the pacticipants table in `exclusive` mode until the transaction ends: waits for every write that has
 * looked a pacticipant up (their key-share row locks hold the table in `row share`) and holds off new ones, so
 * deleting every pacticipant cannot meet a writer half-way. Reads go on. Raw SQL: Kysely has no builder for it.
 */
export async function lockAllPacticipants(db: Db): Promise<void> {
  await sql`lock table pacticipants in exclusive mode`.execute(db)
}

/** Deletes every pacticipant and, by cascade, everything that belongs to one. Returns how many pacticipants went. */
export async function deleteAllPacticipants(db: Db): Promise<number> {
  return Number((await db.deleteFrom('pacticipants').executeTakeFirst()).numDeletedRows)
}

/** Sets the main branch only when it is still unset; undefined when it was already set. */
export async function setMainBranchIfUnset(db: Db, id: number, branch: string): Promise<PacticipantRow | undefined> {
  return db
    .updateTable('pacticipants')
    .set({ main_branch: branch, updated_at: new Date() })
    .where('id', '=', id)
    .where('main_branch', 'is', null)
    .returningAll()
    .executeTakeFirst()
}
