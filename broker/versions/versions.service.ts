/**
 * Version rules: creating versions with their order key, keeping the pacticipant's order mode right, adding
 * branches and tags and keeping the head tables current.
 */
import { recordChange } from '../audit/audit.service.js'
import type { BrokerConfig } from '../config.js'
import { type Db, inTransaction } from '../db/database.js'
import type { Pacticipant } from '../pacticipants/pacticipant.js'
import { toPacticipant } from '../pacticipants/pacticipant.js'
import * as pacticipantsRepo from '../pacticipants/pacticipants.repository.js'
import type { PacticipantRow } from '../pacticipants/pacticipants.table.js'
import { findOrCreatePacticipant, maybeSetMainBranch, pacticipantNotFound } from '../pacticipants/pacticipants.service.js'
import { ConflictError, NotFoundError } from '../shared/errors.js'
import { toVersion, type Version } from './version.js'
import { effectiveOrder, isSemver, orderKeyFor } from './version-order.js'
import { reconcileLocked } from './version-order.service.js'
import * as repo from './versions.repository.js'
import type { VersionRow } from './versions.table.js'
import { checkIdentifier, identifierProblem } from '../shared/identifiers.js'
import { pageOf, pageWindow, type Page } from '../shared/paging.js'

export interface VersionDeps {
  db: Db
  config: Readonly<BrokerConfig>
}

export function versionNotFound(pacticipant: string, number: string): NotFoundError {
  return new NotFoundError(`No version '${number}' of pacticipant '${pacticipant}'.`, 'version-not-found')
}

export async function findVersion({ db }: Pick<VersionDeps, 'db'>, pacticipant: Pacticipant, number: string): Promise<Version | undefined> {
  const row = await findVersionRow(db, pacticipant.id, number)
  return row && toVersion(row)
}

/** Inside a transaction (a write) the version row stays key-share locked until commit: a DELETE of it waits. */
function findVersionRow(db: Db, pacticipantId: number, number: string) {
  return db.isTransaction ? repo.findVersionForKeyShare(db, pacticipantId, number) : repo.findVersion(db, pacticipantId, number)
}

/** The version locks each transaction holds: pacticipant id → its locked row (for the version order). */
const versionLocks = new WeakMap<object, Map<number, PacticipantRow>>()

/**
 * Takes the pacticipant's row lock that serialises writes to its versions, branches, tags and head tables.
 * Lock order, everywhere: pacticipant rows (key share, on look-up), then this lock, then the rows below it.
 * Once per transaction: a publication that creates a version, puts it on a branch and tags it asks three times,
 * and a lock the transaction holds is held until it ends, so the second and third ask no one (one round trip
 * instead of three). The row kept is the one this transaction last wrote (only the version order code below
 * changes the fields it reads). Throws NotFoundError when the pacticipant was deleted since the caller looked it up.
 */
async function lockForVersionWrites(trx: Db, pacticipant: Pick<Pacticipant, 'id' | 'name'>): Promise<PacticipantRow> {
  const held = versionLocks.get(trx)?.get(pacticipant.id)
  if (held) return held
  const row = await pacticipantsRepo.lockPacticipant(trx, pacticipant.id)
  if (!row) throw pacticipantNotFound(pacticipant.name)
  return keepVersionLock(trx, row)
}

function keepVersionLock(trx: Db, row: PacticipantRow): PacticipantRow {
  let held = versionLocks.get(trx)
  if (!held) versionLocks.set(trx, (held = new Map<number, PacticipantRow>()))
  held.set(row.id, row)
  return row
}

/**
 * Takes `pacticipant`'s version lock now, inside the caller's transaction, for a write that will change its
 * versions, branches or tags anyway (a publication with a branch or tags): `findOrCreateVersion` then creates
 * or finds the version in one statement instead of looking it up first.
 * @example if (input.branch) await lockVersions(scoped, consumer)
 */
export async function lockVersions(deps: Pick<VersionDeps, 'db'>, pacticipant: Pick<Pacticipant, 'id' | 'name'>): Promise<void> {
  if (!deps.db.isTransaction) throw new Error('lockVersions must run inside a transaction')
  await lockForVersionWrites(deps.db, pacticipant)
}

/** Throws NotFoundError ('version-not-found'). */
export async function getVersion(deps: Pick<VersionDeps, 'db'>, pacticipant: Pacticipant, number: string): Promise<Version> {
  const found = await findVersion(deps, pacticipant, number)
  if (!found) throw versionNotFound(pacticipant.name, number)
  return found
}

export async function findLatestVersion({ db }: Pick<VersionDeps, 'db'>, pacticipant: Pacticipant): Promise<Version | undefined> {
  const row = await repo.findLatestVersion(db, pacticipant.id)
  return row && toVersion(row)
}

/**
 * The version `number` of `pacticipant`, created if missing, with its order key. In 'auto' order the first
 * non-semver version switches the pacticipant to creation order: every key is rewritten and the branch and tag
 * heads recomputed, in the same transaction.
 *
 * Without the pacticipant's version lock it looks the version up first (key share) and takes the lock only to
 * create one. When the transaction holds the lock already (`lockVersions`), no version of this pacticipant can
 * appear or vanish meanwhile, so one `insert … on conflict do nothing` with a read of the existing row finds or
 * creates it in one statement.
 * @example const { version, created } = await findOrCreateVersion(deps, consumer, '1.2.3', { buildUrl })
 */
export async function findOrCreateVersion(
  deps: VersionDeps,
  pacticipant: Pacticipant,
  number: string,
  options: { buildUrl?: string | null } = {},
): Promise<{ version: Version; created: boolean }> {
  const existingVersion = async (db: Db, existing: VersionRow) => {
    if (options.buildUrl && options.buildUrl !== existing.build_url) await repo.updateVersionBuildUrl(db, existing.id, options.buildUrl)
    return { version: toVersion({ ...existing, build_url: options.buildUrl || existing.build_url }), created: false }
  }
  const lockHeld = versionLocks.get(deps.db)?.has(pacticipant.id) ?? false
  if (!lockHeld) {
    const existing = await findVersionRow(deps.db, pacticipant.id, number)
    if (existing) return existingVersion(deps.db, existing)
  }
  return inTransaction(deps.db, async (trx) => {
    // Serialise version creation per pacticipant so the order mode and the keys never disagree.
    // …and first bring the pacticipant in line with the current CONCORD_VERSION_ORDER if it changed.
    const lockedRow = await lockForVersionWrites(trx, pacticipant)
    const reconciled = await reconcileLocked(trx, deps.config.versions.order, lockedRow)
    if (reconciled !== lockedRow) keepVersionLock(trx, reconciled)
    const locked = toPacticipant(reconciled)
    const semver = isSemver(number)
    let order = effectiveOrder(deps.config.versions.order, locked.versionOrder === 'semver' && semver)
    const mayReturnToSemver = deps.config.versions.order === 'auto' && locked.versionOrder === 'creation' && semver
    const newRow = (order: 'semver' | 'creation') => ({
      pacticipant_id: locked.id,
      number,
      order_key: orderKeyFor(number, order),
      is_semver: semver,
      build_url: options.buildUrl ?? null,
    })
    if (lockHeld) {
      // The common case (no change of order mode possible): find or create in one statement. A version number
      // stored before the identifier rule stays usable, so the rule applies only to a version not found.
      if (order === locked.versionOrder && !mayReturnToSemver && identifierProblem('version number', number) === undefined) {
        const { row, created } = await repo.findOrInsertVersion(trx, newRow(order))
        return created ? { version: toVersion(row), created } : existingVersion(trx, row)
      }
      const existing = await findVersionRow(trx, pacticipant.id, number)
      if (existing) return existingVersion(trx, existing)
    }
    checkIdentifier('version number', number)
    if (mayReturnToSemver && (await repo.allVersionsSemver(trx, locked.id))) {
      // The setting changed back, or non-semver versions were deleted: recompute in semver order.
      order = 'semver'
    }
    if (order !== locked.versionOrder) {
      const updated = await pacticipantsRepo.updatePacticipant(trx, locked.id, { version_order: order })
      if (updated) keepVersionLock(trx, updated)
      await repo.rewriteOrderKeys(trx, locked.id, (n) => orderKeyFor(n, order))
    }
    const { row, created } = await repo.upsertVersion(trx, newRow(order))
    if (order !== locked.versionOrder) await repo.recomputeHeads(trx, locked.id)
    return { version: toVersion(row), created }
  })
}

/**
 * Puts `version` on `branchName` (creating the branch), moves the branch head, and may set the main branch.
 * Returns whether the version was newly added to the branch.
 */
export async function addVersionToBranch(
  deps: VersionDeps,
  pacticipant: Pacticipant,
  version: Version,
  branchName: string,
  options: { autoCreated?: boolean } = {},
): Promise<boolean> {
  return inTransaction(deps.db, async (trx) => {
    // Lock the pacticipant before the branch, in the same order as findOrCreateVersion: the main-branch update
    // below touches the pacticipant row, and the opposite order deadlocks concurrent publications on PostgreSQL.
    await lockForVersionWrites(trx, pacticipant)
    checkIdentifier('branch name', branchName)
    const result = await repo.addToBranch(trx, {
      pacticipantId: pacticipant.id,
      name: branchName,
      versionId: version.id,
      autoCreated: options.autoCreated ?? false,
    })
    if (!result)
      throw new ConflictError('concurrent-change', `The branch '${branchName}' of '${pacticipant.name}' was deleted while this request ran; retry it.`)
    await maybeSetMainBranch({ db: trx }, pacticipant, branchName)
    return result.added
  })
}

/** Tags `version` with `tagName` and moves the tag head. Returns whether the tag was new. */
export async function addTag(deps: VersionDeps, pacticipant: Pacticipant, version: Version, tagName: string): Promise<{ created: boolean; createdAt: Date }> {
  return inTransaction(deps.db, async (trx) => {
    await lockForVersionWrites(trx, pacticipant)
    checkIdentifier('tag name', tagName)
    const { row, created } = await repo.upsertTag(trx, pacticipant.id, version.id, tagName)
    await repo.advanceTagHead(trx, pacticipant.id, tagName, version.id)
    return { created, createdAt: row.created_at }
  })
}

// ---------------------------------------------------------------------------------------------------------
// The versions API: listings, version create-or-update, branches, branch versions and tags.

export interface VersionBranch {
  name: string
  /** Whether this version is the latest on the branch. */
  latest: boolean
  createdAt: Date
}

export interface VersionTag {
  name: string
  createdAt: Date
}

/** A version with the branches it is on and its tags. */
export interface VersionWithRefs extends Version {
  branches: VersionBranch[]
  tags: VersionTag[]
}

/** Attaches branches and tags to each version (two queries for the lot). */
export async function withRefs({ db }: Pick<VersionDeps, 'db'>, versions: Version[]): Promise<VersionWithRefs[]> {
  const ids = versions.map((v) => v.id)
  const branches = await repo.branchesOfVersions(db, ids)
  const tags = await repo.tagsOfVersions(db, ids)
  return versions.map((v) => ({
    ...v,
    branches: branches.filter((b) => b.version_id === v.id).map((b) => ({ name: b.branch_name, latest: b.latest, createdAt: b.created_at })),
    tags: tags.filter((t) => t.version_id === v.id).map((t) => ({ name: t.name, createdAt: t.created_at })),
  }))
}

/**
 * A pacticipant's versions, newest first by version order, one page at a time (pages count from 1).
 * @example const { versions, page } = await listVersions(deps, web, { page: 1, size: 100 })
 */
export async function listVersions(
  deps: Pick<VersionDeps, 'db'>,
  pacticipant: Pacticipant,
  options: { page?: number; size?: number } = {},
): Promise<{ versions: VersionWithRefs[]; page: Page }> {
  const size = options.size ?? 100
  const { number, offset } = pageWindow(options.page, size)
  const { rows, total } = await repo.listVersionsPage(deps.db, pacticipant.id, { offset, limit: size })
  return { versions: await withRefs(deps, rows.map(toVersion)), page: pageOf(number, size, total) }
}

/** The latest version carrying `tag` (by version order); NotFoundError when no version has it. */
export async function getLatestVersionWithTag({ db }: Pick<VersionDeps, 'db'>, pacticipant: Pacticipant, tag: string): Promise<Version> {
  const row = await repo.findLatestVersionWithTag(db, pacticipant.id, tag)
  if (!row) throw new NotFoundError(`No version of pacticipant '${pacticipant.name}' has the tag '${tag}'.`, 'version-not-found')
  return toVersion(row)
}

/** The latest version of a pacticipant; NotFoundError when it has none. */
export async function getLatestVersion(deps: Pick<VersionDeps, 'db'>, pacticipant: Pacticipant): Promise<Version> {
  const found = await findLatestVersion(deps, pacticipant)
  if (!found) throw new NotFoundError(`Pacticipant '${pacticipant.name}' has no versions yet.`, 'version-not-found')
  return found
}

export interface VersionInput {
  buildUrl?: string | null
  /** Replaces the version's tags when present. */
  tags?: { name: string }[] | null
}

/**
 * PUT (`mode: 'replace'`) or PATCH (`'merge'`) of `/pacticipants/{p}/versions/{v}`: creates the pacticipant and
 * the version as needed. Replace clears an absent buildUrl; both replace the tags when `tags` is sent.
 * @example const { version, created } = await saveVersion(deps, 'web', '1.0.0', { buildUrl: 'https://ci/1' }, 'merge')
 */
export async function saveVersion(
  deps: VersionDeps,
  pacticipantName: string,
  number: string,
  input: VersionInput,
  mode: 'replace' | 'merge',
): Promise<{ version: Version; created: boolean }> {
  return inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'version.saved', pacticipants: [pacticipantName], details: { version: number, mode, ...input } })
    const inner = { db: trx, config: deps.config }
    const pacticipant = await findOrCreatePacticipant(inner, pacticipantName)
    const { version, created } = await findOrCreateVersion(inner, pacticipant, number, { buildUrl: input.buildUrl ?? null })
    let saved = version
    const buildUrl = mode === 'replace' ? (input.buildUrl ?? null) : input.buildUrl
    if (buildUrl !== undefined && buildUrl !== version.buildUrl) {
      saved = toVersion((await repo.updateVersion(trx, version.id, { build_url: buildUrl, updated_at: new Date() }))!)
    }
    if (input.tags) {
      await lockForVersionWrites(trx, pacticipant)
      const names = [...new Set(input.tags.map((t) => t.name))]
      for (const removed of await repo.deleteTagsExcept(trx, version.id, names)) await repo.recomputeTagHead(trx, pacticipant.id, removed)
      for (const name of names) await addTag(inner, pacticipant, saved, name)
    }
    return { version: saved, created }
  })
}

/**
 * Deletes a version with its branch memberships, tags, pacts and verifications; recomputes the pacticipant's
 * branch and tag heads (a deleted head would otherwise leave its branch without one).
 */
export async function deleteVersion(deps: VersionDeps, pacticipant: Pacticipant, number: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'version.deleted', pacticipants: [pacticipant.name], details: { version: number } })
    await lockForVersionWrites(trx, pacticipant)
    const version = await getVersion({ db: trx }, pacticipant, number)
    await repo.deleteVersion(trx, version.id)
    await repo.recomputeHeads(trx, pacticipant.id)
  })
}

export interface Branch {
  id: number
  pacticipantId: number
  name: string
  createdAt: Date
  updatedAt: Date
  /** The number of the latest version on the branch, when it has one. */
  latestVersionNumber: string | null
}

function branchNotFound(pacticipant: string, branch: string): NotFoundError {
  return new NotFoundError(
    `Pacticipant '${pacticipant}' has no branch named '${branch}'. GET /pacticipants/${encodeURIComponent(pacticipant)}/branches lists them.`,
    'branch-not-found',
  )
}

/** A pacticipant's branches by name, optionally those whose name contains `q`. */
export async function listBranches({ db }: Pick<VersionDeps, 'db'>, pacticipant: Pacticipant, filter: { q?: string } = {}): Promise<Branch[]> {
  const rows = await repo.listBranches(db, pacticipant.id, filter)
  return rows.map((r) => ({
    id: r.id,
    pacticipantId: r.pacticipant_id,
    name: r.name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    latestVersionNumber: r.head_number,
  }))
}

/** Throws NotFoundError ('branch-not-found'). */
export async function getBranch({ db }: Pick<VersionDeps, 'db'>, pacticipant: Pacticipant, name: string): Promise<Branch> {
  const row = await repo.findBranch(db, pacticipant.id, name)
  if (!row) throw branchNotFound(pacticipant.name, name)
  const head = await repo.findBranchHeadVersion(db, row.id)
  return {
    id: row.id,
    pacticipantId: row.pacticipant_id,
    name: row.name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    latestVersionNumber: head?.number ?? null,
  }
}

/** Deletes the branch and its branch versions (not the versions themselves). Throws when unknown. */
export async function deleteBranch(deps: Pick<VersionDeps, 'db'>, pacticipant: Pacticipant, name: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'branch.deleted', pacticipants: [pacticipant.name], details: { branch: name } })
    await lockForVersionWrites(trx, pacticipant)
    const branch = await getBranch({ db: trx }, pacticipant, name)
    await repo.deleteBranch(trx, branch.id)
  })
}

export interface BranchVersion {
  branchName: string
  versionNumber: string
  /** Whether this version is the branch's latest. */
  latest: boolean
  createdAt: Date
}

/** Throws NotFoundError when the branch, the version or the membership is unknown. */
export async function getBranchVersion({ db }: Pick<VersionDeps, 'db'>, pacticipant: Pacticipant, branchName: string, number: string): Promise<BranchVersion> {
  const branch = await repo.findBranch(db, pacticipant.id, branchName)
  const version = branch && (await repo.findVersion(db, pacticipant.id, number))
  const member = branch && version && (await repo.findBranchVersion(db, branch.id, version.id))
  if (!branch || !version || !member) {
    throw new NotFoundError(`Version '${number}' of pacticipant '${pacticipant.name}' is not on a branch named '${branchName}'.`, 'branch-not-found')
  }
  const head = await repo.findBranchHeadVersion(db, branch.id)
  return { branchName: branch.name, versionNumber: version.number, latest: head?.id === version.id, createdAt: member.created_at }
}

/**
 * PUT /pacticipants/{p}/branches/{b}/versions/{v}: creates the pacticipant, the version and the branch as
 * needed and puts the version on the branch. `created` is true when the version was not on the branch before.
 * @example await putBranchVersion(deps, 'api', 'main', '2.0.0')
 */
export async function putBranchVersion(
  deps: VersionDeps,
  pacticipantName: string,
  branchName: string,
  number: string,
): Promise<{ branchVersion: BranchVersion; created: boolean }> {
  return inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'branch-version.added', pacticipants: [pacticipantName], details: { branch: branchName, version: number } })
    const inner = { db: trx, config: deps.config }
    const pacticipant = await findOrCreatePacticipant(inner, pacticipantName)
    const { version } = await findOrCreateVersion(inner, pacticipant, number)
    const created = await addVersionToBranch(inner, pacticipant, version, branchName)
    return { branchVersion: await getBranchVersion(inner, pacticipant, branchName, number), created }
  })
}

/** Takes the version off the branch and recomputes the branch head. */
export async function deleteBranchVersion(deps: Pick<VersionDeps, 'db'>, pacticipant: Pacticipant, branchName: string, number: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'branch-version.removed', pacticipants: [pacticipant.name], details: { branch: branchName, version: number } })
    await lockForVersionWrites(trx, pacticipant)
    await getBranchVersion({ db: trx }, pacticipant, branchName, number)
    const branch = (await repo.findBranch(trx, pacticipant.id, branchName))!
    const version = (await repo.findVersion(trx, pacticipant.id, number))!
    await repo.deleteBranchVersion(trx, branch.id, version.id)
    await repo.recomputeBranchHead(trx, branch.id)
  })
}

export interface Tag {
  name: string
  versionNumber: string
  createdAt: Date
}

/** Throws NotFoundError ('tag-not-found') when the version lacks the tag. */
export async function getTag(deps: Pick<VersionDeps, 'db'>, pacticipant: Pacticipant, number: string, name: string): Promise<Tag> {
  const version = await getVersion(deps, pacticipant, number)
  const row = await repo.findTag(deps.db, version.id, name)
  if (!row) throw new NotFoundError(`Version '${number}' of pacticipant '${pacticipant.name}' has no tag '${name}'.`, 'tag-not-found')
  return { name: row.name, versionNumber: version.number, createdAt: row.created_at }
}

/**
 * PUT /pacticipants/{p}/versions/{v}/tags/{t}: creates the pacticipant and the version as needed and tags it.
 * @example const { created } = await putTag(deps, 'api', '2.0.0', 'prod')
 */
export async function putTag(deps: VersionDeps, pacticipantName: string, number: string, name: string): Promise<{ tag: Tag; created: boolean }> {
  return inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'tag.added', pacticipants: [pacticipantName], details: { version: number, tag: name } })
    const inner = { db: trx, config: deps.config }
    const pacticipant = await findOrCreatePacticipant(inner, pacticipantName)
    const { version } = await findOrCreateVersion(inner, pacticipant, number)
    const { created, createdAt } = await addTag(inner, pacticipant, version, name)
    return { tag: { name, versionNumber: version.number, createdAt }, created }
  })
}

/** Removes the tag and recomputes that tag's head. Throws when unknown. */
export async function deleteTag(deps: Pick<VersionDeps, 'db'>, pacticipant: Pacticipant, number: string, name: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'tag.removed', pacticipants: [pacticipant.name], details: { version: number, tag: name } })
    await lockForVersionWrites(trx, pacticipant)
    const version = await getVersion({ db: trx }, pacticipant, number)
    const row = await repo.findTag(trx, version.id, name)
    if (!row) throw new NotFoundError(`Version '${number}' of pacticipant '${pacticipant.name}' has no tag '${name}'.`, 'tag-not-found')
    await repo.deleteTag(trx, row.id)
    await repo.recomputeTagHead(trx, pacticipant.id, name)
  })
}
