/**
 * What a deployed or released version resource shows besides its own row: the pacticipant's name, the version
 * number and the environment. Both repositories join the same three tables under the same aliases (`p`, `v`,
 * `e`) and select these columns, so one list serves both.
 */
export interface PlacementDetails {
  pacticipant_name: string
  version_number: string
  env_uuid: string
  env_name: string
  env_display_name: string | null
  env_production: boolean
  env_contacts: unknown
  env_created_at: Date
  env_updated_at: Date
}

export const PLACEMENT_DETAIL_COLUMNS = [
  'p.name as pacticipant_name',
  'v.number as version_number',
  'e.uuid as env_uuid',
  'e.name as env_name',
  'e.display_name as env_display_name',
  'e.production as env_production',
  'e.contacts as env_contacts',
  'e.created_at as env_created_at',
  'e.updated_at as env_updated_at',
] as const
