/**
 * @module retention/repository
 * The queries of a clean: which versions no keep rule protects, row counts per table, and the deletes. Like the
 * matrix repository it reads (and here deletes across) every domain's tables; deleting a version cascades to its
 * publications, verifications, tags, branch versions, deployments and releases (the foreign keys'
 * `on delete cascade`).
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'

/** The tables a clean can shrink, in the order a report lists them. */
export const CLEANED_TABLES = [
  'versions',
  'branch_versions',
  'branches',
  'tags',
  'pact_publications',
  'pact_versions',
  'verifications',
  'deployed_versions',
  'released_versions',
  'provider_contracts',
  'schema_verifications',
] as const
export type CleanedTable = (typeof CLEANED_TABLES)[number]

/** The advisory lock key of a clean (two int4s: 'conc', 'lean'): one runner at a time across replicas. */
export const CLEAN_LOCK_KEY = [0x636f6e63, 0x6c65616e] as const

/** Takes the clean's advisory lock for the transaction; false when another runner holds it. */
export async function tryCleanLock(trx: Db): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${CLEAN_LOCK_KEY[0]}::int, ${CLEAN_LOCK_KEY[1]}::int) as locked`.execute(trx)
  return rows[0]!.locked
}

export async function countRows(trx: Db): Promise<Record<CleanedTable, number>> {
  const selects = CLEANED_TABLES.map((table) => sql`(select count(*)::int from ${sql.table(table)}) as ${sql.ref(table)}`)
  const { rows } = await sql<Record<CleanedTable, number>>`select ${sql.join(selects)}`.execute(trx)
  return rows[0]!
}

/**
 * THE keep rules, as the Pact Broker's clean (lib/pact_broker/db/clean_incremental.rb) plus Concord's own: a
 * version is kept when it is younger than the cutoff, the head of one of its branches, the latest with one of
 * its tags, its pacticipant's latest (by version order, and by creation), currently deployed, currently
 * released (supported), or carries its provider's latest provider contract (what deprecation proposals and
 * schema checks read). Deprecation usage reads deployed, released and branch-head consumer versions: all kept.
 * Returns up to `limit` of the other versions, oldest first.
 */
export async function findDeletableVersionIds(trx: Db, { cutoff, limit }: { cutoff: Date; limit: number }): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select v.id from versions v
    where v.created_at < ${cutoff}
      and not exists (select 1 from branch_heads bh where bh.version_id = v.id)
      and not exists (select 1 from tag_heads th where th.version_id = v.id)
      and not exists (select 1 from deployed_versions d where d.version_id = v.id and d.undeployed_at is null)
      and not exists (select 1 from released_versions r where r.version_id = v.id and r.support_ended_at is null)
      and exists (select 1 from versions later where later.pacticipant_id = v.pacticipant_id and later.order_key > v.order_key)
      and exists (select 1 from versions later where later.pacticipant_id = v.pacticipant_id and later.id > v.id)
      and not exists (
        select 1 from provider_contracts pc
        where pc.provider_version_id = v.id
          and pc.id = (select max(newest.id) from provider_contracts newest where newest.provider_id = pc.provider_id))
    order by v.id
    limit ${limit}`.execute(trx)
  return rows.map((r) => r.id)
}

export async function deleteVersions(trx: Db, ids: number[]): Promise<void> {
  if (ids.length) await trx.deleteFrom('versions').where('id', 'in', ids).execute()
}

/** Pact contents no publication refers to any more (their verifications go with them). */
export async function deleteOrphanPactVersions(trx: Db): Promise<void> {
  await sql`delete from pact_versions pv where not exists (select 1 from pact_publications pp where pp.pact_version_id = pv.id)`.execute(trx)
}

/** Branches left without versions and untouched since the cutoff; a pacticipant's main branch never goes. */
export async function deleteEmptyBranches(trx: Db, cutoff: Date): Promise<void> {
  await sql`
    delete from branches b
    where b.updated_at < ${cutoff}
      and not exists (select 1 from branch_versions bv where bv.branch_id = b.id)
      and b.name is distinct from (select p.main_branch from pacticipants p where p.id = b.pacticipant_id)`.execute(trx)
}
