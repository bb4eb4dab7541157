/**
 * @module provider-contracts/value-check
 * Checks a concrete JSON value (a pact's example body) against a provider JSON Schema, including the keywords
 * json-schema-diff ignores: `enum`, `const`, `pattern` and `format`. Returns every violation with its JSON path.
 * A small validator for the draft-07 subset the engine produces; not a general JSON Schema validator. Pure.
 */
import { isObject, jsonPath, jsonTypeOf, type JsonSchema } from './json-schema.js'

export interface ValueViolation {
  /** JSON path into the value: $.user.email */
  path: string
  keyword: 'type' | 'enum' | 'const' | 'pattern' | 'format' | 'required' | 'additionalProperties' | 'bounds' | 'anyOf' | 'oneOf' | 'not' | 'unsupported'
  /** What is wrong, as the end of a sentence: "is 'archived', not one of 'active', 'disabled'" */
  detail: string
}

const FORMATS: Record<string, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/,
  time: /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/,
  email: /^[^\s@]+@[^\s@]+$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  uri: /^[a-z][a-z0-9+.-]*:/i,
  ipv4: /^(\d{1,3})(\.\d{1,3}){3}$/,
}

/** Whether a string satisfies a known format; unknown formats pass (they constrain nothing we can check). */
export function satisfiesFormat(value: string, format: string): boolean {
  const re = FORMATS[format]
  return re ? re.test(value) : true
}

export function knownFormat(format: string): boolean {
  return format in FORMATS
}

function show(value: unknown): string {
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}

function typeMatches(value: unknown, type: string): boolean {
  const actual = jsonTypeOf(value)
  return actual === type || (type === 'number' && actual === 'integer')
}

/**
 * @example checkValue({ status: 'archived' }, { type: 'object', properties: { status: { enum: ['active'] } } })
 *   // [{ path: '$.status', keyword: 'enum', detail: "is \"archived\", not one of \"active\"" }]
 */
export function checkValue(value: unknown, schema: JsonSchema, path: (string | number)[] = []): ValueViolation[] {
  if (schema === true) return []
  const here = jsonPath(path)
  if (schema === false) return [{ path: here, keyword: 'not', detail: 'is not allowed at all' }]
  if (typeof schema['x-concord-cut'] === 'string')
    return [{ path: here, keyword: 'unsupported', detail: `the schema at ${here} recurses deeper than Concord follows` }]
  if (Array.isArray(schema['x-concord-unsupported']))
    return [
      {
        path: here,
        keyword: 'unsupported',
        detail: `the schema at ${here} uses ${(schema['x-concord-unsupported'] as string[]).join(', ')}, which Concord does not check`,
      },
    ]
  const out: ValueViolation[] = []

  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string]
    if (!types.some((t) => typeMatches(value, t)))
      return [{ path: here, keyword: 'type', detail: `is ${jsonTypeOf(value)} ${show(value)}, not ${types.join(' or ')}` }]
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    out.push({ path: here, keyword: 'enum', detail: `is ${show(value)}, not one of ${schema.enum.map(show).join(', ')}` })
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value))
    out.push({ path: here, keyword: 'const', detail: `is ${show(value)}, not ${show(schema.const)}` })
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string') {
      let ok = true
      try {
        ok = new RegExp(schema.pattern, 'u').test(value)
      } catch {
        ok = true
      }
      if (!ok) out.push({ path: here, keyword: 'pattern', detail: `is ${show(value)}, which does not match /${schema.pattern}/` })
    }
    if (typeof schema.format === 'string' && !satisfiesFormat(value, schema.format))
      out.push({ path: here, keyword: 'format', detail: `is ${show(value)}, which is not a valid ${schema.format}` })
    if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      out.push({ path: here, keyword: 'bounds', detail: `is shorter than ${schema.minLength} characters` })
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
      out.push({ path: here, keyword: 'bounds', detail: `is longer than ${schema.maxLength} characters` })
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      out.push({ path: here, keyword: 'bounds', detail: `is ${value}, below the minimum ${schema.minimum}` })
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      out.push({ path: here, keyword: 'bounds', detail: `is ${value}, above the maximum ${schema.maximum}` })
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
      out.push({ path: here, keyword: 'bounds', detail: `is ${value}, not above ${schema.exclusiveMinimum}` })
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum)
      out.push({ path: here, keyword: 'bounds', detail: `is ${value}, not below ${schema.exclusiveMaximum}` })
    if (typeof schema.multipleOf === 'number' && !Number.isInteger(value / schema.multipleOf))
      out.push({ path: here, keyword: 'bounds', detail: `is ${value}, not a multiple of ${schema.multipleOf}` })
  }
  if (Array.isArray(value)) {
    if (schema.items !== undefined && !Array.isArray(schema.items))
      value.forEach((v, i) => out.push(...checkValue(v, schema.items as JsonSchema, [...path, i])))
    if (typeof schema.minItems === 'number' && value.length < schema.minItems)
      out.push({ path: here, keyword: 'bounds', detail: `has ${value.length} items, fewer than ${schema.minItems}` })
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
      out.push({ path: here, keyword: 'bounds', detail: `has ${value.length} items, more than ${schema.maxItems}` })
    if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size < value.length)
      out.push({ path: here, keyword: 'bounds', detail: 'has repeated items, but they must be unique' })
  }
  if (isObject(value)) {
    const properties = isObject(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {}
    for (const name of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
      if (!(name in value)) out.push({ path: jsonPath([...path, name]), keyword: 'required', detail: 'is required but missing' })
    }
    for (const [name, child] of Object.entries(value)) {
      if (name in properties) out.push(...checkValue(child, properties[name]!, [...path, name]))
      else if (schema.additionalProperties === false)
        out.push({ path: jsonPath([...path, name]), keyword: 'additionalProperties', detail: 'is not a property the schema allows' })
      else if (isObject(schema.additionalProperties) || typeof schema.additionalProperties === 'boolean')
        out.push(...checkValue(child, schema.additionalProperties, [...path, name]))
    }
  }
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf as JsonSchema[]) out.push(...checkValue(value, s, path))
  if (Array.isArray(schema.anyOf)) {
    const results = (schema.anyOf as JsonSchema[]).map((s) => checkValue(value, s, path))
    if (!results.some((r) => r.length === 0)) out.push(...bestOf(results, here, 'anyOf'))
  }
  if (Array.isArray(schema.oneOf)) {
    const results = (schema.oneOf as JsonSchema[]).map((s) => checkValue(value, s, path))
    const passing = results.filter((r) => r.length === 0).length
    if (passing === 0) out.push(...bestOf(results, here, 'oneOf'))
    else if (passing > 1) out.push({ path: here, keyword: 'oneOf', detail: `matches ${passing} of the oneOf alternatives, not exactly one` })
  }
  if (schema.not !== undefined && checkValue(value, schema.not as JsonSchema, path).length === 0)
    out.push({ path: here, keyword: 'not', detail: 'matches a schema it must not match' })
  return out
}

/** One violation that says no variant matches, naming the closest variant's first failure so the report stays concrete. */
function bestOf(results: ValueViolation[][], here: string, keyword: 'anyOf' | 'oneOf'): ValueViolation[] {
  const unsupported = results.flat().find((v) => v.keyword === 'unsupported')
  if (unsupported) return [unsupported]
  let index = 0
  results.forEach((r, i) => {
    if (r.length < results[index]!.length) index = i
  })
  const closest = results[index]?.[0]
  const inner = closest ? closest.path.slice(here.length).replace(/^\./, '') : ''
  return [
    {
      path: here,
      keyword,
      detail: closest
        ? `matches no variant of the ${keyword} (closest, variant ${index + 1}: ${inner ? `\`${inner}\`` : 'it'} ${closest.detail})`
        : `matches no variant of the ${keyword}`,
    },
  ]
}
