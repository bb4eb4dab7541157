import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

/** Deprecation proposals: one row per item a provider's signals name (see proposal.ts). */
export interface DeprecationProposalTable {
  id: Generated<number>
  uuid: string
  provider_id: number
  /** kind, method, path, location and pointer joined (itemKey): unique per provider. */
  item_key: string
  /** 'operation' | 'field' */
  kind: string
  method: string
  path: string
  pointer: string | null
  /** 'response' | 'request' | 'query' for fields; null otherwise. */
  location: string | null
  /** jsonb string lists / [{ consumer, interaction }] */
  sources: unknown
  observed_paths: unknown
  provider_versions: unknown
  seen_by: unknown
  deprecated_at: Date | null
  /** YYYY-MM-DD (UTC). */
  sunset: string | null
  link: string | null
  report_count: Generated<number>
  /** 'open' | 'accepted' | 'dismissed' */
  status: Generated<string>
  deprecation_id: number | null
  decided_by: string | null
  decided_at: Date | null
  dismiss_reason: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type DeprecationProposalRow = Selectable<DeprecationProposalTable>
export type NewDeprecationProposalRow = Insertable<DeprecationProposalTable>
export type DeprecationProposalRowUpdate = Updateable<DeprecationProposalTable>
