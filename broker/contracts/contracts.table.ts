import type { Generated, Insertable, Selectable } from 'kysely'

/** Pact content, de-duplicated per (consumer, provider) by `sha`. */
export interface PactVersionTable {
  id: Generated<number>
  consumer_id: number
  provider_id: number
  sha: string
  /** The pact JSON (jsonb). Write it with JSON.stringify: `pg` would turn a bare array into a Postgres array. */
  content: unknown
  interactions_count: Generated<number>
  messages_count: Generated<number>
  created_at: Generated<Date>
}
export type PactVersionRow = Selectable<PactVersionTable>
export type NewPactVersionRow = Insertable<PactVersionTable>

/** One publication (revision) of a pact for a consumer version and provider. */
export interface PactPublicationTable {
  id: Generated<number>
  consumer_id: number
  provider_id: number
  consumer_version_id: number
  pact_version_id: number
  revision_number: number
  created_at: Generated<Date>
}
export type PactPublicationRow = Selectable<PactPublicationTable>

/** Head table: the current (latest revision) pact of each (consumer version, provider). */
export interface LatestPactPublicationTable {
  consumer_version_id: number
  provider_id: number
  consumer_id: number
  pact_publication_id: number
  pact_version_id: number
  created_at: Generated<Date>
}
export type LatestPactPublicationRow = Selectable<LatestPactPublicationTable>

export interface IntegrationTable {
  consumer_id: number
  provider_id: number
  created_at: Generated<Date>
}
