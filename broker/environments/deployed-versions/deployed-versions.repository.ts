/**
 * Deployed-version queries. Plain functions over Kysely: no rules, no throws. Reads join the version,
 * pacticipant and environment so that one query gives everything a resource shows.
 */
import { sql } from 'kysely'
import type { Db } from '../../db/database.js'
import type { DeployedVersionRow } from './deployed-versions.table.js'
import { PLACEMENT_DETAIL_COLUMNS, type PlacementDetails } from '../placements/placement.js'

export interface DeployedVersionDetailRow extends DeployedVersionRow, PlacementDetails {}

function detailed(db: Db) {
  return db
    .selectFrom('deployed_versions as dv')
    .innerJoin('versions as v', 'v.id', 'dv.version_id')
    .innerJoin('pacticipants as p', 'p.id', 'dv.pacticipant_id')
    .innerJoin('environments as e', 'e.id', 'dv.environment_id')
    .selectAll('dv')
    .select(PLACEMENT_DETAIL_COLUMNS)
}

export async function findDeployedVersionByUuid(db: Db, uuid: string): Promise<DeployedVersionDetailRow | undefined> {
  return detailed(db).where('dv.uuid', '=', uuid).executeTakeFirst()
}

export async function findDeployedVersionById(db: Db, id: number): Promise<DeployedVersionDetailRow | undefined> {
  return detailed(db).where('dv.id', '=', id).executeTakeFirst()
}

/** The current deployment of a pacticipant in an environment for one application instance ('' = none). */
export async function findCurrentDeployment(
  db: Db,
  pacticipantId: number,
  environmentId: number,
  applicationInstance: string,
): Promise<DeployedVersionRow | undefined> {
  return db
    .selectFrom('deployed_versions')
    .selectAll()
    .where('pacticipant_id', '=', pacticipantId)
    .where('environment_id', '=', environmentId)
    .where('application_instance', '=', applicationInstance)
    .where('undeployed_at', 'is', null)
    .executeTakeFirst()
}

/** Currently deployed versions in an environment, optionally of one pacticipant and/or application instance. */
export async function listCurrentDeployments(
  db: Db,
  environmentId: number,
  filter: { pacticipantId?: number; applicationInstance?: string } = {},
): Promise<DeployedVersionDetailRow[]> {
  let query = detailed(db).where('dv.environment_id', '=', environmentId).where('dv.undeployed_at', 'is', null)
  if (filter.pacticipantId !== undefined) query = query.where('dv.pacticipant_id', '=', filter.pacticipantId)
  if (filter.applicationInstance !== undefined) query = query.where('dv.application_instance', '=', filter.applicationInstance)
  return query.orderBy('p.name').orderBy('dv.application_instance').orderBy('dv.id').execute()
}

/** Every deployment (current and past) of a version, oldest first. */
export async function listDeploymentsOfVersion(db: Db, versionId: number): Promise<DeployedVersionDetailRow[]> {
  return detailed(db).where('dv.version_id', '=', versionId).orderBy('dv.id').execute()
}

export async function insertDeployedVersion(
  db: Db,
  row: { uuid: string; version_id: number; pacticipant_id: number; environment_id: number; application_instance: string; created_at: Date },
): Promise<DeployedVersionRow | undefined> {
  // The partial unique index (pacticipant, environment, instance) where undeployed_at is null settles races:
  // a concurrent insert for the same slot does nothing, and the caller reads the winner.
  return db
    .insertInto('deployed_versions')
    .values(row)
    .onConflict((oc) => oc.columns(['pacticipant_id', 'environment_id', 'application_instance']).where('undeployed_at', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst()
}

export async function markUndeployed(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('deployed_versions').set({ undeployed_at: at }).where('id', '=', id).where('undeployed_at', 'is', null).execute()
}

/**
 * A transaction-scoped advisory lock on (pacticipant, environment): concurrent record-deployments of one
 * pacticipant to one environment run one after the other. Released at commit or rollback.
 */
export async function lockDeploymentSlot(db: Db, pacticipantId: number, environmentId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${pacticipantId}::int, ${environmentId}::int)`.execute(db)
}
