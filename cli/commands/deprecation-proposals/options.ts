/**
 * `concord deprecations proposals | accept | dismiss`: flags and the pure argv → options step.
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
import type { AcceptProposalInput } from '../../../lib/broker-client/index.js'
import type { Env } from '../../context.js'
import { UsageError } from '../../errors.js'
import { actorOption } from '../deprecate/options.js'

export interface ProposalsOptions {
  provider: string
  /** open (default), accepted, dismissed or all */
  status?: string | undefined
}

export interface DecideOptions {
  uuid: string
  /** Who decides, for the deprecation's history (`--actor`, env CONCORD_ACTOR). */
  actor?: string | undefined
  /** accept: what the proposal lacks or should say differently (the API's field names). */
  fields: AcceptProposalInput
  /** dismiss: why. */
  reason?: string | undefined
}

const STATUSES = ['open', 'accepted', 'dismissed', 'all']

export const PROPOSALS_FLAGS: FlagSpec[] = [
  { name: 'provider', type: 'string', valueName: 'NAME', description: 'The provider whose proposals to list' },
  { name: 'status', type: 'string', valueName: 'STATUS', description: `Which proposals: ${STATUSES.join(', ')} (default open)` },
]

const ACTOR: FlagSpec = {
  name: 'actor',
  type: 'string',
  valueName: 'NAME',
  description: "Who decides, for the broker's history (env CONCORD_ACTOR); a broker with auth on records your token or user instead",
}

/** accept flag → API field. */
const ACCEPT_FIELDS: Record<string, keyof AcceptProposalInput> = {
  'deprecated-in': 'deprecatedIn',
  sunset: 'sunset',
  'removed-in': 'removedIn',
  replacement: 'replacement',
  reason: 'reason',
  link: 'link',
  path: 'path',
}

export const ACCEPT_FLAGS: FlagSpec[] = [
  {
    name: 'deprecated-in',
    type: 'string',
    valueName: 'VERSION',
    description: 'The provider version that deprecates it (default: the earliest semantic version that reported it)',
  },
  { name: 'sunset', type: 'string', valueName: 'YYYY-MM-DD', description: "The sunset date (default: the proposal's, from the Sunset header or x-sunset)" },
  {
    name: 'removed-in',
    type: 'string',
    valueName: 'VERSION',
    description: 'The provider version that removes it (the gate refuses it while a deployed consumer still uses the item)',
  },
  { name: 'replacement', type: 'string', valueName: 'TEXT', description: 'What consumers should use instead' },
  { name: 'reason', type: 'string', valueName: 'TEXT', description: 'Why (default: where the proposal came from)' },
  { name: 'link', type: 'string', valueName: 'URL', description: "A page about the change (default: the proposal's Link)" },
  { name: 'path', type: 'string', valueName: 'TEMPLATE', description: "A different path template than the proposal's (e.g. '/users/{userId}')" },
  ACTOR,
]

export const DISMISS_FLAGS: FlagSpec[] = [{ name: 'reason', type: 'string', valueName: 'TEXT', description: 'Why the proposal is dismissed' }, ACTOR]

/** argv → options; pure. */
export function proposalsOptions(args: ParsedArgs): ProposalsOptions {
  const r = reader(args)
  const status = r.string('status')
  if (status !== undefined && !STATUSES.includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got '${status}'`)
  return { provider: r.required('provider', 'the provider whose deprecation proposals to list'), status }
}

function uuidOf(args: ParsedArgs, verb: string): string {
  if (args.positionals.length !== 1)
    throw new UsageError(
      `Name the one proposal to ${verb} by its uuid: concord deprecations ${verb} UUID (concord deprecations proposals --provider NAME lists them)`,
    )
  return args.positionals[0]!
}

export function acceptOptions(args: ParsedArgs, env: Env): DecideOptions {
  const r = reader(args)
  const fields: AcceptProposalInput = {}
  for (const [flag, field] of Object.entries(ACCEPT_FIELDS)) {
    const value = r.string(flag)
    if (value !== undefined) fields[field] = value
  }
  return { uuid: uuidOf(args, 'accept'), actor: actorOption(args, env), fields }
}

export function dismissOptions(args: ParsedArgs, env: Env): DecideOptions {
  const r = reader(args)
  return { uuid: uuidOf(args, 'dismiss'), actor: actorOption(args, env), fields: {}, reason: r.string('reason') }
}
