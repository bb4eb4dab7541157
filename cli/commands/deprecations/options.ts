/**
 * `concord deprecations`: flags and the pure argv → options step.
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
import type { Env } from '../../context.js'
import { UsageError } from '../../errors.js'

export type DeprecationsTarget = { provider: string; consumer?: undefined } | { consumer: string; provider?: undefined }
export type DeprecationsOptions = DeprecationsTarget

export const DEPRECATIONS_FLAGS: FlagSpec[] = [
  {
    name: 'provider',
    type: 'string',
    valueName: 'NAME',
    description: "The provider's timeline: each deprecation, its phase, days to sunset, who still uses it where",
  },
  { name: 'consumer', type: 'string', valueName: 'NAME', description: 'What this consumer uses that is going away' },
]

/** argv → options; pure. */
export function deprecationsOptions(args: ParsedArgs, _env: Env): DeprecationsTarget {
  const r = reader(args)
  const provider = r.string('provider')
  const consumer = r.string('consumer')
  if (provider && consumer) throw new UsageError('Give --provider (its timeline) or --consumer (what it uses), not both')
  if (!provider && !consumer) throw new UsageError('Name a --provider (its deprecation timeline) or a --consumer (what it uses that is going away)')
  return provider ? { provider } : { consumer: consumer! }
}
