import type { Generated, Selectable } from 'kysely'

/** A label on a pacticipant (primary key: pacticipant and name). */
export interface LabelTable {
  pacticipant_id: number
  name: string
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type LabelRow = Selectable<LabelTable>
