/**
 * @module verifications
 * Verification results: a provider version's verdict on one pact version (content), with the test results the
 * verifier sent, why the pact was verified (selectors, pending, WIP from the pact URL's metadata) and the
 * `latest_verifications` head per (pact version, provider version). Domain types.
 */
import type { PactMetadata } from '../contracts/pact-metadata.js'

export interface Verification {
  /** Also the verification number in URLs. */
  id: number
  uuid: string
  pactVersionId: number
  /** The content SHA of the verified pact. */
  sha: string
  consumer: { id: number; name: string }
  provider: { id: number; name: string }
  providerVersion: { id: number; number: string }
  success: boolean
  buildUrl: string | null
  testResults: unknown
  verifiedBy: unknown
  wip: boolean
  pactPending: boolean | null
  /** The selections from the pact URL's metadata segment (`PactMetadata.s`), or null. */
  consumerVersionSelectors: PactMetadata['s'] | null
  createdAt: Date
}

/** The columns verifications.repository.ts selects for a Verification. */
export interface VerificationQueryRow {
  id: number
  uuid: string
  pact_version_id: number
  sha: string
  consumer_id: number
  consumer_name: string
  provider_id: number
  provider_name: string
  provider_version_id: number
  provider_version_number: string
  success: boolean
  build_url: string | null
  test_results: unknown
  verified_by: unknown
  wip: boolean
  pact_pending: boolean | null
  consumer_version_selectors: unknown
  created_at: Date
}

export function toVerification(row: VerificationQueryRow): Verification {
  return {
    id: row.id,
    uuid: row.uuid,
    pactVersionId: row.pact_version_id,
    sha: row.sha,
    consumer: { id: row.consumer_id, name: row.consumer_name },
    provider: { id: row.provider_id, name: row.provider_name },
    providerVersion: { id: row.provider_version_id, number: row.provider_version_number },
    success: row.success,
    buildUrl: row.build_url,
    testResults: row.test_results,
    verifiedBy: row.verified_by,
    wip: row.wip,
    pactPending: row.pact_pending,
    consumerVersionSelectors: (row.consumer_version_selectors as PactMetadata['s']) ?? null,
    createdAt: new Date(row.created_at),
  }
}
