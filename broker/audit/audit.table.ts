import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** One audit event. Rows are only ever added (nothing in the API updates or deletes them). */
export interface AuditEventTable {
  id: Generated<string>
  uuid: string
  occurred_at: Generated<Date>
  type: string
  outcome: 'accepted' | 'refused' | 'failed'
  actor: string
  actor_kind: string
  token_uuid: string | null
  client_address: string | null
  request_id: string | null
  method: string | null
  path: string | null
  status: number | null
  pacticipants: ColumnType<string[], string, string>
  details: ColumnType<Record<string, unknown>, string, string>
}
export type AuditEventRow = Selectable<AuditEventTable>
export type NewAuditEventRow = Insertable<AuditEventTable>
