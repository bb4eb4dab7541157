/**
 * Verification queries, including the `latest_verifications` head table. Plain functions over Kysely: no
 * rules, no throws.
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { VerificationQueryRow } from './verification.js'
import type { NewVerificationRow, VerificationRow } from './verifications.table.js'

function verifications(db: Db) {
  return db
    .selectFrom('verifications as v')
    .innerJoin('pact_versions as pv', 'pv.id', 'v.pact_version_id')
    .innerJoin('pacticipants as c', 'c.id', 'v.consumer_id')
    .innerJoin('pacticipants as p', 'p.id', 'v.provider_id')
    .innerJoin('versions as prv', 'prv.id', 'v.provider_version_id')
    .select([
      'v.id',
      'v.uuid',
      'v.pact_version_id',
      'pv.sha',
      'v.consumer_id',
      'c.name as consumer_name',
      'v.provider_id',
      'p.name as provider_name',
      'v.provider_version_id',
      'prv.number as provider_version_number',
      'v.success',
      'v.build_url',
      'v.test_results',
      'v.verified_by',
      'v.wip',
      'v.pact_pending',
      'v.consumer_version_selectors',
      'v.created_at',
    ])
}

export async function insertVerification(db: Db, row: NewVerificationRow): Promise<VerificationRow> {
  return db.insertInto('verifications').values(row).returningAll().executeTakeFirstOrThrow()
}

/**
 * Makes `verification` the latest of its (pact version, provider version) unless a later one (higher id) is
 * already there. One statement, so concurrent results cannot move the head backwards.
 */
export async function advanceLatestVerification(db: Db, verification: VerificationRow): Promise<void> {
  await sql`
    insert into latest_verifications (pact_version_id, provider_version_id, verification_id, provider_id, success, wip)
    values (${verification.pact_version_id}, ${verification.provider_version_id}, ${verification.id}, ${verification.provider_id}, ${verification.success}, ${verification.wip})
    on conflict (pact_version_id, provider_version_id) do update
      set verification_id = excluded.verification_id, success = excluded.success, wip = excluded.wip
      where latest_verifications.verification_id < excluded.verification_id`.execute(db)
}

export async function findVerificationById(db: Db, id: number): Promise<VerificationQueryRow | undefined> {
  return verifications(db).where('v.id', '=', id).executeTakeFirst()
}

/** Deletes one result; its head row, if it was the latest, goes with it (cascade): see `restoreLatestVerification`. */
export async function deleteVerification(db: Db, id: number): Promise<void> {
  await db.deleteFrom('verifications').where('id', '=', id).execute()
}

/** Makes the newest remaining result of a (pact version, provider version) its head again, if it has none. */
export async function restoreLatestVerification(db: Db, pactVersionId: number, providerVersionId: number): Promise<void> {
  await sql`
    insert into latest_verifications (pact_version_id, provider_version_id, verification_id, provider_id, success, wip)
    select pact_version_id, provider_version_id, id, provider_id, success, wip from verifications
    where pact_version_id = ${pactVersionId} and provider_version_id = ${providerVersionId}
    order by id desc limit 1
    on conflict (pact_version_id, provider_version_id) do nothing`.execute(db)
}

/** The most recent verification of a pact version by any provider version. */
export async function findLatestVerificationForPactVersion(db: Db, pactVersionId: number): Promise<VerificationQueryRow | undefined> {
  return verifications(db).where('v.pact_version_id', '=', pactVersionId).orderBy('v.id', 'desc').limit(1).executeTakeFirst()
}

/** Every verification of a pact version, newest first. */
export async function listVerificationsForPactVersion(db: Db, pactVersionId: number): Promise<VerificationQueryRow[]> {
  return verifications(db).where('v.pact_version_id', '=', pactVersionId).orderBy('v.id', 'desc').execute()
}

/** The latest verification of each pact version a provider version verified (from the head table). */
export async function listLatestVerificationsForProviderVersion(db: Db, providerVersionId: number): Promise<VerificationQueryRow[]> {
  return verifications(db)
    .innerJoin('latest_verifications as lv', 'lv.verification_id', 'v.id')
    .where('lv.provider_version_id', '=', providerVersionId)
    .orderBy('c.name')
    .execute()
}

/**
 * Serialises writes to one provider's versions until the transaction ends. Raw SQL because Kysely has no builder
 * for advisory locks. Why: concurrent results for a new provider version each create the version, its branch and
 * maybe the main branch, taking row locks in different orders (pacticipant row vs branch row) and deadlocking
 * on PostgreSQL. The key is the one contracts.repository.ts `lockConsumerForPublication` uses for the same
 * pacticipant, so a publication by and a verification for one pacticipant do not interleave either.
 */
export async function lockPacticipantVersions(db: Db, pacticipantName: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${'concord:publish:' + pacticipantName}))`.execute(db)
}
