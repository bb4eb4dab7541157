/**
 * @module server
 * Starts a broker from a config: open the database, migrate, build the app, listen. Used by main.ts (`npm
 * start`) and by `concord broker`; returns a handle whose `close()` stops accepting connections, lets
 * in-flight requests finish and closes the database.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Express } from 'express'
import { createApp } from './app.js'
import type { BrokerConfig } from './config.js'
import { connectDatabase } from './db/connect.js'
import { migrateToLatest } from './db/migrate.js'
import { createMetrics } from './metrics/metrics.js'
import { webhookQueueStats } from './metrics/metrics.service.js'
import { scheduleClean } from './retention/schedule.js'
import { SchemaDiffRunner } from './provider-contracts/schema-diff-runner.js'
import { type Clock, systemClock } from './shared/clock.js'
import { createEvents } from './shared/events.js'
import type { Logger } from './shared/logger.js'
import { webhookOutbox } from './webhooks/outbox.js'
import { WebhookWorkers } from './webhooks/worker.js'

export interface RunningBroker {
  /** http://host:port the broker listens on (loopback-friendly when bound to all interfaces). */
  url: string
  port: number
  databaseKind: 'postgres' | 'pglite'
  close(): Promise<void>
}

/** What Node's HTTP parser rejects before Express sees a request, as problem slugs. */
function clientErrorProblem(code: string | undefined): { status: number; slug: string; title: string; detail: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        slug: 'request-header-too-large',
        title: 'Request header fields too large',
        detail: 'The request line and headers together exceed 16 KiB (for example a very long URL). Send a shorter URL or fewer headers.',
      }
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        slug: 'request-timeout',
        title: 'Request timeout',
        detail: 'The request was not received completely in time (CONCORD_HEADERS_TIMEOUT_MS / CONCORD_REQUEST_TIMEOUT_MS).',
      }
    default:
      return {
        status: 400,
        slug: 'malformed-http',
        title: 'Malformed HTTP request',
        detail: `The request is not valid HTTP/1.1 (${code ?? 'unparseable'}): for example raw control or non-ASCII bytes in the request line or a header. Percent-encode them.`,
      }
  }
}

/**
 * The broker's HTTP server for an app: the connection limits of `config.http`, and a problem document (instead of
 * Node's empty answer) for requests Node's parser refuses before Express sees them.
 * @example createHttpServer(createApp(deps), config, logger).listen(9292)
 */
export function createHttpServer(app: Express, config: Readonly<BrokerConfig>, logger: Logger): Server {
  const server = createServer(
    {
      headersTimeout: config.http.headersTimeoutMs,
      requestTimeout: config.http.requestTimeoutMs,
      keepAliveTimeout: config.http.keepAliveTimeoutMs,
      // How often Node looks for connections past those timeouts (its default, 30 s, would let a 1 s timeout last 30).
      connectionsCheckingInterval: Math.max(250, Math.min(30_000, Math.floor(config.http.headersTimeoutMs / 4))),
    },
    app,
  )
  server.maxConnections = config.http.maxConnections
  trackResponses(server)
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const problem = clientErrorProblem(error.code)
    logger.debug('refused a malformed request', { code: error.code, status: problem.status })
    // No request was parsed, so there is no Host to build a URL from: the configured base URL, else a relative type.
    const body = JSON.stringify({
      type: `${config.http.baseUrl ?? ''}/problems/${problem.slug}`,
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
    })
    socket.end(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        'X-Content-Type-Options: nosniff\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    )
  })
  return server
}

/**
 * Stops accepting connections, lets the requests in flight finish and answer, and resolves when every connection
 * is closed; after `timeoutMs`, cuts the connections still open. Idle keep-alive connections are closed at once;
 * a response in flight (or a request arriving on a kept-alive connection meanwhile) goes out with
 * `Connection: close`, so its connection closes after it instead of lingering until the keep-alive timeout.
 */
async function drain(server: Server, timeoutMs: number, logger: Logger): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  const closeAfterResponse = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close')
  }
  for (const res of responsesInFlight.get(server) ?? []) closeAfterResponse(res)
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => closeAfterResponse(res))
  server.closeIdleConnections()
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)))
  try {
    if (await Promise.race([closed.then(() => false), timedOut])) {
      const open = await new Promise<number>((resolve) => server.getConnections((error, count) => resolve(error ? -1 : count)))
      logger.warn(`shutdown: requests still running after ${timeoutMs} ms (CONCORD_SHUTDOWN_TIMEOUT_MS); cutting ${open} connection(s)`)
      server.closeAllConnections()
      await closed
    }
  } finally {
    clearTimeout(timer)
  }
}

/** The responses each server has not finished yet, for `drain`. */
const responsesInFlight = new WeakMap<Server, Set<ServerResponse>>()

function trackResponses(server: Server): void {
  const active = new Set<ServerResponse>()
  responsesInFlight.set(server, active)
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    active.add(res)
    res.once('close', () => active.delete(res))
  })
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
  const schemaDiff = new SchemaDiffRunner()
  const events = createEvents()
  const metrics = createMetrics({ events, poolStats: database.poolStats, webhookQueue: () => webhookQueueStats(database.db) })
  const deps = { db: database.db, config, logger, clock, events, schemaDiff, metrics, outbox: webhookOutbox }
  const app = createApp(deps)
  // Webhook workers: they pick up what any broker on this database left pending, including before a crash.
  const webhookWorkers = new WebhookWorkers(deps)
  const server = createHttpServer(app, config, logger).listen(config.http.port, config.http.host)
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  }).catch(async (error) => {
    await Promise.all([database.close(), schemaDiff.close()])
    throw error
  })
  const cleaner = scheduleClean({ db: database.db, clock, logger, config })
  const port = (server.address() as AddressInfo).port
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  webhookWorkers.start()
  logger.info(`Concord broker listening on ${url} (bound to ${config.http.host}:${port}), database: ${database.kind} ${database.location}`)
  if (!config.auth.enabled) {
    logger.warn(
      `This broker is OPEN: no credentials are configured, so anyone who can reach ${config.http.host}:${port} may read and change everything. Set CONCORD_ADMIN_TOKEN or PACT_BROKER_BASIC_AUTH_USERNAME/_PASSWORD (docs/security.md).`,
    )
  } else {
    const kinds = [
      config.auth.adminToken && 'admin token',
      config.auth.basic && 'basic read/write user',
      config.auth.basicReadOnly && 'basic read-only user',
      'bearer tokens',
    ]
    logger.info(`Authentication on (${kinds.filter(Boolean).join(', ')}); anonymous callers may ${config.auth.allowPublicRead ? 'read' : 'not read'}`)
  }

  let closing: Promise<void> | undefined
  return {
    url,
    port,
    databaseKind: database.kind,
    close: () =>
      (closing ??= (async () => {
        cleaner?.stop()
        await drain(server, config.http.shutdownTimeoutMs, logger)
        await webhookWorkers.stop()
        await Promise.all([database.close(), schemaDiff.close()])
      })()),
  }
}
