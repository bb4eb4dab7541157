/**
 * @module retention/schedule
 * The scheduled clean (`CONCORD_CLEAN_SCHEDULE`, a cron expression run by croner). Every replica may schedule
 * it: the clean's advisory lock lets one run and the others skip. A run never overlaps the previous one.
 */
import { Cron } from 'croner'
import type { BrokerDeps } from '../deps.js'
import { clean } from './retention.service.js'

/** @example const cleaner = scheduleClean(deps); …; cleaner?.stop() */
export function scheduleClean(deps: Pick<BrokerDeps, 'db' | 'clock' | 'logger' | 'config'>): { stop(): void } | null {
  const { schedule, limit, maxAgeDays } = deps.config.retention
  if (!schedule) return null
  const job = new Cron(schedule, { protect: true }, async () => {
    try {
      const result = await clean(deps, { dryRun: false, limit, maxAgeDays })
      if (!result.ran) deps.logger.info('scheduled clean skipped: another broker is cleaning')
      else deps.logger.info('scheduled clean', { deleted: result.deleted, more: result.more })
    } catch (error) {
      deps.logger.error('scheduled clean failed', { error: error instanceof Error ? error.message : String(error) })
    }
  })
  deps.logger.info('scheduled clean', { schedule, next: job.nextRun()?.toISOString() ?? null })
  return { stop: () => job.stop() }
}
