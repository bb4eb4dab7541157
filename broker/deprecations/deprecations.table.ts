import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

export interface DeprecationTable {
  id: Generated<number>
  uuid: string
  provider_id: number
  /** 'operation' | 'field' | 'message' */
  kind: string
  method: string | null
  path: string | null
  pointer: string | null
  /** 'response' | 'request' | 'query' for fields; null otherwise. */
  location: string | null
  description: string | null
  deprecated_in: string
  /** YYYY-MM-DD (UTC). Kept as text: a SQL `date` would come back as a local-midnight Date. */
  sunset: string
  removed_in: string | null
  replacement: string | null
  reason: string | null
  link: string | null
  withdrawn: Generated<boolean>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type DeprecationRow = Selectable<DeprecationTable>
export type NewDeprecationRow = Insertable<DeprecationTable>
export type DeprecationRowUpdate = Updateable<DeprecationTable>

/** Who changed what on a deprecation, and when. Rows are only ever added. */
export interface DeprecationHistoryTable {
  id: Generated<number>
  deprecation_id: number
  /** 'created' | 'updated' | 'withdrawn' | 'restored' */
  action: string
  actor: string
  /** jsonb: [{ field, from, to }] for the fields that changed (every field given, on 'created'). */
  changes: unknown
  created_at: Generated<Date>
}
export type DeprecationHistoryRow = Selectable<DeprecationHistoryTable>
export type NewDeprecationHistoryRow = Insertable<DeprecationHistoryTable>
