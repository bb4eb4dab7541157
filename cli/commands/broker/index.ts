/**
 * `concord broker` and `concord broker migrate`: the only commands that import broker code, lazily, so the
 * rest of the CLI never loads express or the database drivers.
 */
import { ConfigurationError } from '../../../lib/errors.js'
import type { BrokerOptions, CleanOptions } from './options.js'
import type { CommandContext, CommandResult } from '../../context.js'

async function configFor(options: BrokerOptions, ctx: CommandContext) {
  const { ConfigError, loadConfig } = await import('../../../broker/config.js')
  const env: Record<string, string | undefined> = { ...ctx.env }
  if (options.port !== undefined) env.PORT = String(options.port)
  if (options.host !== undefined) env.HOST = options.host
  if (options.databaseUrl !== undefined) env.DATABASE_URL = options.databaseUrl
  if (options.dataDir !== undefined) {
    env.CONCORD_DATA_DIR = options.dataDir
    delete env.DATABASE_URL
  }
  try {
    return loadConfig(env, ctx.cwd)
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigurationError(`Invalid broker setting ${error.message}. See docs/configuration.md.`)
    throw error
  }
}

/** Start-up failures are about the machine or the settings (port taken, database unreachable): say which. */
/** Connection failures (network, and PostgreSQL's refusals at log-in) that mean "wrong or unreachable database". */
const UNREACHABLE_DATABASE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', '28P01', '28000', '3D000', '57P03'])

/** The first connection-failure code in an error, its causes (a failed migration wraps the driver's error) or an AggregateError's errors. */
function unreachableCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown }
  if (typeof code === 'string' && UNREACHABLE_DATABASE.has(code)) return code
  for (const inner of [cause, ...(Array.isArray(errors) ? (errors as unknown[]) : [])]) {
    const found = unreachableCode(inner, depth + 1)
    if (found) return found
  }
  return undefined
}

function redacted(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'the DATABASE_URL given (not a URL)'
  }
}

function startError(error: unknown, config: { http: { port: number; host: string }; database: { url: string | null; dataDir: string } }): Error {
  const code = (error as { code?: string })?.code
  const message = error instanceof Error ? error.message : String(error)
  const unreachable = config.database.url ? unreachableCode(error) : undefined
  if (unreachable && config.database.url) {
    return new ConfigurationError(
      `Could not reach the database ${redacted(config.database.url)} (${unreachable}). Check DATABASE_URL (or --database-url): the host, port, user and database name, and that PostgreSQL is running there and accepts this user; leave it unset for the embedded database.`,
      { cause: error },
    )
  }
  if (code === 'EADDRINUSE')
    return new ConfigurationError(`Port ${config.http.port} on ${config.http.host} is already in use: stop what uses it or pass --port`)
  if (code === 'EACCES') return new ConfigurationError(`Not allowed to listen on port ${config.http.port}: pass --port with a port above 1023`)
  const where = config.database.url ? 'the database at --database-url / DATABASE_URL' : `the embedded database in ${config.database.dataDir}`
  return new ConfigurationError(`The broker could not start (${message}). Check ${where}.`, { cause: error })
}

/** Runs the broker until SIGINT/SIGTERM. Log lines go to stderr; the result (on stop) to stdout. */
export async function serve(options: BrokerOptions, ctx: CommandContext): Promise<CommandResult> {
  const config = await configFor(options, ctx)
  const { startBroker } = await import('../../../broker/server.js')
  const { createLogger } = await import('../../../broker/shared/logger.js')
  const logger = createLogger(config.logging.level, (line) => ctx.progress(line), { format: config.logging.format })
  const stop = ctx.waitForStop()
  const broker = await startBroker(config, logger).catch((error: unknown) => {
    throw startError(error, config)
  })
  ctx.progress(`Concord broker ready at ${broker.url} (${broker.databaseKind}). Press Ctrl-C to stop.`)
  const signal = await stop
  await broker.close()
  return { data: { url: broker.url, database: broker.databaseKind, stoppedBy: signal }, text: `Broker stopped (${signal}).` }
}

/** Applies pending migrations and exits. */
export async function migrate(options: BrokerOptions, ctx: CommandContext): Promise<CommandResult> {
  const config = await configFor(options, ctx)
  const { connectDatabase } = await import('../../../broker/db/connect.js')
  const { migrateToLatest } = await import('../../../broker/db/migrate.js')
  const database = await connectDatabase(config.database).catch((error: unknown) => {
    throw startError(error, config)
  })
  try {
    const applied = await migrateToLatest(database.db).catch((error: unknown) => {
      throw startError(error, config)
    })
    const where = `${database.kind} ${database.location}`
    return {
      data: { database: database.kind, location: database.location, applied },
      text: applied.length
        ? [`Applied ${applied.length} migration(s) to ${where}:`, ...applied.map((m) => `  ${m}`)].join('\n')
        : `The database (${where}) is up to date: no migrations to apply.`,
    }
  } finally {
    await database.close()
  }
}

/** Deletes old data by the keep rules (broker/retention/), or with --dry-run counts what would go. */
export async function clean(options: CleanOptions, ctx: CommandContext): Promise<CommandResult> {
  const config = await configFor(options, ctx)
  const { connectDatabase } = await import('../../../broker/db/connect.js')
  const { migrateToLatest } = await import('../../../broker/db/migrate.js')
  const { clean: runClean } = await import('../../../broker/retention/retention.service.js')
  const { systemClock } = await import('../../../broker/shared/clock.js')
  const database = await connectDatabase(config.database).catch((error: unknown) => {
    throw startError(error, config)
  })
  try {
    const result = await migrateToLatest(database.db)
      .then(() =>
        runClean(
          { db: database.db, clock: systemClock },
          { dryRun: options.dryRun, limit: options.limit ?? config.retention.limit, maxAgeDays: options.maxAgeDays ?? config.retention.maxAgeDays },
        ),
      )
      .catch((error: unknown) => {
        throw unreachableCode(error) ? startError(error, config) : error
      })
    if (!result.ran) return { data: result, text: 'Another clean is running (it holds the lock): nothing done.' }
    const rows = Object.entries(result.deleted).map(
      ([table, n]) => `  ${table.padEnd(22)} ${String(n).padStart(8)}   (${result.remaining[table as keyof typeof result.remaining]} left)`,
    )
    const head = result.dryRun ? 'Dry run: a clean would delete' : 'Deleted'
    const tail = result.more ? ['The batch limit was reached: run again to delete more.'] : []
    return { data: result, text: [`${head} (rows per table):`, ...rows, ...tail].join('\n') }
  } finally {
    await database.close()
  }
}
