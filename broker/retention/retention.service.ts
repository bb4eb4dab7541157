/**
 * @module retention
 * Cleaning old data (`concord clean`, and the scheduled clean of `CONCORD_CLEAN_SCHEDULE`): deletes the versions
 * no keep rule protects (retention.repository.ts `findDeletableVersionIds`), what hangs off them, pact contents
 * no longer published, and empty old branches. One runner at a time across replicas: a transaction-scoped
 * advisory lock (which also holds behind PgBouncer in transaction pooling). A dry run does the same work in a
 * transaction it rolls back, so its per-table counts are exactly what a real run would delete.
 */
import { recordChange } from '../audit/audit.service.js'
import type { BrokerDeps } from '../deps.js'
import * as repo from './retention.repository.js'

export interface CleanOptions {
  /** Count what would go, delete nothing. */
  dryRun: boolean
  /** Most versions deleted in one run (the Pact Broker's default: 500); run again for more. */
  limit: number
  /** Versions (and empty branches) younger than this many days are kept whatever else holds. */
  maxAgeDays: number
}

export interface CleanResult {
  /** False when another runner held the lock: nothing was done. */
  ran: boolean
  dryRun: boolean
  /** Rows deleted (or, in a dry run, that would be) per table. */
  deleted: Record<repo.CleanedTable, number>
  /** Rows left per table afterwards (in a dry run: what would be left). */
  remaining: Record<repo.CleanedTable, number>
  /** Whether the batch limit stopped the run with deletable versions left. */
  more: boolean
}

class DryRun extends Error {
  constructor(readonly result: CleanResult) {
    super('dry run: rolled back')
  }
}

const zero = () => Object.fromEntries(repo.CLEANED_TABLES.map((t) => [t, 0])) as Record<repo.CleanedTable, number>

/**
 * @example const result = await clean(deps, { dryRun: true, limit: 500, maxAgeDays: 90 }) // result.deleted.versions
 */
export async function clean(deps: Pick<BrokerDeps, 'db' | 'clock'>, options: CleanOptions): Promise<CleanResult> {
  const cutoff = new Date(deps.clock.now().getTime() - options.maxAgeDays * 86_400_000)
  try {
    return await deps.db.transaction().execute(async (trx) => {
      if (!(await repo.tryCleanLock(trx))) return { ran: false, dryRun: options.dryRun, deleted: zero(), remaining: zero(), more: true }
      const before = await repo.countRows(trx)
      const ids = await repo.findDeletableVersionIds(trx, { cutoff, limit: options.limit })
      await repo.deleteVersions(trx, ids)
      await repo.deleteOrphanPactVersions(trx)
      await repo.deleteEmptyBranches(trx, cutoff)
      const after = await repo.countRows(trx)
      const deleted = Object.fromEntries(repo.CLEANED_TABLES.map((t) => [t, before[t] - after[t]])) as Record<repo.CleanedTable, number>
      const result: CleanResult = { ran: true, dryRun: options.dryRun, deleted, remaining: after, more: ids.length === options.limit }
      if (options.dryRun) throw new DryRun(result)
      // A clean that deleted something is a write like any other: audited in its transaction (by the scheduler or
      // `concord clean`, the actor is the broker itself). One that found nothing to delete leaves no event, so an
      // hourly schedule does not fill the trail.
      if (Object.values(deleted).some((n) => n > 0))
        await recordChange(trx, { type: 'retention.cleaned', details: { deleted, more: result.more, maxAgeDays: options.maxAgeDays, limit: options.limit } })
      return result
    })
  } catch (error) {
    if (error instanceof DryRun) return error.result
    throw error
  }
}
