/**
 * Version, branch and tag queries, including the head tables (branch_heads, tag_heads).
 * Plain functions over Kysely: no rules, no throws.
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { BranchRow, BranchVersionRow, NewVersionRow, TagRow, VersionRow, VersionRowUpdate } from './versions.table.js'

export async function findVersion(db: Db, pacticipantId: number, number: string): Promise<VersionRow | undefined> {
  return db.selectFrom('versions').selectAll().where('pacticipant_id', '=', pacticipantId).where('number', '=', number).executeTakeFirst()
}

/** The version, holding a key-share lock on its row until the transaction ends (a concurrent DELETE waits). */
export async function findVersionForKeyShare(db: Db, pacticipantId: number, number: string): Promise<VersionRow | undefined> {
  return db.selectFrom('versions').selectAll().where('pacticipant_id', '=', pacticipantId).where('number', '=', number).forKeyShare().executeTakeFirst()
}

export async function findVersionById(db: Db, id: number): Promise<VersionRow | undefined> {
  return db.selectFrom('versions').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Inserts the version unless it exists; returns the stored row either way (safe under concurrency). */
export async function upsertVersion(db: Db, row: NewVersionRow): Promise<{ row: VersionRow; created: boolean }> {
  const inserted = await db
    .insertInto('versions')
    .values(row)
    .onConflict((oc) => oc.columns(['pacticipant_id', 'number']).doNothing())
    .returningAll()
    .executeTakeFirst()
  if (inserted) return { row: inserted, created: true }
  return { row: (await findVersion(db, row.pacticipant_id, row.number))!, created: false }
}

/**
 * Inserts the version unless its number exists, and returns the stored row either way (an existing one
 * key-share locked, as `findVersionForKeyShare`), in one statement. Call it only under the pacticipant's version
 * lock: every version created before the lock was granted is then in the statement's snapshot, and no other can
 * be created while it is held.
 */
export async function findOrInsertVersion(db: Db, row: NewVersionRow): Promise<{ row: VersionRow; created: boolean }> {
  const { rows } = await sql<VersionRow & { created: boolean }>`
    with inserted as (
      insert into versions (pacticipant_id, number, order_key, is_semver, build_url)
      values (${row.pacticipant_id}, ${row.number}, ${row.order_key}, ${row.is_semver}, ${row.build_url ?? null})
      on conflict (pacticipant_id, number) do nothing
      returning *
    ), existing as (
      select * from versions where pacticipant_id = ${row.pacticipant_id} and number = ${row.number} for key share
    )
    select *, true as created from inserted
    union all
    select *, false as created from existing`.execute(db)
  const { created, ...found } = rows[0]!
  return { row: found, created }
}

export async function updateVersionBuildUrl(db: Db, id: number, buildUrl: string): Promise<void> {
  await db.updateTable('versions').set({ build_url: buildUrl, updated_at: new Date() }).where('id', '=', id).execute()
}

/** The latest version of a pacticipant by version order. */
export async function findLatestVersion(db: Db, pacticipantId: number): Promise<VersionRow | undefined> {
  return db
    .selectFrom('versions')
    .selectAll()
    .where('pacticipant_id', '=', pacticipantId)
    .orderBy('order_key', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** Whether every version of the pacticipant is valid semver (true when it has none). */
export async function allVersionsSemver(db: Db, pacticipantId: number): Promise<boolean> {
  const row = await db
    .selectFrom('versions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('pacticipant_id', '=', pacticipantId)
    .where('is_semver', '=', false)
    .executeTakeFirst()
  return Number(row?.n ?? 0) === 0
}

/** Rewrites every order key of a pacticipant (its order mode changed). `keyOf` maps a version number to its key. */
export async function rewriteOrderKeys(db: Db, pacticipantId: number, keyOf: (number: string) => string): Promise<void> {
  const versions = await db.selectFrom('versions').select(['id', 'number', 'order_key']).where('pacticipant_id', '=', pacticipantId).execute()
  for (const version of versions) {
    const key = keyOf(version.number)
    if (key !== version.order_key) await db.updateTable('versions').set({ order_key: key }).where('id', '=', version.id).execute()
  }
}

/**
 * Puts a version on a branch in one statement: finds or creates the branch, adds the branch version (unless it
 * is there) and moves the branch head when the version is later (by version order) than the head. Returns the
 * branch and whether the version was newly added (undefined if a concurrent write deleted the branch it found). Call it only under the pacticipant's version lock, which every
 * writer of branches holds: the branch read then sees every branch committed before the lock was granted.
 */
export async function addToBranch(
  db: Db,
  input: { pacticipantId: number; name: string; versionId: number; autoCreated: boolean },
): Promise<{ branch: BranchRow; added: boolean } | undefined> {
  const { rows } = await sql<BranchRow & { added: boolean }>`
    with found as (
      select * from branches where pacticipant_id = ${input.pacticipantId} and name = ${input.name}
    ), created as (
      insert into branches (pacticipant_id, name)
      select ${input.pacticipantId}, ${input.name} where not exists (select 1 from found)
      on conflict (pacticipant_id, name) do nothing
      returning *
    ), branch as (
      select * from found union all select * from created
    ), member as (
      insert into branch_versions (branch_id, version_id, pacticipant_id, branch_name, auto_created)
      select id, ${input.versionId}, pacticipant_id, name, ${input.autoCreated} from branch
      on conflict (branch_id, version_id) do nothing
      returning id
    ), head as (
      insert into branch_heads (branch_id, pacticipant_id, branch_name, version_id)
      select id, pacticipant_id, name, ${input.versionId} from branch
      on conflict (branch_id) do update set version_id = excluded.version_id
      where exists (
        select 1 from versions n, versions o
        where n.id = excluded.version_id and o.id = branch_heads.version_id
          and (n.order_key > o.order_key or (n.order_key = o.order_key and n.id > o.id)))
    )
    select branch.*, exists (select 1 from member) as added from branch`.execute(db)
  if (!rows[0]) return undefined
  const { added, ...branch } = rows[0]
  return { branch, added }
}

export async function findBranch(db: Db, pacticipantId: number, name: string): Promise<BranchRow | undefined> {
  return db.selectFrom('branches').selectAll().where('pacticipant_id', '=', pacticipantId).where('name', '=', name).executeTakeFirst()
}

/** Adds the tag; returns the tag row and whether it was new. */
export async function upsertTag(db: Db, pacticipantId: number, versionId: number, name: string): Promise<{ row: TagRow; created: boolean }> {
  const inserted = await db
    .insertInto('tags')
    .values({ pacticipant_id: pacticipantId, version_id: versionId, name })
    .onConflict((oc) => oc.columns(['version_id', 'name']).doNothing())
    .returningAll()
    .executeTakeFirst()
  if (inserted) return { row: inserted, created: true }
  const row = await db.selectFrom('tags').selectAll().where('version_id', '=', versionId).where('name', '=', name).executeTakeFirstOrThrow()
  return { row, created: false }
}

/** Moves the tag head (latest version with this tag) forward; see advanceBranchHead. */
export async function advanceTagHead(db: Db, pacticipantId: number, name: string, versionId: number): Promise<void> {
  await sql`
    insert into tag_heads (pacticipant_id, name, version_id)
    values (${pacticipantId}, ${name}, ${versionId})
    on conflict (pacticipant_id, name) do update set version_id = excluded.version_id
    where exists (
      select 1 from versions n, versions o
      where n.id = excluded.version_id and o.id = tag_heads.version_id
        and (n.order_key > o.order_key or (n.order_key = o.order_key and n.id > o.id)))`.execute(db)
}

/** Recomputes every branch and tag head of a pacticipant from history (after its version order changed). */
export async function recomputeHeads(db: Db, pacticipantId: number): Promise<void> {
  await db.deleteFrom('branch_heads').where('pacticipant_id', '=', pacticipantId).execute()
  await sql`
    insert into branch_heads (branch_id, pacticipant_id, branch_name, version_id)
    select distinct on (bv.branch_id) bv.branch_id, bv.pacticipant_id, bv.branch_name, bv.version_id
    from branch_versions bv join versions v on v.id = bv.version_id
    where bv.pacticipant_id = ${pacticipantId}
    order by bv.branch_id, v.order_key desc, v.id desc`.execute(db)
  await db.deleteFrom('tag_heads').where('pacticipant_id', '=', pacticipantId).execute()
  await sql`
    insert into tag_heads (pacticipant_id, name, version_id)
    select distinct on (t.name) t.pacticipant_id, t.name, t.version_id
    from tags t join versions v on v.id = t.version_id
    where t.pacticipant_id = ${pacticipantId}
    order by t.name, v.order_key desc, v.id desc`.execute(db)
}

/** One page of a pacticipant's versions, newest first by version order, and how many there are in all. */
export async function listVersionsPage(db: Db, pacticipantId: number, page: { offset: number; limit: number }): Promise<{ rows: VersionRow[]; total: number }> {
  const counted = await db
    .selectFrom('versions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('pacticipant_id', '=', pacticipantId)
    .executeTakeFirst()
  const rows = await db
    .selectFrom('versions')
    .selectAll()
    .where('pacticipant_id', '=', pacticipantId)
    .orderBy('order_key', 'desc')
    .orderBy('id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute()
  return { rows, total: Number(counted?.n ?? 0) }
}

export async function updateVersion(db: Db, id: number, changes: VersionRowUpdate): Promise<VersionRow | undefined> {
  return db.updateTable('versions').set(changes).where('id', '=', id).returningAll().executeTakeFirst()
}

export async function deleteVersion(db: Db, id: number): Promise<void> {
  await db.deleteFrom('versions').where('id', '=', id).execute()
}

/** The latest version carrying `tag` (from the tag head table). */
export async function findLatestVersionWithTag(db: Db, pacticipantId: number, tag: string): Promise<VersionRow | undefined> {
  return db
    .selectFrom('tag_heads')
    .innerJoin('versions', 'versions.id', 'tag_heads.version_id')
    .selectAll('versions')
    .where('tag_heads.pacticipant_id', '=', pacticipantId)
    .where('tag_heads.name', '=', tag)
    .executeTakeFirst()
}

export interface VersionBranchRow {
  version_id: number
  branch_id: number
  branch_name: string
  created_at: Date
  /** Whether the version is the branch's head (latest version on it). */
  latest: boolean
}

/** The branches each of `versionIds` is on, oldest branch membership first. */
export async function branchesOfVersions(db: Db, versionIds: number[]): Promise<VersionBranchRow[]> {
  if (versionIds.length === 0) return []
  const rows = await db
    .selectFrom('branch_versions as bv')
    .leftJoin('branch_heads as bh', (join) => join.onRef('bh.branch_id', '=', 'bv.branch_id').onRef('bh.version_id', '=', 'bv.version_id'))
    .select(['bv.version_id', 'bv.branch_id', 'bv.branch_name', 'bv.created_at', (eb) => eb('bh.branch_id', 'is not', null).as('latest')])
    .where('bv.version_id', 'in', versionIds)
    .orderBy('bv.id')
    .execute()
  return rows.map((row) => ({ ...row, latest: Boolean(row.latest) }))
}

/** The tags of each of `versionIds`, oldest first. */
export async function tagsOfVersions(db: Db, versionIds: number[]): Promise<TagRow[]> {
  if (versionIds.length === 0) return []
  return db.selectFrom('tags').selectAll().where('version_id', 'in', versionIds).orderBy('id').execute()
}

export interface BranchWithHeadRow extends BranchRow {
  head_number: string | null
}

/** A pacticipant's branches by name, each with the number of its latest version (null when it has none). */
export async function listBranches(db: Db, pacticipantId: number, filter: { q?: string } = {}): Promise<BranchWithHeadRow[]> {
  let query = db
    .selectFrom('branches')
    .leftJoin('branch_heads', 'branch_heads.branch_id', 'branches.id')
    .leftJoin('versions', 'versions.id', 'branch_heads.version_id')
    .selectAll('branches')
    .select('versions.number as head_number')
    .where('branches.pacticipant_id', '=', pacticipantId)
  if (filter.q) query = query.where('branches.name', 'like', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  return query.orderBy('branches.name').execute()
}

/** The latest version on the branch (its head), if it has any. */
export async function findBranchHeadVersion(db: Db, branchId: number): Promise<VersionRow | undefined> {
  return db
    .selectFrom('branch_heads')
    .innerJoin('versions', 'versions.id', 'branch_heads.version_id')
    .selectAll('versions')
    .where('branch_heads.branch_id', '=', branchId)
    .executeTakeFirst()
}

/** Deletes the branch; its branch versions and head go with it (cascade), the versions stay. */
export async function deleteBranch(db: Db, branchId: number): Promise<void> {
  await db.deleteFrom('branches').where('id', '=', branchId).execute()
}

export async function findBranchVersion(db: Db, branchId: number, versionId: number): Promise<BranchVersionRow | undefined> {
  return db.selectFrom('branch_versions').selectAll().where('branch_id', '=', branchId).where('version_id', '=', versionId).executeTakeFirst()
}

export async function deleteBranchVersion(db: Db, branchId: number, versionId: number): Promise<void> {
  await db.deleteFrom('branch_versions').where('branch_id', '=', branchId).where('version_id', '=', versionId).execute()
}

/** Recomputes one branch's head from its branch versions (after one was removed). */
export async function recomputeBranchHead(db: Db, branchId: number): Promise<void> {
  await db.deleteFrom('branch_heads').where('branch_id', '=', branchId).execute()
  await sql`
    insert into branch_heads (branch_id, pacticipant_id, branch_name, version_id)
    select bv.branch_id, bv.pacticipant_id, bv.branch_name, bv.version_id
    from branch_versions bv join versions v on v.id = bv.version_id
    where bv.branch_id = ${branchId}
    order by v.order_key desc, v.id desc
    limit 1`.execute(db)
}

export async function findTag(db: Db, versionId: number, name: string): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('version_id', '=', versionId).where('name', '=', name).executeTakeFirst()
}

export async function deleteTag(db: Db, id: number): Promise<void> {
  await db.deleteFrom('tags').where('id', '=', id).execute()
}

/** Removes every tag of the version whose name is not in `keep`; returns the names removed. */
export async function deleteTagsExcept(db: Db, versionId: number, keep: string[]): Promise<string[]> {
  let query = db.deleteFrom('tags').where('version_id', '=', versionId)
  if (keep.length) query = query.where('name', 'not in', keep)
  return (await query.returning('name').execute()).map((r) => r.name)
}

/** Recomputes the head of one tag of a pacticipant from its tags (after one was removed). */
export async function recomputeTagHead(db: Db, pacticipantId: number, name: string): Promise<void> {
  await db.deleteFrom('tag_heads').where('pacticipant_id', '=', pacticipantId).where('name', '=', name).execute()
  await sql`
    insert into tag_heads (pacticipant_id, name, version_id)
    select t.pacticipant_id, t.name, t.version_id
    from tags t join versions v on v.id = t.version_id
    where t.pacticipant_id = ${pacticipantId} and t.name = ${name}
    order by v.order_key desc, v.id desc
    limit 1`.execute(db)
}
