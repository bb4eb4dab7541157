/**
 * @module metrics
 * The broker's Prometheus metrics (prom-client), in a Registry of their own per app: no metric goes through
 * prom-client's global default registry, so two brokers in one process (tests, `concord broker` beside a
 * test) never mix their numbers.
 *
 * Counters follow the broker's events (shared/events.ts), emitted by the services after their transactions
 * commit; request durations come from the request log (http/request-log.ts); the database pool is read when
 * scraped. docs/operations.md#metrics lists every metric.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { BrokerEvents } from '../shared/events.js'
import type { WebhookQueueStats } from './metrics.repository.js'

/** What one finished request looks like (http/request-log.ts reports each), for the request metrics. */
export interface FinishedRequest {
  method: string
  /** The route table's path pattern (`/pacticipants/:pacticipant`), or null when no row matched (404). */
  route: string | null
  status: number
  durationSeconds: number
}

/** What a connection pool says about itself (pg.Pool's counts); PGlite has a single connection and no pool. */
export interface PoolStats {
  total: number
  idle: number
  waiting: number
}

export interface BrokerMetrics {
  readonly registry: Registry
  /** Observes one finished request (wired by createApp to the request log). */
  observeRequest(request: FinishedRequest): void
}

export interface MetricsOptions {
  events: BrokerEvents
  /** The database pool's counts, read at each scrape; absent on PGlite. */
  poolStats?: () => PoolStats
  /** Whether to add prom-client's process and Node.js metrics (default true). */
  processMetrics?: boolean
  /** The webhook delivery queue, read from the database at each scrape (metrics.repository.ts `webhookQueueStats`). */
  webhookQueue?: () => Promise<WebhookQueueStats>
}

/** Request durations from 5 ms to 30 s: index look-ups answer in milliseconds, a large publication in seconds. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
/** A schema comparison runs json-schema-diff over every interaction: tens of milliseconds to the timeout. */
const COMPARISON_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

/**
 * @example const metrics = createMetrics({ events, poolStats: database.poolStats }); await metrics.registry.metrics()
 */
export function createMetrics({ events, poolStats, processMetrics = true, webhookQueue }: MetricsOptions): BrokerMetrics {
  const registry = new Registry()
  if (processMetrics) collectDefaultMetrics({ register: registry })
  const registers = [registry]

  const requests = new Histogram({
    name: 'concord_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its answer, by method, route pattern (the route table path; "unmatched" for 404s) and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: REQUEST_BUCKETS,
    registers,
  })
  const decisions = new Counter({
    name: 'concord_can_i_deploy_decisions_total',
    help: 'can-i-deploy answers (GET /can-i-deploy, and GET /matrix with latestby, as the official CLIs ask), by outcome: deployable, not_deployable or unknown',
    labelNames: ['outcome'] as const,
    registers,
  })
  const publications = new Counter({
    name: 'concord_contract_publications_total',
    help: 'Pacts published, by whether the content was new for that consumer version and provider',
    labelNames: ['content_changed'] as const,
    registers,
  })
  const verifications = new Counter({
    name: 'concord_verification_results_total',
    help: 'Verification results published, by success',
    labelNames: ['success'] as const,
    registers,
  })
  const deployments = new Counter({ name: 'concord_deployments_recorded_total', help: 'Deployments recorded', registers })
  const releases = new Counter({ name: 'concord_releases_recorded_total', help: 'Releases recorded', registers })
  const comparisons = new Histogram({
    name: 'concord_schema_comparison_duration_seconds',
    help: 'Schema comparisons of a pact against a provider contract (OpenAPI description) and their duration, by result status',
    labelNames: ['status'] as const,
    buckets: COMPARISON_BUCKETS,
    registers,
  })
  if (poolStats) {
    new Gauge({
      name: 'concord_db_pool_connections',
      help: 'Database pool connections by state: total (open), idle, and waiting (queries queued for a connection)',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const stats = poolStats()
        this.set({ state: 'total' }, stats.total)
        this.set({ state: 'idle' }, stats.idle)
        this.set({ state: 'waiting' }, stats.waiting)
      },
    })
  }

  if (webhookQueue) {
    new Gauge({
      name: 'concord_webhook_deliveries',
      help: 'Webhook deliveries in the queue by state: pending (waiting for a first attempt or a retry), in_flight (claimed by a worker now), failed (given up on)',
      labelNames: ['state'] as const,
      registers,
      async collect() {
        const stats = await webhookQueue()
        this.set({ state: 'pending' }, stats.pending)
        this.set({ state: 'in_flight' }, stats.inFlight)
        this.set({ state: 'failed' }, stats.failed)
      },
    })
    new Gauge({
      name: 'concord_webhook_oldest_pending_age_seconds',
      help: 'Age of the oldest webhook delivery not yet sent (pending or in flight), 0 when the queue is empty',
      registers,
      async collect() {
        this.set((await webhookQueue()).oldestPendingAgeSeconds)
      },
    })
  }

  events.on('can-i-deploy.decided', ({ deployable }) =>
    decisions.inc({ outcome: deployable === true ? 'deployable' : deployable === false ? 'not_deployable' : 'unknown' }),
  )
  events.on('contract.published', ({ contentChanged }) => publications.inc({ content_changed: String(contentChanged) }))
  events.on('verification.published', ({ success }) => verifications.inc({ success: String(success) }))
  events.on('deployment.recorded', () => deployments.inc())
  events.on('release.recorded', () => releases.inc())
  events.on('schema-comparison.completed', ({ status, durationSeconds }) => comparisons.observe({ status }, durationSeconds))

  return {
    registry,
    observeRequest: ({ method, route, status, durationSeconds }) =>
      requests.observe({ method, route: route ?? 'unmatched', status: String(status) }, durationSeconds),
  }
}
