/**
 * Provider contract and schema verification queries. Plain functions over Kysely: no rules, no throws.
 *
 * `findPactContents` reads pact_versions read-only by id: the contracts service has no by-id content lookup.
 */
import type { Db } from '../db/database.js'
import type { NewProviderContractRow, NewSchemaVerificationRow, ProviderContractRow, SchemaVerificationRow } from './provider-contracts.table.js'

export type ProviderContractWithVersion = ProviderContractRow & { provider_name: string; version_number: string; version_order_key: string }

function contractsQuery(db: Db) {
  return db
    .selectFrom('provider_contracts as pc')
    .innerJoin('pacticipants as p', 'p.id', 'pc.provider_id')
    .innerJoin('versions as v', 'v.id', 'pc.provider_version_id')
    .selectAll('pc')
    .select(['p.name as provider_name', 'v.number as version_number', 'v.order_key as version_order_key'])
}

/** Inserts or replaces the description of a provider version. */
export async function upsertProviderContract(db: Db, row: NewProviderContractRow): Promise<{ row: ProviderContractRow; changed: boolean }> {
  const existing = await db.selectFrom('provider_contracts').selectAll().where('provider_version_id', '=', row.provider_version_id).executeTakeFirst()
  if (existing && existing.sha === row.sha && JSON.stringify(existing.self_verification) === (row.self_verification ?? 'null'))
    return { row: existing, changed: false }
  const saved = await db
    .insertInto('provider_contracts')
    .values(row)
    .onConflict((oc) =>
      oc.column('provider_version_id').doUpdateSet((eb) => ({
        specification: eb.ref('excluded.specification'),
        content_type: eb.ref('excluded.content_type'),
        content: eb.ref('excluded.content'),
        sha: eb.ref('excluded.sha'),
        self_verification: eb.ref('excluded.self_verification'),
        updated_at: new Date(),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
  return { row: saved, changed: !existing || existing.sha !== row.sha }
}

export async function findProviderContractByVersion(db: Db, providerVersionId: number): Promise<ProviderContractWithVersion | undefined> {
  return contractsQuery(db).where('pc.provider_version_id', '=', providerVersionId).executeTakeFirst()
}

/** Every provider contract of a provider, latest version first. */
export async function listProviderContracts(db: Db, providerId: number): Promise<ProviderContractWithVersion[]> {
  return contractsQuery(db).where('pc.provider_id', '=', providerId).orderBy('v.order_key', 'desc').orderBy('v.id', 'desc').execute()
}

export async function listProviderContractsForVersions(db: Db, providerVersionIds: number[]): Promise<ProviderContractWithVersion[]> {
  if (!providerVersionIds.length) return []
  return contractsQuery(db).where('pc.provider_version_id', 'in', providerVersionIds).execute()
}

/** Which of these provider versions have a provider contract, without the (possibly large) descriptions. */
export async function listProviderContractVersions(
  db: Db,
  providerVersionIds: number[],
): Promise<{ id: number; provider_version_id: number; version_number: string; version_order_key: string }[]> {
  if (!providerVersionIds.length) return []
  return db
    .selectFrom('provider_contracts as pc')
    .innerJoin('versions as v', 'v.id', 'pc.provider_version_id')
    .select(['pc.id', 'pc.provider_version_id', 'v.number as version_number', 'v.order_key as version_order_key'])
    .where('pc.provider_version_id', 'in', providerVersionIds)
    .execute()
}

export async function deleteSchemaVerificationsOf(db: Db, providerContractId: number): Promise<void> {
  await db.deleteFrom('schema_verifications').where('provider_contract_id', '=', providerContractId).execute()
}

export async function upsertSchemaVerification(db: Db, row: NewSchemaVerificationRow): Promise<SchemaVerificationRow> {
  return db
    .insertInto('schema_verifications')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['provider_contract_id', 'pact_version_id'])
        .doUpdateSet((eb) => ({ status: eb.ref('excluded.status'), report: eb.ref('excluded.report'), created_at: new Date() })),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

export type SchemaVerificationDetailRow = SchemaVerificationRow & {
  consumer_name: string
  provider_name: string
  provider_version_number: string
  pact_sha: string
  self_verification: unknown
}

function verificationsQuery(db: Db) {
  return db
    .selectFrom('schema_verifications as sv')
    .innerJoin('pacticipants as c', 'c.id', 'sv.consumer_id')
    .innerJoin('pacticipants as p', 'p.id', 'sv.provider_id')
    .innerJoin('versions as v', 'v.id', 'sv.provider_version_id')
    .innerJoin('pact_versions as pv', 'pv.id', 'sv.pact_version_id')
    .innerJoin('provider_contracts as pc', 'pc.id', 'sv.provider_contract_id')
    .selectAll('sv')
    .select(['c.name as consumer_name', 'p.name as provider_name', 'v.number as provider_version_number', 'pv.sha as pact_sha', 'pc.self_verification'])
}

export async function listSchemaVerificationsForProviderVersion(db: Db, providerVersionId: number): Promise<SchemaVerificationDetailRow[]> {
  return verificationsQuery(db).where('sv.provider_version_id', '=', providerVersionId).orderBy('c.name').orderBy('sv.id').execute()
}

export async function findSchemaVerifications(db: Db, pactVersionIds: number[], providerVersionIds: number[]): Promise<SchemaVerificationDetailRow[]> {
  if (!pactVersionIds.length || !providerVersionIds.length) return []
  return verificationsQuery(db).where('sv.pact_version_id', 'in', pactVersionIds).where('sv.provider_version_id', 'in', providerVersionIds).execute()
}

export interface PactContentRow {
  id: number
  sha: string
  consumer_id: number
  consumer_name: string
  provider_id: number
  content: unknown
}

/** Pact contents by id (read-only; see the module comment). */
export async function findPactContents(db: Db, pactVersionIds: number[]): Promise<PactContentRow[]> {
  if (!pactVersionIds.length) return []
  return db
    .selectFrom('pact_versions as pv')
    .innerJoin('pacticipants as c', 'c.id', 'pv.consumer_id')
    .select(['pv.id', 'pv.sha', 'pv.consumer_id', 'c.name as consumer_name', 'pv.provider_id', 'pv.content'])
    .where('pv.id', 'in', pactVersionIds)
    .execute()
}
