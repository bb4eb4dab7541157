/**
 * Keeps a pacticipant's version order in step with the CONCORD_VERSION_ORDER setting, lazily.
 *
 * Why lazily: the setting can change between two runs of the broker (or differ between two brokers sharing a
 * database). Each pacticipant records the setting its order keys were computed under
 * (`pacticipants.version_order_setting`); the first use of the pacticipant under a different setting rewrites
 * its keys and recomputes its branch and tag heads, in one transaction, before anything reads them. Nothing
 * depends on a start-up job having run.
 */
import type { Transaction } from 'kysely'
import type { VersionOrder } from '../config.js'
import { type Database, type Db, inTransaction } from '../db/database.js'
import * as pacticipantsRepo from '../pacticipants/pacticipants.repository.js'
import type { PacticipantRow } from '../pacticipants/pacticipants.table.js'
import { orderKeyFor } from './version-order.js'
import * as repo from './versions.repository.js'

/** Whether the row's order keys were computed under `setting`. */
export function isReconciled(row: Pick<PacticipantRow, 'version_order_setting'>, setting: VersionOrder): boolean {
  return row.version_order_setting === setting
}

/**
 * Brings a pacticipant row that is already locked (`select … for update`) in `trx` in line with `setting`.
 * Returns the up-to-date row.
 */
export async function reconcileLocked(trx: Transaction<Database>, setting: VersionOrder, locked: PacticipantRow): Promise<PacticipantRow> {
  if (isReconciled(locked, setting)) return locked
  const target: 'semver' | 'creation' = setting === 'auto' ? ((await repo.allVersionsSemver(trx, locked.id)) ? 'semver' : 'creation') : setting
  if (target !== locked.version_order) {
    await repo.rewriteOrderKeys(trx, locked.id, (n) => orderKeyFor(n, target))
    await repo.recomputeHeads(trx, locked.id)
  }
  return (await pacticipantsRepo.updatePacticipant(trx, locked.id, { version_order: target, version_order_setting: setting })) ?? locked
}

/**
 * The pacticipant row, with its version order reconciled with `setting` first when it was computed under
 * another one. Cheap when nothing changed (a string comparison, no query).
 * @example const row = await reconcileVersionOrder(db, config.versions.order, found)
 */
export async function reconcileVersionOrder(db: Db, setting: VersionOrder, row: PacticipantRow): Promise<PacticipantRow> {
  if (isReconciled(row, setting)) return row
  return inTransaction(db, async (trx) => {
    const locked = await pacticipantsRepo.lockPacticipant(trx, row.id)
    return locked ? reconcileLocked(trx, setting, locked) : row
  })
}
