/**
 * @module provider-contracts/json-schema
 * JSON Schema helpers for the comparison engine: local `$ref` resolution with cycle detection, OpenAPI 3.0 →
 * JSON Schema conversion (`nullable`, boolean `exclusiveMinimum`, `readOnly`/`writeOnly` by direction), a
 * stable serialisation for content hashes, and `flatten` (allOf merged into one schema) for the structural walkers.
 * Pure: no I/O.
 */
import { createHash } from 'node:crypto'

export type JsonSchema = boolean | SchemaObject
export interface SchemaObject {
  [keyword: string]: unknown
}

/** Which way a payload travels: requests are sent by the consumer, responses (and messages) by the provider. */
export type Direction = 'request' | 'response'

/** A `$ref` that points back into itself: json-schema-diff cannot compare it, so the caller reports it. */
export class CircularRefError extends Error {
  constructor(
    readonly pointer: string,
    readonly chain: string[],
  ) {
    super(`circular $ref at ${pointer} (${[...chain, chain[0]].join(' → ')})`)
    this.name = 'CircularRefError'
  }
}

/** A `$ref` that cannot be followed (external document, or a pointer to nothing). */
export class UnresolvableRefError extends Error {
  constructor(
    readonly pointer: string,
    readonly ref: string,
  ) {
    super(`cannot resolve $ref '${ref}' at ${pointer}: only local references (#/…) to existing schemas are supported`)
    this.name = 'UnresolvableRefError'
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The elements of `value` when it is an array, else none. */
export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

function unescapePointerToken(token: string): string {
  return decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~')
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1')
}

/** The value at a local reference (`#/components/schemas/User`), or undefined. */
export function resolveLocalRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined
  const tokens = ref.slice(1).split('/').slice(1).map(unescapePointerToken)
  let current: unknown = root
  for (const token of tokens) {
    if (Array.isArray(current)) current = current[Number(token)]
    else if (isObject(current)) current = current[token]
    else return undefined
  }
  return current
}

/** Keywords json-schema-diff or our own checks read; everything else (docs, examples, vendor keys) is dropped. */
const KEPT = new Set([
  'type',
  'enum',
  'const',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'required',
  'deprecated',
  'x-sunset',
])

/**
 * Validation keywords Concord does not compare. They are not dropped silently (a dropped keyword would make the
 * provider look more accepting than it is): the converted schema names them in `x-concord-unsupported`, and a
 * comparison that needs them answers unknown.
 */
const UNSUPPORTED = [
  'patternProperties',
  'propertyNames',
  'dependencies',
  'dependentRequired',
  'dependentSchemas',
  'if',
  'then',
  'else',
  'contains',
  'minContains',
  'maxContains',
  'prefixItems',
  'additionalItems',
  'unevaluatedProperties',
  'unevaluatedItems',
  '$dynamicRef',
  '$recursiveRef',
]

/** How many times a `$ref` may recur inside itself before the schema is cut (see convert). */
export const RECURSION_DEPTH = 4

/** How many recursive expansions one schema may make in all. */
const RECURSION_BUDGET = 2_000

export interface ToJsonSchemaOptions {
  /** The whole document, for `$ref`s. */
  root: unknown
  direction: Direction
  /** OpenAPI 3.0 semantics (`nullable`, boolean exclusive bounds). */
  openapi30: boolean
  /** Recursive expansions left (set by toJsonSchema). */
  budget?: { left: number }
}

/**
 * Converts an OpenAPI schema object (or a plain JSON Schema) to a self-contained JSON Schema: every local `$ref`
 * inlined, `nullable: true` → a `null` type, properties that are `readOnly` dropped from requests and `writeOnly`
 * ones from responses, documentation keywords removed. `allOf` is kept (json-schema-diff handles it).
 * A recursive `$ref` is followed RECURSION_DEPTH levels deep, then replaced by `{ 'x-concord-cut': ref }`.
 * Throws UnresolvableRefError.
 * @example toJsonSchema({ $ref: '#/components/schemas/User' }, '#/paths/~1users/get', { root: doc, direction: 'response', openapi30: true })
 */
export function toJsonSchema(schema: unknown, pointer: string, options: ToJsonSchemaOptions): JsonSchema {
  return convert(schema, pointer, { ...options, budget: { left: RECURSION_BUDGET } }, [])
}

function convert(schema: unknown, pointer: string, options: ToJsonSchemaOptions, refStack: string[]): JsonSchema {
  if (typeof schema === 'boolean') return schema
  if (!isObject(schema)) return true
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref
    // A recursive schema (Node → children → Node) is followed RECURSION_DEPTH times, then cut: a pact's example
    // is finite, so a comparison that never reaches the cut is exact, and one that does is unknown (the walk and
    // the value check report the `x-concord-cut` marker), never guessed.
    // A budget of expansions per schema keeps wide or mutual recursion from growing exponentially.
    const repeats = refStack.filter((r) => r === ref).length
    if (repeats > 0 && (repeats >= RECURSION_DEPTH || --options.budget!.left < 0)) return { 'x-concord-cut': ref }
    const target = resolveLocalRef(options.root, ref)
    if (target === undefined) throw new UnresolvableRefError(pointer, ref)
    const resolved = convert(target, ref, options, [...refStack, ref])
    const { $ref: _ref, ...siblings } = schema
    // OpenAPI 3.1 / JSON Schema 2019+ allow keywords beside $ref; they constrain further.
    const rest = Object.keys(siblings).some((k) => KEPT.has(k) || k === 'properties' || k === 'items' || k === 'nullable')
    if (!rest) return resolved
    return { allOf: [resolved, convert(siblings, pointer, options, refStack)] }
  }

  const out: SchemaObject = {}
  for (const key of Object.keys(schema)) if (KEPT.has(key)) out[key] = schema[key]
  const unsupported = UNSUPPORTED.filter((k) => k in schema)
  if (unsupported.length) out['x-concord-unsupported'] = unsupported

  if (options.openapi30) {
    // OpenAPI 3.0 bounds: `exclusiveMinimum: true` modifies `minimum`.
    if (schema.exclusiveMinimum === true && typeof schema.minimum === 'number') {
      out.exclusiveMinimum = schema.minimum
      delete out.minimum
    } else if (typeof schema.exclusiveMinimum === 'boolean') delete out.exclusiveMinimum
    if (schema.exclusiveMaximum === true && typeof schema.maximum === 'number') {
      out.exclusiveMaximum = schema.maximum
      delete out.maximum
    } else if (typeof schema.exclusiveMaximum === 'boolean') delete out.exclusiveMaximum
  }

  const child = (value: unknown, suffix: string) => convert(value, `${pointer}/${suffix}`, options, refStack)

  if (isObject(schema.properties)) {
    const properties: Record<string, JsonSchema> = {}
    const dropped: string[] = []
    for (const [name, value] of Object.entries(schema.properties)) {
      const raw = isObject(value) && typeof value.$ref === 'string' ? resolveLocalRef(options.root, value.$ref) : value
      if (isObject(raw) && ((options.direction === 'request' && raw.readOnly === true) || (options.direction === 'response' && raw.writeOnly === true))) {
        dropped.push(name)
        continue
      }
      properties[name] = child(value, `properties/${escapePointerToken(name)}`)
    }
    out.properties = properties
    if (Array.isArray(schema.required)) {
      const required = (schema.required as unknown[]).filter((n): n is string => typeof n === 'string' && !dropped.includes(n))
      if (required.length) out.required = required
      else delete out.required
    }
  }
  if ('additionalProperties' in schema) {
    const ap = schema.additionalProperties
    out.additionalProperties = typeof ap === 'boolean' ? ap : child(ap, 'additionalProperties')
  }
  if ('items' in schema) {
    out.items = Array.isArray(schema.items) ? schema.items.map((s, i) => child(s, `items/${i}`)) : child(schema.items, 'items')
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) out[key] = (schema[key] as unknown[]).map((s, i) => child(s, `${key}/${i}`))
  }
  if ('not' in schema) out.not = child(schema.not, 'not')

  if (options.openapi30 && schema.nullable === true) return nullable(out)
  return out
}

/** Adds `null` to what `schema` accepts. */
export function nullable(schema: SchemaObject): JsonSchema {
  if (typeof schema.type === 'string') {
    const result: SchemaObject = { ...schema, type: [schema.type, 'null'] }
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) result.enum = [...arrayOf(schema.enum), null]
    return result
  }
  if (Array.isArray(schema.type)) return schema.type.includes('null') ? schema : { ...schema, type: [...arrayOf(schema.type), 'null'] }
  return { anyOf: [schema, { type: 'null' }] }
}

/** JSON with sorted keys: equal schemas serialise equally, whatever order their keys were written in. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (isObject(value)) {
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** SHA-256 of the stable serialisation. */
export function contentHash(...values: unknown[]): string {
  return createHash('sha256').update(stableStringify(values)).digest('hex')
}

const ALL_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'] as const

/**
 * The JSON types a schema admits, as far as a structural walk can tell (`integer` is reported separately from
 * `number`; a schema without `type` admits everything unless its keywords imply one).
 */
export function typesOf(schema: JsonSchema): Set<string> {
  if (schema === false) return new Set()
  if (schema === true) return new Set(ALL_TYPES)
  const flat = flatten(schema)
  if (flat === false) return new Set()
  if (flat === true) return new Set(ALL_TYPES)
  if (typeof flat.type === 'string') return withInteger(new Set([flat.type]))
  if (Array.isArray(flat.type)) return withInteger(new Set(flat.type as string[]))
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(flat[key])) {
      const union = new Set<string>()
      for (const s of flat[key] as JsonSchema[]) for (const t of typesOf(s)) union.add(t)
      return union
    }
  }
  if (Array.isArray(flat.enum)) return withInteger(new Set((flat.enum as unknown[]).map(jsonTypeOf)))
  if ('const' in flat) return new Set([jsonTypeOf(flat.const)])
  return new Set(ALL_TYPES)
}

function withInteger(types: Set<string>): Set<string> {
  if (types.has('number')) types.add('integer')
  return types
}

export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

/**
 * One schema with every `allOf` merged in (properties merged recursively, `required` united, `type`
 * intersected). Only for the structural walkers that explain differences; set comparisons use the original.
 */
export function flatten(schema: JsonSchema): JsonSchema {
  if (typeof schema === 'boolean' || !Array.isArray(schema.allOf)) return schema
  const { allOf, ...rest } = schema
  let merged: JsonSchema = rest
  for (const part of allOf as JsonSchema[]) merged = merge(merged, flatten(part))
  return merged
}

function merge(a: JsonSchema, b: JsonSchema): JsonSchema {
  if (a === false || b === false) return false
  if (a === true) return b
  if (b === true) return a
  const out: SchemaObject = { ...a }
  for (const [key, value] of Object.entries(b)) {
    if (key === 'properties' && isObject(out.properties) && isObject(value)) {
      const props: Record<string, JsonSchema> = { ...(out.properties as Record<string, JsonSchema>) }
      for (const [name, s] of Object.entries(value as Record<string, JsonSchema>)) props[name] = name in props ? merge(props[name]!, s) : s
      out.properties = props
    } else if (key === 'required' && Array.isArray(out.required) && Array.isArray(value)) {
      out.required = [...new Set([...(out.required as string[]), ...(value as string[])])]
    } else if (key === 'type' && out.type !== undefined) {
      const left = new Set(Array.isArray(out.type) ? out.type : [out.type])
      const right = Array.isArray(value) ? value : [value]
      const both = right.filter((t) => left.has(t) || (t === 'integer' && left.has('number')))
      out.type = both.length === 1 ? both[0] : both
    } else if (key === 'additionalProperties' && out.additionalProperties === false) {
      // keep the closed one
    } else {
      out[key] = value
    }
  }
  return out
}

/** Renders a JSON path from tokens: $.body.items[].name */
export function jsonPath(tokens: (string | number)[]): string {
  let out = '$'
  for (const t of tokens) {
    if (t === '[]') out += '[*]'
    else if (typeof t === 'number') out += `[${t}]`
    else if (/^[A-Za-z_$][\w$-]*$/.test(t)) out += `.${t}`
    else out += `['${t.replace(/'/g, "\\'")}']`
  }
  return out
}
