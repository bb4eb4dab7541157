/**
 * Pact queries: pact versions (content), publications, the `latest_pact_publications` head table and
 * integrations. Plain functions over Kysely: no rules, no throws.
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { PactQueryRow } from './contract.js'
import type { PactPublicationRow, PactVersionRow } from './contracts.table.js'

/**
 * Current pacts: the head row of each (consumer version, provider) joined to its publication, content and
 * names. Every read below starts here, so "the pact for a consumer version" always means its latest revision.
 */
function currentPacts(db: Db) {
  return db
    .selectFrom('latest_pact_publications as lpp')
    .innerJoin('pact_publications as pp', 'pp.id', 'lpp.pact_publication_id')
    .innerJoin('pact_versions as pv', 'pv.id', 'pp.pact_version_id')
    .innerJoin('pacticipants as c', 'c.id', 'pp.consumer_id')
    .innerJoin('pacticipants as p', 'p.id', 'pp.provider_id')
    .innerJoin('versions as cv', 'cv.id', 'pp.consumer_version_id')
    .select([
      'pp.id as publication_id',
      'pp.revision_number',
      'pp.consumer_id',
      'c.name as consumer_name',
      'pp.provider_id',
      'p.name as provider_name',
      'pp.consumer_version_id',
      'cv.number as consumer_version_number',
      'pp.pact_version_id',
      'pv.sha',
      'pp.created_at',
    ])
}

export type PactWithContentRow = PactQueryRow & { content: unknown }

/** The current pact of a consumer version for a provider, with its content. */
export async function findCurrentPact(db: Db, consumerVersionId: number, providerId: number): Promise<PactWithContentRow | undefined> {
  return currentPacts(db)
    .select('pv.content')
    .where('lpp.consumer_version_id', '=', consumerVersionId)
    .where('lpp.provider_id', '=', providerId)
    .executeTakeFirst()
}

/**
 * The pact of the latest consumer version (by version order) that has one for this provider, optionally only
 * among consumer versions with a tag or on a branch.
 */
export async function findLatestPact(
  db: Db,
  consumerId: number,
  providerId: number,
  filter: { tag?: string; branch?: string } = {},
): Promise<PactWithContentRow | undefined> {
  let query = currentPacts(db).select('pv.content').where('lpp.consumer_id', '=', consumerId).where('lpp.provider_id', '=', providerId)
  if (filter.tag !== undefined) {
    const tag = filter.tag
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('tags as t').select('t.id').whereRef('t.version_id', '=', 'lpp.consumer_version_id').where('t.name', '=', tag)),
    )
  }
  if (filter.branch !== undefined) {
    const branch = filter.branch
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom('branch_versions as bv').select('bv.id').whereRef('bv.version_id', '=', 'lpp.consumer_version_id').where('bv.branch_name', '=', branch),
      ),
    )
  }
  return query.orderBy('cv.order_key', 'desc').orderBy('cv.id', 'desc').limit(1).executeTakeFirst()
}

/** Every current pact of a consumer version (one per provider), by provider name. */
export async function listCurrentPactsForConsumerVersion(db: Db, consumerVersionId: number): Promise<PactQueryRow[]> {
  return currentPacts(db).where('lpp.consumer_version_id', '=', consumerVersionId).orderBy('p.name').execute()
}

/**
 * The latest pact of each integration (consumer/provider pair), optionally for one provider and/or among
 * consumer versions with a tag or on a branch. `distinct on` keeps the first row per pair in version order.
 */
export async function listLatestPacts(db: Db, filter: { providerId?: number; tag?: string; branch?: string } = {}): Promise<PactQueryRow[]> {
  let query = currentPacts(db)
  if (filter.providerId !== undefined) query = query.where('lpp.provider_id', '=', filter.providerId)
  if (filter.tag !== undefined) {
    const tag = filter.tag
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('tags as t').select('t.id').whereRef('t.version_id', '=', 'lpp.consumer_version_id').where('t.name', '=', tag)),
    )
  }
  if (filter.branch !== undefined) {
    const branch = filter.branch
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom('branch_versions as bv').select('bv.id').whereRef('bv.version_id', '=', 'lpp.consumer_version_id').where('bv.branch_name', '=', branch),
      ),
    )
  }
  const rows = await query
    .distinctOn(['lpp.consumer_id', 'lpp.provider_id'])
    .orderBy('lpp.consumer_id')
    .orderBy('lpp.provider_id')
    .orderBy('cv.order_key', 'desc')
    .orderBy('cv.id', 'desc')
    .execute()
  return rows.sort((a, b) => a.consumer_name.localeCompare(b.consumer_name) || a.provider_name.localeCompare(b.provider_name))
}

/** Every current pact for a provider (all consumer versions), optionally only consumer versions tagged `tag`, optionally of one consumer. */
export async function listPactsForProvider(db: Db, providerId: number, filter: { tag?: string; consumerId?: number } = {}): Promise<PactQueryRow[]> {
  const { tag, consumerId } = filter
  let query = currentPacts(db).where('lpp.provider_id', '=', providerId)
  if (consumerId !== undefined) query = query.where('lpp.consumer_id', '=', consumerId)
  if (tag !== undefined)
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('tags as t').select('t.id').whereRef('t.version_id', '=', 'lpp.consumer_version_id').where('t.name', '=', tag)),
    )
  return query.orderBy('c.name').orderBy('cv.order_key', 'desc').orderBy('cv.id', 'desc').execute()
}

/** Every current pact of a consumer branch for a provider (newest consumer version first). */
export async function listPactsForBranch(db: Db, providerId: number, branch: string, consumerId?: number): Promise<PactQueryRow[]> {
  let query = currentPacts(db)
    .where('lpp.provider_id', '=', providerId)
    .where((eb) =>
      eb.exists(
        eb.selectFrom('branch_versions as bv').select('bv.id').whereRef('bv.version_id', '=', 'lpp.consumer_version_id').where('bv.branch_name', '=', branch),
      ),
    )
  if (consumerId !== undefined) query = query.where('lpp.consumer_id', '=', consumerId)
  return query.orderBy('c.name').orderBy('cv.order_key', 'desc').orderBy('cv.id', 'desc').execute()
}

/** `forKeyShare` holds a key-share lock on the row until the transaction ends (a write referring to it). */
export async function findPactVersionBySha(
  db: Db,
  consumerId: number,
  providerId: number,
  sha: string,
  options: { forKeyShare?: boolean } = {},
): Promise<PactVersionRow | undefined> {
  const query = db.selectFrom('pact_versions').selectAll().where('consumer_id', '=', consumerId).where('provider_id', '=', providerId).where('sha', '=', sha)
  return (options.forKeyShare ? query.forKeyShare() : query).executeTakeFirst()
}

export async function findPactVersionById(db: Db, id: number): Promise<PactVersionRow | undefined> {
  return db.selectFrom('pact_versions').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The latest consumer version (by version order) whose current pact has this content, for links and titles. */
export async function findLatestPactWithPactVersion(db: Db, pactVersionId: number): Promise<PactQueryRow | undefined> {
  return currentPacts(db).where('lpp.pact_version_id', '=', pactVersionId).orderBy('cv.order_key', 'desc').orderBy('cv.id', 'desc').limit(1).executeTakeFirst()
}

/** Every consumer version number whose current pact has this content (newest first). */
export async function listConsumerVersionsWithPactVersion(db: Db, pactVersionId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('latest_pact_publications as lpp')
    .innerJoin('versions as cv', 'cv.id', 'lpp.consumer_version_id')
    .select('cv.number')
    .where('lpp.pact_version_id', '=', pactVersionId)
    .orderBy('cv.order_key', 'desc')
    .orderBy('cv.id', 'desc')
    .execute()
  return rows.map((row) => row.number)
}

/** Inserts the content unless this (consumer, provider, sha) exists; returns the stored row either way. */
export async function upsertPactVersion(
  db: Db,
  row: { consumer_id: number; provider_id: number; sha: string; content: unknown; interactions_count: number; messages_count: number; created_at: Date },
): Promise<PactVersionRow> {
  const inserted = await db
    .insertInto('pact_versions')
    .values({ ...row, content: JSON.stringify(row.content) })
    .onConflict((oc) => oc.columns(['consumer_id', 'provider_id', 'sha']).doNothing())
    .returningAll()
    .executeTakeFirst()
  return inserted ?? (await findPactVersionBySha(db, row.consumer_id, row.provider_id, row.sha))!
}

export async function insertPublication(
  db: Db,
  row: { consumer_id: number; provider_id: number; consumer_version_id: number; pact_version_id: number; revision_number: number; created_at: Date },
): Promise<PactPublicationRow> {
  return db.insertInto('pact_publications').values(row).returningAll().executeTakeFirstOrThrow()
}

/** Points the (consumer version, provider) head at this publication. */
export async function setLatestPublication(db: Db, publication: PactPublicationRow): Promise<void> {
  await db
    .insertInto('latest_pact_publications')
    .values({
      consumer_version_id: publication.consumer_version_id,
      provider_id: publication.provider_id,
      consumer_id: publication.consumer_id,
      pact_publication_id: publication.id,
      pact_version_id: publication.pact_version_id,
      created_at: publication.created_at,
    })
    .onConflict((oc) =>
      oc.columns(['consumer_version_id', 'provider_id']).doUpdateSet({
        pact_publication_id: (eb) => eb.ref('excluded.pact_publication_id'),
        pact_version_id: (eb) => eb.ref('excluded.pact_version_id'),
        created_at: (eb) => eb.ref('excluded.created_at'),
      }),
    )
    .execute()
}

export async function insertIntegration(db: Db, consumerId: number, providerId: number, at: Date): Promise<void> {
  await db
    .insertInto('integrations')
    .values({ consumer_id: consumerId, provider_id: providerId, created_at: at })
    .onConflict((oc) => oc.columns(['consumer_id', 'provider_id']).doNothing())
    .execute()
}

/**
 * Serialises publications for one consumer until the transaction ends. Raw SQL because Kysely has no builder
 * for advisory locks. Why: two concurrent first publications of the same consumer version and provider would
 * both see "no pact yet" and race on the revision number; with the lock the second sees the first's rows.
 */
export async function lockConsumerForPublication(db: Db, consumerName: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${'concord:publish:' + consumerName}))`.execute(db)
}

/**
 * Deletes the pact publications (every revision) of a consumer and provider, optionally only those of one
 * consumer version, of consumer versions with a tag, or on a branch. The head rows go with them (cascade);
 * the pact contents stay, with their verification results, as in the Pact Broker. Returns how many went.
 */
export async function deletePublications(
  db: Db,
  consumerId: number,
  providerId: number,
  filter: { consumerVersionId?: number; tag?: string; branch?: string } = {},
): Promise<number> {
  let query = db.deleteFrom('pact_publications as pp').where('pp.consumer_id', '=', consumerId).where('pp.provider_id', '=', providerId)
  if (filter.consumerVersionId !== undefined) query = query.where('pp.consumer_version_id', '=', filter.consumerVersionId)
  const { tag, branch } = filter
  if (tag !== undefined) {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('tags as t').select('t.id').whereRef('t.version_id', '=', 'pp.consumer_version_id').where('t.name', '=', tag)),
    )
  }
  if (branch !== undefined) {
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom('branch_versions as bv').select('bv.id').whereRef('bv.version_id', '=', 'pp.consumer_version_id').where('bv.branch_name', '=', branch),
      ),
    )
  }
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}

/**
 * Deletes every pact content of a consumer and provider: with them go their publications, head rows,
 * verification results and schema comparisons (cascade). Returns how many contents went.
 */
export async function deletePactVersionsOfPair(db: Db, consumerId: number, providerId: number): Promise<number> {
  const result = await db.deleteFrom('pact_versions').where('consumer_id', '=', consumerId).where('provider_id', '=', providerId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function deleteIntegration(db: Db, consumerId: number, providerId: number): Promise<void> {
  await db.deleteFrom('integrations').where('consumer_id', '=', consumerId).where('provider_id', '=', providerId).execute()
}
