/**
 * @module db/database
 * The whole database as Kysely sees it: every domain's tables (`<domain>.table.ts`) in one interface, so every
 * repository and the matrix's cross-domain query see the same schema without casts.
 */
import type { Kysely, Transaction } from 'kysely'
import type { AuditEventTable } from '../audit/audit.table.js'
import type { ApiTokenTable } from '../auth/tokens.table.js'
import type { UiSessionTable } from '../auth/sessions.table.js'
import type { DeprecationHistoryTable, DeprecationTable } from '../deprecations/deprecations.table.js'
import type { DeprecationProposalTable } from '../deprecations/proposals/proposals.table.js'
import type { IntegrationTable, LatestPactPublicationTable, PactPublicationTable, PactVersionTable } from '../contracts/contracts.table.js'
import type { DeployedVersionTable } from '../environments/deployed-versions/deployed-versions.table.js'
import type { EnvironmentTable } from '../environments/environments.table.js'
import type { ReleasedVersionTable } from '../environments/released-versions/released-versions.table.js'
import type { LabelTable } from '../pacticipants/labels/labels.table.js'
import type { PacticipantTable } from '../pacticipants/pacticipants.table.js'
import type { ProviderContractTable, SchemaVerificationTable } from '../provider-contracts/provider-contracts.table.js'
import type { LatestVerificationTable, VerificationTable } from '../verifications/verifications.table.js'
import type { TriggeredWebhookTable, WebhookExecutionTable, WebhookTable } from '../webhooks/webhooks.table.js'
import type { BranchHeadTable, BranchTable, BranchVersionTable, TagHeadTable, TagTable, VersionTable } from '../versions/versions.table.js'
import { isStalePreparedPlan } from './prepared-statements.js'

export interface Database {
  pacticipants: PacticipantTable
  labels: LabelTable
  versions: VersionTable
  branches: BranchTable
  branch_versions: BranchVersionTable
  branch_heads: BranchHeadTable
  tags: TagTable
  tag_heads: TagHeadTable
  pact_versions: PactVersionTable
  pact_publications: PactPublicationTable
  latest_pact_publications: LatestPactPublicationTable
  integrations: IntegrationTable
  verifications: VerificationTable
  latest_verifications: LatestVerificationTable
  environments: EnvironmentTable
  deployed_versions: DeployedVersionTable
  released_versions: ReleasedVersionTable
  provider_contracts: ProviderContractTable
  schema_verifications: SchemaVerificationTable
  deprecations: DeprecationTable
  deprecation_history: DeprecationHistoryTable
  deprecation_proposals: DeprecationProposalTable
  webhooks: WebhookTable
  triggered_webhooks: TriggeredWebhookTable
  webhook_executions: WebhookExecutionTable
  api_tokens: ApiTokenTable
  audit_events: AuditEventTable
  ui_sessions: UiSessionTable
}

/**
 * What repositories take: the database or a transaction.
 * Inside a transaction always pass the transaction on: embedded PGlite has a single connection, so a query
 * on the outer `db` while a transaction holds it waits forever.
 */
export type Db = Kysely<Database> | Transaction<Database>

/** PostgreSQL's SQLSTATEs for "try the transaction again": deadlock_detected and serialization_failure. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001'])
const MAX_TRANSACTION_ATTEMPTS = 3

/**
 * Whether PostgreSQL aborted the transaction only because of a concurrent one, or of a schema change that made a
 * prepared statement's plan stale (prepared-statements.ts); running it again is safe.
 */
export function isRetryableTransactionFailure(error: unknown): boolean {
  return RETRYABLE_SQLSTATES.has((error as { code?: unknown } | null)?.code as string) || isStalePreparedPlan(error)
}

/**
 * Runs `work` in a transaction: a new one on a database, or the caller's own when `db` already is one, so
 * services compose (a service called inside another's transaction joins it).
 *
 * A new transaction that PostgreSQL aborts with a deadlock or serialization failure runs again, up to three
 * times in all, after a short random pause. That is a second line only: the writes take their locks in one order
 * (pacticipants, then the pacticipant's version lock, then the rows below; see docs/reliability.md), so a
 * deadlock means a bug to fix, and the retry keeps a client from seeing it as a 500 meanwhile. `work` must
 * therefore only touch the database through `trx` (everything it did is rolled back before the next attempt).
 * @example const env = await inTransaction(db, (trx) => repo.insertEnvironment(trx, row))
 */
export async function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>)
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const hooks = new Map<string, BeforeCommit>()
        beforeCommitHooks.set(trx, hooks)
        const result = await work(trx)
        for (const hook of hooks.values()) await hook(trx)
        return result
      })
    } catch (error) {
      if (attempt >= MAX_TRANSACTION_ATTEMPTS || !isRetryableTransactionFailure(error)) throw error
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt))
    }
  }
}

type BeforeCommit = (trx: Transaction<Database>) => Promise<void>
const beforeCommitHooks = new WeakMap<object, Map<string, BeforeCommit>>()

/**
 * Runs `hook` at the end of the transaction `inTransaction` opened, just before it commits, once per `key`
 * (a later hook with the same key replaces the earlier one). This is how a write and the services it calls
 * leave exactly one audit event, written in the write's own transaction. Returns false when `trx` was not
 * opened by `inTransaction` (the caller then does its work at once).
 * @example if (!beforeCommit(trx, 'audit', flush)) await flush(trx)
 */
export function beforeCommit(trx: Db, key: string, hook: BeforeCommit): boolean {
  const hooks = beforeCommitHooks.get(trx)
  if (!hooks) return false
  hooks.set(key, hook)
  return true
}
