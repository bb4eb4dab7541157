import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

export interface VersionTable {
  id: Generated<number>
  pacticipant_id: number
  number: string
  order_key: Generated<string>
  is_semver: Generated<boolean>
  build_url: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type VersionRow = Selectable<VersionTable>
export type NewVersionRow = Insertable<VersionTable>
export type VersionRowUpdate = Updateable<VersionTable>

export interface BranchTable {
  id: Generated<number>
  pacticipant_id: number
  name: string
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type BranchRow = Selectable<BranchTable>

export interface BranchVersionTable {
  id: Generated<number>
  branch_id: number
  version_id: number
  pacticipant_id: number
  branch_name: string
  auto_created: Generated<boolean>
  created_at: Generated<Date>
}
export type BranchVersionRow = Selectable<BranchVersionTable>

/** Head table: the latest version of each branch, kept current by versions.service. */
export interface BranchHeadTable {
  branch_id: number
  pacticipant_id: number
  branch_name: string
  version_id: number
}

export interface TagTable {
  id: Generated<number>
  version_id: number
  pacticipant_id: number
  name: string
  created_at: Generated<Date>
}
export type TagRow = Selectable<TagTable>

/** Head table: the latest version carrying each tag, kept current by versions.service. */
export interface TagHeadTable {
  pacticipant_id: number
  name: string
  version_id: number
}
