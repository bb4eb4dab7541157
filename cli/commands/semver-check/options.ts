/**
 * `concord semver-check`: flags and the pure argv → options step.
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
import { UsageError } from '../../errors.js'

export interface SemverCheckOptions {
  pacticipant: string
  version: string
  against?: string | undefined
  environment?: string | undefined
  branch?: string | undefined
}

export const SEMVER_CHECK_FLAGS: FlagSpec[] = [
  { name: 'pacticipant', short: 'a', type: 'string', valueName: 'NAME', description: 'The provider' },
  { name: 'version', short: 'e', type: 'string', valueName: 'VERSION', description: 'The version to check' },
  { name: 'against', type: 'string', valueName: 'VERSION', description: 'Compare with this version' },
  { name: 'to-environment', type: 'string', valueName: 'ENV', description: 'Compare with the version deployed to ENV' },
  { name: 'branch', type: 'string', valueName: 'BRANCH', description: 'Compare with the latest earlier version on BRANCH (default: the main branch)' },
]

export function semverCheckOptions(args: ParsedArgs): SemverCheckOptions {
  const r = reader(args)
  const baselines = ['against', 'to-environment', 'branch'].filter((name) => r.string(name) !== undefined)
  if (baselines.length > 1) throw new UsageError('Give one of --against, --to-environment or --branch')
  return {
    pacticipant: r.required('pacticipant'),
    version: r.required('version'),
    against: r.string('against'),
    environment: r.string('to-environment'),
    branch: r.string('branch'),
  }
}
