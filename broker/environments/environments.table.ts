import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

export interface EnvironmentTable {
  id: Generated<number>
  uuid: string
  name: string
  display_name: string | null
  production: boolean
  /** jsonb array of contacts, stored as sent; write with JSON.stringify. */
  contacts: unknown
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type EnvironmentRow = Selectable<EnvironmentTable>
export type NewEnvironmentRow = Insertable<EnvironmentTable>
export type EnvironmentRowUpdate = Updateable<EnvironmentTable>
