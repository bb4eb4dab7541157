/**
 * @module provider-contracts
 * Provider API descriptions ("provider contracts": OpenAPI 3.0/3.1 or JSON Schema for messages) per provider
 * version, and schema-level compatibility of consumer pacts against them ("schema verifications"), the
 * version-vs-version diff with its semver classification, and the pure comparison engine behind them
 * (description.ts, pact-expectation.ts, compatibility.ts, description-diff.ts). Domain types.
 */
import type { CompatibilityReport, CompatibilityStatus } from './compatibility.js'
import type { ProviderContractWithVersion, SchemaVerificationDetailRow } from './provider-contracts.repository.js'

export type ProviderContractSpecification = 'oas' | 'json-schema'

export interface SelfVerification {
  success: boolean
  /** The verification output, decoded from base64. */
  content: string | null
  contentType: string | null
  format: string | null
  verifier: string | null
  verifierVersion: string | null
}

export interface ProviderContract {
  id: number
  provider: { id: number; name: string }
  version: { id: number; number: string }
  specification: ProviderContractSpecification
  contentType: string
  /** The description as published (JSON or YAML text). */
  content: string
  sha: string
  selfVerification: SelfVerification | null
  createdAt: Date
  updatedAt: Date
}

/** A consumer pact (content) checked against a provider version's description. */
export interface SchemaVerification {
  id: number
  providerContractId: number
  pactVersionId: number
  pactSha: string
  consumer: { id: number; name: string }
  provider: { id: number; name: string }
  providerVersion: { id: number; number: string }
  status: CompatibilityStatus
  /**
   * What the matrix should count: true = compatible, false = incompatible (or the provider's own test of its
   * description failed), null = unknown (never counted as compatible).
   */
  success: boolean | null
  /** The provider's own test of its description, when it published one: true passed, false failed. */
  providerSelfVerified: boolean | null
  report: CompatibilityReport
  createdAt: Date
}

export function toProviderContract(row: ProviderContractWithVersion): ProviderContract {
  return {
    id: row.id,
    provider: { id: row.provider_id, name: row.provider_name },
    version: { id: row.provider_version_id, number: row.version_number },
    specification: row.specification as ProviderContractSpecification,
    contentType: row.content_type,
    content: row.content,
    sha: row.sha,
    selfVerification: (row.self_verification as SelfVerification | null) ?? null,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  }
}

export function successOf(status: CompatibilityStatus): boolean | null {
  return status === 'compatible' ? true : status === 'incompatible' ? false : null
}

export function toSchemaVerification(row: SchemaVerificationDetailRow): SchemaVerification {
  const status = row.status as CompatibilityStatus
  const self = row.self_verification as { success?: unknown } | null
  const selfVerified = self && typeof self.success === 'boolean' ? self.success : null
  return {
    id: row.id,
    providerContractId: row.provider_contract_id,
    pactVersionId: row.pact_version_id,
    pactSha: row.pact_sha,
    consumer: { id: row.consumer_id, name: row.consumer_name },
    provider: { id: row.provider_id, name: row.provider_name },
    providerVersion: { id: row.provider_version_id, number: row.provider_version_number },
    status,
    success: selfVerified === false ? false : successOf(status),
    providerSelfVerified: selfVerified,
    report: row.report as CompatibilityReport,
    createdAt: new Date(row.created_at),
  }
}
