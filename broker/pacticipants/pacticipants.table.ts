import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

export interface PacticipantTable {
  id: Generated<number>
  name: string
  display_name: string | null
  main_branch: string | null
  repository_url: string | null
  repository_name: string | null
  repository_namespace: string | null
  version_order: Generated<'semver' | 'creation'>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type PacticipantRow = Selectable<PacticipantTable>
export type NewPacticipantRow = Insertable<PacticipantTable>
export type PacticipantRowUpdate = Updateable<PacticipantTable>
