/**
 * The workers of one broker process: claim due deliveries (FOR UPDATE SKIP LOCKED, leased), send them, log the
 * attempt and schedule the next one on the retry schedule. Every broker process runs them, so replicas share
 * the work through the database; none keeps anything in memory that a crash could lose. Started and stopped by
 * whoever starts the broker (server.ts, the test broker), with its dependencies passed in.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { BrokerConfig } from '../config.js'
import type { Database } from '../db/database.js'
import { inTransaction } from '../db/database.js'
import type { BrokerEvents } from '../shared/events.js'
import type { Logger } from '../shared/logger.js'
import { sendWebhook, type AttemptResult } from './delivery.js'
import { attemptLog, prepareRequest, SecretUnavailableError } from './prepare.js'
import { requestTargetErrors } from './safety.js'
import { redact } from './secrets.js'
import type { TemplateParameters } from './template.js'
import { toWebhook } from './webhook.js'
import * as repo from './webhooks.repository.js'
import type { TriggeredWebhookRow } from './webhooks.table.js'

export interface WebhookWorkerDeps {
  db: Kysely<Database>
  config: Readonly<BrokerConfig>
  logger: Logger
  events: BrokerEvents
}

/** Attempts in all: the first plus one per entry of the retry schedule (the Pact Broker's count). */
export function maxAttempts(config: Pick<BrokerConfig, 'webhooks'>): number {
  return config.webhooks.retrySchedule.length + 1
}

function describeWait(seconds: number): string {
  return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`
}

export class WebhookWorkers {
  private readonly token = randomUUID()
  private running = false
  private loop: Promise<void> | undefined
  private readonly inFlight = new Map<number, Promise<void>>()
  private readonly abort = new AbortController()
  private wakeUp: (() => void) | undefined
  private unsubscribe: (() => void)[] = []

  constructor(private readonly deps: WebhookWorkerDeps) {}

  /**
   * Starts claiming; no-op when CONCORD_WEBHOOK_WORKERS is 0. A write in this process that stored deliveries wakes
   * the workers at once (`webhooks.triggered`); one that stored none does not, so CI traffic on a broker whose
   * webhooks it does not match costs no claims. Deliveries stored by another replica are found by the poll.
   */
  start(): void {
    if (this.running || this.deps.config.webhooks.workers === 0) return
    this.running = true
    this.unsubscribe = [this.deps.events.on('webhooks.triggered', () => this.wake())]
    this.loop = this.run()
  }

  /** Nudges an idle worker (a delivery was just written). */
  wake(): void {
    this.wakeUp?.()
  }

  /**
   * Stops claiming, cuts in-flight attempts short and gives their deliveries back (at-least-once: a cut attempt
   * may have reached its receiver, which the delivery id lets it recognise). Resolves when nothing is running.
   */
  async stop(): Promise<void> {
    if (!this.running) return
    this.running = false
    for (const off of this.unsubscribe) off()
    this.abort.abort()
    this.wake()
    await this.loop
    await Promise.allSettled(this.inFlight.values())
  }

  private async run(): Promise<void> {
    const { config, logger } = this.deps
    while (this.running) {
      let claimed: TriggeredWebhookRow[] = []
      const free = config.webhooks.workers - this.inFlight.size
      if (free > 0) {
        try {
          claimed = await repo.claimDueDeliveries(this.deps.db, this.token, free, config.webhooks.timeoutMs)
        } catch (error) {
          if (this.running) logger.warn('webhook workers could not claim deliveries; trying again', { error: (error as Error).message })
        }
        for (const row of claimed) {
          const work = this.deliver(row)
            .catch((error: unknown) => {
              if (this.running)
                logger.error('a webhook delivery failed unexpectedly; its lease will run out and it will be tried again', {
                  delivery: row.uuid,
                  error: (error as Error).message,
                })
            })
            .finally(() => {
              this.inFlight.delete(row.id)
              this.wake()
            })
          this.inFlight.set(row.id, work)
        }
      }
      if (!this.running) break
      if (claimed.length && claimed.length === free) continue
      await this.idle()
    }
  }

  /** Waits for a wake-up, a free slot, the next due delivery, or the poll interval, whichever comes first. */
  private async idle(): Promise<void> {
    let wait = this.deps.config.webhooks.pollIntervalMs
    if (this.inFlight.size < this.deps.config.webhooks.workers) {
      const due = await repo.secondsUntilNextDue(this.deps.db).catch(() => null)
      if (due !== null) wait = Math.max(5, Math.min(wait, Math.ceil(due * 1000) + 5))
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.wakeUp = done
    })
    this.wakeUp = undefined
  }

  private async deliver(row: TriggeredWebhookRow): Promise<void> {
    const { db, config, logger } = this.deps
    const webhookRow = await repo.findWebhookById(db, row.webhook_id)
    if (!webhookRow) return // deleted meanwhile: its deliveries went with it
    const webhook = toWebhook(webhookRow, { consumer: webhookRow.consumer_name, provider: webhookRow.provider_name })
    const attempt = row.attempts + 1
    const max = maxAttempts(config)
    const policy = {
      ...config.webhooks,
      timeoutMs: webhook.timeoutMs ?? config.webhooks.timeoutMs,
      successStatuses: webhook.successStatuses ?? config.webhooks.successStatuses,
    }
    let result: AttemptResult
    let prepared: ReturnType<typeof prepareRequest> | undefined
    try {
      prepared = prepareRequest(webhook, row.params as TemplateParameters, config.webhooks.secretKey, { deliveryId: row.uuid, eventName: row.event_name })
      // The settings may have changed since the webhook was saved: check the rendered request again.
      const refusals = requestTargetErrors(config.webhooks, prepared.request.method, prepared.request.url)
      result = refusals.length
        ? {
            success: false,
            status: null,
            responseBody: '',
            error: `refused: ${refusals.map((r) => r.detail).join('; ')}`,
            refused: true,
            durationMs: 0,
            hops: [],
          }
        : await sendWebhook(prepared.request, policy, this.abort.signal)
    } catch (error) {
      if (!(error instanceof SecretUnavailableError)) throw error
      result = { success: false, status: null, responseBody: '', error: `refused: ${error.message}`, refused: true, durationMs: 0, hops: [] }
    }
    if (this.abort.signal.aborted && !result.success) {
      // Shutting down: not a real failure; hand the delivery back untried.
      await repo.releaseLease(db, row.id, this.token).catch(() => undefined)
      return
    }
    const retryIn = !result.success && !result.refused && attempt < max ? config.webhooks.retrySchedule[attempt - 1]! : null
    const status = result.success ? 'success' : retryIn !== null ? 'retrying' : 'failure'
    const next = result.success
      ? 'done'
      : result.refused
        ? 'not retried (refused)'
        : retryIn !== null
          ? `next attempt in ${describeWait(retryIn)}`
          : `giving up after ${attempt} attempt${attempt === 1 ? '' : 's'}`
    const request = prepared?.request ?? { method: webhook.request.method, url: webhook.request.url, headers: {}, body: null }
    const logs = attemptLog({
      at: new Date(),
      attempt,
      maxAttempts: max,
      deliveryId: row.uuid,
      eventName: row.event_name,
      request,
      result,
      secrets: prepared?.secrets ?? [],
      next,
      showResponseBody: config.webhooks.hosts.length > 0,
    })
    const redactedUrl = redact(request.url, prepared?.secrets ?? [])
    await inTransaction(db, async (trx) => {
      await repo.insertAttempt(trx, {
        triggered_webhook_id: row.id,
        attempt,
        success: result.success,
        request_method: request.method,
        request_url: redactedUrl,
        response_status: result.status,
        error: result.error,
        duration_ms: result.durationMs,
        logs,
      })
      const kept = await repo.finishAttempt(trx, row.id, this.token, { status, attempts: attempt, retryInSeconds: retryIn })
      if (!kept) logger.warn('a webhook delivery outlived its lease; another worker has taken it over', { delivery: row.uuid })
    })
    const fields = { delivery: row.uuid, webhook: webhook.uuid, event: row.event_name, attempt, status: result.status, error: result.error }
    if (result.success) logger.debug('webhook delivered', fields)
    else if (result.refused) logger.warn('webhook delivery refused', fields)
    else logger.info(`webhook attempt failed; ${next}`, fields)
  }
}
