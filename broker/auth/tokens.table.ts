import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** A bearer token. Only a hash of its secret is stored; revoked tokens stay, for the record. */
export interface ApiTokenTable {
  id: Generated<number>
  uuid: string
  name: string
  /** 'read' | 'write' | 'admin' */
  role: string
  secret_hash: string
  secret_prefix: string
  pacticipants: ColumnType<string[] | null, string | null, string | null>
  expires_at: Date | null
  created_by: string
  created_at: Generated<Date>
  last_used_at: Date | null
  revoked_at: Date | null
  revoked_by: string | null
}
export type ApiTokenRow = Selectable<ApiTokenTable>
export type NewApiTokenRow = Insertable<ApiTokenTable>
