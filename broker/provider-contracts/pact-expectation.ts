/**
 * @module provider-contracts/pact-expectation
 * Reads a pact (V2, V3 or V4; HTTP interactions and messages) into plain interactions, and turns an
 * interaction's example body plus its matching rules into a JSON Schema of what the consumer sends (requests)
 * or accepts (responses and messages):
 * - `type` → the example's JSON type (cascading to children without rules of their own, as Pact does);
 * - `integer` / `decimal` / `number` / `boolean` / `null` → that type; `regex` → a string with `pattern`;
 *   `date` / `time` / `datetime` / `timestamp` → a string with `format`; `equality` → `const`;
 * - `type` + `min`/`max` on an array (eachLike) → an array whose `items` is the first element's schema
 *   (`minItems` only when the consumer asks for more than one, `maxItems` when it sets a maximum);
 * - `values` / `eachValue` → an object whose every value has the first value's schema;
 * - objects: every field in the example is `required` (the consumer reads it); fields the consumer does not
 *   mention are unconstrained in what it accepts, and absent from what it sends (request objects are closed).
 * Literal values without a matcher are compared by type; the example values themselves are checked against
 * the provider's enum / pattern / format separately (see compatibility.ts). Pure: no I/O.
 */
import { arrayOf, isObject, jsonTypeOf, type JsonSchema, type SchemaObject } from './json-schema.js'

/** A key, an index, or one of the wildcards `'*'` (any key) and `'[*]'` (any index). */
export type PactPathToken = string | number

export interface Matcher {
  match: string
  [option: string]: unknown
}

export interface HttpPart {
  headers: Record<string, string>
  body: unknown
  hasBody: boolean
  contentType: string | null
  /** JSONPath (without the "$.body" prefix, so "$.name") → matchers */
  bodyRules: Record<string, Matcher[]>
  /** The body rules whose matchers combine with OR (V4 `combine: "OR"`); AND otherwise. */
  bodyCombine: Record<string, 'AND' | 'OR'>
  /** Lower-cased header name → matchers */
  headerRules: Record<string, Matcher[]>
}

export interface PactHttpInteraction {
  type: 'http'
  description: string
  providerStates: string[]
  request: HttpPart & {
    method: string
    path: string
    query: Record<string, string[]>
    /** Query name → matchers */
    queryRules: Record<string, Matcher[]>
    /** Matchers on the whole path */
    pathRules: Matcher[]
  }
  response: HttpPart & { status: number; statusRules: Matcher[] }
}

export interface PactMessageInteraction {
  type: 'message'
  description: string
  providerStates: string[]
  message: HttpPart
}

export type PactInteraction = PactHttpInteraction | PactMessageInteraction

export interface ParsedPact {
  consumer: string
  provider: string
  specification: string
  interactions: PactInteraction[]
}

/** A pact that cannot be read as one. */
export class PactFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PactFormatError'
  }
}

function headersOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!isObject(raw)) return out
  for (const [name, value] of Object.entries(raw)) out[name.toLowerCase()] = Array.isArray(value) ? value.map(String).join(', ') : String(value)
  return out
}

function queryOf(raw: unknown): Record<string, string[]> {
  if (typeof raw === 'string') {
    const out: Record<string, string[]> = {}
    for (const [k, v] of new URLSearchParams(raw)) (out[k] ??= []).push(v)
    return out
  }
  const out: Record<string, string[]> = {}
  if (isObject(raw)) for (const [k, v] of Object.entries(raw)) out[k] = Array.isArray(v) ? v.map(String) : [String(v)]
  return out
}

/** V4 bodies are `{content, contentType, encoded}`; earlier ones are the value itself. */
function bodyOf(raw: unknown, v4: boolean): { body: unknown; hasBody: boolean; contentType: string | null } {
  if (raw === undefined) return { body: undefined, hasBody: false, contentType: null }
  if (v4 && isObject(raw) && 'content' in raw) {
    let body = raw.content
    const contentType = typeof raw.contentType === 'string' ? raw.contentType : null
    if (raw.encoded === 'base64' || raw.encoded === true) body = undefined
    else if (typeof body === 'string' && contentType && /json/i.test(contentType)) {
      try {
        body = JSON.parse(body)
      } catch {
        // keep the string
      }
    }
    return { body, hasBody: true, contentType }
  }
  return { body: raw, hasBody: true, contentType: null }
}

/** Rules of one V3/V4 category (`body`, `header`, `query`, `path`): key → matchers, and which keys combine with OR. */
function categoryRules(category: unknown): { rules: Record<string, Matcher[]>; combine: Record<string, 'AND' | 'OR'> } {
  const rules: Record<string, Matcher[]> = {}
  const combine: Record<string, 'AND' | 'OR'> = {}
  if (!isObject(category)) return { rules, combine }
  // V3/V4 `path` rules are one entry, not keyed.
  if (Array.isArray(category.matchers)) return { rules: { $: category.matchers as Matcher[] }, combine: category.combine === 'OR' ? { $: 'OR' } : {} }
  for (const [path, entry] of Object.entries(category)) {
    rules[path] =
      isObject(entry) && Array.isArray(entry.matchers)
        ? (entry.matchers as Matcher[])
        : Array.isArray(entry)
          ? (entry as Matcher[])
          : isObject(entry) && (typeof entry.match === 'string' || typeof entry.regex === 'string' || 'min' in entry || 'max' in entry)
            ? [entry as Matcher]
            : []
    if (isObject(entry) && entry.combine === 'OR') combine[path] = 'OR'
  }
  return { rules, combine }
}

/** Matching rules for the body, keyed by JSONPath relative to the body ("$.a.b"). */
function bodyRulesOf(rules: unknown): { rules: Record<string, Matcher[]>; combine: Record<string, 'AND' | 'OR'> } {
  if (!isObject(rules)) return { rules: {}, combine: {} }
  if (isObject(rules.body)) return categoryRules(rules.body)
  // V2: flat keys "$.body.a.b"
  const out: Record<string, Matcher[]> = {}
  for (const [path, entry] of Object.entries(rules)) {
    if (path === '$.body' || path.startsWith('$.body.') || path.startsWith('$.body[')) {
      out['$' + path.slice('$.body'.length)] = isObject(entry) ? [entry as Matcher] : []
    }
  }
  return { rules: out, combine: {} }
}

/** Header, query or path rules keyed by lower-cased header name / query name / "$" for the path (V2 flat keys too). */
function otherRulesOf(rules: unknown, category: 'header' | 'query' | 'path'): Record<string, Matcher[]> {
  if (!isObject(rules)) return {}
  const v3 = category === 'header' ? (rules.header ?? rules.headers) : rules[category]
  if (v3 !== undefined) {
    const { rules: out } = categoryRules(v3)
    return category === 'header' ? Object.fromEntries(Object.entries(out).map(([k, v]) => [k.toLowerCase(), v])) : out
  }
  const out: Record<string, Matcher[]> = {}
  const prefix = category === 'header' ? '$.headers.' : category === 'query' ? '$.query.' : '$.path'
  for (const [path, entry] of Object.entries(rules)) {
    if (!path.startsWith(prefix) || !isObject(entry)) continue
    const key = category === 'path' ? '$' : path.slice(prefix.length).replace(/^\['|'\]$/g, '')
    out[category === 'header' ? key.toLowerCase() : key] = [entry as Matcher]
  }
  return out
}

function statusRulesOf(rules: unknown): Matcher[] {
  if (!isObject(rules) || !isObject(rules.status)) return []
  const entry = rules.status.$ ?? Object.values(rules.status)[0]
  return isObject(entry) && Array.isArray(entry.matchers) ? (entry.matchers as Matcher[]) : []
}

function part(raw: Record<string, unknown>, v4: boolean, bodyKey = 'body'): HttpPart {
  const headers = headersOf(raw.headers ?? raw.metaData ?? raw.metadata)
  const { body, hasBody, contentType } = bodyOf(raw[bodyKey], v4)
  const { rules, combine } = bodyRulesOf(raw.matchingRules)
  return {
    headers,
    body,
    hasBody,
    // The header wins: pact-js writes `contentType: application/json` for any jsonBody, whatever header the test sets.
    contentType: headers['content-type'] ?? headers['contenttype'] ?? contentType ?? null,
    bodyRules: rules,
    bodyCombine: combine,
    headerRules: otherRulesOf(raw.matchingRules, 'header'),
  }
}

function statesOf(raw: Record<string, unknown>): string[] {
  if (Array.isArray(raw.providerStates)) return raw.providerStates.map((s) => (isObject(s) ? String(s.name) : String(s)))
  return typeof raw.providerState === 'string' ? [raw.providerState] : []
}

/**
 * Reads a pact document.
 * @example const pact = parsePact(JSON.parse(fs.readFileSync('pacts/web-users.json', 'utf8')))
 */
export function parsePact(doc: unknown): ParsedPact {
  if (!isObject(doc)) throw new PactFormatError('A pact must be a JSON object.')
  const name = (p: unknown) => (isObject(p) && typeof p.name === 'string' ? p.name : '')
  const metadata = isObject(doc.metadata) ? doc.metadata : {}
  const specObj = metadata.pactSpecification ?? metadata['pact-specification']
  const specification = isObject(specObj) && typeof specObj.version === 'string' ? specObj.version : '2.0.0'
  const v4 = specification.startsWith('4')
  const interactions: PactInteraction[] = []
  const raws = [...arrayOf(doc.interactions), ...arrayOf(doc.messages).map((m) => (isObject(m) ? { ...m, type: 'Asynchronous/Messages' } : m))]
  for (const raw of raws) {
    if (!isObject(raw)) continue
    const description = typeof raw.description === 'string' ? raw.description : '(no description)'
    const type = typeof raw.type === 'string' ? raw.type : 'Synchronous/HTTP'
    if (type === 'Asynchronous/Messages' || (!isObject(raw.request) && ('contents' in raw || 'content' in raw))) {
      const bodyKey = 'contents' in raw ? 'contents' : 'content'
      interactions.push({
        type: 'message',
        description,
        providerStates: statesOf(raw),
        message: part(raw, v4 || (isObject(raw[bodyKey]) && 'contentType' in (raw[bodyKey] as object)), bodyKey),
      })
      continue
    }
    if (type === 'Synchronous/Messages') {
      // A request/response message pair: the response messages are what the provider produces.
      const responses = Array.isArray(raw.response) ? raw.response : []
      for (const r of responses)
        if (isObject(r)) interactions.push({ type: 'message', description, providerStates: statesOf(raw), message: part(r, true, 'contents') })
      continue
    }
    if (!isObject(raw.request) || !isObject(raw.response)) continue
    const req = raw.request
    const res = raw.response
    interactions.push({
      type: 'http',
      description,
      providerStates: statesOf(raw),
      request: {
        ...part(req, v4),
        method: typeof req.method === 'string' ? req.method.toUpperCase() : 'GET',
        path: typeof req.path === 'string' ? req.path : '/',
        query: queryOf(req.query),
        queryRules: otherRulesOf(req.matchingRules, 'query'),
        pathRules: otherRulesOf(req.matchingRules, 'path').$ ?? [],
      },
      response: { ...part(res, v4), status: Number(res.status ?? 200), statusRules: statusRulesOf(res.matchingRules) },
    })
  }
  return { consumer: name(doc.consumer), provider: name(doc.provider), specification, interactions }
}

/** "$.a.b[0]['c d'][*].e" → ['a', 'b', 0, 'c d', '[*]', 'e'] */
export function parseRulePath(path: string): PactPathToken[] {
  const tokens: PactPathToken[] = []
  const re = /\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+|\*)\]/g
  const body = path.startsWith('$') ? path.slice(1) : path
  let m: RegExpExecArray | null
  while ((m = re.exec(body))) {
    if (m[1] !== undefined) tokens.push(m[1] === '*' ? '*' : m[1])
    else if (m[2] !== undefined) tokens.push(m[2])
    else tokens.push(m[3] === '*' ? '[*]' : Number(m[3]))
  }
  return tokens
}

interface CompiledRule {
  tokens: PactPathToken[]
  matchers: Matcher[]
  /** V4 `combine: OR`: any one of the matchers suffices. */
  or: boolean
}

function ruleMatches(rule: PactPathToken[], path: (string | number)[]): boolean {
  if (rule.length !== path.length) return false
  return rule.every((t, i) => {
    const p = path[i]!
    if (t === '*') return typeof p === 'string'
    if (t === '[*]') return typeof p === 'number'
    return t === p
  })
}

/** The rules at exactly this path; a more literal rule (fewer wildcards) wins. */
function rulesAt(rules: CompiledRule[], path: (string | number)[]): CompiledRule | undefined {
  let best: { rule: CompiledRule; wild: number } | undefined
  for (const rule of rules) {
    if (!ruleMatches(rule.tokens, path)) continue
    const wild = rule.tokens.filter((t) => t === '*' || t === '[*]').length
    if (!best || wild < best.wild) best = { rule, wild }
  }
  return best?.rule
}

/** Pact's defaults when a date/time matcher carries no format (pact-jvm and pact-rust). */
const DEFAULT_DATE_FORMATS: Record<string, string> = {
  date: 'yyyy-MM-dd',
  time: 'HH:mm:ss',
  datetime: "yyyy-MM-dd'T'HH:mm:ss",
  timestamp: "yyyy-MM-dd'T'HH:mm:ss",
}

/** Full semantic versions (semver.org's grammar), as Pact's semver matcher parses them. */
const SEMVER_PATTERN =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$'

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * A Java date/time pattern (what Pact's date, time, datetime and timestamp matchers carry) as an anchored regular
 * expression over the strings it accepts. Letters it does not know make the matcher unsupported (undefined).
 * @example datePatternRegex('yyyy-MM-dd') // '^\\d{4}-\\d{2}-\\d{2}$'
 */
export function datePatternRegex(format: string): string | undefined {
  const tokens: Record<string, string> = {
    yyyy: '\\d{4}',
    uuuu: '\\d{4}',
    yy: '\\d{2}',
    MM: '\\d{2}',
    dd: '\\d{2}',
    HH: '\\d{2}',
    hh: '\\d{2}',
    mm: '\\d{2}',
    ss: '\\d{2}',
    SSSSSS: '\\d{6}',
    SSS: '\\d{3}',
    SS: '\\d{2}',
    S: '\\d',
    XXX: '(?:Z|[+-]\\d{2}:\\d{2})',
    XX: '(?:Z|[+-]\\d{4})',
    X: '(?:Z|[+-]\\d{2}(?:\\d{2})?)',
    xxx: '[+-]\\d{2}:\\d{2}',
    ZZZ: '[+-]\\d{4}',
    Z: '[+-]\\d{4}',
    a: '(?:AM|PM)',
  }
  const names = Object.keys(tokens).sort((a, b) => b.length - a.length)
  let out = ''
  let i = 0
  while (i < format.length) {
    const ch = format[i]!
    if (ch === "'") {
      const close = format.indexOf("'", i + 1)
      if (close < 0) return undefined
      out += close === i + 1 ? "'" : escapeRegex(format.slice(i + 1, close))
      i = close + 1
      continue
    }
    if (/[A-Za-z]/.test(ch)) {
      const token = names.find((n) => format.startsWith(n, i))
      if (!token) return undefined
      out += tokens[token]
      i += token.length
      continue
    }
    out += escapeRegex(ch)
    i++
  }
  return `^${out}$`
}

function typeSchema(value: unknown): SchemaObject {
  const t = jsonTypeOf(value)
  return { type: t === 'integer' ? 'number' : t }
}

const unsupported = (what: string): SchemaObject => ({ 'x-concord-unsupported': [what] })

/**
 * The consumer's expectation for a body as a JSON Schema.
 * `mode` 'accepts' (responses, messages): open objects. 'sends' (requests): closed objects.
 * @example expectationSchema({ id: 1 }, { '$.id': [{ match: 'integer' }] }, 'accepts')
 *   // { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] }
 */
export function expectationSchema(
  body: unknown,
  rules: Record<string, Matcher[]>,
  mode: 'accepts' | 'sends',
  combine: Record<string, 'AND' | 'OR'> = {},
): JsonSchema {
  const compiled: CompiledRule[] = Object.entries(rules).map(([p, matchers]) => ({ tokens: parseRulePath(p), matchers, or: combine[p] === 'OR' }))
  return build(body, [], compiled, mode, false)
}

/** What one matcher says about a value, beyond its structure (undefined: structural only, like `type`). */
function matcherSchema(m: Matcher, value: unknown, path: (string | number)[], rules: CompiledRule[], mode: 'accepts' | 'sends'): JsonSchema | undefined {
  const match = m.match ?? (typeof m.regex === 'string' ? 'regex' : 'type')
  switch (match) {
    case 'type':
    case 'min':
    case 'max':
    case 'values':
    case 'eachValue':
    case 'eachKey':
    case 'arrayContains':
      return undefined
    case 'integer':
      return { type: 'integer' }
    case 'decimal':
      return { type: 'number', 'x-pact-decimal': true }
    case 'number':
      return { type: 'number' }
    case 'boolean':
      return { type: 'boolean' }
    case 'null':
      return { type: 'null' }
    case 'regex':
      return typeof value === 'string' || value === undefined
        ? { type: 'string', pattern: String(m.regex) }
        : unsupported(`a regex matcher on ${jsonTypeOf(value)} values`)
    case 'date':
    case 'time':
    case 'datetime':
    case 'timestamp': {
      const format = typeof m.format === 'string' ? m.format : typeof m[match] === 'string' ? m[match] : DEFAULT_DATE_FORMATS[match]!
      const pattern = datePatternRegex(format)
      return pattern ? { type: 'string', pattern, 'x-pact-format': format } : unsupported(`the ${match} format '${format}'`)
    }
    case 'equality':
      return value === undefined ? true : { ...typeSchema(value), const: value }
    case 'include':
      return { type: 'string', pattern: escapeRegex(typeof m.value === 'string' ? m.value : typeof value === 'string' ? value : '') }
    case 'semver':
      return { type: 'string', pattern: SEMVER_PATTERN }
    case 'notEmpty':
      if (typeof value === 'string') return { type: 'string', minLength: 1 }
      if (Array.isArray(value)) return { type: 'array', minItems: 1 }
      if (isObject(value)) return { type: 'object', minProperties: 1 }
      return typeSchema(value)
    case 'contentType':
      // The body is compared by its media type alone (the interaction's content type against the description).
      return true
    case 'statusCode':
      return undefined
    default:
      return unsupported(`the Pact matcher '${match}'`)
  }
  void path
  void rules
  void mode
}

function build(value: unknown, path: (string | number)[], rules: CompiledRule[], mode: 'accepts' | 'sends', inheritedType: boolean): JsonSchema {
  const found = rulesAt(rules, path)
  const matchers = found?.matchers
  const matchOf = (m: Matcher) => m.match ?? (typeof m.regex === 'string' ? 'regex' : 'type')
  const typeLike = inheritedType || !!matchers?.some((m) => ['type', 'min', 'max', 'values', 'eachValue', 'eachKey', 'arrayContains'].includes(matchOf(m)))

  const structural = structure(value, path, rules, mode, typeLike, matchers ?? [])
  if (!matchers || !matchers.length) return structural
  const extra = matchers.map((m) => matcherSchema(m, value, path, rules, mode)).filter((s): s is JsonSchema => s !== undefined)
  if (!extra.length) return structural
  if (found.or) return { anyOf: matchers.map((m) => matcherSchema(m, value, path, rules, mode) ?? structural) }
  // A matcher that fixes the value's kind replaces the example's own type (integer, not the example's number).
  const base = isObject(value) || Array.isArray(value) ? structural : true
  const parts = [base, ...extra].filter((s) => s !== true)
  if (!parts.length) return true
  return parts.length === 1 ? parts[0]! : { allOf: parts }
}

function structure(
  value: unknown,
  path: (string | number)[],
  rules: CompiledRule[],
  mode: 'accepts' | 'sends',
  typeLike: boolean,
  matchers: Matcher[],
): JsonSchema {
  const matchOf = (m: Matcher) => m.match ?? (typeof m.regex === 'string' ? 'regex' : 'type')
  if (Array.isArray(value)) {
    const schema: SchemaObject = { type: 'array' }
    const min = matchers.find((m) => typeof m.min === 'number')?.min as number | undefined
    const max = matchers.find((m) => typeof m.max === 'number')?.max as number | undefined
    if (value.length) {
      if (typeLike) schema.items = build(value[0], [...path, 0], rules, mode, typeLike)
      else {
        const variants = value.map((v, i) => build(v, [...path, i], rules, mode, false))
        const unique = [...new Map(variants.map((v) => [JSON.stringify(v), v])).values()]
        schema.items = unique.length === 1 ? unique[0]! : { anyOf: unique }
      }
    }
    // eachLike's min 1 is the DSL's default size of the example, not a promise the consumer needs (see docs).
    if (min !== undefined && min > 1) schema.minItems = min
    if (max !== undefined) schema.maxItems = max
    const contains = matchers.find((m) => matchOf(m) === 'arrayContains')
    if (contains && Array.isArray(contains.variants)) {
      delete schema.items
      delete schema.minItems
      delete schema.maxItems
      schema['x-contains'] = (contains.variants as Record<string, unknown>[]).map((variant) => {
        const index = typeof variant.index === 'number' ? variant.index : 0
        const element: unknown = value[index]
        const variantRules = bodyRulesOf({ body: variant.rules })
        const compiled = Object.entries(variantRules.rules).map(([p, m]) => ({ tokens: parseRulePath(p), matchers: m, or: variantRules.combine[p] === 'OR' }))
        return build(element, [], compiled, mode, false)
      })
    }
    return schema
  }

  if (isObject(value)) {
    const eachValue = matchers.find((m) => ['values', 'eachValue'].includes(matchOf(m)))
    const eachKey = matchers.find((m) => matchOf(m) === 'eachKey')
    if (eachValue || eachKey) {
      const schema: SchemaObject = { type: 'object' }
      const first = Object.keys(value)[0]
      if (eachValue && first !== undefined) {
        let valueSchema = build(value[first], [...path, first], rules, mode, true)
        const inner = Array.isArray(eachValue.rules) ? (eachValue.rules as Matcher[]) : []
        const innerSchemas = inner.map((m) => matcherSchema(m, value[first], [...path, first], rules, mode)).filter((s): s is JsonSchema => s !== undefined)
        if (innerSchemas.length) valueSchema = { allOf: [valueSchema, ...innerSchemas] }
        schema.additionalProperties = valueSchema
      }
      if (eachKey) {
        const inner = Array.isArray(eachKey.rules) ? (eachKey.rules as Matcher[]) : []
        const keySchemas = inner.map((m) => matcherSchema(m, first, [], rules, mode)).filter((s): s is JsonSchema => s !== undefined)
        schema.propertyNames = keySchemas.length === 1 ? keySchemas[0] : { type: 'string' }
        if (!eachValue) {
          // Keys are dynamic; the values of the example's keys still carry their own rules.
          const properties: Record<string, JsonSchema> = {}
          for (const [key, child] of Object.entries(value)) properties[key] = build(child, [...path, key], rules, mode, typeLike)
          schema.additionalProperties = Object.values(properties)[0] ?? true
        }
      }
      return schema
    }
    const properties: Record<string, JsonSchema> = {}
    for (const [key, child] of Object.entries(value)) properties[key] = build(child, [...path, key], rules, mode, typeLike)
    const schema: SchemaObject = { type: 'object', properties }
    const required = Object.keys(value)
    if (required.length) schema.required = required
    if (mode === 'sends') schema.additionalProperties = false
    return schema
  }

  // A literal without a matcher: compared by type (the example value is checked against the provider's
  // enum/pattern/format separately).
  if (value === undefined) return true
  if (mode === 'sends' && !typeLike) return literalSchema(value)
  return typeSchema(value)
}

/**
 * A request literal without a matcher: the consumer sends exactly this value. json-schema-diff ignores
 * `const`, so the value is also pinned with the bounds it understands (length for strings, range for numbers).
 */
function literalSchema(value: unknown): SchemaObject {
  if (typeof value === 'string') return { type: 'string', const: value, minLength: value.length, maxLength: value.length }
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number', const: value, minimum: value, maximum: value }
  return { ...typeSchema(value), const: value }
}

/** Whether an HTTP status satisfies the pact's expectation (its `statusCode` matcher, or the exact status). */
export function statusesExpected(response: PactHttpInteraction['response']): (status: number) => boolean {
  const rule = response.statusRules.find((m) => m.match === 'statusCode')
  if (!rule) return (s) => s === response.status
  const status = rule.status
  if (Array.isArray(status)) return (s) => status.map(Number).includes(s)
  const ranges: Record<string, [number, number]> = {
    information: [100, 199],
    success: [200, 299],
    redirect: [300, 399],
    clientError: [400, 499],
    serverError: [500, 599],
    error: [400, 599],
    nonError: [100, 399],
  }
  const range = ranges[String(status)]
  return range ? (s) => s >= range[0] && s <= range[1] : (s) => s === response.status
}

/**
 * Every body location the consumer's example touches, as JSON paths ("$.user.name", "$.items[*].id").
 * Used to tell which consumers a change to a provider's schema reaches.
 */
export function usedPaths(body: unknown, prefix = '$'): string[] {
  const out: string[] = []
  const walk = (value: unknown, path: string) => {
    out.push(path)
    if (Array.isArray(value)) {
      if (value.length) walk(value[0], `${path}[*]`)
    } else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, /^[A-Za-z_$][\w$-]*$/.test(k) ? `${path}.${k}` : `${path}['${k}']`)
    }
  }
  walk(body, prefix)
  return out
}
