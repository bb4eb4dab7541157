/**
 * @module deps
 * What the app and every service are given. Built once in main.ts (or a test) and passed down; nothing in
 * broker/ reaches for a global instead.
 */
import type { Kysely } from 'kysely'
import type { FailureLimiter } from './auth/failure-limiter.js'
import type { BrokerConfig } from './config.js'
import type { Database, Db } from './db/database.js'
import type { BrokerMetrics } from './metrics/metrics.js'
import type { SchemaDiffRunner } from './provider-contracts/schema-diff-runner.js'
import type { Clock } from './shared/clock.js'
import type { BrokerEvents } from './shared/events.js'
import type { Logger } from './shared/logger.js'
import type { MapLayout } from './ui/map-layout.js'

/**
 * What a write tells the outbox, inside its own transaction (docs/architecture.md rule 18: the outbox is the
 * only way out). `baseUrl` is the broker's public URL as the writer's request saw it, for links in webhooks.
 */
export type OutboxEvent =
  | {
      type: 'contract.published'
      publicationId: number
      /** The publication's parties, when the writer knows them: the webhooks are then looked up first, and a broker without any spends one statement. */
      consumerId?: number
      providerId?: number
      contentChanged: boolean
      baseUrl: string
    }
  | { type: 'verification.published'; verificationId: number; baseUrl: string }

export interface Outbox {
  /**
   * Writes the deliveries the event causes, with `trx` (the writer's transaction): they commit or roll back with it.
   * Returns how many it wrote; after commit the writer emits `webhooks.triggered` when any were (the workers then look at once).
   */
  record(trx: Db, event: OutboxEvent): Promise<number>
}

export interface BrokerDeps {
  db: Kysely<Database>
  config: Readonly<BrokerConfig>
  logger: Logger
  clock: Clock
  events: BrokerEvents
  /**
   * The worker that runs json-schema-diff off the main thread (provider-contracts/schema-diff-runner.ts): built
   * once by whoever starts the broker (server.ts, a test) and closed with it.
   */
  schemaDiff: SchemaDiffRunner
  /**
   * The app's Prometheus registry and instruments (metrics/metrics.ts), built by whoever starts the broker so it
   * can read the database pool. When absent, createApp builds one over `events` alone.
   */
  metrics?: BrokerMetrics
  /** The dependency map's layout and its cache (ui/map-layout.ts); createApp makes one when the caller does not. */
  mapLayout?: MapLayout
  /** Failed authentications per client address (auth/failure-limiter.ts), shared by the API and the sign-in form; createApp makes one when absent. */
  authFailures?: FailureLimiter
  /** Where writes record what webhooks must deliver (webhooks/outbox.ts); the workers that send them are started by server.ts. */
  outbox: Outbox
}
