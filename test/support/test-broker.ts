/**
 * A real broker for a test: a fresh database from DATABASES, the real app, real HTTP on a loopback port.
 *
 * @example
 * const broker = await startTestBroker(database)
 * const res = await fetch(`${broker.url}/environments`)
 * await broker.close()
 */
import type { AddressInfo } from 'node:net'
import type { KyselyPlugin } from 'kysely'
import { createApp } from '../../broker/app.js'
import { loadConfig } from '../../broker/config.js'
import type { BrokerDeps } from '../../broker/deps.js'
import { createLinks, type Links } from '../../broker/http/links.js'
import { createMetrics } from '../../broker/metrics/metrics.js'
import { webhookQueueStats } from '../../broker/metrics/metrics.service.js'
import { SchemaDiffRunner } from '../../broker/provider-contracts/schema-diff-runner.js'
import { createHttpServer } from '../../broker/server.js'
import { type Clock, systemClock } from '../../broker/shared/clock.js'
import { createEvents } from '../../broker/shared/events.js'
import { silentLogger, type Logger } from '../../broker/shared/logger.js'
import { webhookOutbox } from '../../broker/webhooks/outbox.js'
import { WebhookWorkers } from '../../broker/webhooks/worker.js'
import type { DatabaseFactory, TestDatabase } from './databases.js'

export interface TestBroker {
  url: string
  links: Links
  deps: BrokerDeps
  database: TestDatabase
  /** This broker's webhook workers (stopped by close()). */
  webhookWorkers: WebhookWorkers
  close(): Promise<void>
}

export interface TestBrokerOptions {
  /** Settings as environment variables (e.g. { CONCORD_VERSION_ORDER: 'creation' }). */
  env?: Record<string, string>
  clock?: Clock
  logger?: Logger
  /** Add prom-client's process and Node.js metrics to the broker's registry (as `npm start` does). */
  processMetrics?: boolean
  /** A Kysely plugin every statement of the broker goes through (e.g. a StatementCounter). */
  plugin?: KyselyPlugin
  /** Start the webhook workers (default true). Off where a test counts the broker's statements: they poll. */
  webhookWorkers?: boolean
}

export async function startTestBroker(factory: DatabaseFactory, options: TestBrokerOptions = {}): Promise<TestBroker> {
  const database = await factory.create()
  const config = loadConfig({ CONCORD_LOG_LEVEL: 'silent', CONCORD_DATA_DIR: 'memory://', ...options.env })
  const events = createEvents()
  const deps: BrokerDeps = {
    db: options.plugin ? database.db.withPlugin(options.plugin) : database.db,
    config,
    logger: options.logger ?? silentLogger,
    clock: options.clock ?? systemClock,
    events,
    schemaDiff: new SchemaDiffRunner(),
    // Process metrics only where a test asks for them (they sample the event loop); the rest always.
    metrics: createMetrics({
      events,
      poolStats: database.poolStats,
      processMetrics: options.processMetrics ?? false,
      webhookQueue: () => webhookQueueStats(database.db),
    }),
    outbox: webhookOutbox,
  }
  const server = createHttpServer(createApp(deps), config, deps.logger).listen(0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const webhookWorkers = new WebhookWorkers(deps)
  if (options.webhookWorkers ?? true) webhookWorkers.start()
  return {
    url,
    links: createLinks(url),
    deps,
    database,
    webhookWorkers,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await webhookWorkers.stop()
      await deps.schemaDiff.close()
      await database.close()
    },
  }
}
