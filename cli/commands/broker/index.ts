/**
 * `concord broker` and `concord broker migrate`: the only commands that import broker code, lazily, so the
 * rest of the CLI never loads express or the database drivers.
 */
import { resolve } from 'node:path'
import { ConfigurationError } from '../../../lib/errors.js'
import { ExitError } from '../../errors.js'
import type { BrokerOptions, CleanOptions, ExportOptions, ImportOptions } from './options.js'
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

/** Archive problems (wrong file, newer schema, cut short) say what to do; they exit 2 like other bad input. */
async function archiveErrors<T>(work: () => Promise<T>): Promise<T> {
  const { ArchiveError } = await import('../../../broker/archive/archive.service.js')
  const { ArchiveFileError } = await import('../../../broker/archive/archive-file.js')
  const { SourceBrokerError } = await import('../../../broker/archive/pact-broker-source.js')
  try {
    return await work()
  } catch (error) {
    if (error instanceof ArchiveError || error instanceof ArchiveFileError || error instanceof SourceBrokerError) throw new ExitError(error.message)
    const code = (error as { code?: string }).code
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')
      throw new ExitError(`${(error as Error).message}: check the archive file's path and permissions`)
    throw error
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** Writes the whole broker (its database, read directly) to a gzip JSON-lines archive (broker/archive/). */
export async function exportBroker(options: ExportOptions, ctx: CommandContext): Promise<CommandResult> {
  const config = await configFor(options, ctx)
  const { connectDatabase } = await import('../../../broker/db/connect.js')
  const { exportArchive } = await import('../../../broker/archive/archive.service.js')
  const { writeArchiveFile } = await import('../../../broker/archive/archive-file.js')
  const now = new Date()
  const file = resolve(ctx.cwd, options.file ?? `concord-${now.toISOString().replace(/[:.]/g, '-')}.jsonl.gz`)
  const database = await connectDatabase(config.database).catch((error: unknown) => {
    throw startError(error, config)
  })
  try {
    const started = performance.now()
    const { result, bytes } = await archiveErrors(() => writeArchiveFile(file, (write) => exportArchive(database.db, write, { source: database.kind, now })))
    const seconds = (performance.now() - started) / 1000
    const rows = Object.values(result.counts).reduce((a, b) => a + b, 0)
    const lines = Object.entries(result.counts)
      .filter(([, n]) => n > 0)
      .map(([table, n]) => `  ${table.padEnd(22)} ${String(n).padStart(8)}`)
    return {
      data: { file, bytes, schema: result.header.schema, database: database.kind, counts: result.counts, seconds: Number(seconds.toFixed(3)) },
      text: [`Exported ${plural(rows, 'row')} from ${database.kind} ${database.location} to ${file} (${bytes} bytes, ${seconds.toFixed(1)} s):`, ...lines].join(
        '\n',
      ),
    }
  } finally {
    await database.close()
  }
}

/** The per-table lines of an import report. */
function importLines(result: { tables: Record<string, { archived: number; added: number; existing: number; skipped: number }>; problems: string[] }) {
  const rows = Object.entries(result.tables)
    .filter(([, t]) => t.archived > 0)
    .map(
      ([table, t]) =>
        `  ${table.padEnd(22)} ${String(t.added).padStart(8)} added ${String(t.existing).padStart(8)} already there${t.skipped ? `  ${t.skipped} left out` : ''}`,
    )
  return [...rows, ...(result.problems.length ? ['Left out:', ...result.problems.map((p) => `  ${p}`)] : [])]
}

/**
 * Imports an archive from `concord export`, or a Pact Broker's history (`--from-pact-broker`), into the database
 * in one transaction; a second run adds nothing.
 *
 * Why into the database rather than through the target broker's HTTP API: the history keeps its own dates (of
 * versions, results, deployments — what retention's max age and the UI read), ended deployments and releases come
 * over as ended, nothing fires webhooks for history that happened long ago, and the whole copy commits or not.
 */
export async function importBroker(options: ImportOptions, ctx: CommandContext): Promise<CommandResult> {
  const config = await configFor(options, ctx)
  const { connectDatabase } = await import('../../../broker/db/connect.js')
  const { migrateToLatest } = await import('../../../broker/db/migrate.js')
  const database = await connectDatabase(config.database).catch((error: unknown) => {
    throw startError(error, config)
  })
  try {
    await migrateToLatest(database.db)
    const started = performance.now()
    const into = `${database.kind} ${database.location}`
    if (options.fromPactBroker) {
      const source = options.fromPactBroker
      const { importFromPactBroker } = await import('../../../broker/archive/pact-broker-source.js')
      const progressFile = resolve(ctx.cwd, source.progressFile ?? `.concord-import-${new URL(source.url).host.replace(/[^A-Za-z0-9.-]/g, '_')}.jsonl`)
      const imported = await archiveErrors(() =>
        importFromPactBroker(database.db, {
          baseUrl: source.url,
          credentials: { token: source.token, username: source.username, password: source.password },
          progressFile,
          progress: (line) => ctx.progress(line),
        }),
      )
      const seconds = (performance.now() - started) / 1000
      const added = Object.values(imported.result.tables).reduce((a, t) => a + t.added, 0)
      return {
        data: {
          source: source.url,
          database: database.kind,
          progressFile,
          requests: imported.requests,
          tables: imported.result.tables,
          problems: imported.result.problems,
          unmapped: imported.unmapped,
          seconds: Number(seconds.toFixed(3)),
        },
        text: [
          `Copied ${source.url} into ${into}: ${plural(added, 'row')} added (${imported.requests.fetched} requests, ${imported.requests.reused} reused from ${progressFile}; ${seconds.toFixed(1)} s).`,
          ...importLines(imported.result),
          ...(imported.unmapped.length ? ['Not copied:', ...imported.unmapped.map((u) => `  ${u}`)] : []),
        ].join('\n'),
      }
    }
    const { importArchive } = await import('../../../broker/archive/archive.service.js')
    const { readArchiveFile } = await import('../../../broker/archive/archive-file.js')
    const file = resolve(ctx.cwd, options.file!)
    const result = await archiveErrors(() => importArchive(database.db, () => readArchiveFile(file)))
    const seconds = (performance.now() - started) / 1000
    const added = Object.values(result.tables).reduce((a, t) => a + t.added, 0)
    return {
      data: {
        file,
        database: database.kind,
        schema: result.header.schema,
        tables: result.tables,
        problems: result.problems,
        seconds: Number(seconds.toFixed(3)),
      },
      text: [`Imported ${file} into ${into}: ${plural(added, 'row')} added (${seconds.toFixed(1)} s).`, ...importLines(result)].join('\n'),
    }
  } finally {
    await database.close()
  }
}
