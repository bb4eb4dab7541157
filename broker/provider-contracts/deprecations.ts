/**
 * @module provider-contracts/deprecations
 * What a provider's description marks as deprecated (`deprecated: true`, optionally with an `x-sunset` date)
 * — operations, parameters and schema properties — for the deprecation timelines. Pure.
 */
import type { NormalisedDescription } from './description.js'
import { isObject, jsonPath, type JsonSchema } from './json-schema.js'

export interface DeprecatedItem {
  kind: 'operation' | 'parameter' | 'property'
  /** "GET /users/{id}" */
  operation: string
  direction: 'request' | 'response' | null
  /** Response status for response properties. */
  status: string | null
  /** '' for an operation; $.query.page or $.body.legacyId otherwise */
  path: string
  /** ISO date from `x-sunset`, when given. */
  sunset: string | null
}

/**
 * @example listDeprecations(readDescription(text)) // [{ kind: 'operation', operation: 'DELETE /users/{id}', sunset: '2027-01-31', … }]
 */
export function listDeprecations(description: NormalisedDescription): DeprecatedItem[] {
  const out: DeprecatedItem[] = []
  const seen = new Set<string>()
  const push = (item: DeprecatedItem) => {
    const key = `${item.kind} ${item.operation} ${item.direction} ${item.status} ${item.path}`
    if (seen.has(key)) return
    seen.add(key)
    out.push(item)
  }
  for (const op of description.operations) {
    if (op.deprecated) push({ kind: 'operation', operation: op.key, direction: null, status: null, path: '', sunset: op.sunset })
    for (const p of op.parameters) {
      if (p.deprecated)
        push({
          kind: 'parameter',
          operation: op.key,
          direction: 'request',
          status: null,
          path: `$.${p.in === 'query' ? 'query' : p.in === 'header' ? 'headers' : p.in}.${p.name}`,
          sunset: null,
        })
    }
    for (const slot of Object.values(op.requestBody?.content ?? {})) {
      if (slot.schema !== undefined)
        walk(slot.schema, ['body'], (path, sunset) => push({ kind: 'property', operation: op.key, direction: 'request', status: null, path, sunset }))
    }
    for (const [status, response] of Object.entries(op.responses)) {
      for (const slot of Object.values(response.content)) {
        if (slot.schema !== undefined)
          walk(slot.schema, ['body'], (path, sunset) => push({ kind: 'property', operation: op.key, direction: 'response', status, path, sunset }))
      }
    }
  }
  if (description.messageSchema?.schema !== undefined) {
    walk(description.messageSchema.schema, ['body'], (path, sunset) =>
      push({ kind: 'property', operation: 'message', direction: 'response', status: null, path, sunset }),
    )
  }
  return out
}

function walk(schema: JsonSchema, path: (string | number)[], found: (path: string, sunset: string | null) => void, depth = 0): void {
  if (!isObject(schema) || depth > 32) return
  if (schema.deprecated === true && path.length > 1) found(jsonPath(path), typeof schema['x-sunset'] === 'string' ? schema['x-sunset'] : null)
  if (isObject(schema.properties)) for (const [name, child] of Object.entries(schema.properties)) walk(child as JsonSchema, [...path, name], found, depth + 1)
  if (schema.items !== undefined && !Array.isArray(schema.items)) walk(schema.items as JsonSchema, [...path, '[]'], found, depth + 1)
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const)
    if (Array.isArray(schema[key])) for (const s of schema[key] as JsonSchema[]) walk(s, path, found, depth + 1)
}
