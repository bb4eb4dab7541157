/**
 * @module matrix/query-string
 * Rack's `parse_nested_query`, the parser the Pact Broker reads `/matrix` query strings with. The official
 * clients build `q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar` (brackets literal or
 * percent-encoded) and rely on Rack's rule for `name[][key]`: the pair joins the LAST hash of the array unless
 * that hash already has `key`, in which case it starts a new hash. Generic parsers (qs, URLSearchParams) group
 * differently, hence this small hand-written one.
 */
import { ValidationError } from '../shared/errors.js'

export type NestedValue = string | NestedValue[] | NestedHash
export interface NestedHash {
  [key: string]: NestedValue
}

function decode(text: string): string {
  const spaced = text.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}

function isHash(value: NestedValue | undefined): value is NestedHash {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function typeError(name: string): ValidationError {
  return new ValidationError([{ pointer: `#/query/${name}`, detail: `mixes a list and a single value (expected the same shape each time '${name}' appears)` }])
}

/** Whether a nested key path like `a[b]` is already present in `hash` (Rack's `params_hash_has_key?`). */
function hasKey(hash: NestedHash, key: string): boolean {
  if (/\[\]/.test(key)) return false
  let current: NestedValue | undefined = hash
  for (const part of key.split(/[[\]]+/).filter((p) => p !== '')) {
    if (!isHash(current) || !(part in current)) return false
    current = current[part]
  }
  return true
}

function normalize(params: NestedHash, name: string, value: string, fullName: string): NestedHash {
  const match = /^[[\]]*([^[\]]+)\]*/.exec(name)
  const key = match?.[1] ?? ''
  const after = name.slice(match?.[0].length ?? 0)
  if (key === '') return params

  if (after === '') {
    params[key] = value
  } else if (after === '[') {
    params[name] = value
  } else if (after === '[]') {
    const list = (params[key] ??= [])
    if (!Array.isArray(list)) throw typeError(key)
    list.push(value)
  } else {
    const child = /^\[\]\[([^[\]]+)\]$/.exec(after) ?? /^\[\](.+)$/.exec(after)
    if (child) {
      const childKey = child[1]!
      const list = (params[key] ??= [])
      if (!Array.isArray(list)) throw typeError(key)
      const last = list[list.length - 1]
      if (isHash(last) && !hasKey(last, childKey)) normalize(last, childKey, value, fullName)
      else list.push(normalize({}, childKey, value, fullName))
    } else {
      const hash = (params[key] ??= {})
      if (!isHash(hash)) throw typeError(key)
      normalize(hash, after, value, fullName)
    }
  }
  return params
}

/**
 * Parses a raw query string (without the `?`) the way Rack does.
 * @example parseNestedQuery('q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar')
 *   // { q: [{ pacticipant: 'Foo', version: '1' }, { pacticipant: 'Bar' }] }
 */
export function parseNestedQuery(query: string): NestedHash {
  const params: NestedHash = {}
  for (const pair of query.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const name = decode(eq === -1 ? pair : pair.slice(0, eq))
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1))
    normalize(params, name, value, name)
  }
  return params
}

/** The raw query string of a request URL (`/matrix?a=1` → `a=1`). */
export function rawQueryOf(url: string): string {
  const at = url.indexOf('?')
  return at === -1 ? '' : url.slice(at + 1)
}

/**
 * One value as a string: the last one if repeated, undefined when blank (Rack ignores blank selector values).
 * @example lastText(['a', ' b ']) // 'b'
 */
export function lastText(value: NestedValue | undefined): string | undefined {
  if (Array.isArray(value)) return lastText(value[value.length - 1])
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

/**
 * The entries of a repeated parameter in order: `q[]=…` arrives as an array, the indexed form `q[0][…]=…` as a hash
 * of hashes (taken in key order), a single value as itself.
 * @example listOf({ 1: 'b', 0: 'a' }) // ['a', 'b']
 */
export function listOf(value: NestedValue | undefined): NestedValue[] {
  if (value === undefined) return []
  if (Array.isArray(value)) return value
  if (typeof value === 'object')
    return Object.keys(value)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => value[k]!)
  return [value]
}
