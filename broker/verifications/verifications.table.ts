import type { Generated, Insertable, Selectable } from 'kysely'

export interface VerificationTable {
  /** Also the verification number used in URLs. */
  id: Generated<number>
  uuid: string
  pact_version_id: number
  consumer_id: number
  provider_id: number
  provider_version_id: number
  success: boolean
  build_url: string | null
  /** jsonb; write with JSON.stringify. */
  test_results: unknown
  /** jsonb; write with JSON.stringify. */
  verified_by: unknown
  wip: Generated<boolean>
  pact_pending: boolean | null
  /** jsonb; write with JSON.stringify. */
  consumer_version_selectors: unknown
  created_at: Generated<Date>
}
export type VerificationRow = Selectable<VerificationTable>
export type NewVerificationRow = Insertable<VerificationTable>

/** Head table: the latest verification of each pact content by each provider version. */
export interface LatestVerificationTable {
  pact_version_id: number
  provider_version_id: number
  verification_id: number
  provider_id: number
  success: boolean
  wip: Generated<boolean>
}
