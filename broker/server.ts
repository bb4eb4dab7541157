/**
 * @module server
 * Starts a broker from a config: open the database, migrate, build the app, listen. Used by main.ts (`npm
 * start`) and by `concord broker`; returns a handle whose `close()` stops accepting connections, lets
 * in-flight requests finish and closes the database.
 */
import type { AddressInfo } from 'node:net'
import { createApp } from './app.js'
import type { BrokerConfig } from './config.js'
import { connectDatabase } from './db/connect.js'
import { migrateToLatest } from './db/migrate.js'
import { type Clock, systemClock } from './shared/clock.js'
import { createEvents } from './shared/events.js'
import type { Logger } from './shared/logger.js'

export interface RunningBroker {
  /** http://host:port the broker listens on (loopback-friendly when bound to all interfaces). */
  url: string
  port: number
  databaseKind: 'postgres' | 'pglite'
  close(): Promise<void>
}

export async function startBroker(config: Readonly<BrokerConfig>, logger: Logger, clock: Clock = systemClock): Promise<RunningBroker> {
  const database = await connectDatabase({
    ...config.database,
    onConnectionError: (error) => logger.warn('a pooled database connection failed; it will be replaced', { error: error.message }),
  })
  try {
    const applied = await migrateToLatest(database.db)
    if (applied.length) logger.debug('migrations applied', { migrations: applied })
  } catch (error) {
    await database.close()
    throw error
  }
  const app = createApp({ db: database.db, config, logger, clock, events: createEvents() })
  const server = app.listen(config.http.port, config.http.host)
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  }).catch(async (error) => {
    await database.close()
    throw error
  })
  const port = (server.address() as AddressInfo).port
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  logger.info(`Concord broker listening on ${url} (bound to ${config.http.host}:${port}), database: ${database.kind} ${database.location}`)

  let closing: Promise<void> | undefined
  return {
    url,
    port,
    databaseKind: database.kind,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      }).then(() => database.close())),
  }
}
