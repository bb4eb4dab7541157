/**
 * `concord deprecate`: flags and the pure argv → options step (loaded with the command table; the command
 * itself is in index.ts, loaded lazily).
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
import type { DeprecationInput } from '../../../lib/broker-client/index.js'
import type { Env } from '../../context.js'
import { UsageError } from '../../errors.js'

export interface DeprecateOptions {
  /** Who is making the change, for the broker's history (`--actor`, env CONCORD_ACTOR, else none). */
  actor?: string | undefined
  /** Withdraw this deprecation instead of declaring one. */
  withdraw?: string | undefined
  declaration?: {
    provider: string
    body: DeprecationInput
  }
}

export const DEPRECATE_FLAGS: FlagSpec[] = [
  { name: 'provider', type: 'string', valueName: 'NAME', description: 'The provider retiring the item' },
  { name: 'operation', type: 'string', valueName: '"METHOD /path/{x}"', description: 'The HTTP operation: method and path template, e.g. "GET /users/{id}"' },
  {
    name: 'field',
    type: 'string',
    valueName: 'POINTER',
    description: 'Only this field of the operation (JSON pointer, e.g. /address/street; /name for a query parameter)',
  },
  { name: 'location', type: 'string', valueName: 'response|request|query', description: 'Where the field is (default response)' },
  { name: 'message', type: 'string', valueName: 'DESCRIPTION', description: 'An asynchronous message, by its description (instead of --operation)' },
  { name: 'deprecated-in', type: 'string', valueName: 'VERSION', description: 'The provider version (semver) from which it is deprecated' },
  { name: 'sunset', type: 'string', valueName: 'YYYY-MM-DD', description: 'The date from which the provider may remove it' },
  { name: 'removed-in', type: 'string', valueName: 'VERSION', description: 'The provider version (semver) that removes it' },
  { name: 'replacement', type: 'string', valueName: 'TEXT', description: 'What to use instead' },
  { name: 'reason', type: 'string', valueName: 'TEXT', description: 'Why it is going' },
  { name: 'link', type: 'string', valueName: 'URL', description: 'Where to read more' },
  { name: 'withdraw', type: 'string', valueName: 'UUID', description: 'Withdraw this deprecation (history is kept)' },
  {
    name: 'actor',
    type: 'string',
    valueName: 'NAME',
    description: "Who is making the change, for the broker's history (env CONCORD_ACTOR); a broker with auth on records your token or user instead",
  },
]

/** Who is making a change, for the broker's history: `--actor`, else env CONCORD_ACTOR, else none. */
export function actorOption(args: ParsedArgs, env: Env): string | undefined {
  return reader(args).string('actor') ?? (env.CONCORD_ACTOR?.trim() || undefined)
}

/**
 * argv → options; pure. The broker checks the values themselves (templates, semver, dates) and says what is wrong.
 */
export function deprecateOptions(args: ParsedArgs, env: Env): DeprecateOptions {
  const r = reader(args)
  const actor = actorOption(args, env)
  const withdraw = r.string('withdraw')
  const declaring = ['provider', 'operation', 'field', 'location', 'message', 'deprecated-in', 'sunset', 'removed-in', 'replacement', 'reason', 'link'].filter(
    (f) => r.string(f) !== undefined,
  )
  if (withdraw !== undefined) {
    if (declaring.length) throw new UsageError(`--withdraw takes only the deprecation's uuid (and --actor); drop --${declaring[0]}`)
    return { actor, withdraw }
  }
  const provider = r.required('provider', 'the provider retiring the item')
  const operation = r.string('operation')
  const message = r.string('message')
  if (!operation && !message)
    throw new UsageError('Say what is deprecated: --operation "GET /users/{id}" (optionally with --field POINTER) or --message DESCRIPTION')
  if (operation && message) throw new UsageError('Give --operation or --message, not both')
  let item: Pick<DeprecationInput, 'kind' | 'method' | 'path' | 'pointer' | 'location' | 'description'>
  if (operation) {
    const match = /^\s*([A-Za-z*]+)\s+(\S+)\s*$/.exec(operation)
    if (!match) throw new UsageError(`--operation takes a method and a path template, e.g. "GET /users/{id}" (got '${operation}')`)
    const endpoint = { method: match[1]!.toUpperCase(), path: match[2]! }
    const field = r.string('field')
    const location = r.string('location')
    if (location !== undefined && !['response', 'request', 'query'].includes(location))
      throw new UsageError(`--location must be response, request or query, not '${location}'`)
    if (location !== undefined && field === undefined) throw new UsageError('--location goes with --field')
    item =
      field !== undefined
        ? {
            kind: 'field',
            ...endpoint,
            pointer: location === 'query' && !field.startsWith('/') ? `/${field}` : field,
            ...(location ? { location } : {}),
          }
        : { kind: 'operation', ...endpoint }
  } else {
    if (r.string('field') !== undefined || r.string('location') !== undefined) throw new UsageError('--field and --location go with --operation, not --message')
    item = { kind: 'message', description: message! }
  }
  const body: DeprecationInput = {
    ...item,
    deprecatedIn: r.required('deprecated-in', 'the provider version (semver) from which it is deprecated'),
    sunset: r.required('sunset', 'the date (YYYY-MM-DD) from which the provider may remove it'),
  }
  for (const [flag, key] of [
    ['removed-in', 'removedIn'],
    ['replacement', 'replacement'],
    ['reason', 'reason'],
    ['link', 'link'],
  ] as const) {
    const value = r.string(flag)
    if (value !== undefined) body[key] = value
  }
  return { actor, declaration: { provider, body } }
}
