/**
 * `concord matrix`: flags and the pure argv → options step (selectors from cli/selectors.ts).
 */
import { type FlagSpec, type ParsedArgs, reader } from '../../args.js'
import { UsageError } from '../../errors.js'
import { parseSelectors, SELECTOR_FLAGS, type SelectorOption } from '../../selectors.js'

export interface MatrixOptions {
  selectors: SelectorOption[]
  toEnvironment?: string | undefined
  latestby?: 'cvp' | 'cvpv' | 'cp' | undefined
  limit?: number | undefined
}

export const MATRIX_FLAGS: FlagSpec[] = [
  ...SELECTOR_FLAGS,
  { name: 'to-environment', type: 'string', valueName: 'ENV', description: 'Only provider/consumer versions in this environment' },
  {
    name: 'latestby',
    type: 'string',
    valueName: 'cvp|cvpv|cp',
    description: 'Keep only the latest row per consumer version+provider (cvp), +provider version (cvpv) or consumer+provider (cp)',
  },
  { name: 'limit', type: 'number', valueName: 'N', description: 'At most N rows (broker default 100)' },
]

const LATEST_BY = ['cvp', 'cvpv', 'cp'] as const

export function matrixOptions(args: ParsedArgs): MatrixOptions {
  const r = reader(args)
  // unlike can-i-deploy, the matrix allows a bare --pacticipant ("any version")
  const { selectors } = parseSelectors(args, { ignore: false, anyVersion: true })
  if (!selectors.length) throw new UsageError('Name at least one application: --pacticipant NAME')
  const latestby = r.string('latestby')
  if (latestby !== undefined && !(LATEST_BY as readonly string[]).includes(latestby))
    throw new UsageError(`--latestby must be cvp, cvpv or cp, not '${latestby}'`)
  return { selectors, toEnvironment: r.string('to-environment'), latestby: latestby as MatrixOptions['latestby'], limit: r.number('limit') }
}
