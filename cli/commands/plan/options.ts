/**
 * `concord plan`: flags and the pure argv → options step. The train is `--pacticipant NAME --version V` pairs (the
 * selector parser of can-i-deploy, exact versions only).
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
import { UsageError } from '../../errors.js'
import { parseSelectors, SELECTOR_FLAGS } from '../../selectors.js'

export interface PlanOptions {
  environment: string
  versions: { pacticipant: string; version: string }[]
  /** As for can-i-deploy: `--fail-on-sunset` refuses, `=false` only warns; absent, the broker's policy decides. */
  failOnSunset?: boolean | undefined
}

export const PLAN_FLAGS: FlagSpec[] = [
  ...SELECTOR_FLAGS.filter((f) => f.name === 'pacticipant' || f.name === 'version'),
  { name: 'to-environment', type: 'string', valueName: 'ENV', description: 'The environment the train goes to' },
  {
    name: 'fail-on-sunset',
    type: 'boolean',
    description: "Refuse a version that uses a deprecated item past its sunset (=false: only warn; default: the broker's CONCORD_SUNSET_POLICY)",
  },
]

export function planOptions(args: ParsedArgs): PlanOptions {
  const r = reader(args)
  const { selectors } = parseSelectors(args, { ignore: false, anyVersion: true })
  if (selectors.length === 0) throw new UsageError('Name the versions of the train: --pacticipant NAME --version VERSION (repeat for each)')
  const versions = selectors.map((s) => {
    if (s.version === undefined) throw new UsageError(`Say which version of ${s.pacticipant} goes: add --version VERSION after --pacticipant ${s.pacticipant}`)
    return { pacticipant: s.pacticipant, version: s.version }
  })
  const seen = new Set<string>()
  for (const v of versions) {
    if (seen.has(v.pacticipant)) throw new UsageError(`${v.pacticipant} is named twice: a release train holds one version per application`)
    seen.add(v.pacticipant)
  }
  const environment = r.string('to-environment')
  if (environment === undefined) throw new UsageError('Say where the train goes: --to-environment ENV')
  return {
    environment,
    versions,
    ...(typeof args.flags['fail-on-sunset'] === 'boolean' ? { failOnSunset: args.flags['fail-on-sunset'] } : {}),
  }
}
