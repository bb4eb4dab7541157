/**
 * `concord broker` and `concord broker migrate`: flags and the pure argv → options step (the commands, which
 * import the broker, are loaded lazily from index.ts).
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
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
  /** The archive to import (from `concord export`). */
  file: string
}

export const IMPORT_FLAGS: FlagSpec[] = [...MIGRATE_FLAGS]

/** `concord import FILE`. */
export function importOptions(args: ParsedArgs): ImportOptions {
  if (args.positionals.length !== 1)
    throw new UsageError(
      args.positionals.length ? `Give one archive file, not ${args.positionals.length}` : 'Name the archive to import: concord import backup.jsonl.gz',
    )
  return { ...migrateOptions(args), file: args.positionals[0]! }
}
