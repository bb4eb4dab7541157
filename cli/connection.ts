/**
 * The flags every command shares (help, output, verbose) and the broker connection: flags first, then the
 * CONCORD_* variables, then the Pact ones, then a local broker. Pure functions of argv and the environment.
 */
import { type FlagSpec, type ParsedArgs, reader } from './args.js'
import type { Env } from './context.js'
import { UsageError } from './errors.js'

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'help', short: 'h', type: 'boolean', description: 'Show help for the command' },
  { name: 'output', short: 'o', type: 'string', valueName: 'table|json', description: 'table (default: for people) or json (stable, for scripts)' },
  { name: 'verbose', type: 'boolean', description: 'Print stack traces and more detail on errors' },
]

export const BROKER_FLAGS: FlagSpec[] = [
  {
    name: 'broker-url',
    short: 'b',
    type: 'string',
    valueName: 'URL',
    description: 'Broker base URL (env CONCORD_BROKER_URL, PACT_BROKER_BASE_URL; default http://localhost:9292)',
  },
  { name: 'broker-token', short: 'k', type: 'string', valueName: 'TOKEN', description: 'Bearer token (env CONCORD_BROKER_TOKEN, PACT_BROKER_TOKEN)' },
  { name: 'broker-username', short: 'u', type: 'string', valueName: 'USER', description: 'Basic auth user (env PACT_BROKER_USERNAME)' },
  { name: 'broker-password', short: 'p', type: 'string', valueName: 'PASSWORD', description: 'Basic auth password (env PACT_BROKER_PASSWORD)' },
]

export const DEFAULT_BROKER_URL = 'http://localhost:9292'

export interface BrokerConnection {
  baseUrl: string
  token?: string | undefined
  username?: string | undefined
  password?: string | undefined
}

const blank = (s: string | undefined) => (s?.trim() ? s.trim() : undefined)

/**
 * Flags first, then CONCORD_*, then the Pact names; the URL defaults to a local broker.
 * @example brokerConnection(parseArgs(['-b', 'http://broker'], BROKER_FLAGS), process.env) // { baseUrl: 'http://broker', … }
 */
export function brokerConnection(args: ParsedArgs, env: Env): BrokerConnection {
  const r = reader(args)
  return {
    baseUrl: blank(r.string('broker-url')) ?? blank(env.CONCORD_BROKER_URL) ?? blank(env.PACT_BROKER_BASE_URL) ?? DEFAULT_BROKER_URL,
    token: blank(r.string('broker-token')) ?? blank(env.CONCORD_BROKER_TOKEN) ?? blank(env.PACT_BROKER_TOKEN),
    username: blank(r.string('broker-username')) ?? blank(env.PACT_BROKER_USERNAME),
    password: r.string('broker-password') ?? env.PACT_BROKER_PASSWORD,
  }
}

/** `--output table|json` (`text` is accepted for table). */
export function outputOf(args: ParsedArgs): 'table' | 'json' {
  const value = reader(args).string('output') ?? 'table'
  if (value === 'json') return 'json'
  if (value === 'table' || value === 'text') return 'table'
  throw new UsageError(`--output must be table or json, not '${value}'`)
}
