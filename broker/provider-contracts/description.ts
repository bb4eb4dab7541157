/**
 * @module provider-contracts/description
 * Provider API descriptions: parses OpenAPI 3.0 / 3.1 (JSON or YAML) or a JSON Schema for message payloads,
 * and normalises it into operations (method + path template) with self-contained JSON Schemas per request
 * content type and per response status × content type. A schema that cannot be normalised (circular or
 * external `$ref`) does not fail the document: the operation carries the problem and comparisons that need it
 * report `unknown`. Pure: no I/O.
 */
import yaml from 'js-yaml'
import { arrayOf, CircularRefError, type Direction, isObject, type JsonSchema, toJsonSchema, UnresolvableRefError, escapePointerToken } from './json-schema.js'

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

/** The description could not be read at all (not JSON/YAML, not OpenAPI 3 nor a JSON Schema). */
export class DescriptionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DescriptionError'
  }
}

export interface Parameter {
  name: string
  in: 'query' | 'header' | 'path' | 'cookie'
  required: boolean
  deprecated: boolean
  schema: JsonSchema
}

/** A schema slot: the JSON Schema, or the reason it could not be built. */
export type SchemaSlot = { schema: JsonSchema; problem?: undefined } | { schema?: undefined; problem: string }

export interface Operation {
  /** "GET /users/{id}" */
  key: string
  method: string
  path: string
  operationId: string | null
  summary: string | null
  deprecated: boolean
  sunset: string | null
  parameters: Parameter[]
  requestBody: { required: boolean; content: Record<string, SchemaSlot> } | null
  /** status ("200", "4XX", "default") → media type → schema (null when the response has no body). */
  responses: Record<string, { content: Record<string, SchemaSlot> }>
}

export interface NormalisedDescription {
  kind: 'openapi' | 'json-schema'
  /** "3.0.3", "3.1.0", or the JSON Schema dialect ("draft-07") */
  version: string
  title: string | null
  /** Path prefixes from `servers` (e.g. "/api/v1"), tried when a pact path does not match as is. */
  basePaths: string[]
  operations: Operation[]
  /** For a JSON Schema description: the schema every message payload of the provider satisfies. */
  messageSchema: SchemaSlot | null
  /** Everything that could not be normalised, with where. */
  problems: string[]
}

/**
 * Parses the text of a description: JSON first, then YAML (core schema: dates stay strings).
 * @example parseDescriptionText('openapi: 3.0.3\ninfo: …')
 */
export function parseDescriptionText(text: string): unknown {
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed)
    } catch {
      // fall through: YAML is a superset of JSON and reports a better position
    }
  }
  try {
    return yaml.load(text, { schema: yaml.CORE_SCHEMA })
  } catch (error) {
    throw new DescriptionError(`The description is neither JSON nor YAML: ${(error as Error).message.split('\n')[0]}`)
  }
}

/** What a parsed document is: 'oas' (OpenAPI 3.x), 'json-schema', or a DescriptionError. */
export function detectKind(doc: unknown): 'openapi' | 'json-schema' {
  if (!isObject(doc)) throw new DescriptionError('The description must be a JSON or YAML object (an OpenAPI document or a JSON Schema).')
  if (typeof doc.swagger === 'string')
    throw new DescriptionError(`Swagger ${doc.swagger} is not supported: convert the description to OpenAPI 3.0 or 3.1 first.`)
  if (typeof doc.openapi === 'string') {
    if (!/^3\.[01]\./.test(doc.openapi)) throw new DescriptionError(`OpenAPI ${doc.openapi} is not supported: publish an OpenAPI 3.0 or 3.1 description.`)
    return 'openapi'
  }
  const schemaKeys = ['$schema', 'type', 'properties', 'items', 'oneOf', 'anyOf', 'allOf', '$ref', 'enum', 'const', 'definitions', '$defs']
  if (schemaKeys.some((k) => k in doc)) return 'json-schema'
  throw new DescriptionError('The description has no `openapi` version and does not look like a JSON Schema.')
}

function slot(schema: unknown, pointer: string, root: unknown, direction: Direction, openapi30: boolean, problems: string[]): SchemaSlot {
  try {
    return { schema: toJsonSchema(schema, pointer, { root, direction, openapi30 }) }
  } catch (error) {
    if (error instanceof CircularRefError || error instanceof UnresolvableRefError) {
      problems.push(error.message)
      return { problem: error.message }
    }
    throw error
  }
}

function deref(value: unknown, root: unknown): unknown {
  let current = value
  for (let i = 0; i < 20 && isObject(current) && typeof current.$ref === 'string'; i++) {
    const ref = current.$ref
    current = ref.startsWith('#')
      ? ref
          .slice(1)
          .split('/')
          .slice(1)
          .reduce<unknown>((o, t) => (isObject(o) ? o[t.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root)
      : undefined
  }
  return current
}

/** Lower-cased media type without parameters: "application/json; charset=utf-8" → "application/json". */
export function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase()
}

/**
 * Normalises a parsed description.
 * @example const description = normaliseDescription(parseDescriptionText(yamlText))
 */
export function normaliseDescription(doc: unknown): NormalisedDescription {
  const kind = detectKind(doc)
  const d = doc as Record<string, unknown>
  const problems: string[] = []
  if (kind === 'json-schema') {
    const schemaUri = typeof d.$schema === 'string' ? d.$schema : ''
    const draft = /draft-0?(\d+)/.exec(schemaUri)?.[0] ?? /(20\d\d-\d\d)/.exec(schemaUri)?.[1] ?? 'draft-07'
    return {
      kind,
      version: draft,
      title: typeof d.title === 'string' ? d.title : null,
      basePaths: [],
      operations: [],
      messageSchema: slot(d, '#', d, 'response', false, problems),
      problems,
    }
  }

  const version = d.openapi as string
  const openapi30 = version.startsWith('3.0')
  const info = isObject(d.info) ? d.info : {}
  const basePaths: string[] = []
  if (Array.isArray(d.servers)) {
    for (const server of d.servers) {
      if (!isObject(server) || typeof server.url !== 'string') continue
      const pathPart = server.url
        .replace(/^[a-z]+:\/\/[^/]*/i, '')
        .replace(/\{[^}]*\}/g, '')
        .replace(/\/+$/, '')
      if (pathPart && pathPart.startsWith('/') && !basePaths.includes(pathPart)) basePaths.push(pathPart)
    }
  }

  const operations: Operation[] = []
  const paths = isObject(d.paths) ? d.paths : {}
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref(rawItem, d)
    if (!isObject(item)) continue
    const pathPointer = `#/paths/${escapePointerToken(path)}`
    for (const method of HTTP_METHODS) {
      const op = item[method]
      if (!isObject(op)) continue
      const pointer = `${pathPointer}/${method}`
      const parameters = new Map<string, Parameter>()
      const rawParams = [...arrayOf(item.parameters), ...arrayOf(op.parameters)]
      rawParams.forEach((raw, index) => {
        const p = deref(raw, d)
        if (!isObject(p) || typeof p.name !== 'string' || typeof p.in !== 'string') return
        const s = slot(p.schema ?? true, `${pointer}/parameters/${index}/schema`, d, 'request', openapi30, problems)
        const key = `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`
        parameters.set(key, {
          name: p.name,
          in: p.in as Parameter['in'],
          required: p.required === true || p.in === 'path',
          deprecated: p.deprecated === true,
          schema: s.schema ?? true,
        })
      })

      let requestBody: Operation['requestBody'] = null
      const rb = deref(op.requestBody, d)
      if (isObject(rb)) {
        const content: Record<string, SchemaSlot> = {}
        for (const [mediaType, media] of Object.entries(isObject(rb.content) ? rb.content : {})) {
          const schema = isObject(media) ? media.schema : undefined
          content[mediaTypeOf(mediaType)] = slot(
            schema ?? true,
            `${pointer}/requestBody/content/${escapePointerToken(mediaType)}/schema`,
            d,
            'request',
            openapi30,
            problems,
          )
        }
        requestBody = { required: rb.required === true, content }
      }

      const responses: Operation['responses'] = {}
      for (const [status, rawResponse] of Object.entries(isObject(op.responses) ? op.responses : {})) {
        const response = deref(rawResponse, d)
        const content: Record<string, SchemaSlot> = {}
        if (isObject(response) && isObject(response.content)) {
          for (const [mediaType, media] of Object.entries(response.content)) {
            const schema = isObject(media) ? media.schema : undefined
            content[mediaTypeOf(mediaType)] = slot(
              schema ?? true,
              `${pointer}/responses/${status}/content/${escapePointerToken(mediaType)}/schema`,
              d,
              'response',
              openapi30,
              problems,
            )
          }
        }
        responses[status.toUpperCase()] = { content }
      }

      const sunset = op['x-sunset']
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        operationId: typeof op.operationId === 'string' ? op.operationId : null,
        summary: typeof op.summary === 'string' ? op.summary : typeof op.description === 'string' ? op.description : null,
        deprecated: op.deprecated === true,
        sunset: typeof sunset === 'string' ? sunset : sunset instanceof Date ? sunset.toISOString().slice(0, 10) : null,
        parameters: [...parameters.values()],
        requestBody,
        responses,
      })
    }
  }
  return { kind, version, title: typeof info.title === 'string' ? info.title : null, basePaths, operations, messageSchema: null, problems }
}

/** Parses and normalises in one step. Throws DescriptionError when the text is not a usable description. */
export function readDescription(text: string): NormalisedDescription {
  return normaliseDescription(parseDescriptionText(text))
}

function templateRegex(path: string): { regex: RegExp; literalSegments: number } {
  let literalSegments = 0
  const source = path
    .split('/')
    .map((segment) => {
      if (!/\{[^}]+\}/.test(segment)) {
        literalSegments++
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      }
      return segment
        .split(/(\{[^}]+\})/)
        .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('')
    })
    .join('/')
  return { regex: new RegExp(`^${source}/?$`), literalSegments }
}

/**
 * The operation a request goes to: same method, path matching the template (literal segments win over
 * parameters, as OpenAPI requires), tried as is and then under each server base path.
 * @example findOperation(description, 'GET', '/users/42')?.key // 'GET /users/{id}'
 */
export function findOperation(description: NormalisedDescription, method: string, requestPath: string): Operation | undefined {
  const path = requestPath.split('?')[0]!
  const candidates = [path, ...description.basePaths.filter((b) => path.startsWith(b + '/') || path === b).map((b) => path.slice(b.length) || '/')]
  for (const candidate of candidates) {
    let best: { op: Operation; score: number } | undefined
    for (const op of description.operations) {
      if (op.method !== method.toUpperCase()) continue
      const { regex, literalSegments } = templateRegex(op.path)
      if (!regex.test(candidate)) continue
      if (!best || literalSegments > best.score) best = { op, score: literalSegments }
    }
    if (best) return best.op
  }
  return undefined
}

/** The response entry for a status: exact ("200"), then range ("2XX"), then "default". */
export function responseFor(op: Operation, status: number): { key: string; content: Record<string, SchemaSlot> } | undefined {
  for (const key of [String(status), `${String(status)[0]}XX`, 'DEFAULT']) {
    const found = op.responses[key]
    if (found) return { key, content: found.content }
  }
  return undefined
}

/**
 * The schema for a media type: exact, then structured-suffix (`application/problem+json` ↔ `application/json`),
 * then wildcards (`application/*`, `*\/*`).
 */
export function contentFor(content: Record<string, SchemaSlot>, contentType: string): { mediaType: string; slot: SchemaSlot } | undefined {
  const wanted = mediaTypeOf(contentType)
  if (content[wanted]) return { mediaType: wanted, slot: content[wanted] }
  const [type, subtype = ''] = wanted.split('/')
  const isJson = subtype === 'json' || subtype.endsWith('+json')
  for (const [mediaType, s] of Object.entries(content)) {
    const [t, st = ''] = mediaType.split('/')
    if (isJson && t === type && (st === 'json' || st.endsWith('+json'))) return { mediaType, slot: s }
  }
  if (content[`${type}/*`]) return { mediaType: `${type}/*`, slot: content[`${type}/*`]! }
  if (content['*/*']) return { mediaType: '*/*', slot: content['*/*'] }
  return undefined
}
