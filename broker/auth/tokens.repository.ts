/**
 * Token queries. Plain functions over Kysely: no rules, no throws.
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { ApiTokenRow, NewApiTokenRow } from './tokens.table.js'

export async function insertToken(db: Db, row: NewApiTokenRow): Promise<ApiTokenRow | undefined> {
  // A live token with the same name makes this insert nothing (the partial unique index on name).
  return db
    .insertInto('api_tokens')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst()
}

export async function findTokenBySecretHash(db: Db, secretHash: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst()
}

export async function findToken(db: Db, uuid: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('uuid', '=', uuid).executeTakeFirst()
}

export async function listTokens(db: Db, includeRevoked: boolean): Promise<ApiTokenRow[]> {
  let query = db.selectFrom('api_tokens').selectAll()
  if (!includeRevoked) query = query.where('revoked_at', 'is', null)
  return query.orderBy('created_at').orderBy('id').execute()
}

export async function revokeToken(db: Db, uuid: string, at: Date, by: string): Promise<ApiTokenRow | undefined> {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: at, revoked_by: by })
    .where('uuid', '=', uuid)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/**
 * Sets last_used_at unless it was set less than `resolutionSeconds` ago, so a busy CI token costs one UPDATE a
 * minute, not one per request. One statement: concurrent requests with the same token each take the row lock
 * briefly and the later ones find nothing to do.
 */
export async function touchToken(db: Db, id: number, at: Date, resolutionSeconds: number): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`${at}::timestamptz - make_interval(secs => ${resolutionSeconds})`)]),
    )
    .execute()
}
