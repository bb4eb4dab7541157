/** Queries of the browser sessions (ui_sessions); no rules here. */
import type { Db } from '../db/database.js'
import type { NewUiSessionRow, UiSessionRow } from './sessions.table.js'

export async function insertSession(db: Db, row: NewUiSessionRow): Promise<UiSessionRow> {
  return db.insertInto('ui_sessions').values(row).returningAll().executeTakeFirstOrThrow()
}

/** The live session with this secret hash, with the state of its token (kind 'token') for the live check. */
export async function findLiveSession(db: Db, secretHash: string, now: Date) {
  return db
    .selectFrom('ui_sessions as s')
    .leftJoin('api_tokens as t', 't.uuid', 's.token_uuid')
    .selectAll('s')
    .select(['t.revoked_at as token_revoked_at', 't.expires_at as token_expires_at', 't.id as token_id'])
    .where('s.secret_hash', '=', secretHash)
    .where('s.expires_at', '>', now)
    .executeTakeFirst()
}

export async function deleteSession(db: Db, secretHash: string): Promise<UiSessionRow | undefined> {
  return db.deleteFrom('ui_sessions').where('secret_hash', '=', secretHash).returningAll().executeTakeFirst()
}

/** Drops expired sessions (called at each sign-in, so the table holds live sessions and few others). */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('ui_sessions').where('expires_at', '<=', now).execute()
}
