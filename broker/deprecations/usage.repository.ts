/**
 * Where consumers' pacts are: read-only queries across the core tables (pact publications, versions,
 * deployments, releases, branch heads), like the matrix repository's. Usage is worked out from what the broker
 * holds, and "which consumer versions are deployed, released or at a branch head, with which pact" is one join
 * per place; going through three other services would load every version to filter most of them out.
 * Plain functions over Kysely: no rules, no throws.
 */
import semver from 'semver'
import type { Db } from '../db/database.js'

export type PlaceKind = 'deployed' | 'released' | 'branch'

/** A consumer version somewhere that matters (deployed, released, a branch head) and its pact with a provider. */
export interface PlacedPact {
  consumerId: number
  consumer: string
  providerId: number
  versionId: number
  version: string
  pactVersionId: number
  place: PlaceKind
  /** Environment name for deployed/released. */
  environment: string | null
  /** Branch name for branch heads. */
  branch: string | null
  /** The consumer's main branch (to tell main from other branches). */
  mainBranch: string | null
}

export interface PlaceFilter {
  providerIds?: number[]
  consumerId?: number
  environmentId?: number
  consumerVersionId?: number
  places?: PlaceKind[]
}

function base(db: Db, filter: PlaceFilter) {
  let query = db
    .selectFrom('latest_pact_publications as lpp')
    .innerJoin('versions as v', 'v.id', 'lpp.consumer_version_id')
    .innerJoin('pacticipants as c', 'c.id', 'lpp.consumer_id')
    .select([
      'lpp.consumer_id as consumerId',
      'c.name as consumer',
      'c.main_branch as mainBranch',
      'lpp.provider_id as providerId',
      'v.id as versionId',
      'v.number as version',
      'lpp.pact_version_id as pactVersionId',
    ])
  if (filter.providerIds) query = query.where('lpp.provider_id', 'in', filter.providerIds.length ? filter.providerIds : [-1])
  if (filter.consumerId !== undefined) query = query.where('lpp.consumer_id', '=', filter.consumerId)
  if (filter.consumerVersionId !== undefined) query = query.where('lpp.consumer_version_id', '=', filter.consumerVersionId)
  return query
}

/**
 * Pacts of consumer versions currently deployed, released (and supported) or at the head of a branch.
 * @example await findPlacedPacts(db, { providerIds: [provider.id] })
 */
export async function findPlacedPacts(db: Db, filter: PlaceFilter): Promise<PlacedPact[]> {
  const places = filter.places ?? ['deployed', 'released', 'branch']
  const out: PlacedPact[] = []
  if (places.includes('deployed')) {
    let query = base(db, filter)
      .innerJoin('deployed_versions as dv', 'dv.version_id', 'v.id')
      .innerJoin('environments as e', 'e.id', 'dv.environment_id')
      .select('e.name as environment')
      .where('dv.undeployed_at', 'is', null)
    if (filter.environmentId !== undefined) query = query.where('dv.environment_id', '=', filter.environmentId)
    for (const row of await query.execute()) out.push({ ...row, place: 'deployed', branch: null })
  }
  if (places.includes('released')) {
    let query = base(db, filter)
      .innerJoin('released_versions as rv', 'rv.version_id', 'v.id')
      .innerJoin('environments as e', 'e.id', 'rv.environment_id')
      .select('e.name as environment')
      .where('rv.support_ended_at', 'is', null)
    if (filter.environmentId !== undefined) query = query.where('rv.environment_id', '=', filter.environmentId)
    for (const row of await query.execute()) out.push({ ...row, place: 'released', branch: null })
  }
  if (places.includes('branch') && filter.environmentId === undefined) {
    const query = base(db, filter).innerJoin('branch_heads as bh', 'bh.version_id', 'v.id').select('bh.branch_name as branch')
    for (const row of await query.execute()) out.push({ ...row, place: 'branch', environment: null })
  }
  return out
}

/** The pact of a consumer version with each provider. */
export async function findPactsOfConsumerVersion(db: Db, consumerVersionId: number): Promise<{ providerId: number; pactVersionId: number }[]> {
  return db
    .selectFrom('latest_pact_publications')
    .select(['provider_id as providerId', 'pact_version_id as pactVersionId'])
    .where('consumer_version_id', '=', consumerVersionId)
    .execute()
}

/** Pact contents by pact version id (each loaded once however many versions share it). */
export async function findPactContents(db: Db, ids: number[]): Promise<Map<number, unknown>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const rows = await db.selectFrom('pact_versions').select(['id', 'content']).where('id', 'in', unique).execute()
  return new Map(rows.map((row) => [row.id, typeof row.content === 'string' ? JSON.parse(row.content) : row.content]))
}

/** The highest semantic version number among a pacticipant's versions, or null. */
export async function findHighestSemverVersion(db: Db, pacticipantId: number): Promise<string | null> {
  const rows = await db.selectFrom('versions').select('number').where('pacticipant_id', '=', pacticipantId).where('is_semver', '=', true).execute()
  const valid = rows.map((r) => semver.valid(r.number)).filter((n): n is string => n !== null)
  return valid.length ? semver.rsort(valid)[0]! : null
}

/** The versions of `providerId` currently deployed or released (and supported) in an environment. */
export async function findProviderVersionsInEnvironment(db: Db, providerId: number, environmentId: number): Promise<string[]> {
  const deployed = await db
    .selectFrom('deployed_versions as dv')
    .innerJoin('versions as v', 'v.id', 'dv.version_id')
    .select('v.number')
    .where('dv.pacticipant_id', '=', providerId)
    .where('dv.environment_id', '=', environmentId)
    .where('dv.undeployed_at', 'is', null)
    .execute()
  const released = await db
    .selectFrom('released_versions as rv')
    .innerJoin('versions as v', 'v.id', 'rv.version_id')
    .select('v.number')
    .where('rv.pacticipant_id', '=', providerId)
    .where('rv.environment_id', '=', environmentId)
    .where('rv.support_ended_at', 'is', null)
    .execute()
  return [...new Set([...deployed, ...released].map((r) => r.number))]
}

/** The versions of each provider currently deployed or released (and supported), with where and since when. */
export async function findRunningProviderVersions(
  db: Db,
  providerIds: number[],
): Promise<{ providerId: number; environment: string; production: boolean; version: string; since: Date }[]> {
  if (providerIds.length === 0) return []
  const deployed = db
    .selectFrom('deployed_versions as dv')
    .innerJoin('versions as v', 'v.id', 'dv.version_id')
    .innerJoin('environments as e', 'e.id', 'dv.environment_id')
    .select(['dv.pacticipant_id as providerId', 'e.name as environment', 'e.production', 'v.number as version', 'dv.created_at as since'])
    .where('dv.pacticipant_id', 'in', providerIds)
    .where('dv.undeployed_at', 'is', null)
  const released = db
    .selectFrom('released_versions as rv')
    .innerJoin('versions as v', 'v.id', 'rv.version_id')
    .innerJoin('environments as e', 'e.id', 'rv.environment_id')
    .select(['rv.pacticipant_id as providerId', 'e.name as environment', 'e.production', 'v.number as version', 'rv.created_at as since'])
    .where('rv.pacticipant_id', 'in', providerIds)
    .where('rv.support_ended_at', 'is', null)
  const rows = await deployed.unionAll(released).execute()
  return rows.map((r) => ({ ...r, production: Boolean(r.production), since: new Date(r.since) }))
}
