/**
 * Released-version queries. Plain functions over Kysely: no rules, no throws. Reads join the version,
 * pacticipant and environment so that one query gives everything a resource shows.
 */
import type { Db } from '../../db/database.js'
import type { ReleasedVersionRow } from './released-versions.table.js'
import { PLACEMENT_DETAIL_COLUMNS, type PlacementDetails } from '../placements/placement.js'

export interface ReleasedVersionDetailRow extends ReleasedVersionRow, PlacementDetails {}

function detailed(db: Db) {
  return db
    .selectFrom('released_versions as rv')
    .innerJoin('versions as v', 'v.id', 'rv.version_id')
    .innerJoin('pacticipants as p', 'p.id', 'rv.pacticipant_id')
    .innerJoin('environments as e', 'e.id', 'rv.environment_id')
    .selectAll('rv')
    .select(PLACEMENT_DETAIL_COLUMNS)
}

export async function findReleasedVersionByUuid(db: Db, uuid: string): Promise<ReleasedVersionDetailRow | undefined> {
  return detailed(db).where('rv.uuid', '=', uuid).executeTakeFirst()
}

export async function findReleasedVersionById(db: Db, id: number): Promise<ReleasedVersionDetailRow | undefined> {
  return detailed(db).where('rv.id', '=', id).executeTakeFirst()
}

/** Releases still supported in an environment, optionally of one pacticipant and/or version number. */
export async function listCurrentReleases(
  db: Db,
  environmentId: number,
  filter: { pacticipantId?: number; versionNumber?: string } = {},
): Promise<ReleasedVersionDetailRow[]> {
  let query = detailed(db).where('rv.environment_id', '=', environmentId).where('rv.support_ended_at', 'is', null)
  if (filter.pacticipantId !== undefined) query = query.where('rv.pacticipant_id', '=', filter.pacticipantId)
  if (filter.versionNumber !== undefined) query = query.where('v.number', '=', filter.versionNumber)
  return query.orderBy('p.name').orderBy('v.order_key').orderBy('v.id').execute()
}

/** Every release (supported or not) of a version, oldest first. */
export async function listReleasesOfVersion(db: Db, versionId: number): Promise<ReleasedVersionDetailRow[]> {
  return detailed(db).where('rv.version_id', '=', versionId).orderBy('rv.id').execute()
}

/**
 * Inserts the release of a version in an environment, or marks the existing one supported again.
 * One statement, so concurrent calls neither fail nor duplicate; `created` tells which happened.
 */
export async function upsertReleasedVersion(
  db: Db,
  row: { uuid: string; version_id: number; pacticipant_id: number; environment_id: number; created_at: Date },
): Promise<{ id: number; created: boolean }> {
  const result = await db
    .insertInto('released_versions')
    .values({ ...row, support_ended_at: null })
    .onConflict((oc) => oc.columns(['version_id', 'environment_id']).doUpdateSet({ support_ended_at: null }))
    .returning(['id', 'uuid'])
    .executeTakeFirstOrThrow()
  return { id: result.id, created: result.uuid === row.uuid }
}

export async function markSupportEnded(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('released_versions').set({ support_ended_at: at }).where('id', '=', id).where('support_ended_at', 'is', null).execute()
}
