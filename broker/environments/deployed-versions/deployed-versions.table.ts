import type { Generated, Selectable } from 'kysely'

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
