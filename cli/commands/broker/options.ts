/**
 * `concord broker` and `concord broker migrate`: flags and the pure argv → options step (the commands, which
 * import the broker, are loaded lazily from index.ts).
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
import type { Env } from '../../context.js'
import { UsageError } from '../../errors.js'

export interface BrokerOptions {
  port?: number | undefined
  host?: string | undefined
  databaseUrl?: string | undefined
  dataDir?: string | undefined
}

export interface CleanOptions extends BrokerOptions {
  dryRun: boolean
  limit?: number | undefined
  maxAgeDays?: number | undefined
}

export const SERVE_FLAGS: FlagSpec[] = [
  { name: 'port', type: 'number', valueName: 'PORT', description: 'Port to listen on (env PORT, default 9292)' },
  { name: 'host', type: 'string', valueName: 'HOST', description: 'Interface to bind (env CONCORD_HOST or HOST, default 127.0.0.1)' },
  { name: 'database-url', type: 'string', valueName: 'URL', description: 'PostgreSQL connection string (env DATABASE_URL); default: embedded PGlite' },
  { name: 'data-dir', type: 'string', valueName: 'DIR', description: 'Where embedded PGlite keeps its files (env CONCORD_DATA_DIR)' },
]

export const MIGRATE_FLAGS: FlagSpec[] = [
  { name: 'database-url', type: 'string', valueName: 'URL', description: 'PostgreSQL connection string (env DATABASE_URL)' },
  { name: 'data-dir', type: 'string', valueName: 'DIR', description: 'Embedded PGlite directory (env CONCORD_DATA_DIR)' },
]

/** `concord broker`: the flags override the environment (read by broker/config.ts when the command runs). */
export function serveOptions(args: ParsedArgs): BrokerOptions {
  const r = reader(args)
  if (r.string('database-url') && r.string('data-dir')) throw new UsageError('--data-dir is for the embedded database: give it or --database-url, not both')
  return { port: r.number('port'), host: r.string('host'), databaseUrl: r.string('database-url'), dataDir: r.string('data-dir') }
}

export function migrateOptions(args: ParsedArgs): BrokerOptions {
  const r = reader(args)
  if (r.string('database-url') && r.string('data-dir')) throw new UsageError('Give --database-url or --data-dir, not both')
  return { databaseUrl: r.string('database-url'), dataDir: r.string('data-dir') }
}

export const CLEAN_FLAGS: FlagSpec[] = [
  ...MIGRATE_FLAGS,
  { name: 'dry-run', type: 'boolean', description: 'Count what would be deleted, per table, and delete nothing' },
  { name: 'limit', type: 'number', valueName: 'N', description: 'Most versions to delete in this run (env CONCORD_CLEAN_LIMIT, default 500)' },
  { name: 'max-age-days', type: 'number', valueName: 'DAYS', description: 'Keep everything younger than this (env CONCORD_CLEAN_MAX_AGE_DAYS, default 90)' },
]

/** `concord clean`: the database flags of migrate, and the run's own. */
export function cleanOptions(args: ParsedArgs): CleanOptions {
  const r = reader(args)
  const limit = r.number('limit')
  const maxAgeDays = r.number('max-age-days')
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit must be a whole number of at least 1')
  if (maxAgeDays !== undefined && (!Number.isInteger(maxAgeDays) || maxAgeDays < 0))
    throw new UsageError('--max-age-days must be a whole number of days, 0 or more')
  return { ...migrateOptions(args), dryRun: r.boolean('dry-run'), limit, maxAgeDays }
}

export interface ExportOptions extends BrokerOptions {
  /** Where the archive goes; default `concord-<timestamp>.jsonl.gz` in the working directory. */
  file?: string | undefined
}

export const EXPORT_FLAGS: FlagSpec[] = [...MIGRATE_FLAGS]

/** `concord export [FILE]`: the database flags of migrate and at most one file. */
export function exportOptions(args: ParsedArgs): ExportOptions {
  if (args.positionals.length > 1) throw new UsageError(`Give one archive file to write, not ${args.positionals.length}: concord export backup.jsonl.gz`)
  return { ...migrateOptions(args), file: args.positionals[0] }
}

export interface ImportOptions extends BrokerOptions {
  /** The archive to import (from `concord export`); absent with --from-pact-broker. */
  file?: string | undefined
  /** A Pact Broker to copy instead. */
  fromPactBroker?:
    | {
        url: string
        token?: string | undefined
        username?: string | undefined
        password?: string | undefined
        /** Where the responses read so far are kept, so an interrupted run resumes. */
        progressFile?: string | undefined
      }
    | undefined
}

export const IMPORT_FLAGS: FlagSpec[] = [
  ...MIGRATE_FLAGS,
  { name: 'from-pact-broker', type: 'string', valueName: 'URL', description: "Copy this Pact Broker's history through its HAL API instead of a FILE" },
  { name: 'source-token', type: 'string', valueName: 'TOKEN', description: "The Pact Broker's bearer token (env PACT_BROKER_TOKEN)" },
  { name: 'source-username', type: 'string', valueName: 'USER', description: "The Pact Broker's basic-auth user (env PACT_BROKER_USERNAME)" },
  { name: 'source-password', type: 'string', valueName: 'PASSWORD', description: "The Pact Broker's basic-auth password (env PACT_BROKER_PASSWORD)" },
  {
    name: 'progress',
    type: 'string',
    valueName: 'FILE',
    description: 'Progress record of --from-pact-broker, for resuming (default .concord-import-<host>.jsonl)',
  },
]

const blank = (s: string | undefined) => (s?.trim() ? s.trim() : undefined)

/** `concord import FILE` or `concord import --from-pact-broker URL`. */
export function importOptions(args: ParsedArgs, env: Env): ImportOptions {
  const r = reader(args)
  const url = r.string('from-pact-broker')
  if (url !== undefined) {
    if (args.positionals.length) throw new UsageError('Give an archive FILE or --from-pact-broker URL, not both')
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw new UsageError(`--from-pact-broker must be the Pact Broker's base URL (http:// or https://), not '${url}'`)
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--from-pact-broker must be an http:// or https:// URL, not '${url}'`)
    const token = blank(r.string('source-token')) ?? blank(env.PACT_BROKER_TOKEN)
    const username = blank(r.string('source-username')) ?? blank(env.PACT_BROKER_USERNAME)
    const password = r.string('source-password') ?? env.PACT_BROKER_PASSWORD
    if (token && r.string('source-username')) throw new UsageError('Give --source-token or --source-username/--source-password, not both')
    return { ...migrateOptions(args), fromPactBroker: { url, token, username, password, progressFile: r.string('progress') } }
  }
  for (const flag of ['source-token', 'source-username', 'source-password', 'progress'])
    if (r.string(flag) !== undefined) throw new UsageError(`--${flag} goes with --from-pact-broker URL`)
  if (args.positionals.length !== 1)
    throw new UsageError(
      args.positionals.length
        ? `Give one archive file, not ${args.positionals.length}`
        : 'Name the archive to import (concord import backup.jsonl.gz) or the Pact Broker to copy (concord import --from-pact-broker URL)',
    )
  return { ...migrateOptions(args), file: args.positionals[0]! }
}
