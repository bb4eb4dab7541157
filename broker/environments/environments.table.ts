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

export interface DeployedVersionTable {
  id: Generated<number>
  uuid: string
  version_id: number
  pacticipant_id: number
  environment_id: number
  /** '' when no application instance was named. */
  application_instance: Generated<string>
  created_at: Generated<Date>
  undeployed_at: Date | null
}
export type DeployedVersionRow = Selectable<DeployedVersionTable>

export interface ReleasedVersionTable {
  id: Generated<number>
  uuid: string
  version_id: number
  pacticipant_id: number
  environment_id: number
  created_at: Generated<Date>
  support_ended_at: Date | null
}
export type ReleasedVersionRow = Selectable<ReleasedVersionTable>
