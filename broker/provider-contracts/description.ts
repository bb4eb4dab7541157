/**
 * @module provider-contracts/description
 * Provider API descriptions: parses OpenAPI 3.0 / 3.1 (JSON or YAML) or a JSON Schema for message payloads,
 * and normalises it into operations (method + path template) with self-contained JSON Schemas per request
 * content type and per response status × content type. A schema that cannot be normalised (an
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
  /** OpenAPI serialisation: `simple`, `label`, `matrix` (path), `form`, `spaceDelimited`, `pipeDelimited`, `deepObject` (query). */
  style: string
  explode: boolean
  /** Why the parameter's schema could not be built (an external `$ref`), if so. */
  problem?: string
  /** A parameter described by `content` (a media type) instead of `schema`: compared as a string only. */
  content?: string
}

/** A documented response header. */
export interface ResponseHeader {
  name: string
  required: boolean
  slot: SchemaSlot
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
  /** status ("200", "4XX", "DEFAULT") → media type → schema, and the response headers it documents (lower-cased names). */
  responses: Record<string, { content: Record<string, SchemaSlot>; headers: Record<string, ResponseHeader> }>
}

export interface NormalisedDescription {
  kind: 'openapi' | 'json-schema'
  /** "3.0.3", "3.1.0", or the JSON Schema dialect ("draft-07") */
  version: string
  title: string | null
  /**
   * Path prefixes from `servers` (e.g. "/api/v1"; "" for a server at the root), as templates whose `{variables}`
   * match one path segment. A request path must start with one of them. Empty for JSON Schema descriptions.
   */
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
  // OpenAPI 3: the operation's URL is the server URL + the path; without `servers` the server is "/".
  const basePaths: string[] = []
  const servers = Array.isArray(d.servers) && d.servers.some((s) => isObject(s) && typeof s.url === 'string') ? d.servers : [{ url: '/' }]
  for (const server of servers) {
    if (!isObject(server) || typeof server.url !== 'string') continue
    let pathPart = server.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/\/+$/, '')
    // A variable with one value (an enum of one, or no enum) is that value; others stay templates.
    const variables = isObject(server.variables) ? server.variables : {}
    pathPart = pathPart.replace(/\{([^}]*)\}/g, (whole, name: string) => {
      const v = variables[name]
      if (isObject(v) && Array.isArray(v.enum) && v.enum.length > 1) return whole
      return isObject(v) && typeof v.default === 'string' ? v.default : whole
    })
    if (!pathPart.startsWith('/')) pathPart = pathPart === '' ? '' : `/${pathPart}`
    if (!basePaths.includes(pathPart)) basePaths.push(pathPart)
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
        const mediaTypes = isObject(p.content) ? Object.keys(p.content) : []
        const mediaSchema =
          mediaTypes.length && isObject(p.content) && isObject(p.content[mediaTypes[0]!])
            ? (p.content[mediaTypes[0]!] as Record<string, unknown>).schema
            : undefined
        const s = slot(p.schema ?? mediaSchema ?? true, `${pointer}/parameters/${index}/schema`, d, 'request', openapi30, problems)
        const key = `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`
        const style = typeof p.style === 'string' ? p.style : p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple'
        parameters.set(key, {
          name: p.name,
          in: p.in as Parameter['in'],
          required: p.required === true || p.in === 'path',
          deprecated: p.deprecated === true,
          schema: s.schema ?? true,
          style,
          explode: typeof p.explode === 'boolean' ? p.explode : style === 'form',
          ...(s.problem !== undefined ? { problem: s.problem } : {}),
          ...(mediaTypes.length ? { content: mediaTypes[0]! } : {}),
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
        const headers: Record<string, ResponseHeader> = {}
        if (isObject(response) && isObject(response.headers)) {
          for (const [name, rawHeader] of Object.entries(response.headers)) {
            const header = deref(rawHeader, d)
            if (!isObject(header)) continue
            headers[name.toLowerCase()] = {
              name,
              required: header.required === true,
              slot: slot(
                header.schema ?? true,
                `${pointer}/responses/${status}/headers/${escapePointerToken(name)}/schema`,
                d,
                'response',
                openapi30,
                problems,
              ),
            }
          }
        }
        responses[status.toUpperCase()] = { content, headers }
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
        .map((part) => (/^\{[^}]+\}$/.test(part) ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('')
    })
    .join('/')
  return { regex: new RegExp(`^${source}/?$`), literalSegments }
}

const templateCache = new WeakMap<Operation, { regex: RegExp; literalSegments: number; names: string[] }>()

function compiledTemplate(op: Operation): { regex: RegExp; literalSegments: number; names: string[] } {
  let compiled = templateCache.get(op)
  if (!compiled) {
    const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)
    const { regex, literalSegments } = templateRegex(op.path)
    compiled = { regex, literalSegments, names }
    templateCache.set(op, compiled)
  }
  return compiled
}

/** The request path below each server base path it starts with ("/api/users/1" under "/api" → "/users/1"). */
export function pathsUnderServers(description: NormalisedDescription, requestPath: string): string[] {
  const path = requestPath.split('?')[0]!
  if (!description.basePaths.length) return [path]
  const out: string[] = []
  for (const base of description.basePaths) {
    if (base === '') {
      out.push(path)
      continue
    }
    const source = base
      .split(/(\{[^}]*\})/)
      .map((part) => (/^\{[^}]*\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('')
    const m = new RegExp(`^${source}(?=/|$)`).exec(path)
    if (m) out.push(path.slice(m[0].length) || '/')
  }
  return out
}

/**
 * The operation a request goes to: same method, path under one of the servers' base paths (OpenAPI 3: the
 * operation's URL is the server URL followed by the path), matching the template (literal segments win over
 * parameters, as OpenAPI requires).
 * @example findOperation(description, 'GET', '/users/42')?.key // 'GET /users/{id}'
 */
export function findOperation(description: NormalisedDescription, method: string, requestPath: string): Operation | undefined {
  return matchOperation(description, method, requestPath)?.op
}

/** findOperation, with the raw (still percent-encoded) values of the path's template variables. */
export function matchOperation(
  description: NormalisedDescription,
  method: string,
  requestPath: string,
): { op: Operation; pathValues: Record<string, string> } | undefined {
  for (const candidate of pathsUnderServers(description, requestPath)) {
    let best: { op: Operation; score: number; match: RegExpExecArray } | undefined
    for (const op of description.operations) {
      if (op.method !== method.toUpperCase()) continue
      const { regex, literalSegments } = compiledTemplate(op)
      const match = regex.exec(candidate)
      if (!match) continue
      if (!best || literalSegments > best.score) best = { op, score: literalSegments, match }
    }
    if (best) {
      const { names } = compiledTemplate(best.op)
      const pathValues: Record<string, string> = {}
      names.forEach((n, i) => (pathValues[n] = best.match[i + 1] ?? ''))
      return { op: best.op, pathValues }
    }
  }
  return undefined
}

/** The response entry for a status: exact ("200"), then range ("2XX"), then "default". */
export function responseFor(
  op: Operation,
  status: number,
): { key: string; content: Record<string, SchemaSlot>; headers: Record<string, ResponseHeader> } | undefined {
  for (const key of [String(status), `${String(status)[0]}XX`, 'DEFAULT']) {
    const found = op.responses[key]
    if (found) return { key, content: found.content, headers: found.headers }
  }
  return undefined
}

/**
 * The schema for a media type: exact (parameters such as `charset` aside), then the description's wildcards
 * (`application/*`, `*\/*`). `application/problem+json` and `application/json` are different media types: a
 * provider that documents one does not promise the other.
 */
export function contentFor(content: Record<string, SchemaSlot>, contentType: string): { mediaType: string; slot: SchemaSlot } | undefined {
  const wanted = mediaTypeOf(contentType)
  if (content[wanted]) return { mediaType: wanted, slot: content[wanted] }
  const [type] = wanted.split('/')
  if (content[`${type}/*`]) return { mediaType: `${type}/*`, slot: content[`${type}/*`]! }
  if (content['*/*']) return { mediaType: '*/*', slot: content['*/*'] }
  return undefined
}
