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
  /** The CONCORD_VERSION_ORDER setting the order keys were last computed under; null = unknown (reconcile on next use). */
  version_order_setting: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type PacticipantRow = Selectable<PacticipantTable>
export type NewPacticipantRow = Insertable<PacticipantTable>
export type PacticipantRowUpdate = Updateable<PacticipantTable>
