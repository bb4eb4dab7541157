/**
 * A small argv parser (no dependency): `--flag value`, `--flag=value`, `-f value`, boolean flags, repeated
 * flags, flags with an optional value (`--latest [TAG]`), `--` to end flags. It also keeps every flag in the
 * order given, which can-i-deploy needs to attach `--version`/`--latest` to the preceding `--pacticipant`.
 */
import { UsageError } from './errors.js'

export interface FlagSpec {
  /** Long name without dashes, e.g. `consumer-app-version`. */
  name: string
  short?: string
  type: 'string' | 'boolean' | 'number'
  /** May be given more than once; the value is a list. */
  multiple?: boolean
  /** A string flag whose value may be left out (`--latest` or `--latest prod`); left out gives `true`. */
  optionalValue?: boolean
  /** Placeholder in help, e.g. `VERSION`. */
  valueName?: string
  description: string
}

export type FlagValue = string | number | boolean

export interface ParsedArgs {
  positionals: string[]
  /** Last value of each single flag; the list of values of a `multiple` flag. */
  flags: Record<string, FlagValue | FlagValue[]>
  /** Every flag occurrence in argv order. */
  ordered: { name: string; value: FlagValue }[]
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
  return d[a.length]![b.length]!
}

/** The closest known name, if it is close enough to be a likely typo. */
export function suggest(input: string, known: string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const k of known) {
    const dist = distance(input, k)
    if (dist < bestDistance) {
      best = k
      bestDistance = dist
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined
}

/**
 * Parses argv against the flag specs; throws UsageError for unknown flags, missing values and bad numbers.
 * @example parseArgs(['--tag', 'a', '--tag', 'b', 'pacts'], [{ name: 'tag', type: 'string', multiple: true, description: '' }])
 * // { positionals: ['pacts'], flags: { tag: ['a', 'b'] }, ordered: [...] }
 */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]))
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]))
  const result: ParsedArgs = { positionals: [], flags: {}, ordered: [] }

  const record = (spec: FlagSpec, value: FlagValue) => {
    result.ordered.push({ name: spec.name, value })
    if (spec.multiple) {
      const list = (result.flags[spec.name] as FlagValue[] | undefined) ?? []
      list.push(value)
      result.flags[spec.name] = list
    } else result.flags[spec.name] = value
  }

  const convert = (spec: FlagSpec, raw: string, shown: string): FlagValue => {
    if (spec.type !== 'number') return raw
    if (!/^\d+(\.\d+)?$/.test(raw.trim())) throw new UsageError(`${shown} expects a number, got '${raw}'`)
    return Number(raw)
  }

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      result.positionals.push(...argv.slice(i + 1))
      break
    }
    if (!arg.startsWith('-') || arg === '-') {
      result.positionals.push(arg)
      continue
    }
    let name: string
    let inline: string | undefined
    let spec: FlagSpec | undefined
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=')
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
      inline = eq === -1 ? undefined : arg.slice(eq + 1)
      spec = byName.get(name)
    } else {
      name = arg.slice(1, 2)
      inline = arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined
      spec = byShort.get(name)
    }
    const shown = arg.startsWith('--') ? `--${name}` : `-${name}`
    if (!spec) {
      const hint = suggest(name, [...byName.keys()])
      throw new UsageError(`Unknown option ${shown}${hint ? ` (did you mean --${hint}?)` : ''}`)
    }
    if (spec.type === 'boolean') {
      if (inline === undefined) record(spec, true)
      else if (/^(true|yes|1)$/i.test(inline)) record(spec, true)
      else if (/^(false|no|0)$/i.test(inline)) record(spec, false)
      else throw new UsageError(`${shown} is a switch: give it alone or as ${shown}=true|false, not '${inline}'`)
      continue
    }
    if (inline !== undefined) {
      record(spec, convert(spec, inline, shown))
      continue
    }
    const next = argv[i + 1]
    const nextIsValue = next !== undefined && (!next.startsWith('-') || next === '-' || (spec.type === 'number' && /^-\d/.test(next)))
    if (!nextIsValue) {
      if (spec.optionalValue) {
        record(spec, true)
        continue
      }
      throw new UsageError(`${shown} needs a value${spec.valueName ? ` (${shown} ${spec.valueName})` : ''}`)
    }
    record(spec, convert(spec, next, shown))
    i++
  }
  return result
}

/** Typed accessors over ParsedArgs for option builders. */
export function reader(args: ParsedArgs) {
  const single = (name: string) => {
    const v = args.flags[name]
    return Array.isArray(v) ? v[v.length - 1] : v
  }
  return {
    string(name: string): string | undefined {
      const v = single(name)
      return typeof v === 'string' ? v : undefined
    },
    number(name: string): number | undefined {
      const v = single(name)
      return typeof v === 'number' ? v : undefined
    },
    boolean(name: string): boolean {
      return single(name) === true
    },
    list(name: string): string[] {
      const v = args.flags[name]
      return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string')
    },
    required(name: string, hint = ''): string {
      const v = single(name)
      if (typeof v !== 'string' || !v.trim()) throw new UsageError(`--${name} is required${hint ? `: ${hint}` : ''}`)
      return v
    },
  }
}
