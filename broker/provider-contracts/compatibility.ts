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
import {
  contentFor,
  findOperation,
  matchOperation,
  mediaTypeOf,
  type NormalisedDescription,
  type Operation,
  type Parameter,
  pathsUnderServers,
  responseFor,
  type SchemaSlot,
} from './description.js'
import { flatten, isObject, type JsonSchema, type SchemaObject, typesOf } from './json-schema.js'
import {
  expectationSchema,
  type HttpPart,
  type PactHttpInteraction,
  type PactInteraction,
  type PactMessageInteraction,
  type ParsedPact,
  statusesExpected,
} from './pact-expectation.js'
import type { DiffOutcome, SchemaDiffRunner } from './schema-diff-runner.js'
import { checkInclusion } from './schema-inclusion.js'
import { checkValue } from './value-check.js'

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
  | 'response-header-not-documented'
  | 'response-content-type-not-documented'
  | 'response-body-not-documented'
  | 'response-may-violate-expectation'
  | 'response-example-impossible'
  | 'message-may-violate-expectation'
  | 'message-example-impossible'
  | 'unusable-schema'
  | 'comparison-timed-out'
  | 'comparison-failed'
  | 'comparison-undecided'
  | 'unsupported-interaction'

export interface Issue {
  interaction: string
  kind: IssueKind
  direction: 'request' | 'response' | 'message'
  /** JSON path into the HTTP message: $.body.user.name, $.query.page, $.path.id, $.headers.x-rate-limit, $.cookies.session, $.status */
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

const code = (path: string) => {
  const inner = path.replace(/^\$\.body\.?/, '').replace(/^\$\.?/, '')
  return inner ? `\`${inner}\`` : 'the body'
}

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
  const matched = matchOperation(description, request.method, request.path)
  if (!matched) {
    const path = request.path.split('?')[0]!
    const others = description.operations.filter((o) => findOperation({ ...description, operations: [o] }, o.method, path))
    const underServers = pathsUnderServers(description, path)
    const bases = description.basePaths.filter((b) => b !== '')
    add(
      ctx,
      'operation-not-found',
      'request',
      '$.path',
      others.length
        ? `${ctx.consumer} calls ${request.method} ${path}, but the provider's description has no ${request.method} for that path (it has ${others.map((o) => o.method).join(', ')})`
        : !underServers.length && bases.length
          ? `${ctx.consumer} calls ${request.method} ${path}, which is not under the provider's server path ${bases.join(' or ')}`
          : `${ctx.consumer} calls ${request.method} ${path}, which the provider's description does not have`,
    )
    return null
  }
  const { op, pathValues } = matched
  checkParameters(op, interaction, pathValues, ctx)
  await checkRequestBody(op, interaction, ctx)
  await checkResponse(op, interaction, ctx)
  return op.key
}

function coerce(value: string, schema: JsonSchema): unknown {
  const types = typesOf(schema)
  if ((types.has('integer') || types.has('number')) && !types.has('string') && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value)
  if (types.has('boolean') && !types.has('string') && (value === 'true' || value === 'false')) return value === 'true'
  if (types.has('null') && !types.has('string') && value === '') return null
  return value
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** The raw strings a request carries for a parameter, before its style is undone; undefined when absent. */
function rawParameter(p: Parameter, request: PactHttpInteraction['request'], pathValues: Record<string, string>): string[] | undefined {
  switch (p.in) {
    case 'path': {
      const raw = pathValues[p.name]
      if (raw === undefined) return undefined
      let value = raw
      if (p.style === 'label') value = value.replace(/^\./, '')
      if (p.style === 'matrix') value = value.replace(new RegExp(`^;${p.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=?`), '')
      return [decode(value)]
    }
    case 'query':
      return request.query[p.name]
    case 'header': {
      const v = request.headers[p.name.toLowerCase()]
      return v === undefined ? undefined : [v]
    }
    case 'cookie': {
      const header = request.headers.cookie
      if (header === undefined) return undefined
      const values = header
        .split(';')
        .map((c) => c.trim())
        .filter((c) => c.startsWith(`${p.name}=`))
        .map((c) => decode(c.slice(p.name.length + 1)))
      return values.length ? values : undefined
    }
  }
}

const DELIMITERS: Record<string, string> = { simple: ',', form: ',', label: '.', matrix: ',', spaceDelimited: ' ', pipeDelimited: '|' }

/** The JSON value a parameter's strings stand for under its style and explode rules, or why it cannot be read. */
function parameterValue(p: Parameter, raw: string[]): { value: unknown } | { unsupported: string } {
  const types = typesOf(p.schema)
  const flat = flatten(p.schema)
  if (types.has('object') && !types.has('string') && !types.has('array'))
    return { unsupported: `object-valued ${p.in} parameters (style ${p.style}) are not compared` }
  if (types.has('array') && !types.has('string')) {
    const itemSchema = typeof flat === 'object' && flat.items !== undefined && !Array.isArray(flat.items) ? (flat.items as JsonSchema) : true
    const exploded = p.in === 'query' && p.explode && p.style === 'form'
    const delimiter = DELIMITERS[p.style] ?? ','
    const parts = exploded ? raw : raw.flatMap((r) => r.split(delimiter))
    return { value: parts.filter((x) => x !== '').map((x) => coerce(x, itemSchema)) }
  }
  if (raw.length > 1) return { value: raw.map((r) => coerce(r, p.schema)) }
  return { value: coerce(raw[0]!, p.schema) }
}

/** Path, query, header and cookie parameters: present when required, and values the schema accepts under the parameter's style. */
function checkParameters(op: Operation, interaction: PactHttpInteraction, pathValues: Record<string, string>, ctx: Ctx): void {
  const { request } = interaction
  // OpenAPI: header parameters named Accept, Content-Type or Authorization "SHALL be ignored".
  const ignoredHeaders = new Set(['accept', 'content-type', 'authorization'])
  for (const p of op.parameters) {
    if (p.in === 'header' && ignoredHeaders.has(p.name.toLowerCase())) continue
    const where =
      p.in === 'path' ? `$.path.${p.name}` : p.in === 'query' ? `$.query.${p.name}` : p.in === 'header' ? `$.headers.${p.name}` : `$.cookies.${p.name}`
    const raw = rawParameter(p, request, pathValues)
    if (!raw || !raw.length) {
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
    if (p.problem !== undefined) {
      add(ctx, 'unusable-schema', 'request', where, `the provider's schema for the ${p.in} parameter \`${p.name}\` cannot be compared: ${p.problem}`, 'unknown')
      continue
    }
    if (p.content !== undefined && p.content !== 'text/plain') {
      add(
        ctx,
        'comparison-undecided',
        'request',
        where,
        `the ${p.in} parameter \`${p.name}\` is described as ${p.content} content, which Concord does not compare`,
        'unknown',
      )
      continue
    }
    const read = parameterValue(p, raw)
    if ('unsupported' in read) {
      add(ctx, 'comparison-undecided', 'request', where, `the ${p.in} parameter \`${p.name}\` cannot be compared: ${read.unsupported}`, 'unknown')
      continue
    }
    const violations = checkValue(read.value, p.schema)
    for (const v of violations) {
      if (v.keyword === 'unsupported')
        add(ctx, 'comparison-undecided', 'request', where, `the ${p.in} parameter \`${p.name}\` cannot be compared: ${v.detail}`, 'unknown')
      else
        add(
          ctx,
          'parameter-value-rejected',
          'request',
          where,
          `the provider does not accept ${ctx.consumer}'s ${p.in} parameter \`${p.name}\`: ${v.path === '$' ? 'it' : `\`${v.path.slice(1)}\``} ${v.detail}`,
        )
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

/** Keywords json-schema-diff does not read: when one of them decides a union, its "no difference" proves nothing. */
const IGNORED_BY_DIFF = ['enum', 'const', 'pattern', 'format', 'multipleOf', 'uniqueItems', 'propertyNames', 'x-pact-decimal', 'x-contains', 'not']

function mentionsIgnoredKeyword(schema: JsonSchema): boolean {
  const text = JSON.stringify(schema)
  return IGNORED_BY_DIFF.some((k) => text.includes(`"${k}":`))
}

/**
 * wide ⊆ narrow, reported as issues: the in-process walk decides what it can; each question it leaves open goes to
 * json-schema-diff (in the worker, with the deadline) on just that pair of sub-schemas, or is unknown.
 */
async function compare(
  wide: JsonSchema,
  narrow: JsonSchema,
  direction: 'request' | 'response',
  ctx: Ctx,
  issue: { direction: Issue['direction']; kind: IssueKind; prefix: string },
): Promise<void> {
  const result = checkInclusion(wide, narrow, direction)
  for (const r of result.reasons) add(ctx, issue.kind, issue.direction, bodyPath(issue.prefix, r.path), fill(r.message, ctx.consumer))
  if (result.reasons.length) return
  for (const q of result.open) {
    const where = bodyPath(issue.prefix, q.path)
    if (!q.delegable) {
      add(ctx, 'comparison-undecided', issue.direction, where, `compatibility is unknown: ${fill(q.why, ctx.consumer)}`, 'unknown')
      continue
    }
    // json-schema-diff: additionsFound = the destination admits values the source does not.
    const outcome =
      direction === 'request'
        ? await ctx.options.runner.diff(prune(q.narrow, q.wide, 'request'), q.wide, deadline(ctx))
        : await ctx.options.runner.diff(q.narrow, prune(q.wide, q.narrow, 'response'), deadline(ctx))
    if (timedOutOrFailed(outcome, ctx, issue.direction, where)) continue
    if (outcome.status !== 'done') continue
    if (outcome.additionsFound) {
      add(ctx, issue.kind, issue.direction, where, `${fill(q.why, ctx.consumer)}: ${short(outcome.addedJsonSchema)}`)
    } else if (mentionsIgnoredKeyword(q.narrow) || mentionsIgnoredKeyword(q.wide)) {
      add(
        ctx,
        'comparison-undecided',
        issue.direction,
        where,
        `compatibility is unknown: ${fill(q.why, ctx.consumer)}, and the set comparison that decides unions ignores enum, const, pattern and format`,
        'unknown',
      )
    }
  }
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
  if (accepts === undefined || typeof request.body === 'string' || !isJsonMediaType(match.mediaType, contentType)) return

  // 1. The example the consumer's tests send must be accepted as is.
  const violations = checkValue(request.body, accepts)
  for (const v of violations)
    add(
      ctx,
      v.keyword === 'unsupported' ? 'comparison-undecided' : 'request-value-rejected',
      'request',
      bodyPath('$.body', v.path),
      v.keyword === 'unsupported'
        ? `compatibility is unknown: ${v.detail}`
        : `the provider does not accept ${ctx.consumer}'s request: ${code(bodyPath('$.body', v.path))} ${v.detail}`,
      v.keyword === 'unsupported' ? 'unknown' : 'incompatible',
    )
  if (violations.length) return

  // 2. Everything the consumer may send (its matchers) must be accepted: sends ⊆ accepts.
  const sends = expectationSchema(request.body, request.bodyRules, 'sends', request.bodyCombine)
  await compare(sends, accepts, 'request', ctx, { direction: 'request', kind: 'request-may-be-rejected', prefix: '$.body' })
}

function isJsonMediaType(...mediaTypes: string[]): boolean {
  return mediaTypes.some((m) => /^[^/]+\/([^;]*\+)?json\s*(;|$)/i.test(m.trim()) || m === '*/*' || m === 'application/*')
}

/** The documented responses a pact's expected status can be: its status, or every status its statusCode matcher allows. */
function documentedResponses(op: Operation, response: PactHttpInteraction['response']): { status: number; key: string }[] {
  const expected = statusesExpected(response)
  const out = new Map<string, number>()
  const candidates = response.statusRules.some((m) => m.match === 'statusCode') ? Array.from({ length: 500 }, (_, i) => i + 100) : [response.status]
  for (const status of candidates) {
    if (!expected(status)) continue
    const entry = responseFor(op, status)
    if (entry && !out.has(entry.key)) out.set(entry.key, status)
  }
  return [...out].map(([key, status]) => ({ key, status }))
}

async function checkResponse(op: Operation, interaction: PactHttpInteraction, ctx: Ctx): Promise<void> {
  const { response } = interaction
  const entries = documentedResponses(op, response)
  if (!entries.length) {
    add(
      ctx,
      'response-status-not-documented',
      'response',
      '$.status',
      `${ctx.consumer} expects status ${response.status} from ${op.key}, which the provider's description does not document (it documents ${Object.keys(op.responses).join(', ') || 'none'})`,
    )
    return
  }
  for (const { status } of entries) {
    const entry = responseFor(op, status)!
    checkResponseHeaders(op, entry, status, response, ctx)
    await checkResponseBody(op, entry, status, response, ctx)
  }
}

/** Every response header the consumer expects must be one the provider documents, always sends, and whose values fit. */
function checkResponseHeaders(
  op: Operation,
  entry: NonNullable<ReturnType<typeof responseFor>>,
  status: number,
  response: PactHttpInteraction['response'],
  ctx: Ctx,
): void {
  for (const [name, example] of Object.entries(response.headers)) {
    if (name === 'content-type') continue // compared as the response's media type
    const where = `$.headers.${name}`
    const documented = entry.headers[name]
    if (!documented) {
      add(
        ctx,
        'response-header-not-documented',
        'response',
        where,
        `${ctx.consumer} expects the response header \`${name}\` with status ${status} from ${op.key}, which the provider's description does not document`,
      )
      continue
    }
    if (!documented.required) {
      add(
        ctx,
        'response-header-not-documented',
        'response',
        where,
        `the provider may omit the response header \`${name}\` (it is not required), which ${ctx.consumer} expects`,
      )
      continue
    }
    const schema = slotUsable(documented.slot, ctx, 'response', where)
    if (schema === undefined) continue
    for (const v of checkValue(coerce(example, schema), schema)) {
      add(
        ctx,
        'response-example-impossible',
        'response',
        where,
        `${ctx.consumer}'s example of the header \`${name}\` ${v.detail}, so the provider never sends it`,
      )
    }
    const rules = response.headerRules[name] ?? []
    const regex = rules.find((m) => m.match === 'regex' || (m.match === undefined && typeof m.regex === 'string'))
    if (regex) {
      const types = typesOf(schema)
      if (types.size === 1 && types.has('string')) {
        const result = checkInclusion(schema, { type: 'string', pattern: String(regex.regex) }, 'response')
        for (const r of result.reasons)
          add(ctx, 'response-may-violate-expectation', 'response', where, fill(r.message.replace('the body', `the header \`${name}\``), ctx.consumer))
      } else {
        add(
          ctx,
          'comparison-undecided',
          'response',
          where,
          `compatibility is unknown: ${ctx.consumer} matches the header \`${name}\` with /${String(regex.regex)}/, and the provider describes it as ${[...types].join(' or ')}`,
          'unknown',
        )
      }
    } else if (rules.some((m) => m.match !== 'type' && m.match !== 'equality')) {
      add(
        ctx,
        'comparison-undecided',
        'response',
        where,
        `compatibility is unknown: ${ctx.consumer}'s matcher on the header \`${name}\` is not compared`,
        'unknown',
      )
    }
  }
}

async function checkResponseBody(
  op: Operation,
  entry: NonNullable<ReturnType<typeof responseFor>>,
  status: number,
  response: PactHttpInteraction['response'],
  ctx: Ctx,
): Promise<void> {
  if (!hasContent(response)) return
  const contentType = contentTypeOf(response)
  if (!Object.keys(entry.content).length) {
    add(
      ctx,
      'response-body-not-documented',
      'response',
      '$.body',
      `${ctx.consumer} expects a ${contentType} body with status ${status} from ${op.key}, but the provider documents no body for it`,
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
      `${ctx.consumer} expects ${contentType} with status ${status} from ${op.key}, but the provider documents ${Object.keys(entry.content).join(', ')}`,
    )
    return
  }
  if (match.mediaType.includes('*')) {
    add(
      ctx,
      'comparison-undecided',
      'response',
      '$.headers.Content-Type',
      `compatibility is unknown: ${ctx.consumer} expects ${mediaTypeOf(contentType)} with status ${status} from ${op.key}, but the provider only promises ${match.mediaType}`,
      'unknown',
    )
    return
  }
  const sends = slotUsable(match.slot, ctx, 'response', '$.body')
  if (sends === undefined || typeof response.body === 'string' || !isJsonMediaType(match.mediaType)) return
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
  const accepts = expectationSchema(part.body, part.bodyRules, 'accepts', part.bodyCombine)
  const mayViolate: IssueKind = direction === 'response' ? 'response-may-violate-expectation' : 'message-may-violate-expectation'
  const impossible: IssueKind = direction === 'response' ? 'response-example-impossible' : 'message-example-impossible'
  const before = ctx.issues.length
  await compare(sends, accepts, 'response', ctx, { direction, kind: mayViolate, prefix: '$.body' })
  const reported = new Set(ctx.issues.slice(before).map((i) => i.path))
  // The consumer's example must be something the provider can send (enum, const, pattern, format, bounds).
  for (const v of checkValue(part.body, sends)) {
    // Only leaf facts: the example is partial (the consumer reads a subset), so a union it "misses" proves nothing.
    if (!['enum', 'const', 'pattern', 'format', 'bounds'].includes(v.keyword)) continue
    const at = bodyPath('$.body', v.path)
    if (reported.has(at)) continue
    add(ctx, impossible, direction, at, `${ctx.consumer}'s example ${code(at)} ${v.detail}, so the provider never sends it`)
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
