/**
 * @module integrations
 * Integrations seen whole, for people: each consumer → provider pair with its latest pact, the latest
 * verification of that pact and its status, and where each side is deployed or released now. Read-only; it is
 * what the dashboard and the dependency map show (the Pact Broker's `index` and `integrations` services).
 *
 * This file: domain types and the status rule. No I/O.
 */

/**
 * - verified: the latest verification of the latest pact passed;
 * - failed: it failed;
 * - pending: it failed, but the pact was pending for that provider (the failure did not fail the provider's build);
 * - unverified: nobody has verified the latest pact's content yet.
 */
export type VerificationStatus = 'verified' | 'failed' | 'pending' | 'unverified'

export const VERIFICATION_STATUSES: readonly VerificationStatus[] = ['failed', 'unverified', 'pending', 'verified']

export interface LatestVerification {
  id: number
  success: boolean
  pactPending: boolean | null
  providerVersion: string
  verifiedAt: Date
}

export interface Placement {
  pacticipantId: number
  pacticipant: string
  environment: string
  environmentUuid: string
  production: boolean
  version: string
  kind: 'deployed' | 'released'
  at: Date
}

/** A deployment or release, current or past. */
export interface PlacementEvent extends Placement {
  /** When it was undeployed (or replaced) or its support ended; null while current. */
  endedAt: Date | null
}

export interface IntegrationSummary {
  consumer: { id: number; name: string }
  provider: { id: number; name: string }
  latestPact: { consumerVersion: string; sha: string; publishedAt: Date }
  verification: LatestVerification | null
  status: VerificationStatus
  /** Environments each side is deployed to or released in now ("production", "staging"), by name. */
  consumerEnvironments: string[]
  providerEnvironments: string[]
  /** Live deprecated items of the provider that some placed version of the consumer still uses. */
  deprecatedItemsInUse: number
}

/** What the dashboard searches by: each given field narrows the integrations. */
export interface IntegrationsFilter {
  /** The consumer's or the provider's name contains this, in any case. */
  q?: string
  /** Only integrations with this status (a string that is no status matches none). */
  status?: string
  /** Only integrations whose consumer or provider has this label (a team, say). */
  label?: string
}

export interface IntegrationCounts {
  total: number
  /** How many the filter matches. */
  matching: number
  byStatus: Record<VerificationStatus, number>
  usingDeprecated: number
  /** Failing, using deprecated items, or unverified (needsAttention). */
  needingAttention: number
}

/** One page of integrations (integrations.service.ts integrationsPage). */
export interface IntegrationsPage {
  counts: IntegrationCounts
  /** The page shown (1-based; the last when the one asked for is past it) and how many there are. */
  page: number
  pages: number
  rows: IntegrationSummary[]
}

/** Every integration and every service, for the dependency map (integrations.service.ts integrationGraph). */
export interface IntegrationGraph {
  /** Services in an integration or deployed or released somewhere, by id. */
  nodes: { id: number; name: string; environments: string[]; labels: string[] }[]
  /** Consumer → provider pairs (ids) by consumer then provider id, with the status of the latest pact. */
  edges: { consumer: number; provider: number; status: VerificationStatus }[]
  /** Equal when, and only when, the nodes and edges are equal. */
  fingerprint: string
}

/** @example verificationStatus({ success: false, pactPending: true }) // 'pending' */
export function verificationStatus(verification: Pick<LatestVerification, 'success' | 'pactPending'> | null): VerificationStatus {
  if (!verification) return 'unverified'
  if (verification.success) return 'verified'
  return verification.pactPending ? 'pending' : 'failed'
}

/**
 * How urgently an integration needs someone: failing first, then deprecated items in use, then unverified,
 * pending, and verified last. Lower comes first.
 */
export function attentionRank(summary: Pick<IntegrationSummary, 'status' | 'deprecatedItemsInUse'>): number {
  if (summary.status === 'failed') return 0
  if (summary.deprecatedItemsInUse > 0) return 1
  return { unverified: 2, pending: 3, verified: 4, failed: 0 }[summary.status]
}

/** Whether an integration belongs in "needs attention". */
export function needsAttention(summary: Pick<IntegrationSummary, 'status' | 'deprecatedItemsInUse'>): boolean {
  return attentionRank(summary) < 3
}
