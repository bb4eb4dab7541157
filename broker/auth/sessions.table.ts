import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** A signed-in browser (the UI's sign-in). Only a hash of the cookie's secret is stored. */
export interface UiSessionTable {
  id: Generated<string>
  secret_hash: string
  /** 'token' | 'admin-token' | 'basic' */
  actor_kind: string
  actor_name: string
  /** 'read' | 'write' | 'admin' */
  role: string
  token_uuid: string | null
  pacticipants: ColumnType<string[] | null, string | null, string | null>
  credential_check: string | null
  csrf_token: string
  client_address: string | null
  created_at: Generated<Date>
  expires_at: Date
}
export type UiSessionRow = Selectable<UiSessionTable>
export type NewUiSessionRow = Insertable<UiSessionTable>
