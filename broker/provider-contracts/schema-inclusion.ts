/**
 * @module provider-contracts/schema-inclusion
 * Decides whether every value one JSON Schema admits (`wide`: what one side may produce) is admitted by another
 * (`narrow`: what the other side accepts), by walking the two schemas side by side. In process, linear in the
 * size of `narrow`, and aware of the keywords json-schema-diff ignores (`enum`, `const`, `pattern`, `format`,
 * `multipleOf`, `uniqueItems`) and of the markers pact-expectation.ts writes for Pact matchers (`x-pact-decimal`,
 * `x-contains`).
 *
 * Three answers, and the walk never guesses between them:
 * - a **reason** is a place where `wide` certainly admits a value `narrow` rejects (incompatible);
 * - an **open question** is a place the walk cannot decide (unions that need a set computation, constructs it
 *   does not model): the caller hands that pair of sub-schemas to json-schema-diff, or answers unknown;
 * - neither: `wide` ⊆ `narrow` (compatible).
 * A keyword the walk does not model makes `narrow` an open question (ignoring it would make narrow look wider:
 * a false "compatible"), and makes reasons about `wide` uncertain (ignoring it makes wide look wider: a false
 * "incompatible"), so those become open questions too. Pure: no I/O.
 */
import { flatten, isObject, jsonPath, jsonTypeOf, type JsonSchema, type SchemaObject, typesOf } from './json-schema.js'
import { checkValue, knownFormat, satisfiesFormat } from './value-check.js'

export type InclusionDirection = 'request' | 'response'

export interface InclusionReason {
  path: string
  /** A sentence with `{consumer}` where the consumer's name goes. */
  message: string
}

export interface OpenQuestion {
  path: string
  /** Why the walk could not decide. */
  why: string
  wide: JsonSchema
  narrow: JsonSchema
  /** Whether json-schema-diff can answer it (unions of plain schemas) or the answer is unknown. */
  delegable: boolean
}

export interface InclusionResult {
  reasons: InclusionReason[]
  open: OpenQuestion[]
}

/** Keywords this walk understands on the narrow side; any other validation keyword there is an open question. */
const NARROW_KEYWORDS = new Set([
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
  'required',
  'properties',
  'additionalProperties',
  'items',
  'anyOf',
  'oneOf',
  'minProperties',
  'propertyNames',
  'deprecated',
  'x-sunset',
  'x-pact-decimal',
  'x-contains',
  'x-pact-format',
])

/** Keywords that only restrict `wide` further and that this walk does not model. */
const WIDE_RESTRICTIONS = ['not', 'minProperties', 'maxProperties', 'propertyNames', 'x-contains', 'x-concord-unsupported']

/** Representative values of each format, covering each optional part of its grammar (RFC 3339 fractions and offsets). */
export const FORMAT_SAMPLES: Record<string, string[]> = {
  email: ['a@b.co', 'first.last+tag@mail.example.org'],
  'date-time': ['2024-01-31T10:00:00Z', '2024-12-01T23:59:59.123+01:00', '2024-06-30T00:00:00-05:00', '2024-02-29T12:30:45.5Z'],
  date: ['2024-01-31', '1999-12-01'],
  time: ['10:00:00Z', '23:59:59.123+01:00'],
  uuid: ['6f1c2d1e-3b1a-4c55-9a2e-0b9f8f6f7a10', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'],
  uri: ['https://example.com/a?b=c', 'urn:isbn:0451450523'],
  ipv4: ['10.0.0.1', '192.168.100.255'],
}

/** The shortest string each format admits. */
const FORMAT_MIN_LENGTH: Record<string, number> = { email: 3, uuid: 36, date: 10, 'date-time': 20, time: 9, uri: 2, ipv4: 7 }

const TYPE_NAMES: Record<string, string> = {
  null: 'null',
  array: 'an array',
  object: 'an object',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
}

/** `$.a[*].b` → `a[*].b`; `$[*].id` → `[*].id`; `$` → the body. */
export function displayPath(at: string): string {
  if (at === '$') return 'the body'
  return `\`${at.startsWith('$.') ? at.slice(2) : at.slice(1)}\``
}

/**
 * @example checkInclusion(providerResponseSchema, consumerExpectation, 'response') // { reasons: [...], open: [] }
 */
export function checkInclusion(wide: JsonSchema, narrow: JsonSchema, direction: InclusionDirection, path: (string | number)[] = []): InclusionResult {
  const result: InclusionResult = { reasons: [], open: [] }
  new Walk(direction, result).run(wide, narrow, path, true)
  return result
}

class Walk {
  constructor(
    private readonly direction: InclusionDirection,
    private readonly result: InclusionResult,
  ) {}

  private get producer(): string {
    return this.direction === 'response' ? 'the provider' : '{consumer}'
  }

  private fail(certain: boolean, path: (string | number)[], message: string, wide: JsonSchema, narrow: JsonSchema): void {
    const at = jsonPath(path)
    if (certain) this.result.reasons.push({ path: at, message })
    else this.result.open.push({ path: at, why: message, wide, narrow, delegable: false })
  }

  private open(path: (string | number)[], why: string, wide: JsonSchema, narrow: JsonSchema, delegable: boolean): void {
    this.result.open.push({ path: jsonPath(path), why, wide, narrow, delegable })
  }

  run(wideIn: JsonSchema, narrowIn: JsonSchema, path: (string | number)[], certainIn: boolean): void {
    if (narrowIn === true || wideIn === false) return
    const wide = flatten(wideIn)
    const narrow = flatten(narrowIn)
    if (narrow === true || wide === false) return
    const at = jsonPath(path)
    const name = displayPath(at)
    const certain = certainIn

    if (narrow === false) {
      this.fail(
        certain,
        path,
        this.direction === 'response'
          ? `the provider may send ${name}, which {consumer} does not accept`
          : `{consumer} sends ${name}, which the provider does not accept`,
        wide,
        narrow,
      )
      return
    }
    if (typeof narrow['x-concord-cut'] === 'string' || (wide !== true && typeof wide['x-concord-cut'] === 'string')) {
      this.open(path, `the schema at ${name} recurses deeper than Concord follows`, wide, narrow, false)
      return
    }
    if (Array.isArray(narrow['x-concord-unsupported'])) {
      this.open(
        path,
        `the schema at ${name} uses ${(narrow['x-concord-unsupported'] as string[]).join(', ')}, which Concord does not compare`,
        wide,
        narrow,
        false,
      )
      return
    }
    const unknownNarrow = Object.keys(narrow).filter((k) => !NARROW_KEYWORDS.has(k) && !k.startsWith('x-') && k !== 'allOf')
    if (unknownNarrow.length) {
      this.open(path, `the schema at ${name} uses ${unknownNarrow.join(', ')}, which Concord does not compare`, wide, narrow, !unknownNarrow.includes('not'))
      return
    }

    const w: SchemaObject = wide === true ? {} : wide
    // Keywords that narrow `wide` in ways the walk does not model (`not`, property counts, an overlapping oneOf):
    // compare the wider schema without them. Fitting proves it; a misfit may be an artefact of the widening, so
    // that pair becomes a question for json-schema-diff instead of a reason.
    const restrictions = WIDE_RESTRICTIONS.filter((k) => k in w && k !== 'x-concord-unsupported')
    const overlappingOneOf = Array.isArray(w.oneOf) && !pairwiseDisjoint(w.oneOf as JsonSchema[])
    if (restrictions.length || overlappingOneOf || Array.isArray(w['x-concord-unsupported'])) {
      const widened: SchemaObject = { ...w }
      for (const k of WIDE_RESTRICTIONS) delete widened[k]
      if (overlappingOneOf) {
        widened.anyOf = widened.oneOf
        delete widened.oneOf
      }
      const sub = checkInclusion(widened, narrow, this.direction, path)
      if (!sub.reasons.length && !sub.open.length) return
      const first = sub.reasons[0]?.message ?? sub.open[0]!.why
      const delegable = !Array.isArray(w['x-concord-unsupported']) && sub.open.every((q) => q.delegable)
      this.open(path, first, w, narrow, delegable)
      return
    }

    // Wide unions: every variant must fit (oneOf variants here never overlap, so each variant's values are the union's).
    for (const key of ['anyOf', 'oneOf'] as const) {
      if (Array.isArray(w[key])) {
        const { [key]: variants, ...rest } = w
        for (const variant of variants as JsonSchema[]) this.run(flatten({ allOf: [rest, variant] }), narrow, path, certain)
        return
      }
    }

    // Narrow unions: wide must fit one variant (and, for oneOf, overlap no other); otherwise it is a set question.
    for (const key of ['anyOf', 'oneOf'] as const) {
      if (Array.isArray(narrow[key])) {
        const { [key]: variants, ...rest } = narrow
        const fits = (variants as JsonSchema[]).map((v) => {
          const sub = checkInclusion(w, flatten({ allOf: [rest, v] }), this.direction, path)
          return sub.reasons.length === 0 && sub.open.length === 0
        })
        const fitting = fits.filter(Boolean).length
        if (key === 'anyOf' && fitting > 0) return
        if (key === 'oneOf' && fitting === 1) {
          const others = (variants as JsonSchema[]).filter((_, i) => !fits[i])
          if (others.every((o) => disjoint(w, o))) return
        }
        this.open(
          path,
          fitting === 0
            ? `no variant of the ${key} at ${name} accepts everything ${this.producer} may send there`
            : `what ${this.producer} may send at ${name} matches more than one variant of its oneOf`,
          w,
          narrow,
          true,
        )
        return
      }
    }

    // Enumerated wide side: each value it may take must be accepted as is.
    const wideValues = Array.isArray(w.enum) ? (w.enum as unknown[]) : 'const' in w ? [w.const] : undefined
    if (wideValues) {
      for (const value of wideValues) {
        if (checkValue(value, w).length) continue // not a value wide admits after all
        const violations = checkValue(value, narrow)
        if (!violations.length) continue
        const v = violations[0]!
        const why =
          v.keyword === 'pattern' && typeof narrow.pattern === 'string' && v.path === '$'
            ? `which does not match ${this.direction === 'response' ? "{consumer}'s" : "the provider's"} /${narrow.pattern}/`
            : `which ${this.direction === 'response' ? '{consumer}' : 'the provider'} does not accept (${v.path === '$' ? 'it' : `\`${v.path.slice(2)}\``} ${v.detail})`
        this.fail(certain, path, `${this.producer} may send ${name} = ${JSON.stringify(value)}, ${why}`, w, narrow)
        return
      }
      return
    }

    const wideTypes = typesOf(w)
    const narrowTypes = typesOf(narrow)
    const extra: string[] = []
    for (const t of wideTypes) {
      if (narrowTypes.has(t)) continue
      if (t === 'integer' && narrowTypes.has('number')) continue
      extra.push(t)
    }
    // A wide `number` that narrow only takes as `integer`: wide may send 1.5.
    const nonInteger = wideTypes.has('number') && !narrowTypes.has('number') && narrowTypes.has('integer') && !isIntegral(w)
    if (extra.length && !(extra.length === 1 && extra[0] === 'number' && narrowTypes.has('integer') && isIntegral(w))) {
      const shown = extra.filter((t) => !(t === 'integer' && extra.includes('number')))
      const what = shown.map((t) => (t === 'number' && narrowTypes.has('integer') ? 'a number with a fraction' : (TYPE_NAMES[t] ?? t))).join(' or ')
      const expected = [...narrowTypes]
        .filter((t) => !(t === 'integer' && narrowTypes.has('number')))
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(' or ')
      this.fail(
        certain,
        path,
        this.direction === 'response'
          ? shown.length === 1 && shown[0] === 'null'
            ? `the provider may send null for ${name}, which {consumer} does not accept`
            : `the provider may send ${name} as ${what}, but {consumer} expects ${expected || 'nothing there'}`
          : `{consumer} may send ${name} as ${what}, but the provider accepts only ${expected || 'nothing there'}`,
        w,
        narrow,
      )
      return
    }
    if (nonInteger) {
      this.fail(
        certain,
        path,
        this.direction === 'response'
          ? `the provider may send ${name} as a number with a fraction, but {consumer} expects an integer`
          : `{consumer} may send ${name} as a number with a fraction, but the provider accepts only an integer`,
        w,
        narrow,
      )
      return
    }

    if (Array.isArray(narrow.enum) || 'const' in narrow) {
      const allowed = Array.isArray(narrow.enum) ? (narrow.enum as unknown[]) : [narrow.const]
      this.fail(
        certain,
        path,
        this.direction === 'response'
          ? `{consumer} accepts only ${allowed.map((v) => JSON.stringify(v)).join(', ')} in ${name}, but the provider may send other values`
          : `{consumer} may send other values than ${allowed.map((v) => JSON.stringify(v)).join(', ')} in ${name}, which the provider accepts only`,
        w,
        narrow,
      )
      return
    }

    const common = new Set([...wideTypes].filter((t) => narrowTypes.has(t) || (t === 'integer' && narrowTypes.has('number'))))
    if (common.has('string')) this.strings(w, narrow, path, name, certain)
    if (common.has('number') || common.has('integer')) this.numbers(w, narrow, path, name, certain, !common.has('number'))
    if (common.has('array')) this.arrays(w, narrow, path, name, certain)
    if (common.has('object')) this.objects(w, narrow, path, certain)
  }

  private strings(wIn: SchemaObject, n: SchemaObject, path: (string | number)[], name: string, certain: boolean): void {
    const producer = this.producer
    // A format implies a shortest value (an email is never empty).
    const implied = typeof wIn.format === 'string' ? FORMAT_MIN_LENGTH[wIn.format] : undefined
    const w = implied !== undefined && !(typeof wIn.minLength === 'number' && wIn.minLength >= implied) ? { ...wIn, minLength: implied } : wIn
    this.bounds(w, n, path, name, certain, [
      ['minLength', 'min', 'shorter strings'],
      ['maxLength', 'max', 'longer strings'],
    ])
    if (typeof n.pattern === 'string' && w.pattern !== n.pattern) {
      let re: RegExp | undefined
      try {
        re = new RegExp(n.pattern, 'u')
      } catch {
        re = undefined
      }
      if (!re) this.open(path, `the pattern /${n.pattern}/ at ${name} is not a regular expression Concord can run`, w, n, false)
      else if (typeof w.pattern === 'string' && this.direction === 'response')
        // Whether one regular expression's language contains another's is not something Concord decides.
        this.open(
          path,
          `{consumer} expects ${name} to match /${n.pattern}/, and the provider promises /${w.pattern}/, which Concord cannot compare`,
          w,
          n,
          false,
        )
      else if (!(typeof w.format === 'string' && formatFitsPattern(w.format, re))) {
        const wanted = typeof n['x-pact-format'] === 'string' ? `in the format ${n['x-pact-format']}` : `to match /${n.pattern}/`
        this.fail(
          certain,
          path,
          this.direction === 'response'
            ? typeof w.pattern === 'string'
              ? `{consumer} expects ${name} ${wanted}, but the provider's schema only promises /${w.pattern}/`
              : typeof w.format === 'string'
                ? `{consumer} expects ${name} ${wanted}, but the provider's schema only promises a ${w.format}${FORMAT_SAMPLES[w.format] ? ` (such as ${FORMAT_SAMPLES[w.format]!.find((x) => !re.test(x))})` : ''}`
                : `{consumer} expects ${name} ${wanted}, but the provider's schema allows any string there`
            : `{consumer} may send strings that do not match /${n.pattern}/ in ${name}, which the provider requires`,
          w,
          n,
        )
      }
    }
    if (typeof n.format === 'string' && w.format !== n.format && knownFormat(n.format)) {
      const samples = typeof w.format === 'string' ? FORMAT_SAMPLES[w.format] : undefined
      const fits = !!samples && samples.every((s) => satisfiesFormat(s, n.format as string))
      if (!fits)
        this.fail(
          certain,
          path,
          this.direction === 'response'
            ? `{consumer} expects ${name} to be a ${n.format}, but the provider's schema ${typeof w.format === 'string' ? `says ${w.format}` : 'does not promise that format'}`
            : `{consumer} may send ${name} as a string that is not a ${n.format}, which the provider requires`,
          w,
          n,
        )
    }
    void producer
  }

  private numbers(w: SchemaObject, n: SchemaObject, path: (string | number)[], name: string, certain: boolean, integersOnly: boolean): void {
    const lower = (s: SchemaObject) => {
      const min = typeof s.minimum === 'number' ? s.minimum : -Infinity
      const ex = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : -Infinity
      return ex >= min ? { v: ex, strict: ex !== -Infinity } : { v: min, strict: false }
    }
    const upper = (s: SchemaObject) => {
      const max = typeof s.maximum === 'number' ? s.maximum : Infinity
      const ex = typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : Infinity
      return ex <= max ? { v: ex, strict: ex !== Infinity } : { v: max, strict: false }
    }
    const wl = lower(w)
    const nl = lower(n)
    const wu = upper(w)
    const nu = upper(n)
    const lowOk = wl.v > nl.v || (wl.v === nl.v && (wl.strict || !nl.strict)) || (integersOnly && nl.strict && Math.floor(nl.v) + 1 <= wl.v)
    const highOk = wu.v < nu.v || (wu.v === nu.v && (wu.strict || !nu.strict)) || (integersOnly && nu.strict && Math.ceil(nu.v) - 1 >= wu.v)
    if (!lowOk) this.fail(certain, path, `${this.producer} may send smaller numbers than ${describeBound(nl, 'min')} allows in ${name}${this.tail()}`, w, n)
    if (!highOk) this.fail(certain, path, `${this.producer} may send larger numbers than ${describeBound(nu, 'max')} allows in ${name}${this.tail()}`, w, n)
    if (typeof n.multipleOf === 'number') {
      const m = n.multipleOf
      const wm = typeof w.multipleOf === 'number' ? w.multipleOf : integersOnly ? 1 : undefined
      const ok = wm !== undefined && Number.isInteger(wm / m)
      if (!ok) this.fail(certain, path, `${this.producer} may send numbers that are not multiples of ${m} in ${name}${this.tail()}`, w, n)
    }
    if (n['x-pact-decimal'] === true)
      this.fail(
        certain,
        path,
        this.direction === 'response'
          ? `{consumer}'s decimal matcher needs a fractional part in ${name}, but the provider may send an integer there`
          : `{consumer} sends decimals in ${name}, which the provider accepts only as integers`,
        w,
        n,
      )
  }

  private tail(): string {
    return this.direction === 'response' ? ', which {consumer} requires' : ''
  }

  private bounds(w: SchemaObject, n: SchemaObject, path: (string | number)[], name: string, certain: boolean, checks: [string, 'min' | 'max', string][]): void {
    for (const [key, kind, words] of checks) {
      const limit = typeof n[key] === 'number' ? n[key] : undefined
      if (limit === undefined || (kind === 'min' && limit <= 0)) continue
      const have = typeof w[key] === 'number' ? w[key] : undefined
      const ok = have !== undefined && (kind === 'min' ? have >= limit : have <= limit)
      if (!ok) this.fail(certain, path, `${this.producer} may send ${words} than ${key} ${limit} allows in ${name}${this.tail()}`, w, n)
    }
  }

  private arrays(w: SchemaObject, n: SchemaObject, path: (string | number)[], name: string, certain: boolean): void {
    this.bounds(w, n, path, name, certain, [
      ['minItems', 'min', 'fewer items'],
      ['maxItems', 'max', 'more items'],
    ])
    if (n.uniqueItems === true && w.uniqueItems !== true) this.fail(certain, path, `${this.producer} may send repeated items in ${name}${this.tail()}`, w, n)
    if (Array.isArray(n.items) || Array.isArray(w.items)) {
      this.open(path, `${name} is a tuple (items as a list), which Concord compares with json-schema-diff`, w, n, true)
      return
    }
    const maxZero = w.maxItems === 0
    if (n.items !== undefined && !maxZero) this.run(w.items === undefined ? true : (w.items as JsonSchema), n.items as JsonSchema, [...path, '[]'], certain)
    if (Array.isArray(n['x-contains'])) {
      for (const wanted of n['x-contains'] as JsonSchema[]) {
        const min = typeof w.minItems === 'number' ? w.minItems : 0
        const sub = checkInclusion(w.items === undefined ? true : (w.items as JsonSchema), wanted, this.direction, [...path, '[]'])
        if (min >= 1 && !sub.reasons.length && !sub.open.length) continue
        if (min < 1) this.fail(certain, path, `{consumer} expects ${name} to contain a matching item, but the provider may send an empty array`, w, n)
        else this.open(path, `whether ${name} always contains an item {consumer} looks for`, w, n, false)
      }
    }
  }

  private objects(w: SchemaObject, n: SchemaObject, path: (string | number)[], certain: boolean): void {
    const wideProps = (isObject(w.properties) ? w.properties : {}) as Record<string, JsonSchema>
    const narrowProps = (isObject(n.properties) ? n.properties : {}) as Record<string, JsonSchema>
    const wideRequired = new Set(Array.isArray(w.required) ? (w.required as string[]) : [])
    const wideExtra: JsonSchema = w.additionalProperties === undefined ? true : (w.additionalProperties as JsonSchema)
    const omitted = new Set<string>()
    for (const req of Array.isArray(n.required) ? (n.required as string[]) : []) {
      if (wideRequired.has(req)) continue
      omitted.add(req)
      const p = [...path, req]
      const field = displayPath(jsonPath(p))
      const undescribed = !(req in wideProps) && wideExtra !== false
      this.fail(
        certain,
        p,
        this.direction === 'response'
          ? `the provider may omit ${field}${undescribed ? ' (its schema does not describe it)' : ''}, which {consumer} requires`
          : `the provider requires ${field}, which {consumer} does not send`,
        w,
        n,
      )
    }
    if (typeof n.minProperties === 'number' && wideRequired.size < n.minProperties)
      this.fail(certain, path, `${this.producer} may send ${displayPath(jsonPath(path))} with fewer than ${n.minProperties} properties${this.tail()}`, w, n)
    for (const [prop, narrowChild] of Object.entries(narrowProps)) {
      const wideChild = prop in wideProps ? wideProps[prop]! : wideExtra
      if (wideChild === true && omitted.has(prop)) continue
      this.run(wideChild, narrowChild, [...path, prop], certain)
    }
    const narrowExtra = n.additionalProperties
    if (narrowExtra !== undefined && narrowExtra !== true) {
      for (const [prop, wideChild] of Object.entries(wideProps)) {
        if (prop in narrowProps || wideChild === false) continue
        if (narrowExtra === false) {
          const p = displayPath(jsonPath([...path, prop]))
          this.fail(
            certain,
            [...path, prop],
            this.direction === 'response'
              ? `the provider may send ${p}, which {consumer} does not allow`
              : `{consumer} sends ${p}, which the provider does not accept (no additional properties)`,
            w,
            n,
          )
        } else this.run(wideChild, narrowExtra as JsonSchema, [...path, prop], certain)
      }
      if (wideExtra !== false) {
        if (narrowExtra === false)
          this.fail(
            certain,
            path,
            this.direction === 'response'
              ? `the provider may send properties in ${displayPath(jsonPath(path))} that {consumer} does not allow`
              : `{consumer} may send properties in ${displayPath(jsonPath(path))} that the provider does not accept (no additional properties)`,
            w,
            n,
          )
        else this.run(wideExtra, narrowExtra as JsonSchema, [...path, '*'], certain)
      }
    }
    if (isObject(n.propertyNames)) {
      const names = n.propertyNames as SchemaObject
      for (const prop of Object.keys(wideProps)) {
        if (checkValue(prop, names).length)
          this.fail(
            certain,
            path,
            `${this.producer} may send the key "${prop}" in ${displayPath(jsonPath(path))}, which does not match {consumer}'s key rule`,
            w,
            n,
          )
      }
      if (wideExtra !== false && !(isObject(w.propertyNames) && JSON.stringify(w.propertyNames) === JSON.stringify(names)))
        this.fail(certain, path, `${this.producer} may send any key in ${displayPath(jsonPath(path))}, but {consumer} expects keys that match its rule`, w, n)
    }
  }
}

function describeBound(b: { v: number; strict: boolean }, kind: 'min' | 'max'): string {
  return `${b.strict ? (kind === 'min' ? 'exclusiveMinimum' : 'exclusiveMaximum') : kind === 'min' ? 'minimum' : 'maximum'} ${b.v}`
}

/** Whether a numeric schema only admits whole numbers (`multipleOf` an integer). */
function isIntegral(s: SchemaObject): boolean {
  return typeof s.multipleOf === 'number' && Number.isInteger(s.multipleOf)
}

/**
 * Whether every representative value of a format matches a pattern. A sampling argument, not a proof: the
 * samples cover each optional part of the format's grammar (documented in docs/schema-compatibility.md).
 */
export function formatFitsPattern(format: string, re: RegExp): boolean {
  const samples = FORMAT_SAMPLES[format]
  return !!samples && samples.every((v) => re.test(v))
}

/** Whether no value can satisfy both schemas: different JSON types, or disjoint `const`/`enum` on a shared required property. */
export function disjoint(aIn: JsonSchema, bIn: JsonSchema): boolean {
  const a = flatten(aIn)
  const b = flatten(bIn)
  if (a === false || b === false) return true
  if (a === true || b === true) return false
  const ta = typesOf(a)
  const tb = typesOf(b)
  const sharesType = [...ta].some((t) => tb.has(t) || (t === 'integer' && tb.has('number')) || (t === 'number' && tb.has('integer')))
  if (!sharesType) return true
  const valuesOf = (s: SchemaObject) => (Array.isArray(s.enum) ? (s.enum as unknown[]) : 'const' in s ? [s.const] : undefined)
  const va = valuesOf(a)
  const vb = valuesOf(b)
  if (va && vb) return !va.some((x) => vb.some((y) => JSON.stringify(x) === JSON.stringify(y)))
  if (va && va.every((v) => checkValue(v, b).length > 0)) return true
  if (vb && vb.every((v) => checkValue(v, a).length > 0)) return true
  const pa = (isObject(a.properties) ? a.properties : {}) as Record<string, JsonSchema>
  const pb = (isObject(b.properties) ? b.properties : {}) as Record<string, JsonSchema>
  const ra = new Set(Array.isArray(a.required) ? (a.required as string[]) : [])
  const rb = new Set(Array.isArray(b.required) ? (b.required as string[]) : [])
  if (ta.size === 1 && ta.has('object') && tb.size === 1 && tb.has('object')) {
    for (const k of Object.keys(pa)) if (ra.has(k) && rb.has(k) && k in pb && disjoint(pa[k]!, pb[k]!)) return true
  }
  return false
}

function pairwiseDisjoint(variants: JsonSchema[]): boolean {
  for (let i = 0; i < variants.length; i++) for (let j = i + 1; j < variants.length; j++) if (!disjoint(variants[i]!, variants[j]!)) return false
  return true
}

/** The JSON type name of a value, for messages. */
export function typeName(value: unknown): string {
  return TYPE_NAMES[jsonTypeOf(value)] ?? jsonTypeOf(value)
}
