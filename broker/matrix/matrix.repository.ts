/**
 * @module matrix/repository
 * Read-only queries for the matrix. The one repository allowed to read every domain's tables
 * (as pact_broker's `matrix/repository.rb` does). Plain Kysely functions: no rules, no throws.
 *
 * Performance rules (see docs/can-i-deploy.md): every function takes *lists* of pacticipant or version ids, so a
 * request resolves the other side of all its integrations in one statement, not one per integration; "latest"
 * questions read the head tables (branch_heads, tag_heads, latest_pact_publications, latest_verifications), never
 * max() over history; every lookup has an index.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely'
import type { Database, Db } from '../db/database.js'

export interface PacticipantRef {
  id: number
  name: string
  main_branch: string | null
}

export interface VersionRef {
  pacticipant_id: number
  id: number
  number: string
  /** the branch the version was found on (branch / main-branch resolution), else null */
  branch_name?: string | null
}

/**
 * `ref = any($1::int[])`: one array parameter however many ids (a hundreds-long `in ($1, …, $300)` costs
 * PostgreSQL and PGlite noticeable parse and planning time), or a constant false for an empty list, which the
 * planner folds away.
 */
function inList<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  ref: Parameters<ExpressionBuilder<DB, TB>['ref']>[0],
  ids: readonly number[],
): Expression<SqlBool> {
  return ids.length === 0 ? sql<SqlBool>`false` : sql<SqlBool>`${eb.ref(ref)} = any(${[...ids]}::int[])`
}

/**
 * A lateral look-up by primary key that PostgreSQL keeps as one index probe per outer row. Without the
 * `offset 0` fence the planner may flatten it into a hash join that reads the whole table — cheaper on paper
 * when the table is small next to the number of rows joined (measured: 300 current deployments against 55,000
 * versions: a 3 ms sequential scan instead of 0.5 ms of probes), and a cost that grows with history.
 */
function byIdPerRow<T extends { offset(n: number): T }>(query: T): T {
  return query.offset(0)
}

/** @example await findPacticipantsByNames(db, ['web', 'users']) */
export async function findPacticipantsByNames(db: Db, names: string[]): Promise<PacticipantRef[]> {
  if (names.length === 0) return []
  return db.selectFrom('pacticipants').select(['id', 'name', 'main_branch']).where('name', 'in', names).execute()
}

/** @example await findEnvironmentByName(db, 'production') */
export async function findEnvironmentByName(db: Db, name: string): Promise<{ id: number; name: string } | undefined> {
  return db.selectFrom('environments').select(['id', 'name']).where('name', '=', name).executeTakeFirst()
}

/** Versions by (pacticipant, number), all pairs in one statement. */
export async function findVersionsByNumber(db: Db, pairs: { pacticipantId: number; number: string }[]): Promise<VersionRef[]> {
  if (pairs.length === 0) return []
  return db
    .selectFrom('versions')
    .select(['pacticipant_id', 'id', 'number'])
    .where((eb) => eb.or(pairs.map((p) => eb.and([eb('pacticipant_id', '=', p.pacticipantId), eb('number', '=', p.number)]))))
    .execute()
}

/** The latest version (highest order_key, id) of each pacticipant: one index probe per pacticipant via a lateral join. */
export async function findLatestVersions(db: Db, pacticipantIds: number[]): Promise<VersionRef[]> {
  if (pacticipantIds.length === 0) return []
  return db
    .selectFrom('pacticipants as p')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('versions')
          .select(['versions.id', 'versions.number'])
          .whereRef('versions.pacticipant_id', '=', 'p.id')
          .orderBy('versions.order_key', 'desc')
          .orderBy('versions.id', 'desc')
          .limit(1)
          .as('v'),
      (join) => join.onTrue(),
    )
    .select(['p.id as pacticipant_id', 'v.id', 'v.number'])
    .where((eb) => inList(eb, 'p.id', pacticipantIds))
    .execute()
}

/** Versions carrying `tag` (only the newest per pacticipant, from tag_heads, when `latestOnly`). */
export async function findVersionsWithTag(db: Db, pacticipantIds: number[], tag: string, latestOnly: boolean): Promise<VersionRef[]> {
  if (pacticipantIds.length === 0) return []
  if (latestOnly) {
    return db
      .selectFrom('tag_heads as th')
      .innerJoin('versions as v', 'v.id', 'th.version_id')
      .select(['th.pacticipant_id', 'v.id', 'v.number'])
      .where((eb) => inList(eb, 'th.pacticipant_id', pacticipantIds))
      .where('th.name', '=', tag)
      .execute()
  }
  return db
    .selectFrom('tags as t')
    .innerJoin('versions as v', 'v.id', 't.version_id')
    .select(['t.pacticipant_id', 'v.id', 'v.number'])
    .where((eb) => inList(eb, 't.pacticipant_id', pacticipantIds))
    .where('t.name', '=', tag)
    .execute()
}

/**
 * Versions on a branch (the branch head only when `latestOnly`). `branch: null` means each pacticipant's own
 * main branch.
 */
export async function findVersionsOnBranch(db: Db, pacticipantIds: number[], branch: string | null, latestOnly: boolean): Promise<VersionRef[]> {
  if (pacticipantIds.length === 0) return []
  if (latestOnly) {
    let query = db
      .selectFrom('branch_heads as bh')
      .innerJoin('versions as v', 'v.id', 'bh.version_id')
      .select(['bh.pacticipant_id', 'v.id', 'v.number', 'bh.branch_name'])
      .where((eb) => inList(eb, 'bh.pacticipant_id', pacticipantIds))
    query =
      branch === null
        ? query.innerJoin('pacticipants as p', (j) => j.onRef('p.id', '=', 'bh.pacticipant_id').onRef('p.main_branch', '=', 'bh.branch_name'))
        : query.where('bh.branch_name', '=', branch)
    return query.execute()
  }
  let query = db
    .selectFrom('branch_versions as bv')
    .innerJoin('versions as v', 'v.id', 'bv.version_id')
    .select(['bv.pacticipant_id', 'v.id', 'v.number', 'bv.branch_name'])
    .where((eb) => inList(eb, 'bv.pacticipant_id', pacticipantIds))
  query =
    branch === null
      ? query.innerJoin('pacticipants as p', (j) => j.onRef('p.id', '=', 'bv.pacticipant_id').onRef('p.main_branch', '=', 'bv.branch_name'))
      : query.where('bv.branch_name', '=', branch)
  return query.execute()
}

/** Versions currently deployed (not undeployed) or released and still supported in an environment. */
export async function findVersionsInEnvironment(db: Db, pacticipantIds: number[], environmentId: number): Promise<VersionRef[]> {
  if (pacticipantIds.length === 0) return []
  return db
    .selectFrom('deployed_versions as d')
    .innerJoinLateral(
      (eb) => byIdPerRow(eb.selectFrom('versions as v').select(['v.id', 'v.number']).whereRef('v.id', '=', 'd.version_id')).as('v'),
      (join) => join.onTrue(),
    )
    .select(['d.pacticipant_id', 'v.id', 'v.number'])
    .where('d.environment_id', '=', environmentId)
    .where('d.undeployed_at', 'is', null)
    .where((eb) => inList(eb, 'd.pacticipant_id', pacticipantIds))
    .union(
      db
        .selectFrom('released_versions as r')
        .innerJoinLateral(
          (eb) => byIdPerRow(eb.selectFrom('versions as v').select(['v.id', 'v.number']).whereRef('v.id', '=', 'r.version_id')).as('v'),
          (join) => join.onTrue(),
        )
        .select(['r.pacticipant_id', 'v.id', 'v.number'])
        .where('r.environment_id', '=', environmentId)
        .where('r.support_ended_at', 'is', null)
        .where((eb) => inList(eb, 'r.pacticipant_id', pacticipantIds)),
    )
    .execute()
}

/** Every semver-valid version number of a pacticipant (for a `semver` range selector). */
export async function findSemverVersions(db: Db, pacticipantId: number): Promise<VersionRef[]> {
  return db
    .selectFrom('versions')
    .select(['pacticipant_id', 'id', 'number'])
    .where('pacticipant_id', '=', pacticipantId)
    .where('is_semver', '=', true)
    .execute()
}

export interface CounterpartRow {
  consumer_id: number
  consumer_name: string
  provider_id: number
  provider_name: string
  required: boolean
}

/**
 * The integrations of the specified side, in one statement:
 * - the providers of the pacts each given consumer version published (required: the consumer needs them);
 * - the providers of a consumer given as "any version" (required);
 * - every consumer of each given provider (not required: a provider may go first).
 */
export async function findIntegrations(
  db: Db,
  input: { consumerVersionIds: number[]; anyVersionConsumerIds: number[]; providerIds: number[] },
): Promise<CounterpartRow[]> {
  const { consumerVersionIds, anyVersionConsumerIds, providerIds } = input
  if (consumerVersionIds.length + anyVersionConsumerIds.length + providerIds.length === 0) return []
  return db
    .selectFrom('latest_pact_publications as lpp')
    .innerJoin('pacticipants as c', 'c.id', 'lpp.consumer_id')
    .innerJoin('pacticipants as p', 'p.id', 'lpp.provider_id')
    .select(['c.id as consumer_id', 'c.name as consumer_name', 'p.id as provider_id', 'p.name as provider_name', sql<boolean>`true`.as('required')])
    .where((eb) => inList(eb, 'lpp.consumer_version_id', consumerVersionIds))
    .union(
      db
        .selectFrom('integrations as i')
        .innerJoin('pacticipants as c', 'c.id', 'i.consumer_id')
        .innerJoin('pacticipants as p', 'p.id', 'i.provider_id')
        .select(['c.id as consumer_id', 'c.name as consumer_name', 'p.id as provider_id', 'p.name as provider_name', sql<boolean>`true`.as('required')])
        .where((eb) => inList(eb, 'i.consumer_id', anyVersionConsumerIds)),
    )
    .union(
      db
        .selectFrom('integrations as i')
        .innerJoin('pacticipants as c', 'c.id', 'i.consumer_id')
        .innerJoin('pacticipants as p', 'p.id', 'i.provider_id')
        .select(['c.id as consumer_id', 'c.name as consumer_name', 'p.id as provider_id', 'p.name as provider_name', sql<boolean>`false`.as('required')])
        .where((eb) => inList(eb, 'i.provider_id', providerIds)),
    )
    .execute()
}

export interface RowFilter {
  /** Pacticipants any row's provider must be one of. */
  pacticipantIds: number[]
  /** Selected versions: a row's consumer version must be one of them (or its consumer selected as "any version"). */
  versionIds: number[]
  /**
   * The selected versions of pacticipants that are providers in the question's integrations: the only ones whose
   * verifications can appear. Kept apart from `versionIds` so that each pact's verifications are found by probing
   * (pact content, provider version) in the index, instead of filtering every verification of that content
   * against every selected version (a pact verified 15,000 times would cost 15,000 × the hub's consumers).
   */
  providerVersionIds: number[]
  /** Pacticipants selected as "any version", listing their unverified pacts too. */
  anyVersionIds: number[]
  /** Pacticipants selected as "any version" only because they integrate: only pacts a selected provider version verified. */
  anyVersionVerifiedOnlyIds: number[]
  /** false: only the latest verification per (pact content, provider version), from latest_verifications. */
  everyVerification: boolean
  limit?: number
}

export interface RawMatrixRow {
  consumer_id: number
  provider_id: number
  cv_id: number
  cv_number: string
  cv_order_key: string
  pact_version_id: number
  sha: string
  pact_created_at: Date
  verification_id: number | null
  success: boolean | null
  verified_at: Date | null
  pv_id: number | null
  pv_number: string | null
  pv_order_key: string | null
}

/**
 * THE query for the matrix: the current pact of every selected consumer version whose provider is selected,
 * LEFT JOINed to the verifications of that pact *content* (pact_version_id, so identical content verified once
 * counts for every consumer version that published it) by the selected provider versions. A pact nobody
 * selected verified yields one row with null verification columns. One flat statement over resolved ids,
 * whatever the number of integrations.
 */
export async function findMatrixRows(db: Db, filter: RowFilter): Promise<RawMatrixRow[]> {
  const { pacticipantIds, versionIds, providerVersionIds, anyVersionIds, anyVersionVerifiedOnlyIds } = filter
  if (pacticipantIds.length === 0) return []
  const anyProviderIds = [...anyVersionIds, ...anyVersionVerifiedOnlyIds]
  let query = db
    .selectFrom('latest_pact_publications as lpp')
    // The consumer version by primary key, per row (`offset 0`: see byIdPerRow).
    .innerJoinLateral(
      (eb) =>
        byIdPerRow(eb.selectFrom('versions as cv').select(['cv.id', 'cv.number', 'cv.order_key']).whereRef('cv.id', '=', 'lpp.consumer_version_id')).as('cv'),
      (join) => join.onTrue(),
    )
    // A lateral subquery per pact, so each lookup is an index probe on (pact_version_id, provider_version_id).
    // `offset 0` keeps PostgreSQL from flattening it into hash joins that scan every verification and
    // version: those plans look cheap on statistics but grow with history (see docs/can-i-deploy.md).
    .leftJoinLateral(
      (eb) =>
        filter.everyVerification
          ? eb
              .selectFrom('verifications as vv')
              .innerJoin('versions as pv', 'pv.id', 'vv.provider_version_id')
              .select(['vv.id', 'vv.success', 'vv.created_at', 'pv.id as pv_id', 'pv.number as pv_number', 'pv.order_key as pv_order_key'])
              .whereRef('vv.pact_version_id', '=', 'lpp.pact_version_id')
              .where((w) => w.or([inList(w, 'vv.provider_version_id', providerVersionIds), inList(w, 'vv.provider_id', anyProviderIds)]))
              .offset(0)
              .as('v')
          : // Only the latest verification of this content by each provider version: the head table's row.
            eb
              .selectFrom('latest_verifications as lv')
              .innerJoin('verifications as vv', 'vv.id', 'lv.verification_id')
              .innerJoin('versions as pv', 'pv.id', 'lv.provider_version_id')
              .select(['vv.id', 'vv.success', 'vv.created_at', 'pv.id as pv_id', 'pv.number as pv_number', 'pv.order_key as pv_order_key'])
              .whereRef('lv.pact_version_id', '=', 'lpp.pact_version_id')
              .where((w) => w.or([inList(w, 'lv.provider_version_id', providerVersionIds), inList(w, 'lv.provider_id', anyProviderIds)]))
              .offset(0)
              .as('v'),
      (join) => join.onTrue(),
    )
    .select([
      'lpp.consumer_id',
      'lpp.provider_id',
      'cv.id as cv_id',
      'cv.number as cv_number',
      'cv.order_key as cv_order_key',
      'lpp.pact_version_id',
      // per-row primary-key probe (a join let the planner hash the whole pact_versions table)
      (eb) => eb.selectFrom('pact_versions as pact').select('pact.sha').whereRef('pact.id', '=', 'lpp.pact_version_id').$asScalar().$notNull().as('sha'),
      'lpp.created_at as pact_created_at',
      'v.id as verification_id',
      'v.success',
      'v.created_at as verified_at',
      'v.pv_id',
      'v.pv_number',
      'v.pv_order_key',
    ])
    .where((eb) =>
      eb.and([
        inList(eb, 'lpp.provider_id', pacticipantIds),
        eb.or([
          inList(eb, 'lpp.consumer_version_id', versionIds),
          inList(eb, 'lpp.consumer_id', anyVersionIds),
          eb.and([inList(eb, 'lpp.consumer_id', anyVersionVerifiedOnlyIds), eb('v.id', 'is not', null)]),
        ]),
      ]),
    )
    .orderBy('cv.order_key', 'desc')
    .orderBy('cv.id', 'desc')
    .orderBy('v.pv_order_key', 'desc')
    .orderBy('v.id', 'desc')
  if (filter.limit !== undefined) query = query.limit(filter.limit)
  return query.execute()
}

export interface VersionDetails {
  branches: { version_id: number; branch_name: string; latest: boolean; created_at: Date }[]
  tags: { version_id: number; name: string; latest: boolean; created_at: Date }[]
  environments: { version_id: number; uuid: string; name: string; display_name: string | null; production: boolean; created_at: Date }[]
}

/**
 * Branches (with "is head"), tags (with "is latest") and current environments of the given versions: three
 * independent statements, sent together (on PostgreSQL they run side by side on pooled connections; PGlite has
 * one connection and runs them in turn).
 */
export async function findVersionDetails(db: Db, versionIds: number[]): Promise<VersionDetails> {
  if (versionIds.length === 0) return { branches: [], tags: [], environments: [] }
  const [branches, tags, environments] = await Promise.all([
    findBranchDetails(db, versionIds),
    findTagDetails(db, versionIds),
    findEnvironmentDetails(db, versionIds),
  ])
  return { branches, tags, environments }
}

function findBranchDetails(db: Db, versionIds: number[]) {
  return db
    .selectFrom('branch_versions as bv')
    .leftJoin('branch_heads as bh', 'bh.branch_id', 'bv.branch_id')
    .select(['bv.version_id', 'bv.branch_name', 'bv.created_at', sql<boolean>`coalesce(bh.version_id = bv.version_id, false)`.as('latest')])
    .where((eb) => inList(eb, 'bv.version_id', versionIds))
    .orderBy('bv.created_at')
    .orderBy('bv.id')
    .execute()
}

function findTagDetails(db: Db, versionIds: number[]) {
  return db
    .selectFrom('tags as t')
    .leftJoin('tag_heads as th', (j) => j.onRef('th.pacticipant_id', '=', 't.pacticipant_id').onRef('th.name', '=', 't.name'))
    .select(['t.version_id', 't.name', 't.created_at', sql<boolean>`coalesce(th.version_id = t.version_id, false)`.as('latest')])
    .where((eb) => inList(eb, 't.version_id', versionIds))
    .orderBy('t.created_at')
    .orderBy('t.id')
    .execute()
}

function findEnvironmentDetails(db: Db, versionIds: number[]) {
  return db
    .selectFrom('deployed_versions as d')
    .innerJoin('environments as e', 'e.id', 'd.environment_id')
    .select(['d.version_id', 'e.uuid', 'e.name', 'e.display_name', 'e.production', 'e.created_at'])
    .where((eb) => inList(eb, 'd.version_id', versionIds))
    .where('d.undeployed_at', 'is', null)
    .union(
      db
        .selectFrom('released_versions as r')
        .innerJoin('environments as e', 'e.id', 'r.environment_id')
        .select(['r.version_id', 'e.uuid', 'e.name', 'e.display_name', 'e.production', 'e.created_at'])
        .where((eb) => inList(eb, 'r.version_id', versionIds))
        .where('r.support_ended_at', 'is', null),
    )
    .execute()
}

export type { Database }
