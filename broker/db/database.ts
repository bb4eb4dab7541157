/**
 * @module db/database
 * The whole database as Kysely sees it: every domain's tables in one interface.
 */
import type { Kysely, Transaction } from 'kysely'
import type { IntegrationTable, LatestPactPublicationTable, PactPublicationTable, PactVersionTable } from '../contracts/contracts.table.js'
import type { DeployedVersionTable, EnvironmentTable, ReleasedVersionTable } from '../environments/environments.table.js'
import type { PacticipantTable } from '../pacticipants/pacticipants.table.js'
import type { LatestVerificationTable, VerificationTable } from '../verifications/verifications.table.js'
import type { BranchHeadTable, BranchTable, BranchVersionTable, TagHeadTable, TagTable, VersionTable } from '../versions/versions.table.js'

export interface Database {
  pacticipants: PacticipantTable
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
}

/**
 * What repositories take: the database or a transaction.
 * Inside a transaction always pass the transaction on: embedded PGlite has a single connection, so a query
 * on the outer `db` while a transaction holds it waits forever.
 */
export type Db = Kysely<Database> | Transaction<Database>

/**
 * Runs `work` in a transaction: a new one on a database, or the caller's own when `db` already is one, so
 * services compose (a service called inside another's transaction joins it).
 * @example const env = await inTransaction(db, (trx) => repo.insertEnvironment(trx, row))
 */
export async function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>)
  return (db as Kysely<Database>).transaction().execute(work)
}
