/**
 * Integration overview queries. Plain functions over Kysely: no rules, no throws.
 *
 * Like the matrix repository, these read across domains' tables (verifications, versions, deployed and
 * released versions) on purpose: the overview of every integration must be a handful of statements, not a few
 * per integration, to stay fast with thousands of them.
 */
import { type Expression, type ExpressionBuilder, sql, type SqlBool } from 'kysely'
import type { Database, Db } from '../db/database.js'
import type { IntegrationsFilter, VerificationStatus } from './integration.js'

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

/** Every version deployed (not undeployed) or released (still supported) now, in every environment; of some pacticipants only when `pacticipantIds` is given. */
export async function listCurrentPlacements(db: Db, pacticipantIds?: readonly number[]): Promise<PlacementRow[]> {
  if (pacticipantIds?.length === 0) return []
  let deployed = db
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
  let released = db
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
  if (pacticipantIds) {
    deployed = deployed.where('dv.pacticipant_id', 'in', pacticipantIds)
    released = released.where('rv.pacticipant_id', 'in', pacticipantIds)
  }
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

/** Deprecated items of a provider that a consumer (by name) still uses, worked out by deprecations/. */
export interface DeprecatedUseRow {
  consumerName: string
  providerId: number
  items: number
}

export interface IntegrationSummaryRow {
  consumer_id: number
  consumer_name: string
  provider_id: number
  provider_name: string
  pact_version_id: number
  sha: string
  consumer_version_number: string
  published_at: Date
  verification_id: number | null
  success: boolean | null
  pact_pending: boolean | null
  provider_version_number: string | null
  verified_at: Date | null
  status: VerificationStatus
  deprecated_items_in_use: number
}

/**
 * Every integration's summary row (integrationsWithStatus with names, sha, deprecated items in use and the
 * attention rank of integration.ts attentionRank(): failing 0, deprecated in use 1, unverified 2, pending 3,
 * verified 4), as a subquery to filter, count and page.
 */
function integrationSummaries(db: Db, deprecatedInUse: readonly DeprecatedUseRow[]) {
  const deprecatedItems =
    deprecatedInUse.length === 0
      ? sql<number>`0`
      : sql<number>`coalesce((select d.items from (values ${sql.join(
          deprecatedInUse.map((use) => sql`(${use.consumerName}::text, ${use.providerId}::int, ${use.items}::int)`),
        )}) as d (consumer_name, provider_id, items) where d.consumer_name = c.name and d.provider_id = s.provider_id), 0)`
  return db
    .selectFrom(integrationsWithStatus(db).as('s'))
    .innerJoin('pacticipants as c', 'c.id', 's.consumer_id')
    .innerJoin('pacticipants as p', 'p.id', 's.provider_id')
    .innerJoin('pact_versions as pv', 'pv.id', 's.pact_version_id')
    .select([
      's.consumer_id',
      'c.name as consumer_name',
      's.provider_id',
      'p.name as provider_name',
      's.pact_version_id',
      'pv.sha',
      's.consumer_version_number',
      's.published_at',
      's.verification_id',
      's.success',
      's.pact_pending',
      's.provider_version_number',
      's.verified_at',
      's.status',
      deprecatedItems.as('deprecated_items_in_use'),
    ])
}

/** Escapes LIKE wildcards so a search term matches literally. */
function likeLiteral(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** The filter as a condition on integrationSummaries' columns (`i.`). */
function matching(filter: IntegrationsFilter) {
  return (eb: ExpressionBuilder<Database & { i: IntegrationSummaryRow }, 'i'>) => {
    const conditions: Expression<SqlBool>[] = []
    if (filter.q) {
      const pattern = `%${likeLiteral(filter.q)}%`
      conditions.push(eb.or([eb('i.consumer_name', 'ilike', pattern), eb('i.provider_name', 'ilike', pattern)]))
    }
    if (filter.status) conditions.push(eb('i.status', '=', filter.status as VerificationStatus))
    const label = filter.label
    if (label) {
      conditions.push(
        eb.exists(
          eb
            .selectFrom('labels')
            .select('labels.name')
            .where('labels.name', '=', label)
            .where((inner) =>
              inner.or([inner('labels.pacticipant_id', '=', inner.ref('i.consumer_id')), inner('labels.pacticipant_id', '=', inner.ref('i.provider_id'))]),
            ),
        ),
      )
    }
    return eb.and(conditions)
  }
}

export interface IntegrationCountsRow {
  status: VerificationStatus
  uses_deprecated: boolean
  total: number
  matching: number
}

/** Integrations counted by status and by whether they use deprecated items: all of them, and those `filter` matches. */
export async function countIntegrations(db: Db, filter: IntegrationsFilter, deprecatedInUse: readonly DeprecatedUseRow[]): Promise<IntegrationCountsRow[]> {
  const rows = await db
    .selectFrom(integrationSummaries(db, deprecatedInUse).as('i'))
    .select((eb) => [
      'i.status',
      sql<boolean>`i.deprecated_items_in_use > 0`.as('uses_deprecated'),
      eb.fn.countAll<number>().as('total'),
      eb.fn.countAll<number>().filterWhere(matching(filter)).as('matching'),
    ])
    .groupBy(['i.status', sql`i.deprecated_items_in_use > 0`])
    .execute()
  return rows.map((row) => ({ ...row, total: Number(row.total), matching: Number(row.matching) }))
}

/**
 * One page of the integrations `filter` matches, those needing attention first (the attention rank), then by
 * consumer and provider name.
 */
export async function listIntegrationsPage(
  db: Db,
  filter: IntegrationsFilter,
  deprecatedInUse: readonly DeprecatedUseRow[],
  page: { offset: number; limit: number },
): Promise<IntegrationSummaryRow[]> {
  return db
    .selectFrom(integrationSummaries(db, deprecatedInUse).as('i'))
    .selectAll('i')
    .where(matching(filter))
    .orderBy(
      sql`case when i.status = 'failed' then 0 when i.deprecated_items_in_use > 0 then 1 when i.status = 'unverified' then 2 when i.status = 'pending' then 3 else 4 end`,
    )
    .orderBy(sql`lower(i.consumer_name)`)
    .orderBy('i.consumer_name')
    .orderBy(sql`lower(i.provider_name)`)
    .orderBy('i.provider_name')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}
