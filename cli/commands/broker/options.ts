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
