/**
 * @module provider-contracts/compatibility
 * Consumer contract (a pact) against a provider API description.
 *
 * Directions: the consumer's request must be accepted by the operation's request schema (what the consumer
 * sends ⊆ what the provider accepts); every response the provider may send, per its schema, must satisfy the
 * consumer's expectation (what the provider sends ⊆ what the consumer accepts). Messages are provider output,
 * checked like responses. The set comparisons use json-schema-diff (in a worker, with a deadline); `enum`,
 * `const`, `pattern` and `format`, which it ignores, are checked here. A comparison that timed out or could
 * not run makes the result `unknown`, never `compatible`.
 */
import { contentFor, findOperation, type NormalisedDescription, type Operation, responseFor, type SchemaSlot } from './description.js'
import { flatten, isObject, jsonPath, type JsonSchema, type SchemaObject, typesOf } from './json-schema.js'
import {
  expectationSchema,
  type HttpPart,
  type PactHttpInteraction,
  type PactInteraction,
  type PactMessageInteraction,
  type ParsedPact,
} from './pact-expectation.js'
import type { DiffOutcome, SchemaDiffRunner } from './schema-diff-runner.js'
import { checkValue, knownFormat, satisfiesFormat } from './value-check.js'

export type CompatibilityStatus = 'compatible' | 'incompatible' | 'unknown'

export type IssueKind =
  | 'operation-not-found'
  | 'required-parameter-missing'
  | 'parameter-value-rejected'
  | 'request-body-required'
  | 'request-body-not-accepted'
  | 'request-content-type-not-accepted'
  | 'request-value-rejected'
  | 'request-may-be-rejected'
  | 'response-status-not-documented'
  | 'response-content-type-not-documented'
  | 'response-body-not-documented'
  | 'response-may-violate-expectation'
  | 'response-example-impossible'
  | 'message-may-violate-expectation'
  | 'message-example-impossible'
  | 'unusable-schema'
  | 'comparison-timed-out'
  | 'comparison-failed'
  | 'unsupported-interaction'

export interface Issue {
  interaction: string
  kind: IssueKind
  direction: 'request' | 'response' | 'message'
  /** JSON path into the HTTP message: $.body.user.name, $.query.page, $.status, $.path */
  path: string
  /** A sentence a person can act on: "provider may omit `name`, which web requires" */
  message: string
  outcome: 'incompatible' | 'unknown'
}

export interface InteractionResult {
  description: string
  type: 'http' | 'message'
  /** "GET /users/{id}" or null when none matched */
  operation: string | null
  status: CompatibilityStatus
  issues: Issue[]
}

export interface CompatibilityReport {
  status: CompatibilityStatus
  consumer: string
  provider: string
  interactions: InteractionResult[]
  issues: Issue[]
  summary: string
}

export interface CompatibilityOptions {
  runner: SchemaDiffRunner
  /** Deadline per json-schema-diff comparison (ms); the runner's default otherwise. */
  deadlineMs?: number
  /** Name for the consumer in messages (default: the pact's consumer name). */
  consumer?: string
}

/**
 * Checks every interaction of a pact against a description.
 * @example const report = await checkCompatibility(readDescription(yamlText), parsePact(pactJson), { runner })
 */
export async function checkCompatibility(description: NormalisedDescription, pact: ParsedPact, options: CompatibilityOptions): Promise<CompatibilityReport> {
  const consumer = options.consumer ?? (pact.consumer || 'the consumer')
  const interactions: InteractionResult[] = []
  for (const interaction of pact.interactions) {
    const issues: Issue[] = []
    const ctx: Ctx = { interaction, consumer, issues, options }
    let operation: string | null = null
    if (interaction.type === 'http') operation = await checkHttp(description, interaction, ctx)
    else await checkMessage(description, interaction, ctx)
    interactions.push({ description: interaction.description, type: interaction.type, operation, status: statusOf(issues), issues })
  }
  const issues = interactions.flatMap((i) => i.issues)
  const status = statusOf(issues)
  const counts = {
    incompatible: interactions.filter((i) => i.status === 'incompatible').length,
    unknown: interactions.filter((i) => i.status === 'unknown').length,
  }
  const summary =
    status === 'compatible'
      ? `All ${interactions.length} interactions of ${consumer}'s pact are compatible with the provider's description.`
      : status === 'incompatible'
        ? `${counts.incompatible} of ${interactions.length} interactions of ${consumer}'s pact are incompatible with the provider's description.`
        : `${counts.unknown} of ${interactions.length} interactions of ${consumer}'s pact could not be checked against the provider's description.`
  return { status, consumer, provider: pact.provider, interactions, issues, summary }
}

function statusOf(issues: Issue[]): CompatibilityStatus {
  if (issues.some((i) => i.outcome === 'incompatible')) return 'incompatible'
  if (issues.some((i) => i.outcome === 'unknown')) return 'unknown'
  return 'compatible'
}

interface Ctx {
  interaction: PactInteraction
  consumer: string
  issues: Issue[]
  options: CompatibilityOptions
}

function add(ctx: Ctx, kind: IssueKind, direction: Issue['direction'], path: string, message: string, outcome: Issue['outcome'] = 'incompatible'): void {
  ctx.issues.push({ interaction: ctx.interaction.description, kind, direction, path, message, outcome })
}

const code = (path: string) => `\`${path.replace(/^\$\.body\.?/, '').replace(/^\$\.?/, '') || 'the body'}\``

function bodyPath(prefix: string, inner: string): string {
  return prefix + inner.slice(1)
}

function contentTypeOf(part: HttpPart): string {
  if (part.contentType) return part.contentType
  return typeof part.body === 'string' ? 'text/plain' : 'application/json'
}

function hasContent(part: HttpPart): boolean {
  return part.hasBody && part.body !== undefined && part.body !== null && part.body !== ''
}

async function checkHttp(description: NormalisedDescription, interaction: PactHttpInteraction, ctx: Ctx): Promise<string | null> {
  const { request } = interaction
  if (description.kind !== 'openapi') {
    add(
      ctx,
      'unsupported-interaction',
      'request',
      '$',
      `the provider published a JSON Schema for messages; ${ctx.consumer}'s HTTP interaction needs an OpenAPI description`,
      'unknown',
    )
    return null
  }
  const op = findOperation(description, request.method, request.path)
  if (!op) {
    const path = request.path.split('?')[0]!
    const others = description.operations.filter((o) => findOperation({ ...description, operations: [o] }, o.method, path))
    add(
      ctx,
      'operation-not-found',
      'request',
      '$.path',
      others.length
        ? `${ctx.consumer} calls ${request.method} ${path}, but the provider's description has no ${request.method} for that path (it has ${others.map((o) => o.method).join(', ')})`
        : `${ctx.consumer} calls ${request.method} ${path}, which the provider's description does not have`,
    )
    return null
  }
  checkParameters(op, interaction, ctx)
  await checkRequestBody(op, interaction, ctx)
  await checkResponse(op, interaction, ctx)
  return op.key
}

function coerce(value: string, schema: JsonSchema): unknown {
  const types = typesOf(schema)
  if ((types.has('integer') || types.has('number')) && !types.has('string') && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value)
  if (types.has('boolean') && !types.has('string') && (value === 'true' || value === 'false')) return value === 'true'
  return value
}

function checkParameters(op: Operation, interaction: PactHttpInteraction, ctx: Ctx): void {
  const { request } = interaction
  const ignoredHeaders = new Set(['accept', 'content-type', 'authorization'])
  for (const p of op.parameters) {
    if (p.in === 'cookie') continue
    let values: string[] | undefined
    if (p.in === 'query') values = request.query[p.name]
    else if (p.in === 'header') {
      if (ignoredHeaders.has(p.name.toLowerCase())) continue
      const v = request.headers[p.name.toLowerCase()]
      values = v === undefined ? undefined : [v]
    } else continue
    const where = `$.${p.in === 'query' ? 'query' : 'headers'}.${p.name}`
    if (!values || !values.length) {
      if (p.required)
        add(
          ctx,
          'required-parameter-missing',
          'request',
          where,
          `the provider requires the ${p.in} parameter \`${p.name}\` on ${op.key}, which ${ctx.consumer} does not send`,
        )
      continue
    }
    for (const value of values) {
      for (const v of checkValue(coerce(value, p.schema), p.schema)) {
        add(ctx, 'parameter-value-rejected', 'request', where, `the provider does not accept ${ctx.consumer}'s ${p.in} parameter \`${p.name}\`: it ${v.detail}`)
      }
    }
  }
}

function slotUsable(slot: SchemaSlot, ctx: Ctx, direction: Issue['direction'], where: string): JsonSchema | undefined {
  if (slot.problem !== undefined) {
    add(ctx, 'unusable-schema', direction, where, `the provider's schema cannot be compared: ${slot.problem}`, 'unknown')
    return undefined
  }
  return slot.schema
}

function timedOutOrFailed(outcome: DiffOutcome, ctx: Ctx, direction: Issue['direction'], where: string): boolean {
  if (outcome.status === 'timeout') {
    add(
      ctx,
      'comparison-timed-out',
      direction,
      where,
      `comparing the schemas took longer than ${outcome.deadlineMs} ms, so compatibility is unknown (wide oneOf/anyOf are expensive to compare)`,
      'unknown',
    )
    return true
  }
  if (outcome.status === 'error') {
    add(ctx, 'comparison-failed', direction, where, `the schemas could not be compared: ${outcome.message}`, 'unknown')
    return true
  }
  return false
}

async function checkRequestBody(op: Operation, interaction: PactHttpInteraction, ctx: Ctx): Promise<void> {
  const { request } = interaction
  const sendsBody = hasContent(request)
  if (!sendsBody) {
    if (op.requestBody?.required)
      add(ctx, 'request-body-required', 'request', '$.body', `the provider requires a request body on ${op.key}, which ${ctx.consumer} does not send`)
    return
  }
  if (!op.requestBody || !Object.keys(op.requestBody.content).length) {
    add(ctx, 'request-body-not-accepted', 'request', '$.body', `${ctx.consumer} sends a body to ${op.key}, whose description accepts none`)
    return
  }
  const contentType = contentTypeOf(request)
  const match = contentFor(op.requestBody.content, contentType)
  if (!match) {
    add(
      ctx,
      'request-content-type-not-accepted',
      'request',
      '$.headers.Content-Type',
      `${ctx.consumer} sends ${contentType} to ${op.key}, which accepts ${Object.keys(op.requestBody.content).join(', ')}`,
    )
    return
  }
  const accepts = slotUsable(match.slot, ctx, 'request', '$.body')
  if (accepts === undefined || typeof request.body === 'string') return

  // 1. The example the consumer's tests send must be accepted as is (covers enum/const/pattern/format).
  const violations = checkValue(request.body, accepts)
  for (const v of violations)
    add(
      ctx,
      'request-value-rejected',
      'request',
      bodyPath('$.body', v.path),
      `the provider does not accept ${ctx.consumer}'s request: ${code(bodyPath('$.body', v.path))} ${v.detail}`,
    )
  if (violations.length) return

  // 2. Everything the consumer may send (its matchers) must be accepted: sends ⊆ accepts.
  const sends = expectationSchema(request.body, request.bodyRules, 'sends')
  const outcome = await ctx.options.runner.diff(prune(accepts, sends, 'request'), sends, deadline(ctx))
  if (timedOutOrFailed(outcome, ctx, 'request', '$.body')) return
  if (outcome.status === 'done' && outcome.additionsFound) {
    const reasons = explain(sends, accepts, [], 'request')
    if (!reasons.length)
      reasons.push({ path: '$', message: `${ctx.consumer} may send request bodies the provider does not accept: ${short(outcome.addedJsonSchema)}` })
    for (const r of reasons) add(ctx, 'request-may-be-rejected', 'request', bodyPath('$.body', r.path), fill(r.message, ctx.consumer))
  }
}

async function checkResponse(op: Operation, interaction: PactHttpInteraction, ctx: Ctx): Promise<void> {
  const { response } = interaction
  const entry = responseFor(op, response.status)
  if (!entry) {
    add(
      ctx,
      'response-status-not-documented',
      'response',
      '$.status',
      `${ctx.consumer} expects status ${response.status} from ${op.key}, which the provider's description does not document (it documents ${Object.keys(op.responses).join(', ') || 'none'})`,
    )
    return
  }
  if (!hasContent(response)) return
  const contentType = contentTypeOf(response)
  if (!Object.keys(entry.content).length) {
    add(
      ctx,
      'response-body-not-documented',
      'response',
      '$.body',
      `${ctx.consumer} expects a ${contentType} body with status ${response.status} from ${op.key}, but the provider documents no body for it`,
    )
    return
  }
  const match = contentFor(entry.content, contentType)
  if (!match) {
    add(
      ctx,
      'response-content-type-not-documented',
      'response',
      '$.headers.Content-Type',
      `${ctx.consumer} expects ${contentType} with status ${response.status} from ${op.key}, but the provider documents ${Object.keys(entry.content).join(', ')}`,
    )
    return
  }
  const sends = slotUsable(match.slot, ctx, 'response', '$.body')
  if (sends === undefined || typeof response.body === 'string') return
  await checkProduced(sends, response, ctx, 'response')
}

async function checkMessage(description: NormalisedDescription, interaction: PactMessageInteraction, ctx: Ctx): Promise<void> {
  if (description.kind !== 'json-schema' || !description.messageSchema) {
    add(
      ctx,
      'unsupported-interaction',
      'message',
      '$',
      `${ctx.consumer}'s message "${interaction.description}" needs a JSON Schema description of the provider's messages; the provider published OpenAPI`,
      'unknown',
    )
    return
  }
  const sends = slotUsable(description.messageSchema, ctx, 'message', '$.body')
  if (sends === undefined || !hasContent(interaction.message) || typeof interaction.message.body === 'string') return
  await checkProduced(sends, interaction.message, ctx, 'message')
}

/** Provider output (a response or a message) against the consumer's expectation: sends ⊆ accepts. */
async function checkProduced(sends: JsonSchema, part: HttpPart, ctx: Ctx, direction: 'response' | 'message'): Promise<void> {
  const accepts = expectationSchema(part.body, part.bodyRules, 'accepts')
  const mayViolate: IssueKind = direction === 'response' ? 'response-may-violate-expectation' : 'message-may-violate-expectation'
  const impossible: IssueKind = direction === 'response' ? 'response-example-impossible' : 'message-example-impossible'
  const reported = new Set<string>()

  const outcome = await ctx.options.runner.diff(accepts, prune(sends, accepts, 'response'), deadline(ctx))
  if (timedOutOrFailed(outcome, ctx, direction, '$.body')) return
  if (outcome.status === 'done' && outcome.additionsFound) {
    const reasons = explain(sends, accepts, [], 'response').filter((r) => !r.keyword)
    if (!reasons.length) reasons.push({ path: '$', message: `the provider may send bodies ${ctx.consumer} does not accept: ${short(outcome.addedJsonSchema)}` })
    for (const r of reasons) {
      reported.add(r.path)
      add(ctx, mayViolate, direction, bodyPath('$.body', r.path), fill(r.message, ctx.consumer))
    }
  }
  // What json-schema-diff does not see: the consumer's pattern/format/const against the provider's guarantees.
  for (const r of explain(sends, accepts, [], 'response').filter((r) => r.keyword)) {
    if (reported.has(r.path)) continue
    reported.add(r.path)
    add(ctx, mayViolate, direction, bodyPath('$.body', r.path), fill(r.message, ctx.consumer))
  }
  // The consumer's example must be something the provider can send (enum, const, pattern, format, bounds).
  for (const v of checkValue(part.body, sends)) {
    if (!['enum', 'const', 'pattern', 'format', 'bounds'].includes(v.keyword) || reported.has(v.path)) continue
    add(
      ctx,
      impossible,
      direction,
      bodyPath('$.body', v.path),
      `${ctx.consumer}'s example ${code(bodyPath('$.body', v.path))} ${v.detail}, so the provider never sends it`,
    )
  }
}

/**
 * The provider's schema cut down to what the consumer's schema mentions, so json-schema-diff has less to do
 * (it is the slow part, and smaller inputs also hit the memo more often). Sound because the consumer's side
 * leaves unmentioned properties unconstrained (responses: open objects) or absent (requests: closed objects):
 * - response: a property the consumer does not mention becomes `true` and stops being required — projecting
 *   out a dimension the consumer does not constrain does not change whether provider ⊆ consumer;
 * - request: a property the consumer does not send becomes `true` but stays required — the consumer never
 *   sends it, so only its requiredness matters.
 * Objects with `minProperties`/`maxProperties` (which couple properties) are left whole.
 */
export function prune(schema: JsonSchema, reference: JsonSchema, direction: 'request' | 'response'): JsonSchema {
  if (typeof schema === 'boolean') return schema
  const ref = flatten(reference)
  if (typeof ref === 'boolean') return ref === true && direction === 'response' ? true : schema
  const out: SchemaObject = { ...schema }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) out[key] = (schema[key] as JsonSchema[]).map((s) => prune(s, reference, direction))
  }
  if (isObject(schema.properties) && schema.minProperties === undefined && schema.maxProperties === undefined) {
    const refProps = (isObject(ref.properties) ? ref.properties : {}) as Record<string, JsonSchema>
    const props: Record<string, JsonSchema> = {}
    const dropped = new Set<string>()
    for (const [name, child] of Object.entries(schema.properties as Record<string, JsonSchema>)) {
      if (name in refProps) props[name] = prune(child, refProps[name]!, direction)
      else if (direction === 'response' && (isObject(ref.additionalProperties) || ref.additionalProperties === false)) props[name] = child
      else {
        props[name] = true
        dropped.add(name)
      }
    }
    if (direction === 'response' && Array.isArray(schema.required)) {
      const required = (schema.required as string[]).filter((n) => !dropped.has(n))
      if (required.length) out.required = required
      else delete out.required
    }
    // An unconstrained, optional property is the same as no property at all unless additionalProperties
    // says otherwise; leaving it out keeps json-schema-diff's work (and the memo key) small.
    const stillRequired = new Set(Array.isArray(out.required) ? (out.required as string[]) : [])
    if (schema.additionalProperties === undefined || schema.additionalProperties === true) {
      for (const name of dropped) if (!stillRequired.has(name)) delete props[name]
    }
    out.properties = props
  }
  if (schema.items !== undefined && !Array.isArray(schema.items) && ref.items !== undefined && !Array.isArray(ref.items)) {
    out.items = prune(schema.items as JsonSchema, ref.items as JsonSchema, direction)
  }
  return out
}

function deadline(ctx: Ctx): { deadlineMs?: number } {
  return ctx.options.deadlineMs === undefined ? {} : { deadlineMs: ctx.options.deadlineMs }
}

function short(schema: JsonSchema): string {
  const text = JSON.stringify(schema)
  return text.length > 200 ? `${text.slice(0, 197)}…` : text
}

/** Messages use {consumer} so the explanation walker stays independent of names. */
function fill(message: string, consumer: string): string {
  return message.replace(/\{consumer\}/g, consumer)
}

interface Reason {
  path: string
  message: string
  /** Set when the reason is about a keyword json-schema-diff ignores (pattern, format, const, enum). */
  keyword?: string
}

const TYPE_NAMES: Record<string, string> = {
  null: 'null',
  array: 'an array',
  object: 'an object',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
}

/**
 * Where `wide` (what one side may produce) admits values that `narrow` (what the other side accepts) does not,
 * each as a sentence. `direction` 'response': wide = provider output, narrow = consumer expectation.
 * 'request': wide = what the consumer sends, narrow = what the provider accepts.
 */
export function explain(wide: JsonSchema, narrow: JsonSchema, path: (string | number)[], direction: 'request' | 'response'): Reason[] {
  const out: Reason[] = []
  walk(wide, narrow, path, direction, out)
  return out
}

function walk(wideIn: JsonSchema, narrowIn: JsonSchema, path: (string | number)[], direction: 'request' | 'response', out: Reason[]): void {
  if (narrowIn === true || wideIn === false) return
  const wide = flatten(wideIn)
  const narrow = flatten(narrowIn)
  if (narrow === true || wide === false) return
  const at = jsonPath(path)
  const name = at === '$' ? 'the body' : `\`${at.slice(2)}\``
  const provider = direction === 'response' ? 'the provider' : '{consumer}'
  if (narrow === false) {
    out.push({
      path: at,
      message:
        direction === 'response'
          ? `the provider may send ${name}, which {consumer} does not accept`
          : `{consumer} sends ${name}, which the provider does not accept`,
    })
    return
  }
  if (wide === true) {
    out.push({
      path: at,
      message:
        direction === 'response'
          ? `the provider's schema does not describe ${name}, so it may send any value there`
          : `{consumer} may send any value as ${name}`,
    })
    return
  }
  // Variants of the wider side: each must fit.
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(wide[key])) {
      for (const variant of wide[key] as JsonSchema[]) walk(variant, narrow, path, direction, out)
      return
    }
  }
  if (Array.isArray(narrow.anyOf) || Array.isArray(narrow.oneOf)) return

  const wideTypes = typesOf(wide)
  const narrowTypes = typesOf(narrow)
  const extra = [...wideTypes].filter(
    (t) =>
      !narrowTypes.has(t) && !(t === 'integer' && narrowTypes.has('number')) && !(t === 'integer' && wideTypes.has('number') && !narrowTypes.has('number')),
  )
  if (extra.length) {
    const what = extra.map((t) => TYPE_NAMES[t] ?? t).join(' or ')
    const expected = [...narrowTypes]
      .filter((t) => !(t === 'integer' && narrowTypes.has('number')))
      .map((t) => TYPE_NAMES[t] ?? t)
      .join(' or ')
    out.push({
      path: at,
      message:
        direction === 'response'
          ? extra.length === 1 && extra[0] === 'null'
            ? `the provider may send null for ${name}, which {consumer} does not accept`
            : `the provider may send ${name} as ${what}, but {consumer} expects ${expected}`
          : `{consumer} may send ${name} as ${what}, but the provider accepts only ${expected}`,
    })
    return
  }

  if (direction === 'response') keywordReasons(wide, narrow, at, name, out)

  if (narrowTypes.has('object') || isObject(narrow.properties)) {
    const wideProps = (isObject(wide.properties) ? wide.properties : {}) as Record<string, JsonSchema>
    const narrowProps = (isObject(narrow.properties) ? narrow.properties : {}) as Record<string, JsonSchema>
    const wideRequired = new Set(Array.isArray(wide.required) ? (wide.required as string[]) : [])
    const omitted = new Set<string>()
    for (const req of Array.isArray(narrow.required) ? (narrow.required as string[]) : []) {
      if (wideRequired.has(req)) continue
      omitted.add(req)
      const p = jsonPath([...path, req])
      const field = `\`${p.slice(2)}\``
      const undescribed = !(req in wideProps) && wide.additionalProperties !== false && !isObject(wide.additionalProperties)
      out.push({
        path: p,
        message:
          direction === 'response'
            ? `the provider may omit ${field}${undescribed ? ' (its schema does not describe it)' : ''}, which {consumer} requires`
            : `the provider requires ${field}, which {consumer} does not send`,
      })
    }
    if (narrow.additionalProperties === false) {
      for (const prop of Object.keys(wideProps)) {
        if (prop in narrowProps) continue
        const p = jsonPath([...path, prop])
        out.push({
          path: p,
          message:
            direction === 'response'
              ? `the provider may send \`${p.slice(2)}\`, which {consumer} does not allow`
              : `{consumer} sends \`${p.slice(2)}\`, which the provider does not accept (no additional properties)`,
        })
      }
    }
    for (const [prop, narrowChild] of Object.entries(narrowProps)) {
      const wideChild =
        prop in wideProps
          ? wideProps[prop]!
          : wide.additionalProperties === false
            ? false
            : isObject(wide.additionalProperties)
              ? (wide.additionalProperties as JsonSchema)
              : true
      if (wideChild === true && (omitted.has(prop) || direction === 'response')) continue
      walk(wideChild, narrowChild, [...path, prop], direction, out)
    }
  }
  if (narrowTypes.has('array') && narrow.items !== undefined && !Array.isArray(narrow.items)) {
    walk(wide.items === undefined || Array.isArray(wide.items) ? true : (wide.items as JsonSchema), narrow.items as JsonSchema, [...path, '[]'], direction, out)
  }
  boundReasons(wide, narrow, at, name, provider, out)
}

function boundReasons(wide: SchemaObject, narrow: SchemaObject, at: string, name: string, who: string, out: Reason[]): void {
  const lower = (k: string) => (typeof narrow[k] === 'number' ? narrow[k] : undefined)
  const w = (k: string) => (typeof wide[k] === 'number' ? wide[k] : undefined)
  const checks: [string, 'min' | 'max', string][] = [
    ['minItems', 'min', 'fewer items'],
    ['maxItems', 'max', 'more items'],
    ['minLength', 'min', 'shorter strings'],
    ['maxLength', 'max', 'longer strings'],
    ['minimum', 'min', 'smaller numbers'],
    ['maximum', 'max', 'larger numbers'],
  ]
  for (const [key, kind, words] of checks) {
    const limit = lower(key)
    if (limit === undefined) continue
    const have = w(key)
    const ok = have !== undefined && (kind === 'min' ? have >= limit : have <= limit)
    if (!ok)
      out.push({
        path: at,
        message: `${who} may send ${words} than ${key} ${limit} allows in ${name}${who === 'the provider' ? ', which {consumer} requires' : ''}`,
      })
  }
}

/**
 * Whether every representative value of a format matches the consumer's pattern. A heuristic, not a proof:
 * it lets `format: email` satisfy a consumer's /^.+@.+$/ (documented in docs/schema-compatibility.md).
 */
function formatFitsPattern(format: string, re: RegExp): boolean {
  const samples = FORMAT_SAMPLES[format]
  return !!samples && samples.every((v) => re.test(v))
}

const FORMAT_SAMPLES: Record<string, string[]> = {
  email: ['a@b.co', 'first.last+tag@mail.example.org'],
  'date-time': ['2024-01-31T10:00:00Z', '2024-12-01T23:59:59.123+01:00'],
  date: ['2024-01-31', '1999-12-01'],
  time: ['10:00:00', '23:59:59'],
  uuid: ['6f1c2d1e-3b1a-4c55-9a2e-0b9f8f6f7a10', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'],
  uri: ['https://example.com/a?b=c', 'urn:isbn:0451450523'],
}

/** pattern / format / const / enum: the keywords json-schema-diff ignores, on the response side. */
function keywordReasons(wide: SchemaObject, narrow: SchemaObject, at: string, name: string, out: Reason[]): void {
  const wideEnum = Array.isArray(wide.enum) ? (wide.enum as unknown[]) : 'const' in wide ? [wide.const] : undefined
  if (typeof narrow.pattern === 'string' && wide.pattern !== narrow.pattern) {
    let re: RegExp | undefined
    try {
      re = new RegExp(narrow.pattern, 'u')
    } catch {
      re = undefined
    }
    const fits =
      re &&
      ((wideEnum && wideEnum.every((v) => typeof v === 'string' && re.test(v))) ||
        (!wideEnum && typeof wide.format === 'string' && formatFitsPattern(wide.format, re)))
    if (re && !fits) {
      const bad = wideEnum?.find((v) => typeof v !== 'string' || !re.test(v))
      out.push({
        path: at,
        keyword: 'pattern',
        message:
          bad !== undefined
            ? `the provider may send ${name} = ${JSON.stringify(bad)}, which does not match {consumer}'s /${narrow.pattern}/`
            : typeof wide.pattern === 'string'
              ? `{consumer} expects ${name} to match /${narrow.pattern}/, but the provider's schema only promises /${wide.pattern}/`
              : `{consumer} expects ${name} to match /${narrow.pattern}/, but the provider's schema allows any string there`,
      })
    }
  }
  if (typeof narrow.format === 'string' && wide.format !== narrow.format && knownFormat(narrow.format)) {
    const fits = wideEnum && wideEnum.every((v) => typeof v === 'string' && satisfiesFormat(v, narrow.format as string))
    // A date-time pattern in the provider's schema cannot be proven equivalent; we say so rather than guess.
    if (!fits) {
      out.push({
        path: at,
        keyword: 'format',
        message: `{consumer} expects ${name} to be a ${narrow.format}, but the provider's schema ${typeof wide.format === 'string' ? `says ${wide.format}` : 'does not promise that format'}`,
      })
    }
  }
  if ('const' in narrow) {
    const fits = wideEnum && wideEnum.every((v) => JSON.stringify(v) === JSON.stringify(narrow.const))
    if (!fits)
      out.push({
        path: at,
        keyword: 'const',
        message: `{consumer} expects ${name} to be exactly ${JSON.stringify(narrow.const)}, but the provider may send other values`,
      })
  }
  if (Array.isArray(narrow.enum)) {
    const allowed = new Set((narrow.enum as unknown[]).map((v) => JSON.stringify(v)))
    const extra = wideEnum ? wideEnum.filter((v) => !allowed.has(JSON.stringify(v))) : undefined
    if (!wideEnum)
      out.push({ path: at, keyword: 'enum', message: `{consumer} accepts only ${[...allowed].join(', ')} in ${name}, but the provider may send any value` })
    else if (extra && extra.length)
      out.push({
        path: at,
        keyword: 'enum',
        message: `the provider may send ${name} = ${extra.map((v) => JSON.stringify(v)).join(', ')}, which {consumer} does not expect`,
      })
  }
}
