/**
 * Queries for "pacts for verification": one statement per query selector, one for WIP candidates, one for the
 * verification facts of every pact content involved. Plain Kysely functions, no rules, no throws.
 *
 * Like the matrix repository, this one reads across domains (versions, branches, tags, environments,
 * deployments, verifications) read-only: the answer is one join, and going through five services would
 * multiply statements by the number of consumers.
 *
 * Every "latest" comes from a head table (`branch_heads`, `tag_heads`, `latest_pact_publications`) or an
 * index-ordered LIMIT 1 per consumer, so the statement count and the work per statement do not grow with
 * history (only `allTag` and `semver` selectors return rows in proportion to the versions they match).
 */
import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ConsumerDefaults, QuerySelector, SelectedPactRow } from './selectors.js'
import type { ProviderScope, ScopedFacts, VerificationFacts } from './pending.js'

/**
 * The columns of a candidate pact, selected by every candidate query over the same aliases: consumer `c`,
 * consumer version `cv`, pact version `pv`.
 */
const CANDIDATE_COLUMNS = [
  'c.id as consumerId',
  'c.name as consumerName',
  'c.main_branch as consumerMainBranch',
  'cv.id as consumerVersionId',
  'cv.number as consumerVersionNumber',
  'cv.order_key as consumerVersionOrderKey',
  'pv.id as pactVersionId',
  'pv.sha as sha',
] as const

/** The current pact of each consumer version for a provider, with what every selector query reads. */
function pactsFor(db: Db, providerId: number, consumers: ConsumerFilter) {
  let query = db
    .selectFrom('latest_pact_publications as lpp')
    .innerJoin('versions as cv', 'cv.id', 'lpp.consumer_version_id')
    .innerJoin('pacticipants as c', 'c.id', 'lpp.consumer_id')
    .innerJoin('pact_versions as pv', 'pv.id', 'lpp.pact_version_id')
    .where('lpp.provider_id', '=', providerId)
    .select(CANDIDATE_COLUMNS)
  if (consumers !== undefined) query = query.where('c.name', 'in', consumers)
  return query
}

/** Names of the consumers a query is narrowed to; undefined = every consumer. */
export type ConsumerFilter = readonly string[] | undefined

/**
 * The pacts one query selector picks for a provider (before merging by content).
 * `consumers` narrows it to several consumers at once (the service runs one statement for all the
 * per-consumer selectors of the same kind); without it, the selector's own `consumer` applies.
 * @example await findPactsForSelector(db, provider.id, { kind: 'branch', branch: 'main' })
 */
export async function findPactsForSelector(db: Db, providerId: number, selector: QuerySelector, consumers?: readonly string[]): Promise<SelectedPactRow[]> {
  const filter: ConsumerFilter = consumers ?? (selector.consumer !== undefined ? [selector.consumer] : undefined)
  const base = pactsFor(db, providerId, filter)
  switch (selector.kind) {
    case 'mainBranch':
      return base
        .innerJoin('branch_heads as bh', (j) =>
          j.onRef('bh.version_id', '=', 'cv.id').onRef('bh.pacticipant_id', '=', 'c.id').onRef('bh.branch_name', '=', 'c.main_branch'),
        )
        .select('bh.branch_name as branch')
        .execute()
    case 'branch':
      return base
        .innerJoin('branch_heads as bh', (j) => j.onRef('bh.version_id', '=', 'cv.id').on('bh.branch_name', '=', selector.branch))
        .select('bh.branch_name as branch')
        .execute()
    case 'eachBranch':
      return base.innerJoin('branch_heads as bh', 'bh.version_id', 'cv.id').select('bh.branch_name as branch').execute()
    case 'latestTag':
      return base
        .innerJoin('tag_heads as th', (j) => {
          const on = j.onRef('th.version_id', '=', 'cv.id').onRef('th.pacticipant_id', '=', 'c.id')
          // Default selectors: each consumer's own main branch name, used as a tag.
          return selector.tagIsMainBranch ? on.onRef('th.name', '=', 'c.main_branch') : on.on('th.name', '=', selector.tag)
        })
        .select('th.name as tag')
        .execute()
    case 'allTag':
      return base
        .innerJoin('tags as t', (j) => j.onRef('t.version_id', '=', 'cv.id').on('t.name', '=', selector.tag))
        .select('t.name as tag')
        .execute()
    case 'deployed':
      return deployedPacts(base, selector.environment).execute()
    case 'released':
      return releasedPacts(base, selector.environment).execute()
    case 'environment': {
      // Two statements rather than a UNION: the two sides join different tables, which the builder's types keep apart.
      const deployed = await deployedPacts(base, selector.environment).execute()
      return [...deployed, ...(await releasedPacts(base, selector.environment).execute())]
    }
    case 'semver':
      // Every semver version of the consumer(s) with a pact; the service keeps the highest in the range.
      return base.where('cv.is_semver', '=', true).execute()
    case 'overallLatest':
      return overallLatest(db, providerId, filter).execute()
  }
}

type PactsQuery = ReturnType<typeof pactsFor>

function deployedPacts(base: PactsQuery, environment: string | undefined) {
  let query = base
    .innerJoin('deployed_versions as dv', (j) => j.onRef('dv.version_id', '=', 'cv.id').on('dv.undeployed_at', 'is', null))
    .innerJoin('environments as e', 'e.id', 'dv.environment_id')
    .select(['e.name as environment', sql<'deployed'>`'deployed'`.as('target')])
    .distinct()
  if (environment !== undefined) query = query.where('e.name', '=', environment)
  return query
}

function releasedPacts(base: PactsQuery, environment: string | undefined) {
  let query = base
    .innerJoin('released_versions as rv', (j) => j.onRef('rv.version_id', '=', 'cv.id').on('rv.support_ended_at', 'is', null))
    .innerJoin('environments as e', 'e.id', 'rv.environment_id')
    .select(['e.name as environment', sql<'released'>`'released'`.as('target')])
    .distinct()
  if (environment !== undefined) query = query.where('e.name', '=', environment)
  return query
}

/**
 * Per consumer of the provider, the pact of its latest version that has one. A LATERAL LIMIT 1 over the
 * versions order index per integration: the cost is per consumer, not per version in history.
 */
function overallLatest(db: Db, providerId: number, consumers: ConsumerFilter) {
  let query = db
    .selectFrom('integrations as i')
    .innerJoin('pacticipants as c', 'c.id', 'i.consumer_id')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('versions as v')
          .select('v.id')
          .whereRef('v.pacticipant_id', '=', 'i.consumer_id')
          .where((w) =>
            w.exists(
              w
                .selectFrom('latest_pact_publications as l2')
                .select(sql`1`.as('one'))
                .whereRef('l2.consumer_version_id', '=', 'v.id')
                .where('l2.provider_id', '=', providerId),
            ),
          )
          .orderBy('v.order_key', 'desc')
          .orderBy('v.id', 'desc')
          .limit(1)
          .as('lv'),
      (j) => j.onTrue(),
    )
    .innerJoin('latest_pact_publications as lpp', (j) => j.onRef('lpp.consumer_version_id', '=', 'lv.id').on('lpp.provider_id', '=', providerId))
    .innerJoin('versions as cv', 'cv.id', 'lpp.consumer_version_id')
    .innerJoin('pact_versions as pv', 'pv.id', 'lpp.pact_version_id')
    .where('i.provider_id', '=', providerId)
    .select(CANDIDATE_COLUMNS)
  if (consumers !== undefined) query = query.where('c.name', 'in', consumers)
  return query
}

/** Names among `names` that are environments. */
export async function findEnvironmentNames(db: Db, names: string[]): Promise<Set<string>> {
  if (!names.length) return new Set()
  const rows = await db.selectFrom('environments').select('name').where('name', 'in', names).execute()
  return new Set(rows.map((r) => r.name))
}

/** For the default selectors: each consumer of the provider and whether its main branch has versions or is used as a tag. */
export async function findConsumerDefaults(db: Db, providerId: number): Promise<ConsumerDefaults[]> {
  const rows = await db
    .selectFrom('integrations as i')
    .innerJoin('pacticipants as c', 'c.id', 'i.consumer_id')
    .where('i.provider_id', '=', providerId)
    .select((eb) => [
      'c.name as name',
      'c.main_branch as mainBranch',
      eb
        .exists(
          eb
            .selectFrom('branch_heads as bh')
            .select(sql`1`.as('one'))
            .whereRef('bh.pacticipant_id', '=', 'c.id')
            .whereRef('bh.branch_name', '=', 'c.main_branch'),
        )
        .as('branchHasVersions'),
      eb
        .exists(
          eb
            .selectFrom('tag_heads as th')
            .select(sql`1`.as('one'))
            .whereRef('th.pacticipant_id', '=', 'c.id')
            .whereRef('th.name', '=', 'c.main_branch'),
        )
        .as('tagExists'),
    ])
    .orderBy('c.name')
    .execute()
  return rows.map((r) => ({
    name: r.name,
    mainBranchWithVersions: r.mainBranch && r.branchHasVersions ? r.mainBranch : null,
    mainBranchAsTag: r.mainBranch && r.tagExists ? r.mainBranch : null,
  }))
}

export interface WipCandidateRow extends SelectedPactRow {
  branch: string | null
  tag: string | null
}

/**
 * Pacts that head a consumer branch or a consumer tag and were published after `since` (WIP candidates).
 * `latest_pact_publications.created_at` is the time of the current revision's publication.
 */
export async function findWipCandidates(db: Db, providerId: number, since: Date): Promise<WipCandidateRow[]> {
  const byBranch = pactsFor(db, providerId, undefined)
    .innerJoin('branch_heads as bh', (j) => j.onRef('bh.version_id', '=', 'cv.id').onRef('bh.pacticipant_id', '=', 'c.id'))
    .where('lpp.created_at', '>', since)
    .select(['bh.branch_name as branch', sql<string | null>`null::text`.as('tag')])
  const byTag = pactsFor(db, providerId, undefined)
    .innerJoin('tag_heads as th', (j) => j.onRef('th.version_id', '=', 'cv.id').onRef('th.pacticipant_id', '=', 'c.id'))
    .where('lpp.created_at', '>', since)
    .select([sql<string | null>`null::text`.as('branch'), 'th.name as tag'])
  return [...(await byBranch.execute()), ...(await byTag.execute())]
}

/** At most this many provider versions on the build's branch (with its tag): look for their verifications directly. */
const SMALL_SCOPE = 64

/**
 * The successful verifications of each pact content, seen from the provider build's branch or tags, in one
 * statement: per pact version, whether a provider version on the branch (with each tag) verified it, and
 * whether one on another branch (with another tag) did so before the branch (tag) was first created, each
 * also counting only non-WIP verifications.
 *
 * Each flag is an existence check that stops at the first match, so its cost does not follow the history:
 * - "on the branch": for a branch of at most SMALL_SCOPE versions (a feature branch), a probe of the
 *   (pact_version_id, provider_version_id) index per version of the branch; for a longer one (main), the pact's
 *   successes in index order, each with one branch look-up, until one is on the branch — a pact verified
 *   15,000 times by 4,000 main versions is answered by its first verification, not by aggregating all of them;
 * - "before the branch existed": looked for only when the branch has not verified the content (the only case
 *   the rules read it) and the provider has versions on other branches; then the pact's successes until one is
 *   on another branch and older than the branch;
 * - a content never verified successfully costs one look-up; every other flag needs a success.
 * The slow case left is a long branch that never verified a content that other branches verified many times.
 *
 * Raw SQL because of the shape. Every check is `(select true … limit 1)` rather than `exists (…)`: PostgreSQL
 * costs an EXISTS sub-plan by its whole scan, and turns an inner branch check into a semi-join that walks all the
 * branch's versions for each pact; a LIMIT 1 sub-select is costed as its first row and stays an index look-up.
 */
export async function findVerificationFacts(
  db: Db,
  providerId: number,
  pactVersionIds: number[],
  scope: ProviderScope,
): Promise<Map<number, VerificationFacts>> {
  const facts = new Map<number, VerificationFacts>()
  if (!pactVersionIds.length) return facts
  const tags = scope.branch ? [] : scope.tags
  const successes = (nonWip: boolean) =>
    sql`verifications v where v.pact_version_id = p.id and v.provider_id = ${providerId} and v.success${nonWip ? sql` and not v.wip` : sql``}`
  const found = (from: RawBuilder<unknown>) => sql`coalesce((select true from ${from} limit 1), false)`
  // Per scope (the branch, or each tag): its provider versions (`members`, with `version_id`), whether a version
  // has it (`has`) or another one (`hasOther`), and when it was created (null when it does not exist yet: then
  // every earlier success counts).
  const scopes = scope.branch
    ? [
        {
          prefix: 'b',
          members: sql`branch_versions m where m.pacticipant_id = ${providerId} and m.branch_name = ${scope.branch}`,
          has: found(sql`branch_versions x where x.version_id = v.provider_version_id and x.branch_name = ${scope.branch}`),
          hasOther: found(sql`branch_versions x where x.version_id = v.provider_version_id and x.branch_name <> ${scope.branch}`),
          created: sql`(select b.created_at from branches b where b.pacticipant_id = ${providerId} and b.name = ${scope.branch})`,
          othersExist: found(sql`branch_versions o where o.pacticipant_id = ${providerId} and o.branch_name <> ${scope.branch}`),
        },
      ]
    : tags.map((tag, i) => ({
        prefix: `t${i}`,
        members: sql`tags m where m.pacticipant_id = ${providerId} and m.name = ${tag}`,
        has: found(sql`tags x where x.version_id = v.provider_version_id and x.name = ${tag}`),
        hasOther: found(sql`tags x where x.version_id = v.provider_version_id and x.name <> ${tag}`),
        created: sql`(select min(t.created_at) from tags t where t.pacticipant_id = ${providerId} and t.name = ${tag})`,
        othersExist: found(sql`tags o where o.pacticipant_id = ${providerId} and o.name <> ${tag}`),
      }))
  // The constants are computed once, in the middle layer (alias c), and passed on to the outer one (alias p).
  const c = (prefix: string, what: 'created' | 'small' | 'others', from: 'c' | 'p' = 'c') => sql.ref(`${from}.${what}_${prefix}`)
  const constants = sql.join([
    sql`1 as one`,
    ...scopes.flatMap((x) => [
      sql`${x.created} as ${sql.ref(`created_${x.prefix}`)}`,
      sql`(select count(*) <= ${SMALL_SCOPE} from (select 1 from ${x.members} limit ${SMALL_SCOPE + 1}) s) as ${sql.ref(`small_${x.prefix}`)}`,
      sql`${x.othersExist} as ${sql.ref(`others_${x.prefix}`)}`,
    ]),
  ])
  const onScope = (x: (typeof scopes)[number], nonWip: boolean) =>
    sql`case when ${c(x.prefix, 'small')}
      then ${found(sql`${x.members} and exists (select 1 from ${successes(nonWip)} and v.provider_version_id = m.version_id)`)}
      else ${found(sql`${successes(nonWip)} and ${x.has}`)} end`
  // Looked for only where the rules need it (pending.ts: `otherBefore` counts only without `success`, and the
  // non-WIP pair likewise), and only when the provider has a version on another branch (with another tag).
  const otherBefore = (x: (typeof scopes)[number], nonWip: boolean) =>
    sql`case when ${sql.ref(`p.${x.prefix}_success${nonWip ? '_non_wip' : ''}`)} or not ${c(x.prefix, 'others', 'p')} then false
      else ${found(sql`${successes(nonWip)} and ${x.hasOther} and (${c(x.prefix, 'created', 'p')} is null or v.created_at < ${c(x.prefix, 'created', 'p')})`)} end`
  const ifAny = (check: RawBuilder<unknown>) => sql`case when p.any_success then ${check} else false end`
  // Two layers, each fenced by `offset 0` so a flag is computed once and read by name, instead of its sub-plan
  // being copied into every expression that reads it: any success → the flags on the scope → the flags before it.
  const anySuccess = sql`select p.id, ${found(successes(false))} as any_success from unnest(${[...new Set(pactVersionIds)]}::int[]) as p(id) offset 0`
  const onScopes = sql`select p.*, c.*, ${sql.join([
    sql`${ifAny(found(successes(true)))} as any_success_non_wip`,
    ...scopes.flatMap((x) => [
      sql`${ifAny(onScope(x, false))} as ${sql.ref(`${x.prefix}_success`)}`,
      sql`${ifAny(onScope(x, true))} as ${sql.ref(`${x.prefix}_success_non_wip`)}`,
    ]),
  ])} from (${anySuccess}) p cross join (select ${constants}) c offset 0`
  const columns = sql.join([
    sql`p.*`,
    sql`p.id as pact_version_id`,
    ...scopes.flatMap((x) => [
      sql`${ifAny(otherBefore(x, false))} as ${sql.ref(`${x.prefix}_other_before`)}`,
      sql`${ifAny(otherBefore(x, true))} as ${sql.ref(`${x.prefix}_other_before_non_wip`)}`,
    ]),
  ])
  const result = await sql<Record<string, unknown>>`select ${columns} from (${onScopes}) p`.execute(db)
  const rows = result.rows
  const scoped = (row: Record<string, unknown>, prefix: string): ScopedFacts => ({
    success: row[`${prefix}_success`] === true,
    successNonWip: row[`${prefix}_success_non_wip`] === true,
    otherBefore: row[`${prefix}_other_before`] === true,
    otherBeforeNonWip: row[`${prefix}_other_before_non_wip`] === true,
  })
  for (const row of rows) {
    // Every flag needs a success: a content never verified successfully has no facts (NO_FACTS).
    if (row.any_success !== true) continue
    const entry: VerificationFacts = { anySuccess: row.any_success === true, anySuccessNonWip: row.any_success_non_wip === true, tags: {} }
    if (scope.branch) entry.branch = scoped(row, 'b')
    tags.forEach((tag, i) => {
      entry.tags[tag] = scoped(row, `t${i}`)
    })
    facts.set(row.pact_version_id as number, entry)
  }
  return facts
}

/** The stored documents of these pact contents, by pact version id (one statement; none for no ids). */
export async function findPactDocuments(db: Db, pactVersionIds: number[]): Promise<Map<number, unknown>> {
  if (pactVersionIds.length === 0) return new Map()
  const rows = await db.selectFrom('pact_versions').select(['id', 'content']).where('id', 'in', pactVersionIds).execute()
  return new Map(rows.map((row) => [row.id, typeof row.content === 'string' ? (JSON.parse(row.content) as unknown) : row.content]))
}
