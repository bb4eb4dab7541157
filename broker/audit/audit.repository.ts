/**
 * Audit queries. Plain functions over Kysely: no rules, no throws.
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { AuditEventRow, NewAuditEventRow } from './audit.table.js'

export async function insertAuditEvent(db: Db, row: NewAuditEventRow): Promise<void> {
  await db.insertInto('audit_events').values(row).execute()
}

export interface AuditFilter {
  since?: Date | undefined
  until?: Date | undefined
  actor?: string | undefined
  pacticipant?: string | undefined
  type?: string | undefined
  outcome?: string | undefined
  /** Keyset: only events after (ascending) or before (descending) this id. */
  afterId?: string | undefined
  descending: boolean
  limit: number
}

export async function findAuditEventId(db: Db, uuid: string): Promise<string | undefined> {
  const row = await db.selectFrom('audit_events').select('id').where('uuid', '=', uuid).executeTakeFirst()
  return row?.id
}

/** Events matching `filter` in id order (the order they were written), one page of `limit`. */
export async function listAuditEvents(db: Db, filter: AuditFilter): Promise<AuditEventRow[]> {
  let query = db.selectFrom('audit_events').selectAll()
  if (filter.since) query = query.where('occurred_at', '>=', filter.since)
  if (filter.until) query = query.where('occurred_at', '<', filter.until)
  if (filter.actor) query = query.where('actor', '=', filter.actor)
  if (filter.type) query = query.where('type', '=', filter.type)
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome as AuditEventRow['outcome'])
  // jsonb containment uses the GIN index on pacticipants.
  if (filter.pacticipant) query = query.where(sql<boolean>`pacticipants @> ${JSON.stringify([filter.pacticipant])}::jsonb`)
  if (filter.afterId) query = query.where('id', filter.descending ? '<' : '>', filter.afterId)
  return query
    .orderBy('id', filter.descending ? 'desc' : 'asc')
    .limit(filter.limit)
    .execute()
}
