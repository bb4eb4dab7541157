/**
 * Version rules: creating versions with their order key, keeping the pacticipant's order mode right, adding
 * branches and tags and keeping the head tables current.
 */
import type { BrokerConfig } from '../config.js'
import { type Db, inTransaction } from '../db/database.js'
import type { Pacticipant } from '../pacticipants/pacticipant.js'
import { toPacticipant } from '../pacticipants/pacticipant.js'
import * as pacticipantsRepo from '../pacticipants/pacticipants.repository.js'
import { maybeSetMainBranch } from '../pacticipants/pacticipants.service.js'
import { NotFoundError } from '../shared/errors.js'
import { toVersion, type Version } from './version.js'
import { effectiveOrder, isSemver, orderKeyFor } from './version-order.js'
import * as repo from './versions.repository.js'

export interface VersionDeps {
  db: Db
  config: Readonly<BrokerConfig>
}

export function versionNotFound(pacticipant: string, number: string): NotFoundError {
  return new NotFoundError(`No version '${number}' of pacticipant '${pacticipant}'.`, 'version-not-found')
}

export async function findVersion({ db }: Pick<VersionDeps, 'db'>, pacticipant: Pacticipant, number: string): Promise<Version | undefined> {
  const row = await repo.findVersion(db, pacticipant.id, number)
  return row && toVersion(row)
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
 * @example const { version, created } = await findOrCreateVersion(deps, consumer, '1.2.3', { buildUrl })
 */
export async function findOrCreateVersion(
  deps: VersionDeps,
  pacticipant: Pacticipant,
  number: string,
  options: { buildUrl?: string | null } = {},
): Promise<{ version: Version; created: boolean }> {
  const existing = await repo.findVersion(deps.db, pacticipant.id, number)
  if (existing) {
    if (options.buildUrl && options.buildUrl !== existing.build_url) await repo.updateVersionBuildUrl(deps.db, existing.id, options.buildUrl)
    return { version: toVersion({ ...existing, build_url: options.buildUrl || existing.build_url }), created: false }
  }
  return inTransaction(deps.db, async (trx) => {
    // Serialise version creation per pacticipant so the order mode and the keys never disagree.
    const locked = toPacticipant((await pacticipantsRepo.lockPacticipant(trx, pacticipant.id))!)
    const semver = isSemver(number)
    let order = effectiveOrder(deps.config.versions.order, locked.versionOrder === 'semver' && semver)
    if (deps.config.versions.order === 'auto' && locked.versionOrder === 'creation' && semver && (await repo.allVersionsSemver(trx, locked.id))) {
      // The setting changed back, or non-semver versions were deleted: recompute in semver order.
      order = 'semver'
    }
    if (order !== locked.versionOrder) {
      await pacticipantsRepo.updatePacticipant(trx, locked.id, { version_order: order })
      await repo.rewriteOrderKeys(trx, locked.id, (n) => orderKeyFor(n, order))
    }
    const { row, created } = await repo.upsertVersion(trx, {
      pacticipant_id: locked.id,
      number,
      order_key: orderKeyFor(number, order),
      is_semver: semver,
      build_url: options.buildUrl ?? null,
    })
    if (order !== locked.versionOrder) await repo.recomputeHeads(trx, locked.id)
    return { version: toVersion(row), created }
  })
}

/**
 * Puts `version` on `branchName` (creating the branch), moves the branch head, and may set the main branch.
 * Returns whether the version was newly added to the branch.
 */
export async function addVersionToBranch(deps: VersionDeps, pacticipant: Pacticipant, version: Version, branchName: string, options: { autoCreated?: boolean } = {}): Promise<boolean> {
  return inTransaction(deps.db, async (trx) => {
    const branch = await repo.upsertBranch(trx, pacticipant.id, branchName)
    const added = await repo.insertBranchVersion(trx, branch, version.id, options.autoCreated ?? false)
    await repo.advanceBranchHead(trx, branch, version.id)
    await maybeSetMainBranch({ db: trx }, pacticipant, branchName)
    return added
  })
}

/** Tags `version` with `tagName` and moves the tag head. Returns whether the tag was new. */
export async function addTag(deps: VersionDeps, pacticipant: Pacticipant, version: Version, tagName: string): Promise<{ created: boolean; createdAt: Date }> {
  return inTransaction(deps.db, async (trx) => {
    const { row, created } = await repo.upsertTag(trx, pacticipant.id, version.id, tagName)
    await repo.advanceTagHead(trx, pacticipant.id, tagName, version.id)
    return { created, createdAt: row.created_at }
  })
}
