/**
 * THE selector parser of `can-i-deploy` and `matrix`: each `--pacticipant` (or `--ignore`) starts a selector,
 * and the `--version/--latest/--branch/--tag/--main-branch/--semver` after it belong to it, as in the Pact CLI
 * (`--semver RANGE` is Concord's: the highest version in a semver range).
 */
import type { FlagSpec, ParsedArgs } from './args.js'
import { UsageError } from './errors.js'

/** One `--pacticipant` and what follows it: which of its versions (none: any version, where allowed). */
export interface SelectorOption {
  pacticipant: string
  version?: string
  latest?: true | string
  branch?: string
  tag?: string
  mainBranch?: true
  /** A semver range (`^2.0.0`): the highest version of the pacticipant in it. Alone: it combines with no other criterion. */
  semver?: string
}

export interface IgnoreOption {
  pacticipant: string
  version?: string
}

export const SELECTOR_FLAGS: FlagSpec[] = [
  { name: 'pacticipant', short: 'a', type: 'string', multiple: true, valueName: 'NAME', description: 'An application; starts a selector (repeat for several)' },
  {
    name: 'version',
    short: 'e',
    type: 'string',
    multiple: true,
    valueName: 'VERSION',
    description: 'The version of the preceding --pacticipant (or --ignore)',
  },
  {
    name: 'latest',
    short: 'l',
    type: 'string',
    multiple: true,
    optionalValue: true,
    valueName: '[TAG]',
    description: 'The latest version of the preceding --pacticipant (with TAG, the latest with that tag)',
  },
  {
    name: 'branch',
    type: 'string',
    multiple: true,
    valueName: 'BRANCH',
    description: 'Versions of the preceding --pacticipant from BRANCH (the latest one with --latest)',
  },
  { name: 'tag', type: 'string', multiple: true, valueName: 'TAG', description: 'Versions of the preceding --pacticipant with TAG' },
  { name: 'main-branch', type: 'boolean', multiple: true, description: 'Versions of the preceding --pacticipant from its main branch' },
  {
    name: 'semver',
    type: 'string',
    multiple: true,
    valueName: 'RANGE',
    description: "The highest version of the preceding --pacticipant in a semver RANGE (e.g. '^2.0.0'; alone, without --version/--latest/…)",
  },
]

/** `--ignore NAME [--version V]` (can-i-deploy only). */
export const IGNORE_FLAG: FlagSpec = {
  name: 'ignore',
  type: 'string',
  multiple: true,
  valueName: 'NAME',
  description: 'Ignore an integration with NAME (optionally followed by --version V)',
}

const CRITERIA = ['version', 'latest', 'branch', 'tag', 'main-branch', 'semver']

export interface SelectorRules {
  /** `--ignore NAME [--version V]` starts an ignore selector (can-i-deploy). */
  ignore: boolean
  /** A bare `--pacticipant NAME` means "any version" (matrix); otherwise it is an error (can-i-deploy). */
  anyVersion: boolean
}

/**
 * Builds the selectors from the ordered flags.
 * @example parseSelectors(parseArgs(['-a', 'web', '-e', '1'], SELECTOR_FLAGS), { ignore: false, anyVersion: false })
 * // { selectors: [{ pacticipant: 'web', version: '1' }], ignore: [] }
 */
export function parseSelectors(args: ParsedArgs, rules: SelectorRules): { selectors: SelectorOption[]; ignore: IgnoreOption[] } {
  const selectors: SelectorOption[] = []
  const ignore: IgnoreOption[] = []
  let current: { kind: 'selector'; value: SelectorOption } | { kind: 'ignore'; value: IgnoreOption } | undefined
  for (const { name, value } of args.ordered) {
    if (name === 'pacticipant') {
      current = { kind: 'selector', value: { pacticipant: String(value) } }
      selectors.push(current.value)
      continue
    }
    if (name === 'ignore' && rules.ignore) {
      current = { kind: 'ignore', value: { pacticipant: String(value) } }
      ignore.push(current.value)
      continue
    }
    if (!CRITERIA.includes(name)) continue
    if (!current)
      throw new UsageError(`--${name} must follow the --pacticipant it belongs to (e.g. --pacticipant web --${name}${name === 'main-branch' ? '' : ' X'})`)
    if (current.kind === 'ignore') {
      if (name !== 'version') throw new UsageError(`--${name} cannot follow --ignore (only --version can)`)
      current.value.version = String(value)
      continue
    }
    const s = current.value
    if (name === 'version') {
      if (s.version !== undefined) throw new UsageError(`--version given twice for ${s.pacticipant}: start another selector with --pacticipant`)
      s.version = String(value)
    } else if (name === 'latest') s.latest = value === true ? true : String(value)
    else if (name === 'branch') s.branch = String(value)
    else if (name === 'tag') s.tag = String(value)
    else if (name === 'main-branch' && value === true) s.mainBranch = true
    else if (name === 'semver') s.semver = String(value)
  }
  for (const s of selectors) {
    if (s.version !== undefined && s.latest !== undefined) throw new UsageError(`Give either --version or --latest for ${s.pacticipant}, not both`)
    if (s.semver !== undefined) {
      // The broker refuses a range combined with anything else: say so before asking it.
      const others = (['version', 'latest', 'branch', 'tag', 'mainBranch'] as const).filter((k) => s[k] !== undefined)
      if (others.length)
        throw new UsageError(
          `--semver picks the version of ${s.pacticipant} on its own: drop --${others.map((k) => (k === 'mainBranch' ? 'main-branch' : k)).join(', --')}, or start another selector with --pacticipant`,
        )
    }
    const any = s.version === undefined && s.latest === undefined && s.branch === undefined && s.tag === undefined && !s.mainBranch && s.semver === undefined
    if (any && !rules.anyVersion) {
      throw new UsageError(
        `Say which version of ${s.pacticipant}: add --version VERSION, --latest [TAG], --branch BRANCH, --main-branch or --semver RANGE after --pacticipant ${s.pacticipant}`,
      )
    }
  }
  return { selectors, ignore }
}
