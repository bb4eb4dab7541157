/**
 * @module provider-contracts/description-diff
 * Provider version vs provider version: every change between two normalised descriptions, classified as
 * breaking or not, in general and for the consumers whose pacts use the changed part, with the semver bump it
 * needs; and `checkSemver`, which fails when a version number understates the change. Pure: no I/O.
 *
 * The rule behind every classification: a request change is breaking when the provider accepts less than
 * before (a consumer's valid request may now be rejected); a response change is breaking when the provider
 * may send more than before (a consumer's parser may now meet something it never saw). Additions that nobody
 * must use are minor; documentation-only changes are patch.
 */
import semver from 'semver'
import type { NormalisedDescription, Operation, SchemaSlot } from './description.js'
import { findOperation } from './description.js'
import { flatten, isObject, jsonPath, type JsonSchema, stableStringify, typesOf } from './json-schema.js'
import { type ParsedPact, statusesExpected, usedPaths } from './pact-expectation.js'

export type Bump = 'major' | 'minor' | 'patch'

/** Every kind of change, with whether it breaks and the bump it needs. */
export const CHANGE_KINDS = {
  'operation-removed': { bump: 'major', what: 'an operation was removed' },
  'operation-added': { bump: 'minor', what: 'an operation was added' },
  'operation-deprecated': { bump: 'minor', what: 'an operation was marked deprecated' },
  'documentation-changed': { bump: 'patch', what: 'only the summary or description changed' },
  'required-parameter-added': { bump: 'major', what: 'a new required parameter' },
  'optional-parameter-added': { bump: 'minor', what: 'a new optional parameter' },
  'parameter-removed': { bump: 'major', what: 'a parameter is no longer accepted' },
  'parameter-now-required': { bump: 'major', what: 'an optional parameter became required' },
  'parameter-now-optional': { bump: 'minor', what: 'a required parameter became optional' },
  'request-body-now-required': { bump: 'major', what: 'the request body became required' },
  'request-body-now-optional': { bump: 'minor', what: 'the request body became optional' },
  'request-content-type-removed': { bump: 'major', what: 'a request media type is no longer accepted' },
  'request-content-type-added': { bump: 'minor', what: 'a new request media type is accepted' },
  'request-property-removed': { bump: 'major', what: 'a request property is no longer part of the schema' },
  'request-property-added': { bump: 'minor', what: 'a new optional request property' },
  'request-property-added-required': { bump: 'major', what: 'a new required request property' },
  'request-property-now-required': { bump: 'major', what: 'an optional request property became required' },
  'request-property-now-optional': { bump: 'minor', what: 'a required request property became optional' },
  'request-type-narrowed': { bump: 'major', what: 'a request value accepts fewer types' },
  'request-type-widened': { bump: 'minor', what: 'a request value accepts more types' },
  'request-enum-value-removed': { bump: 'major', what: 'a request enum value is no longer accepted' },
  'request-enum-value-added': { bump: 'minor', what: 'a new request enum value is accepted' },
  'request-enum-added': { bump: 'major', what: 'a request value is now restricted to an enum' },
  'request-pattern-changed': { bump: 'major', what: 'a request value must match a new or different pattern' },
  'request-format-changed': { bump: 'major', what: 'a request value must have a new or different format' },
  'request-constraint-tightened': { bump: 'major', what: 'a request length/size/range limit was tightened' },
  'request-constraint-loosened': { bump: 'minor', what: 'a request length/size/range limit was loosened' },
  'request-additional-properties-disallowed': { bump: 'major', what: 'a request object no longer accepts unknown properties' },
  'request-additional-properties-allowed': { bump: 'minor', what: 'a request object now accepts unknown properties' },
  'response-status-removed': { bump: 'major', what: 'a documented response status was removed' },
  'response-status-added': { bump: 'minor', what: 'a new response status is documented' },
  'response-content-type-removed': { bump: 'major', what: 'a response media type was removed' },
  'response-content-type-added': { bump: 'minor', what: 'a new response media type' },
  'response-property-removed': { bump: 'major', what: 'a response property is no longer sent' },
  'response-property-added': { bump: 'minor', what: 'a new response property' },
  'response-property-now-optional': { bump: 'major', what: 'a response property may now be omitted' },
  'response-property-now-required': { bump: 'minor', what: 'a response property is now always sent' },
  'response-property-now-nullable': { bump: 'major', what: 'a response value may now be null' },
  'response-type-widened': { bump: 'major', what: 'a response value may have more types' },
  'response-type-narrowed': { bump: 'minor', what: 'a response value has fewer types' },
  'response-enum-value-added': { bump: 'major', what: 'a response enum has a new value' },
  'response-enum-value-removed': { bump: 'minor', what: 'a response enum value is no longer sent' },
  'response-enum-removed': { bump: 'major', what: 'a response value is no longer restricted to an enum' },
  'response-pattern-changed': { bump: 'major', what: 'a response value no longer promises its pattern' },
  'response-format-changed': { bump: 'major', what: 'a response value no longer promises its format' },
  'response-constraint-loosened': { bump: 'major', what: 'a response length/size/range limit was loosened' },
  'response-constraint-tightened': { bump: 'minor', what: 'a response length/size/range limit was tightened' },
  'type-changed': { bump: 'major', what: 'a value changed type' },
  'property-deprecated': { bump: 'minor', what: 'a property was marked deprecated' },
  'schema-unusable': { bump: 'major', what: 'a schema could not be compared (an external $ref), assumed breaking' },
} as const satisfies Record<string, { bump: Bump; what: string }>

export type ChangeKind = keyof typeof CHANGE_KINDS

export interface Change {
  kind: ChangeKind
  breaking: boolean
  bump: Bump
  /** "GET /users/{id}" (or "message" for JSON Schema descriptions) */
  operation: string
  direction: 'request' | 'response' | 'operation'
  /** Response status the change is in ("200"), when it is in a response. */
  status?: string
  /** Where: $.body.email, $.query.page, or '' for the whole operation. */
  path: string
  message: string
  /** Consumers whose pacts use the changed part. */
  usedBy: string[]
}

export interface DescriptionDiff {
  changes: Change[]
  /** The bump the changes need in general; null when nothing changed. */
  bump: Bump | null
  /** The bump considering only breaking changes some consumer uses (plus every non-breaking change). */
  bumpForConsumers: Bump | null
  /** Consumers broken by at least one change. */
  brokenConsumers: string[]
}

/** What a consumer's pact uses of a description: operation keys and body/parameter locations. */
export interface ConsumerUsage {
  consumer: string
  /** e.g. "web 1.4.0 (production)" — how messages name it */
  label: string
  operations: Set<string>
  /** "GET /users/{id} response 200 $.body.email", "GET /users request $.query.page" */
  locations: Set<string>
}

/**
 * Which operations and fields a pact uses of a description.
 * @example usageOf(description, parsePact(pact), 'web 1.4.0')
 */
export function usageOf(description: NormalisedDescription, pact: ParsedPact, label?: string): ConsumerUsage {
  const usage: ConsumerUsage = { consumer: pact.consumer, label: label ?? pact.consumer, operations: new Set(), locations: new Set() }
  for (const interaction of pact.interactions) {
    if (interaction.type === 'message') {
      usage.operations.add('message')
      for (const p of usedPaths(interaction.message.body, '$.body')) usage.locations.add(`message response * ${p}`)
      continue
    }
    const op = findOperation(description, interaction.request.method, interaction.request.path)
    if (!op) continue
    usage.operations.add(op.key)
    for (const name of Object.keys(interaction.request.query)) usage.locations.add(`${op.key} request $.query.${name}`)
    for (const name of Object.keys(interaction.request.headers)) usage.locations.add(`${op.key} request $.headers.${name}`)
    if (interaction.request.hasBody) for (const p of usedPaths(interaction.request.body, '$.body')) usage.locations.add(`${op.key} request ${p}`)
    const expected = statusesExpected(interaction.response)
    for (const status of Object.keys(op.responses)) {
      const fits = /^\d+$/.test(status) ? expected(Number(status)) : status === 'DEFAULT' || expected(Number(status[0]) * 100 + 1)
      if (!fits) continue
      usage.locations.add(`${op.key} response ${status}`)
      if (interaction.response.hasBody) for (const p of usedPaths(interaction.response.body, '$.body')) usage.locations.add(`${op.key} response ${status} ${p}`)
    }
  }
  return usage
}

function uses(usage: ConsumerUsage, change: Omit<Change, 'usedBy' | 'breaking' | 'bump'>): boolean {
  if (!usage.operations.has(change.operation)) return false
  if (change.direction === 'operation' || change.path === '') {
    if (change.direction === 'response' && change.status) return [...usage.locations].some((l) => l.startsWith(`${change.operation} response ${change.status}`))
    return true
  }
  // Changes that reach everyone sending a body to the operation, whatever fields they send.
  if (
    ['request-property-added-required', 'request-additional-properties-disallowed', 'request-body-now-required', 'request-content-type-removed'].includes(
      change.kind,
    )
  ) {
    return [...usage.locations].some((l) => l.startsWith(`${change.operation} request $.body`)) || change.kind === 'request-body-now-required'
  }
  const prefix =
    change.direction === 'request' ? `${change.operation} request ${change.path}` : `${change.operation} response ${change.status ?? '*'} ${change.path}`
  for (const location of usage.locations) {
    if (location === prefix || location.startsWith(prefix + '.') || location.startsWith(prefix + '[') || location.startsWith(prefix + "['")) return true
  }
  return false
}

const ORDER: Record<Bump, number> = { patch: 0, minor: 1, major: 2 }

function maxBump(bumps: Bump[]): Bump | null {
  return bumps.reduce<Bump | null>((acc, b) => (acc === null || ORDER[b] > ORDER[acc] ? b : acc), null)
}

/**
 * All changes from `before` to `after`.
 * @example const diff = diffDescriptions(v1, v2, [usageOf(v1, webPact, 'web 1.4.0')])
 */
export function diffDescriptions(before: NormalisedDescription, after: NormalisedDescription, consumers: ConsumerUsage[] = []): DescriptionDiff {
  const raw: Omit<Change, 'usedBy' | 'breaking' | 'bump'>[] = []
  const emit = (kind: ChangeKind, operation: string, direction: Change['direction'], path: string, message: string, status?: string) =>
    raw.push({ kind, operation, direction, path, message, ...(status ? { status } : {}) })

  if (before.kind === 'json-schema' || after.kind === 'json-schema') {
    if (before.messageSchema && after.messageSchema) compareSlots(before.messageSchema, after.messageSchema, 'message', 'response', '*', emit)
  }
  const afterOps = new Map(after.operations.map((o) => [o.key, o]))
  const beforeOps = new Map(before.operations.map((o) => [o.key, o]))
  for (const op of before.operations) {
    const next = afterOps.get(op.key)
    if (!next) {
      emit('operation-removed', op.key, 'operation', '', `${op.key} was removed`)
      continue
    }
    compareOperations(op, next, emit)
  }
  for (const op of after.operations) if (!beforeOps.has(op.key)) emit('operation-added', op.key, 'operation', '', `${op.key} was added`)

  const changes: Change[] = raw.map((c) => {
    const bump = CHANGE_KINDS[c.kind].bump
    return { ...c, breaking: bump === 'major', bump, usedBy: consumers.filter((u) => uses(u, c)).map((u) => u.label) }
  })
  const bump = maxBump(changes.map((c) => c.bump))
  const bumpForConsumers = maxBump(changes.filter((c) => !c.breaking || c.usedBy.length).map((c) => c.bump))
  const brokenConsumers = [...new Set(changes.filter((c) => c.breaking).flatMap((c) => c.usedBy))]
  return { changes, bump, bumpForConsumers, brokenConsumers }
}

type Emit = (kind: ChangeKind, operation: string, direction: Change['direction'], path: string, message: string, status?: string) => void

function compareOperations(a: Operation, b: Operation, emit: Emit): void {
  const op = a.key
  if (!a.deprecated && b.deprecated) emit('operation-deprecated', op, 'operation', '', `${op} is now deprecated${b.sunset ? ` (sunset ${b.sunset})` : ''}`)
  if ((a.summary ?? '') !== (b.summary ?? '')) emit('documentation-changed', op, 'operation', '', `${op}: the summary changed`)

  const key = (p: { in: string; name: string }) => `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`
  const before = new Map(a.parameters.map((p) => [key(p), p]))
  const after = new Map(b.parameters.map((p) => [key(p), p]))
  for (const [k, p] of before) {
    const where = `$.${p.in === 'query' ? 'query' : p.in === 'header' ? 'headers' : p.in}.${p.name}`
    const q = after.get(k)
    if (!q) {
      if (p.in !== 'path') emit('parameter-removed', op, 'request', where, `${op}: the ${p.in} parameter \`${p.name}\` is no longer accepted`)
      continue
    }
    if (!p.required && q.required) emit('parameter-now-required', op, 'request', where, `${op}: the ${p.in} parameter \`${p.name}\` is now required`)
    if (p.required && !q.required) emit('parameter-now-optional', op, 'request', where, `${op}: the ${p.in} parameter \`${p.name}\` is now optional`)
    if (!p.deprecated && q.deprecated) emit('property-deprecated', op, 'request', where, `${op}: the ${p.in} parameter \`${p.name}\` is now deprecated`)
    compareSchemas(p.schema, q.schema, op, 'request', undefined, [where.slice(2)], emit)
  }
  for (const [k, q] of after) {
    if (before.has(k)) continue
    const where = `$.${q.in === 'query' ? 'query' : q.in === 'header' ? 'headers' : q.in}.${q.name}`
    if (q.required) emit('required-parameter-added', op, 'request', q.in === 'path' ? '' : where, `${op}: the new ${q.in} parameter \`${q.name}\` is required`)
    else emit('optional-parameter-added', op, 'request', where, `${op}: new optional ${q.in} parameter \`${q.name}\``)
  }

  const ra = a.requestBody
  const rb = b.requestBody
  if (ra && rb) {
    if (!ra.required && rb.required) emit('request-body-now-required', op, 'request', '$.body', `${op}: the request body is now required`)
    if (ra.required && !rb.required) emit('request-body-now-optional', op, 'request', '$.body', `${op}: the request body is now optional`)
    for (const [mediaType, slot] of Object.entries(ra.content)) {
      const next = rb.content[mediaType]
      if (!next) emit('request-content-type-removed', op, 'request', '$.body', `${op}: requests in ${mediaType} are no longer accepted`)
      else compareSlots(slot, next, op, 'request', undefined, emit)
    }
    for (const mediaType of Object.keys(rb.content))
      if (!(mediaType in ra.content)) emit('request-content-type-added', op, 'request', '$.body', `${op}: now also accepts ${mediaType}`)
  } else if (!ra && rb) {
    if (rb.required) emit('request-body-now-required', op, 'request', '$.body', `${op}: a request body is now required`)
    else emit('request-content-type-added', op, 'request', '$.body', `${op}: now accepts a request body (${Object.keys(rb.content).join(', ')})`)
  } else if (ra && !rb) {
    for (const mediaType of Object.keys(ra.content))
      emit('request-content-type-removed', op, 'request', '$.body', `${op}: requests in ${mediaType} are no longer accepted`)
  }

  for (const [status, response] of Object.entries(a.responses)) {
    const next = b.responses[status]
    if (!next) {
      emit('response-status-removed', op, 'response', '', `${op}: the ${status} response was removed`, status)
      continue
    }
    for (const [mediaType, slot] of Object.entries(response.content)) {
      const other = next.content[mediaType]
      if (!other) emit('response-content-type-removed', op, 'response', '$.body', `${op}: the ${status} response no longer comes as ${mediaType}`, status)
      else compareSlots(slot, other, op, 'response', status, emit)
    }
    for (const mediaType of Object.keys(next.content))
      if (!(mediaType in response.content))
        emit('response-content-type-added', op, 'response', '$.body', `${op}: the ${status} response may now come as ${mediaType}`, status)
  }
  for (const status of Object.keys(b.responses))
    if (!(status in a.responses)) emit('response-status-added', op, 'response', '', `${op}: may now respond ${status}`, status)
}

function compareSlots(a: SchemaSlot, b: SchemaSlot, op: string, direction: 'request' | 'response', status: string | undefined, emit: Emit): void {
  if (a.problem !== undefined || b.problem !== undefined) {
    if (a.problem !== b.problem) emit('schema-unusable', op, direction, '$.body', `${op}: ${b.problem ?? a.problem}`, status)
    return
  }
  compareSchemas(a.schema, b.schema, op, direction, status, ['body'], emit)
}

function label(tokens: (string | number)[]): string {
  const p = jsonPath(tokens)
  return `\`${p.replace(/^\$\.body\.?/, '') || 'the body'}\``
}

function numberOf(schema: Record<string, unknown>, key: string): number | undefined {
  return typeof schema[key] === 'number' ? schema[key] : undefined
}

function compareSchemas(
  aIn: JsonSchema,
  bIn: JsonSchema,
  op: string,
  direction: 'request' | 'response',
  status: string | undefined,
  path: (string | number)[],
  emit: Emit,
): void {
  if (stableStringify(aIn) === stableStringify(bIn)) return
  const a = flatten(aIn)
  const b = flatten(bIn)
  const where = jsonPath(path)
  const name = label(path)
  const e = (kind: ChangeKind, message: string) => emit(kind, op, direction, where, `${op}${status ? ` ${status}` : ''}: ${message}`, status)
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    if (a !== b)
      e(
        direction === 'request'
          ? b === false || a === true
            ? 'request-type-narrowed'
            : 'request-type-widened'
          : b === true || a === false
            ? 'response-type-widened'
            : 'response-type-narrowed',
        `${name} changed from ${JSON.stringify(a)} to ${JSON.stringify(b)}`,
      )
    return
  }

  // Types
  const ta = typesOf(a)
  const tb = typesOf(b)
  const added = [...tb].filter((t) => !ta.has(t))
  const removed = [...ta].filter((t) => !tb.has(t))
  if (added.length && removed.length) {
    e(
      'type-changed',
      `${name} changed type from ${[...ta].filter((t) => t !== 'integer' || !ta.has('number')).join('|')} to ${[...tb].filter((t) => t !== 'integer' || !tb.has('number')).join('|')}`,
    )
    return
  }
  if (added.length) {
    if (direction === 'response')
      e(
        added.length === 1 && added[0] === 'null' ? 'response-property-now-nullable' : 'response-type-widened',
        added[0] === 'null' && added.length === 1 ? `${name} may now be null` : `${name} may now also be ${added.join(' or ')}`,
      )
    else e('request-type-widened', `${name} now also accepts ${added.join(' or ')}`)
  }
  if (removed.length) {
    if (direction === 'response') e('response-type-narrowed', `${name} is no longer ${removed.join(' or ')}`)
    else e('request-type-narrowed', `${name} no longer accepts ${removed.join(' or ')}`)
  }

  // Enums
  const ea = Array.isArray(a.enum) ? (a.enum as unknown[]) : undefined
  const eb = Array.isArray(b.enum) ? (b.enum as unknown[]) : undefined
  const show = (vs: unknown[]) => vs.map((v) => JSON.stringify(v)).join(', ')
  if (ea && eb) {
    const sa = new Set(ea.map((v) => JSON.stringify(v)))
    const sb = new Set(eb.map((v) => JSON.stringify(v)))
    const plus = eb.filter((v) => !sa.has(JSON.stringify(v)))
    const minus = ea.filter((v) => !sb.has(JSON.stringify(v)))
    if (plus.length)
      e(direction === 'request' ? 'request-enum-value-added' : 'response-enum-value-added', `${name} has new value${plus.length > 1 ? 's' : ''} ${show(plus)}`)
    if (minus.length) e(direction === 'request' ? 'request-enum-value-removed' : 'response-enum-value-removed', `${name} no longer has ${show(minus)}`)
  } else if (!ea && eb && direction === 'request') e('request-enum-added', `${name} is now restricted to ${show(eb)}`)
  else if (ea && !eb && direction === 'response') e('response-enum-removed', `${name} is no longer restricted to ${show(ea)}`)

  // pattern / format
  if (a.pattern !== b.pattern) {
    if (direction === 'request' && typeof b.pattern === 'string') e('request-pattern-changed', `${name} must now match /${b.pattern}/`)
    if (direction === 'response' && typeof a.pattern === 'string')
      e('response-pattern-changed', `${name} no longer promises /${a.pattern}/${typeof b.pattern === 'string' ? ` (now /${b.pattern}/)` : ''}`)
  }
  if (a.format !== b.format) {
    if (direction === 'request' && typeof b.format === 'string') e('request-format-changed', `${name} must now be a ${b.format}`)
    if (direction === 'response' && typeof a.format === 'string')
      e('response-format-changed', `${name} is no longer promised to be a ${a.format}${typeof b.format === 'string' ? ` (now ${b.format})` : ''}`)
  }

  // Bounds: tighter = min up / max down.
  for (const [key, kind] of [
    ['minLength', 'min'],
    ['maxLength', 'max'],
    ['minimum', 'min'],
    ['maximum', 'max'],
    ['exclusiveMinimum', 'min'],
    ['exclusiveMaximum', 'max'],
    ['minItems', 'min'],
    ['maxItems', 'max'],
  ] as const) {
    const va = numberOf(a, key)
    const vb = numberOf(b, key)
    if (va === vb) continue
    const tighter = kind === 'min' ? vb !== undefined && (va === undefined || vb > va) : vb !== undefined && (va === undefined || vb < va)
    const text = `${name} ${key} ${va ?? 'none'} → ${vb ?? 'none'}`
    if (direction === 'request') e(tighter ? 'request-constraint-tightened' : 'request-constraint-loosened', text)
    else e(tighter ? 'response-constraint-tightened' : 'response-constraint-loosened', text)
  }

  if (!a.deprecated && b.deprecated)
    e('property-deprecated', `${name} is now deprecated${typeof b['x-sunset'] === 'string' ? ` (sunset ${b['x-sunset']})` : ''}`)

  // Objects
  const pa = (isObject(a.properties) ? a.properties : {}) as Record<string, JsonSchema>
  const pb = (isObject(b.properties) ? b.properties : {}) as Record<string, JsonSchema>
  const reqA = new Set(Array.isArray(a.required) ? (a.required as string[]) : [])
  const reqB = new Set(Array.isArray(b.required) ? (b.required as string[]) : [])
  for (const prop of Object.keys(pa)) {
    const child = [...path, prop]
    const cp = jsonPath(child)
    const cn = label(child)
    const ce = (kind: ChangeKind, message: string) => emit(kind, op, direction, cp, `${op}${status ? ` ${status}` : ''}: ${message}`, status)
    if (!(prop in pb)) {
      ce(direction === 'request' ? 'request-property-removed' : 'response-property-removed', `${cn} was removed`)
      continue
    }
    if (reqA.has(prop) && !reqB.has(prop))
      ce(
        direction === 'request' ? 'request-property-now-optional' : 'response-property-now-optional',
        direction === 'request' ? `${cn} is no longer required` : `${cn} may now be omitted`,
      )
    if (!reqA.has(prop) && reqB.has(prop))
      ce(
        direction === 'request' ? 'request-property-now-required' : 'response-property-now-required',
        direction === 'request' ? `${cn} is now required` : `${cn} is now always sent`,
      )
    compareSchemas(pa[prop]!, pb[prop]!, op, direction, status, child, emit)
  }
  for (const prop of Object.keys(pb)) {
    if (prop in pa) continue
    const child = [...path, prop]
    const ce = (kind: ChangeKind, message: string) => emit(kind, op, direction, jsonPath(child), `${op}${status ? ` ${status}` : ''}: ${message}`, status)
    if (direction === 'request')
      ce(reqB.has(prop) ? 'request-property-added-required' : 'request-property-added', `${label(child)} was added${reqB.has(prop) ? ' as required' : ''}`)
    else ce('response-property-added', `${label(child)} was added`)
  }
  if (a.additionalProperties !== false && b.additionalProperties === false && direction === 'request')
    e('request-additional-properties-disallowed', `${name} no longer accepts properties it does not list`)
  if (a.additionalProperties === false && b.additionalProperties !== false && direction === 'request')
    e('request-additional-properties-allowed', `${name} now accepts properties it does not list`)
  if (isObject(a.additionalProperties) && isObject(b.additionalProperties))
    compareSchemas(a.additionalProperties, b.additionalProperties, op, direction, status, [...path, '*'], emit)

  // Arrays
  if (a.items !== undefined && b.items !== undefined && !Array.isArray(a.items) && !Array.isArray(b.items))
    compareSchemas(a.items as JsonSchema, b.items as JsonSchema, op, direction, status, [...path, '[]'], emit)

  // Variants: compared pairwise by position when both sides have the same number.
  for (const key of ['anyOf', 'oneOf'] as const) {
    const va = a[key]
    const vb = b[key]
    if (Array.isArray(va) && Array.isArray(vb) && va.length === vb.length)
      va.forEach((s, i) => compareSchemas(s as JsonSchema, vb[i] as JsonSchema, op, direction, status, path, emit))
    else if (Array.isArray(va) || Array.isArray(vb)) {
      const before = Array.isArray(va) ? va.length : 1
      const after = Array.isArray(vb) ? vb.length : 1
      if (after > before)
        e(direction === 'request' ? 'request-type-widened' : 'response-type-widened', `${name} has more ${key} alternatives (${before} → ${after})`)
      else if (after < before)
        e(direction === 'request' ? 'request-type-narrowed' : 'response-type-narrowed', `${name} has fewer ${key} alternatives (${before} → ${after})`)
    }
  }
}

export interface SemverCheck {
  ok: boolean
  /** The bump the version numbers express (null when `next` is not greater). */
  actual: Bump | null
  /** The bump the changes need (null when nothing changed). */
  needed: Bump | null
  /** The lowest version that states the change honestly. */
  suggested: string | null
  message: string
}

/**
 * Whether `next` states the change from `previous` honestly. Under 0.x a breaking change needs a minor bump
 * (semver §4). `basis: 'consumers'` only counts breaking changes a consumer uses.
 * @example checkSemver('2.0.0', '2.1.0', diff) // { ok: false, needed: 'major', suggested: '3.0.0', message: '2.1.0 removes …: needs 3.0.0' }
 */
export function checkSemver(previous: string, next: string, diff: DescriptionDiff, options: { basis?: 'general' | 'consumers' } = {}): SemverCheck {
  const prev = semver.parse(previous)
  const nxt = semver.parse(next)
  if (!prev || !nxt) {
    return {
      ok: false,
      actual: null,
      needed: diff.bump,
      suggested: null,
      message: `cannot compare '${previous}' and '${next}': both must be semantic versions (MAJOR.MINOR.PATCH)`,
    }
  }
  let needed = options.basis === 'consumers' ? diff.bumpForConsumers : diff.bump
  if (needed === 'major' && prev.major === 0) needed = 'minor'
  const actual: Bump | null = semver.lte(nxt, prev) ? null : nxt.major > prev.major ? 'major' : nxt.minor > prev.minor ? 'minor' : 'patch'
  const suggested = needed ? semver.inc(prev, needed) : null
  if (actual === null) {
    return { ok: false, actual, needed, suggested, message: `${next} is not greater than ${previous}` }
  }
  const ok = needed === null || ORDER[actual] >= ORDER[needed]
  if (ok) return { ok, actual, needed, suggested, message: `${next} is a ${actual} bump from ${previous}; the changes need ${needed ?? 'no bump'}` }
  const worst = diff.changes
    .filter(
      (c) =>
        c.bump === (options.basis === 'consumers' ? diff.bumpForConsumers : diff.bump) && (options.basis !== 'consumers' || !c.breaking || c.usedBy.length),
    )
    // Changes a consumer uses first: they are the ones worth reading.
    .sort((x, y) => y.usedBy.length - x.usedBy.length)
    .slice(0, 3)
    .map((c) => `${c.message}${c.usedBy.length ? ` (used by ${c.usedBy.join(', ')})` : ''}`)
  return { ok, actual, needed, suggested, message: `${next} understates the change from ${previous}: ${worst.join('; ')}: needs ${suggested}` }
}
