import type { Generated, Selectable } from 'kysely'

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
