import type { Generated, Insertable, Selectable } from 'kysely'

/** A provider API description (OpenAPI or JSON Schema) for one provider version. */
export interface ProviderContractTable {
  id: Generated<number>
  provider_id: number
  provider_version_id: number
  /** 'oas' | 'json-schema' */
  specification: string
  content_type: string
  /** The description as published (JSON or YAML text). */
  content: string
  sha: string
  /** jsonb: the provider's own test result for its description; write with JSON.stringify. */
  self_verification: unknown
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type ProviderContractRow = Selectable<ProviderContractTable>
export type NewProviderContractRow = Insertable<ProviderContractTable>

/** A consumer pact (content) checked against a provider contract. */
export interface SchemaVerificationTable {
  id: Generated<number>
  provider_contract_id: number
  provider_id: number
  provider_version_id: number
  consumer_id: number
  pact_version_id: number
  /** 'compatible' | 'incompatible' | 'unknown' */
  status: string
  /** jsonb: the CompatibilityReport; write with JSON.stringify. */
  report: unknown
  created_at: Generated<Date>
}
export type SchemaVerificationRow = Selectable<SchemaVerificationTable>
export type NewSchemaVerificationRow = Insertable<SchemaVerificationTable>
