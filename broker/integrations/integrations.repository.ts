/**
 * Integration overview queries. Plain functions over Kysely: no rules, no throws.
 *
 * Like the matrix repository, these read across domains' tables (verifications, versions, deployed and
 * released versions) on purpose: the overview of every integration must be a handful of statements, not a few
 * per integration, to stay fast with thousands of them.
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'

export interface LatestVerificationRow {
  pact_version_id: number
  id: number
  success: boolean
  pact_pending: boolean | null
  provider_version_number: string
  created_at: Date
}

/** The most recent verification of each of the pact versions (by any provider version), in one statement. */
export async function listLatestVerificationsOfPactVersions(db: Db, pactVersionIds: number[]): Promise<LatestVerificationRow[]> {
  const ids = [...new Set(pactVersionIds)]
  if (ids.length === 0) return []
  return db
    .selectFrom('verifications as v')
    .innerJoin('versions as prv', 'prv.id', 'v.provider_version_id')
    .select(['v.pact_version_id', 'v.id', 'v.success', 'v.pact_pending', 'prv.number as provider_version_number', 'v.created_at'])
    .where('v.pact_version_id', 'in', ids)
    .distinctOn('v.pact_version_id')
    .orderBy('v.pact_version_id')
    .orderBy('v.id', 'desc')
    .execute()
}

export interface PlacementRow {
  pacticipant_id: number
  pacticipant_name: string
  environment: string
  environment_uuid: string
  production: boolean
  version_number: string
  kind: 'deployed' | 'released'
  at: Date
}

/** Every version deployed (not undeployed) or released (still supported) now, in every environment. */
export async function listCurrentPlacements(db: Db): Promise<PlacementRow[]> {
  const deployed = db
    .selectFrom('deployed_versions as dv')
    .innerJoin('versions as v', 'v.id', 'dv.version_id')
    .innerJoin('pacticipants as p', 'p.id', 'dv.pacticipant_id')
    .innerJoin('environments as e', 'e.id', 'dv.environment_id')
    .where('dv.undeployed_at', 'is', null)
    .select([
      'dv.pacticipant_id',
      'p.name as pacticipant_name',
      'e.name as environment',
      'e.uuid as environment_uuid',
      'e.production',
      'v.number as version_number',
      sql<'deployed' | 'released'>`'deployed'`.as('kind'),
      'dv.created_at as at',
    ])
  const released = db
    .selectFrom('released_versions as rv')
    .innerJoin('versions as v', 'v.id', 'rv.version_id')
    .innerJoin('pacticipants as p', 'p.id', 'rv.pacticipant_id')
    .innerJoin('environments as e', 'e.id', 'rv.environment_id')
    .where('rv.support_ended_at', 'is', null)
    .select([
      'rv.pacticipant_id',
      'p.name as pacticipant_name',
      'e.name as environment',
      'e.uuid as environment_uuid',
      'e.production',
      'v.number as version_number',
      sql<'deployed' | 'released'>`'released'`.as('kind'),
      'rv.created_at as at',
    ])
  return deployed.unionAll(released).execute()
}

export interface PlacementEventRow extends PlacementRow {
  /** When it was undeployed or its support ended; null while current. */
  ended_at: Date | null
}

/** Deployments and releases, current and past, newest first: the release calendar of one or every environment. */
export async function listPlacementHistory(db: Db, filter: { environmentId?: number; limit: number }): Promise<PlacementEventRow[]> {
  let deployed = db
    .selectFrom('deployed_versions as dv')
    .innerJoin('versions as v', 'v.id', 'dv.version_id')
    .innerJoin('pacticipants as p', 'p.id', 'dv.pacticipant_id')
    .innerJoin('environments as e', 'e.id', 'dv.environment_id')
    .select([
      'dv.pacticipant_id',
      'p.name as pacticipant_name',
      'e.name as environment',
      'e.uuid as environment_uuid',
      'e.production',
      'v.number as version_number',
      sql<'deployed' | 'released'>`'deployed'`.as('kind'),
      'dv.created_at as at',
      'dv.undeployed_at as ended_at',
    ])
  let released = db
    .selectFrom('released_versions as rv')
    .innerJoin('versions as v', 'v.id', 'rv.version_id')
    .innerJoin('pacticipants as p', 'p.id', 'rv.pacticipant_id')
    .innerJoin('environments as e', 'e.id', 'rv.environment_id')
    .select([
      'rv.pacticipant_id',
      'p.name as pacticipant_name',
      'e.name as environment',
      'e.uuid as environment_uuid',
      'e.production',
      'v.number as version_number',
      sql<'deployed' | 'released'>`'released'`.as('kind'),
      'rv.created_at as at',
      'rv.support_ended_at as ended_at',
    ])
  if (filter.environmentId !== undefined) {
    deployed = deployed.where('dv.environment_id', '=', filter.environmentId)
    released = released.where('rv.environment_id', '=', filter.environmentId)
  }
  return db.selectFrom(deployed.unionAll(released).as('placements')).selectAll().orderBy('at', 'desc').limit(filter.limit).execute()
}
