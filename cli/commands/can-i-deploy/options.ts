/**
 * `concord can-i-deploy`: flags and the pure argv → options step (selectors from cli/selectors.ts).
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
import { UsageError } from '../../errors.js'
import { IGNORE_FLAG, type IgnoreOption, parseSelectors, SELECTOR_FLAGS, type SelectorOption } from '../../selectors.js'

export interface CanIDeployOptions {
  selectors: SelectorOption[]
  ignore: IgnoreOption[]
  toEnvironment?: string | undefined
  to?: string | undefined
  retryWhileUnknown: number
  retryIntervalSeconds: number
  dryRun: boolean
  /** `--fail-on-sunset`: true refuses, false (`--fail-on-sunset=false`) only warns; absent, the broker's policy decides. */
  failOnSunset?: boolean | undefined
}

export const CAN_I_DEPLOY_FLAGS: FlagSpec[] = [
  ...SELECTOR_FLAGS,
  { name: 'to-environment', type: 'string', valueName: 'ENV', description: 'The environment you are deploying to' },
  { name: 'to', type: 'string', valueName: 'TAG', description: 'The tag of the environment (older, tag-based workflows)' },
  IGNORE_FLAG,
  { name: 'retry-while-unknown', type: 'number', valueName: 'TIMES', description: 'Re-ask up to TIMES more times while the answer is unknown (default 0)' },
  { name: 'retry-interval', type: 'number', valueName: 'SECONDS', description: 'Seconds between attempts (default 10)' },
  { name: 'dry-run', type: 'boolean', description: 'Print the answer but always exit 0' },
  {
    name: 'fail-on-sunset',
    type: 'boolean',
    description: "Say no when a version uses a deprecated item past its sunset (=false: only warn; default: the broker's CONCORD_SUNSET_POLICY)",
  },
]

export function canIDeployOptions(args: ParsedArgs): CanIDeployOptions {
  const r = reader(args)
  const { selectors, ignore } = parseSelectors(args, { ignore: true, anyVersion: false })
  if (!selectors.length) throw new UsageError('Name at least one application: --pacticipant NAME --version VERSION')
  const toEnvironment = r.string('to-environment')
  const to = r.string('to')
  if (toEnvironment && to) throw new UsageError('Give --to-environment or --to, not both')
  const retries = r.number('retry-while-unknown') ?? 0
  if (!Number.isInteger(retries)) throw new UsageError('--retry-while-unknown expects a whole number of retries')
  return {
    selectors,
    ignore,
    toEnvironment,
    to,
    retryWhileUnknown: retries,
    retryIntervalSeconds: r.number('retry-interval') ?? 10,
    dryRun: r.boolean('dry-run'),
    ...(typeof args.flags['fail-on-sunset'] === 'boolean' ? { failOnSunset: args.flags['fail-on-sunset'] } : {}),
  }
}
