/**
 * What a verifier needs from a pact, checked against the Pact specification the pact declares (V1 to V4): HTTP
 * interactions, asynchronous and synchronous messages, provider states, matching rules and generators. Pure
 * functions, no I/O; every problem is a FieldError whose JSON pointer names the interaction and the field.
 *
 * Why: the broker is where a bad pact stops being one consumer's problem. A pact the verifier cannot load (a
 * response whose status is not a number, a request with no path) makes pact-core fail — or panic — for the whole
 * provider build, every consumer's pacts included. Refusing it on publish keeps it out; `pactSpecificationErrors`
 * is also what pacts-for-verification uses to leave out content stored before this check existed.
 *
 * The rules follow the specification (github.com/pact-foundation/pact-specification) and what the Rust model that
 * pact-core uses (pact_models) can load; where the two differ, the model's leniency wins for things it reads
 * either way (a V3 query as a string, header values as strings or lists), so no pact a verifier runs is refused.
 */
import type { FieldError } from '../shared/errors.js'

type JsonObject = Record<string, unknown>

/** The interaction types of a V4 pact. */
export const V4_INTERACTION_TYPES = ['Synchronous/HTTP', 'Asynchronous/Messages', 'Synchronous/Messages'] as const

/** Matching rule types (`match`) pact_models loads, with the attribute each one needs (if any). */
const MATCHERS: Record<string, string | null> = {
  regex: 'regex',
  equality: null,
  include: 'value',
  type: null,
  number: null,
  integer: null,
  decimal: null,
  real: null,
  boolean: null,
  min: 'min',
  max: 'max',
  'min-type': 'min',
  'max-type': 'max',
  timestamp: null,
  datetime: null,
  date: null,
  time: null,
  null: null,
  contentType: 'value',
  'content-type': 'value',
  arrayContains: 'variants',
  'array-contains': 'variants',
  values: null,
  statusCode: null,
  'status-code': null,
  notEmpty: null,
  'not-empty': null,
  semver: null,
  eachKey: null,
  'each-key': null,
  eachValue: null,
  'each-value': null,
}

/** Generator types (`type`) of the V3/V4 specification. */
const GENERATORS = new Set([
  'RandomInt',
  'Uuid',
  'RandomDecimal',
  'RandomHexadecimal',
  'RandomString',
  'Regex',
  'Date',
  'Time',
  'DateTime',
  'RandomBoolean',
  'ProviderState',
  'MockServerURL',
  'ArrayContains',
])

/** The keys of a V4 body (or message contents). */
const V4_BODY_KEYS = new Set(['content', 'contentType', 'encoded', 'contentTypeHint'])

/** An HTTP method is a token (RFC 9110 §9.1). */
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value)
const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1')
const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** The major version a pact declares (1 to 4), or null when it declares none. */
export function declaredMajor(specificationVersion: string | null): 1 | 2 | 3 | 4 | null {
  if (specificationVersion === null) return null
  const major = Number(/^v?(\d+)/i.exec(specificationVersion)?.[1])
  return major === 1 || major === 2 || major === 3 || major === 4 ? major : null
}

class Checker {
  readonly errors: FieldError[] = []
  constructor(private readonly major: 1 | 2 | 3 | 4) {}

  add(pointer: string, detail: string, where?: string): void {
    this.errors.push({ pointer, detail: where ? `${detail} (${where})` : detail })
  }

  /** description, provider state(s): what every interaction and message has. */
  common(item: JsonObject, at: string, where: string): void {
    if (typeof item.description !== 'string' || item.description.trim() === '')
      this.add(`${at}/description`, 'is required: a non-blank string that names the interaction (the verifier reports by it)', where)
    if (item.providerState !== undefined && item.providerState !== null && typeof item.providerState !== 'string')
      this.add(`${at}/providerState`, `must be a string, got ${show(item.providerState)}`, where)
    if (item.providerStates !== undefined) {
      if (!Array.isArray(item.providerStates)) this.add(`${at}/providerStates`, 'must be an array of provider states', where)
      else
        item.providerStates.forEach((state, i) => {
          if (!isObject(state) || typeof state.name !== 'string' || state.name.trim() === '')
            this.add(`${at}/providerStates/${i}/name`, 'is required: every provider state has a name the provider sets up', where)
          else if (state.params !== undefined && state.params !== null && !isObject(state.params))
            this.add(`${at}/providerStates/${i}/params`, 'must be a JSON object of parameters', where)
        })
    }
  }

  headers(value: unknown, at: string, where: string): void {
    if (value === undefined || value === null) return
    if (!isObject(value)) return this.add(at, 'must be a JSON object of header names to values', where)
    for (const [name, v] of Object.entries(value)) {
      const ok = typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))
      if (!ok) this.add(`${at}/${escapeToken(name)}`, `must be a string or a list of strings, got ${show(v)}`, where)
    }
  }

  query(value: unknown, at: string, where: string): void {
    if (value === undefined || value === null || typeof value === 'string') return
    if (!isObject(value)) return this.add(at, 'must be a query string or a JSON object of parameter names to lists of values', where)
    for (const [name, v] of Object.entries(value)) {
      const ok = typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string' || x === null))
      if (!ok) this.add(`${at}/${escapeToken(name)}`, `must be a string or a list of strings, got ${show(v)}`, where)
    }
  }

  /** V4 bodies (and message contents) are `{ content, contentType, encoded }`; earlier bodies are any JSON. */
  body(value: unknown, at: string, where: string): void {
    if (this.major < 4 || value === undefined || value === null) return
    if (!isObject(value)) return this.add(at, `must be a JSON object { content, contentType, encoded } in a V4 pact, got ${show(value)}`, where)
    // pact_models reads a V4 body without `content` as no body at all: the consumer's expectations would vanish.
    const unknown = Object.keys(value).filter((key) => !V4_BODY_KEYS.has(key))
    if (unknown.length)
      return this.add(
        at,
        `must be a V4 body { content, contentType, encoded }; ${unknown.map((k) => `'${k}'`).join(', ')} is no part of one (a V3 body in a V4 pact?)`,
        where,
      )
    if (value.contentType !== undefined && typeof value.contentType !== 'string') this.add(`${at}/contentType`, 'must be a string (a media type)', where)
    if (value.encoded !== undefined && typeof value.encoded !== 'boolean' && typeof value.encoded !== 'string')
      this.add(`${at}/encoded`, "must be false, true or the name of an encoding such as 'base64'", where)
  }

  request(value: unknown, at: string, where: string): void {
    if (!isObject(value)) return this.add(at, 'is required: the HTTP request the consumer sends (an object with method and path)', where)
    if (typeof value.method !== 'string' || !HTTP_TOKEN.test(value.method))
      this.add(`${at}/method`, value.method === undefined ? 'is required: the HTTP method' : `must be an HTTP method, got ${show(value.method)}`, where)
    if (typeof value.path !== 'string' || !value.path.startsWith('/'))
      this.add(
        `${at}/path`,
        value.path === undefined ? "is required: the request path, starting with '/'" : `must be a request path starting with '/', got ${show(value.path)}`,
        where,
      )
    this.query(value.query, `${at}/query`, where)
    this.headers(value.headers, `${at}/headers`, where)
    this.body(value.body, `${at}/body`, where)
    this.matchingRules(value.matchingRules, `${at}/matchingRules`, where)
    this.generators(value.generators, `${at}/generators`, where)
  }

  response(value: unknown, at: string, where: string): void {
    if (!isObject(value)) return this.add(at, 'is required: the HTTP response the consumer expects (an object with a status)', where)
    const status = value.status
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
      this.add(
        `${at}/status`,
        status === undefined
          ? 'is required: the HTTP status code (an integer from 100 to 599)'
          : `must be an HTTP status code (an integer from 100 to 599), got ${show(status)}`,
        where,
      )
    this.headers(value.headers, `${at}/headers`, where)
    this.body(value.body, `${at}/body`, where)
    this.matchingRules(value.matchingRules, `${at}/matchingRules`, where)
    this.generators(value.generators, `${at}/generators`, where)
  }

  /** A message's (or a synchronous message part's) contents, metadata, rules and generators. */
  messageParts(value: JsonObject, at: string, where: string): void {
    if (this.major >= 4) this.body(value.contents, `${at}/contents`, where)
    for (const key of ['metadata', 'metaData'])
      if (value[key] !== undefined && value[key] !== null && !isObject(value[key])) this.add(`${at}/${key}`, 'must be a JSON object', where)
    this.matchingRules(value.matchingRules, `${at}/matchingRules`, where)
    this.generators(value.generators, `${at}/generators`, where)
  }

  /** One matching rule (`{ match: 'type', min: 1 }`); V2 rules may leave `match` out. */
  rule(value: unknown, at: string, where: string): void {
    if (!isObject(value)) return this.add(at, `must be a matching rule object, got ${show(value)}`, where)
    const match = value.match ?? value['pact:matcher:type']
    if (match === undefined) {
      if (!['regex', 'min', 'max', 'timestamp', 'time', 'date'].some((key) => value[key] !== undefined))
        this.add(`${at}/match`, 'is required: the matching rule type (type, regex, integer, …)', where)
      return
    }
    if (typeof match !== 'string' || !(match in MATCHERS))
      return this.add(`${at}/match`, `is not a matching rule type of the Pact specification: ${show(match)}`, where)
    const needs = MATCHERS[match]
    if (needs && value[needs] === undefined) this.add(`${at}/${needs}`, `is required by the '${match}' matching rule`, where)
    if ((match === 'min' || match === 'max') && value[match] !== undefined && !(typeof value[match] === 'number' && Number(value[match]) >= 0))
      this.add(`${at}/${match}`, 'must be a non-negative number', where)
    if (match === 'regex' && value.regex !== undefined && typeof value.regex !== 'string') this.add(`${at}/regex`, 'must be a string', where)
    if ((match === 'arrayContains' || match === 'array-contains') && value.variants !== undefined && !Array.isArray(value.variants))
      this.add(`${at}/variants`, 'must be an array', where)
    if (value.rules !== undefined && !Array.isArray(value.rules)) this.add(`${at}/rules`, 'must be an array of matching rules', where)
    else if (Array.isArray(value.rules)) value.rules.forEach((r, i) => this.rule(r, `${at}/rules/${i}`, where))
  }

  /** `{ matchers: [rule…], combine: 'AND' | 'OR' }` (a single rule is accepted too, as pact_models does). */
  ruleList(value: unknown, at: string, where: string): void {
    if (!isObject(value)) return this.add(at, `must be a JSON object { matchers: [...] }, got ${show(value)}`, where)
    if (value.matchers === undefined) return this.rule(value, at, where)
    if (!Array.isArray(value.matchers)) return this.add(`${at}/matchers`, 'must be an array of matching rules', where)
    value.matchers.forEach((r, i) => this.rule(r, `${at}/matchers/${i}`, where))
    if (value.combine !== undefined && value.combine !== 'AND' && value.combine !== 'OR') this.add(`${at}/combine`, "must be 'AND' or 'OR'", where)
  }

  /**
   * V2: `{ "$.body.name": rule }`. V3/V4: `{ body: { "$.name": { matchers: [...] } }, path: { matchers: [...] } }`.
   * Either form is read in any version, as pact_models does.
   */
  matchingRules(value: unknown, at: string, where: string): void {
    if (value === undefined || value === null) return
    if (!isObject(value)) return this.add(at, 'must be a JSON object of matching rules', where)
    for (const [key, rules] of Object.entries(value)) {
      const here = `${at}/${escapeToken(key)}`
      if (key.startsWith('$')) this.rule(rules, here, where)
      else if (isObject(rules) && rules.matchers !== undefined) this.ruleList(rules, here, where)
      else if (!isObject(rules)) this.add(here, `must be a JSON object of matching rules for the '${key}' category`, where)
      else for (const [path, list] of Object.entries(rules)) this.ruleList(list, `${here}/${escapeToken(path)}`, where)
    }
  }

  /** `{ body: { "$.id": { type: 'Uuid' } }, path: { type: 'ProviderState', expression: '…' } }`. */
  generators(value: unknown, at: string, where: string): void {
    if (value === undefined || value === null) return
    if (!isObject(value)) return this.add(at, 'must be a JSON object of generators', where)
    for (const [category, entries] of Object.entries(value)) {
      const here = `${at}/${escapeToken(category)}`
      if (!isObject(entries)) {
        this.add(here, `must be a JSON object of generators for the '${category}' category`, where)
        continue
      }
      // path and status hold one generator; the other categories map a key (a JSON path, a header name) to one.
      if (category === 'path' || category === 'status' || category === 'method' || typeof entries.type === 'string') this.generator(entries, here, where)
      else for (const [path, generator] of Object.entries(entries)) this.generator(generator, `${here}/${escapeToken(path)}`, where)
    }
  }

  generator(value: unknown, at: string, where: string): void {
    if (!isObject(value)) return this.add(at, `must be a generator object { type, … }, got ${show(value)}`, where)
    if (typeof value.type !== 'string' || !GENERATORS.has(value.type))
      this.add(`${at}/type`, `must be a generator type of the Pact specification (${[...GENERATORS].join(', ')}), got ${show(value.type)}`, where)
    else if (value.type === 'ProviderState' && typeof value.expression !== 'string')
      this.add(`${at}/expression`, "is required by the 'ProviderState' generator", where)
  }
}

/** "interaction 'get a user'" or "interaction 3" for the error details. */
function label(kind: 'interaction' | 'message', item: JsonObject, index: number): string {
  return typeof item.description === 'string' && item.description.trim() ? `${kind} '${item.description}'` : `${kind} ${index}`
}

/**
 * The problems a verifier would have with this pact, judged by the specification it declares (none declared: V2
 * rules, with V3 provider states and matching rules read as pact_models reads them). `pointer` prefixes the JSON
 * pointers. The caller has already checked that `interactions`/`messages` are arrays of objects.
 * @example pactSpecificationErrors({ interactions: [{ description: 'x', request: { method: 'GET' }, response: { status: 'abc' } }], … }, '3.0.0')
 * // [{ pointer: '/interactions/0/request/path', detail: "is required: … (interaction 'x')" }, { pointer: '/interactions/0/response/status', … }]
 */
export function pactSpecificationErrors(document: JsonObject, specificationVersion: string | null, pointer = ''): FieldError[] {
  const declared = declaredMajor(specificationVersion)
  const check = new Checker(declared ?? 2)
  const interactions = Array.isArray(document.interactions) ? (document.interactions as unknown[]) : []
  const messages = Array.isArray(document.messages) ? (document.messages as unknown[]) : []

  if (interactions.length === 0 && messages.length === 0)
    check.add(`${pointer}/interactions`, 'must not be empty: a pact with no interactions or messages gives the provider nothing to verify')

  interactions.forEach((item, index) => {
    if (!isObject(item)) return
    const at = `${pointer}/interactions/${index}`
    const where = label('interaction', item, index)
    check.common(item, at, where)
    if (declared === 4) {
      const type = item.type
      if (!V4_INTERACTION_TYPES.includes(type as (typeof V4_INTERACTION_TYPES)[number]))
        return check.add(
          `${at}/type`,
          type === undefined
            ? `is required in a V4 pact: one of ${V4_INTERACTION_TYPES.join(', ')}`
            : `must be one of ${V4_INTERACTION_TYPES.join(', ')}, got ${show(type)}`,
          where,
        )
      if (item.pending !== undefined && typeof item.pending !== 'boolean') check.add(`${at}/pending`, 'must be true or false', where)
      if (type === 'Synchronous/HTTP') {
        check.request(item.request, `${at}/request`, where)
        check.response(item.response, `${at}/response`, where)
      } else if (type === 'Asynchronous/Messages') {
        check.messageParts(item, at, where)
      } else {
        if (!isObject(item.request)) check.add(`${at}/request`, 'is required: the request message ({ contents, metadata })', where)
        else check.messageParts(item.request, `${at}/request`, where)
        if (item.response !== undefined && !Array.isArray(item.response)) check.add(`${at}/response`, 'must be an array of response messages', where)
        else
          ((item.response as unknown[] | undefined) ?? []).forEach((r, i) =>
            isObject(r) ? check.messageParts(r, `${at}/response/${i}`, where) : check.add(`${at}/response/${i}`, 'must be a JSON object', where),
          )
      }
      return
    }
    if (typeof item.type === 'string' && V4_INTERACTION_TYPES.includes(item.type as (typeof V4_INTERACTION_TYPES)[number]))
      return check.add(
        `${at}/type`,
        `is a V4 interaction type, but the pact declares specification ${specificationVersion ?? 'none'}: declare 4.0 in metadata.pactSpecification.version`,
        where,
      )
    check.request(item.request, `${at}/request`, where)
    check.response(item.response, `${at}/response`, where)
  })

  messages.forEach((item, index) => {
    if (!isObject(item)) return
    const at = `${pointer}/messages/${index}`
    const where = label('message', item, index)
    check.common(item, at, where)
    check.messageParts(item, at, where)
  })
  return check.errors
}
