/**
 * Integration overview queries. Plain functions over Kysely: no rules, no throws.
 *
 * Like the matrix repository, these read across domains' tables (verifications, versions, deployed and
 * released versions) on purpose: the overview of every integration must be a handful of statements, not a few
 * per integration, to stay fast with thousands of them.
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { VerificationStatus } from './integration.js'

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

/**
 * The latest pact of every integration (by consumer version order) with its latest verification and status, one
 * row per consumer → provider pair: the base the dashboard's page and the map's graph build on, in SQL so that
 * they can filter, count, sort and page without loading every integration. `status` is integration.ts's
 * verificationStatus() in SQL (a test on both databases keeps them in step).
 */
function integrationsWithStatus(db: Db) {
  const latestPacts = db
    .selectFrom('latest_pact_publications as lpp')
    .innerJoin('pact_publications as pp', 'pp.id', 'lpp.pact_publication_id')
    .innerJoin('versions as cv', 'cv.id', 'pp.consumer_version_id')
    .distinctOn(['lpp.consumer_id', 'lpp.provider_id'])
    .select(['lpp.consumer_id', 'lpp.provider_id', 'pp.pact_version_id', 'cv.number as consumer_version_number', 'pp.created_at as published_at'])
    .orderBy('lpp.consumer_id')
    .orderBy('lpp.provider_id')
    .orderBy('cv.order_key', 'desc')
    .orderBy('cv.id', 'desc')
  return db
    .selectFrom(latestPacts.as('l'))
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('verifications as v')
          .innerJoin('versions as prv', 'prv.id', 'v.provider_version_id')
          .select(['v.id', 'v.success', 'v.pact_pending', 'prv.number as provider_version_number', 'v.created_at'])
          .whereRef('v.pact_version_id', '=', 'l.pact_version_id')
          .orderBy('v.id', 'desc')
          .limit(1)
          .as('lv'),
      (join) => join.onTrue(),
    )
    .select([
      'l.consumer_id',
      'l.provider_id',
      'l.pact_version_id',
      'l.consumer_version_number',
      'l.published_at',
      'lv.id as verification_id',
      'lv.success',
      'lv.pact_pending',
      'lv.provider_version_number',
      'lv.created_at as verified_at',
      sql<VerificationStatus>`case when lv.id is null then 'unverified' when lv.success then 'verified' when lv.pact_pending then 'pending' else 'failed' end`.as(
        'status',
      ),
    ])
}

/** Versions placed now (deployed and not undeployed, or released and still supported): pacticipant and environment. */
function currentPlacements(db: Db) {
  return db
    .selectFrom('deployed_versions')
    .select(['pacticipant_id', 'environment_id'])
    .where('undeployed_at', 'is', null)
    .union(db.selectFrom('released_versions').select(['pacticipant_id', 'environment_id']).where('support_ended_at', 'is', null))
}

/**
 * The dependency map's data in one statement, as two JSON texts (one row, whatever the size: cheap to transfer,
 * and hashable as read):
 * - `edges`: `[[consumerId, providerId, status], …]` by consumer then provider id;
 * - `nodes`: `[[id, name, [environment names], [label names]], …]` by id: every pacticipant in an integration or
 *   placed in an environment.
 */
export async function readIntegrationGraph(db: Db): Promise<{ edges: string; nodes: string }> {
  const row = await db
    .with('edges', () => integrationsWithStatus(db))
    .with('placed', () => currentPlacements(db))
    .with('node_ids', (qb) =>
      qb
        .selectFrom('edges')
        .select('consumer_id as id')
        .union(qb.selectFrom('edges').select('provider_id as id'))
        .union(qb.selectFrom('placed').select('pacticipant_id as id')),
    )
    // Grouped once each (a subquery per node would scan every placement per node).
    .with('node_environments', (qb) =>
      qb
        .selectFrom('placed')
        .innerJoin('environments as e', 'e.id', 'placed.environment_id')
        .groupBy('placed.pacticipant_id')
        .select(['placed.pacticipant_id', sql<string>`json_agg(distinct e.name)`.as('names')]),
    )
    .with('node_labels', (qb) =>
      qb
        .selectFrom('labels')
        .groupBy('labels.pacticipant_id')
        .select(['labels.pacticipant_id', sql<string>`json_agg(labels.name order by labels.name)`.as('names')]),
    )
    .selectNoFrom([
      sql<string>`(select coalesce(json_agg(json_build_array(consumer_id, provider_id, status) order by consumer_id, provider_id), '[]')::text from edges)`.as(
        'edges',
      ),
      sql<string>`(select coalesce(json_agg(json_build_array(p.id, p.name, coalesce(ne.names, '[]'), coalesce(nl.names, '[]')) order by p.id), '[]')::text
        from pacticipants p
        left join node_environments ne on ne.pacticipant_id = p.id
        left join node_labels nl on nl.pacticipant_id = p.id
        where p.id in (select id from node_ids))`.as('nodes'),
    ])
    .executeTakeFirstOrThrow()
  return row
}
