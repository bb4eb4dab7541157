/**
 * Deprecation and history queries. Plain functions over Kysely: no rules, no throws.
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { DeprecationHistoryRow, DeprecationRow, DeprecationRowUpdate, NewDeprecationHistoryRow, NewDeprecationRow } from './deprecations.table.js'

export type DeprecationWithProvider = DeprecationRow & { provider_name: string }

function selectWithProvider(db: Db) {
  return db
    .selectFrom('deprecations')
    .innerJoin('pacticipants', 'pacticipants.id', 'deprecations.provider_id')
    .selectAll('deprecations')
    .select('pacticipants.name as provider_name')
}

export async function insertDeprecation(db: Db, row: NewDeprecationRow): Promise<DeprecationRow> {
  return db.insertInto('deprecations').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function updateDeprecation(db: Db, id: number, changes: DeprecationRowUpdate): Promise<DeprecationRow | undefined> {
  return db.updateTable('deprecations').set(changes).where('id', '=', id).returningAll().executeTakeFirst()
}

export async function findDeprecationByUuid(db: Db, uuid: string): Promise<DeprecationWithProvider | undefined> {
  return selectWithProvider(db).where('deprecations.uuid', '=', uuid).executeTakeFirst()
}

/** Locks the row for the rest of the transaction (PATCH/DELETE serialise on it). */
export async function lockDeprecation(db: Db, id: number): Promise<DeprecationRow | undefined> {
  return db.selectFrom('deprecations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** A provider's deprecations, oldest first; withdrawn ones only when asked. */
export async function listDeprecations(db: Db, filter: { providerIds: number[]; includeWithdrawn?: boolean }): Promise<DeprecationWithProvider[]> {
  if (filter.providerIds.length === 0) return []
  let query = selectWithProvider(db).where('deprecations.provider_id', 'in', filter.providerIds)
  if (!filter.includeWithdrawn) query = query.where('deprecations.withdrawn', '=', false)
  return query.orderBy('deprecations.sunset').orderBy('deprecations.id').execute()
}

/**
 * In ONE statement: each live deprecation of `providerId` paired with the content of each of the pact versions
 * `pactVersionIds` (deprecations × pacts; no rows when the provider deprecates nothing). For callers with a
 * per-request statement budget (pacts for verification).
 */
export async function findLiveDeprecationsWithPactContents(
  db: Db,
  providerId: number,
  pactVersionIds: number[],
): Promise<Array<DeprecationWithProvider & { pact_version_id: number; pact_content: unknown }>> {
  const ids = [...new Set(pactVersionIds)]
  if (ids.length === 0) return []
  return selectWithProvider(db)
    .innerJoin('pact_versions', (join) => join.on('pact_versions.id', 'in', ids))
    .select(['pact_versions.id as pact_version_id', 'pact_versions.content as pact_content'])
    .where('deprecations.provider_id', '=', providerId)
    .where('deprecations.withdrawn', '=', false)
    .orderBy('deprecations.sunset')
    .orderBy('deprecations.id')
    .execute()
}

/** Another live deprecation of the same item by the same provider, if any. */
export async function findSameItem(
  db: Db,
  row: Pick<DeprecationRow, 'provider_id' | 'kind' | 'method' | 'path' | 'pointer' | 'location' | 'description'>,
  exceptId?: number,
): Promise<DeprecationRow | undefined> {
  let query = db.selectFrom('deprecations').selectAll().where('provider_id', '=', row.provider_id).where('kind', '=', row.kind).where('withdrawn', '=', false)
  for (const column of ['method', 'path', 'pointer', 'location', 'description'] as const) {
    const value = row[column]
    query = value === null ? query.where(column, 'is', null) : query.where(column, '=', value)
  }
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId)
  return query.executeTakeFirst()
}

export async function insertHistory(db: Db, row: NewDeprecationHistoryRow): Promise<void> {
  await db.insertInto('deprecation_history').values(row).execute()
}

export async function listHistory(db: Db, deprecationId: number): Promise<DeprecationHistoryRow[]> {
  return db.selectFrom('deprecation_history').selectAll().where('deprecation_id', '=', deprecationId).orderBy('id').execute()
}

/**
 * Serialises declarations and edits per provider until the transaction ends, so two concurrent requests for
 * the same item cannot both pass the "already deprecated" check (a transaction-scoped advisory lock: no table
 * is locked, and PGlite has it too).
 */
export async function lockProviderDeprecations(db: Db, providerId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${0x64657072}, ${providerId})`.execute(db)
}

/** The providers that have at least one live (not withdrawn) deprecation. */
export async function listProviderIdsWithLiveDeprecations(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('deprecations').select('provider_id').distinct().where('withdrawn', '=', false).execute()
  return rows.map((row) => row.provider_id)
}
