/**
 * `concord diff`: flags and the pure argv → options step.
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
import { UsageError } from '../../errors.js'

export interface DiffOptions {
  pacticipant: string
  from: string
  to: string
  failOnBreaking: boolean
}

export const DIFF_FLAGS: FlagSpec[] = [
  { name: 'pacticipant', short: 'a', type: 'string', valueName: 'NAME', description: 'The provider' },
  { name: 'fail-on-breaking', type: 'boolean', description: 'Exit 1 when a change breaks a consumer' },
]

export function diffOptions(args: ParsedArgs): DiffOptions {
  const r = reader(args)
  if (args.positionals.length !== 2) throw new UsageError('Name the two versions to compare: concord diff --pacticipant NAME OLD_VERSION NEW_VERSION')
  return {
    pacticipant: r.required('pacticipant', 'the provider whose versions to compare'),
    from: args.positionals[0]!,
    to: args.positionals[1]!,
    failOnBreaking: r.boolean('fail-on-breaking'),
  }
}
