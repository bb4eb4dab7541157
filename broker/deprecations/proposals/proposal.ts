/**
 * Deprecation proposals: what a provider's own signals say is going away, waiting for the provider team to
 * accept it (it becomes a deprecation) or dismiss it. Two signals feed them:
 * - `Deprecation` (RFC 9745) / `Sunset` (RFC 8594) response headers the provider sent while its pacts were
 *   verified, reported by the testing library with the concrete request path;
 * - `deprecated: true` (and `x-sunset`) in the OpenAPI description published for a provider version.
 *
 * This file: domain types and the pure rules (header parsing, path templates, description items → proposal
 * items). No I/O.
 */
import type { DeprecatedItem } from '../../provider-contracts/deprecations.js'
import { findOperation, type NormalisedDescription } from '../../provider-contracts/description.js'
import { escapePointerToken } from '../../provider-contracts/json-schema.js'
import { type FieldLocation, isCalendarDate } from '../deprecation.js'
import { normalisePath, parsePathTemplate } from '../path-template.js'
import type { DeprecationProposalRow } from './proposals.table.js'

export const PROPOSAL_SOURCES = ['headers', 'openapi'] as const
export type ProposalSource = (typeof PROPOSAL_SOURCES)[number]

export const PROPOSAL_STATUSES = ['open', 'accepted', 'dismissed'] as const
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number]

/** How the path template of a header report was found. */
export type TemplateSource = 'openapi' | 'pacts' | 'literal'

/** A consumer interaction during whose verification the provider sent the headers. */
export interface SeenBy {
  consumer: string
  interaction: string
}

/** The item a proposal names: an operation, or a field (request/response body, query parameter) of one. */
export interface ProposalItem {
  kind: 'operation' | 'field'
  method: string
  /** Path template, e.g. `/users/{id}`. */
  path: string
  pointer: string | null
  location: FieldLocation | null
}

export interface DeprecationProposal extends ProposalItem {
  id: number
  uuid: string
  providerId: number
  provider: string
  sources: ProposalSource[]
  /** Concrete request paths the headers were seen on (header reports). */
  observedPaths: string[]
  /** Provider versions that reported the item, in the order first seen. */
  providerVersions: string[]
  seenBy: SeenBy[]
  /** When the provider says the item was (or will be) deprecated: the `Deprecation` header's date. */
  deprecatedAt: Date | null
  /** YYYY-MM-DD (UTC): from the `Sunset` header or `x-sunset`. */
  sunset: string | null
  link: string | null
  reportCount: number
  status: ProposalStatus
  /** The deprecation an accepted proposal became. */
  deprecationUuid: string | null
  decidedBy: string | null
  decidedAt: Date | null
  dismissReason: string | null
  createdAt: Date
  updatedAt: Date
}

const list = <T>(value: unknown): T[] => (typeof value === 'string' ? (JSON.parse(value) as T[]) : ((value as T[] | null) ?? []))

export function toProposal(row: DeprecationProposalRow & { provider_name: string; deprecation_uuid: string | null }): DeprecationProposal {
  return {
    id: row.id,
    uuid: row.uuid,
    providerId: row.provider_id,
    provider: row.provider_name,
    kind: row.kind as ProposalItem['kind'],
    method: row.method,
    path: row.path,
    pointer: row.pointer,
    location: row.location as FieldLocation | null,
    sources: list<ProposalSource>(row.sources),
    observedPaths: list<string>(row.observed_paths),
    providerVersions: list<string>(row.provider_versions),
    seenBy: list<SeenBy>(row.seen_by),
    deprecatedAt: row.deprecated_at,
    sunset: row.sunset,
    link: row.link,
    reportCount: row.report_count,
    status: row.status as ProposalStatus,
    deprecationUuid: row.deprecation_uuid,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    dismissReason: row.dismiss_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/**
 * The key that makes two reports the same proposal.
 * @example itemKey({ kind: 'field', method: 'GET', path: '/users/{id}', pointer: '/email', location: 'response' }) // "field GET /users/{id} response /email"
 */
export function itemKey(item: ProposalItem): string {
  return [item.kind, item.method, item.path, item.location ?? '', item.pointer ?? ''].join(' ').trim()
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/

/**
 * A `Sunset` header value (an HTTP-date, RFC 9110 IMF-fixdate) → the sunset date YYYY-MM-DD (UTC). The date
 * is the day the instant falls on: a sunset at 15:00 on 31 March makes 31 March the sunset date, so consumers
 * hear "past sunset" no later than the provider may act.
 * @example parseSunsetHeader('Wed, 31 Mar 2027 00:00:00 GMT') // { ok: true, value: '2027-03-31' }
 */
export function parseSunsetHeader(value: string): Parsed<string> {
  const m = IMF_FIXDATE.exec(value.trim())
  if (!m) return { ok: false, error: `'${value}' is not an HTTP-date (RFC 9110 IMF-fixdate), such as 'Wed, 31 Mar 2027 00:00:00 GMT'` }
  const [, weekday, day, month, year, hour, minute, second] = m
  const instant = new Date(Date.UTC(Number(year), MONTHS.indexOf(month!), Number(day), Number(hour), Number(minute), Number(second)))
  const iso = instant.toISOString()
  if (
    iso.slice(0, 10) !== `${year}-${String(MONTHS.indexOf(month!) + 1).padStart(2, '0')}-${day}` ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second) > 60
  ) {
    return { ok: false, error: `'${value}' is not a real date and time` }
  }
  if (WEEKDAYS[instant.getUTCDay()] !== weekday)
    return { ok: false, error: `'${value}' names the wrong weekday: ${day} ${month} ${year} is a ${WEEKDAYS[instant.getUTCDay()]}` }
  return { ok: true, value: iso.slice(0, 10) }
}

/**
 * A `Deprecation` header value (RFC 9745: a structured-field Date, `@` and seconds since the epoch) → the instant.
 * @example parseDeprecationHeader('@1735689600') // { ok: true, value: 2025-01-01T00:00:00.000Z }
 */
export function parseDeprecationHeader(value: string): Parsed<Date> {
  const m = /^@(-?\d{1,15})$/.exec(value.trim())
  if (!m) return { ok: false, error: `'${value}' is not an RFC 9745 date: write '@' and the seconds since 1970-01-01 UTC, such as '@1735689600'` }
  const date = new Date(Number(m[1]) * 1000)
  if (Number.isNaN(date.getTime())) return { ok: false, error: `'${value}' is out of range` }
  return { ok: true, value: date }
}

/**
 * The target of the first `Link` header entry with rel "deprecation" (RFC 9745) or "sunset" (RFC 8594), if any.
 * @example deprecationLink('<https://api.example.com/deprecation>; rel="deprecation"') // 'https://api.example.com/deprecation'
 */
export function deprecationLink(header: string | undefined): string | null {
  if (!header) return null
  for (const rel of ['deprecation', 'sunset']) {
    for (const m of header.matchAll(/<([^>]*)>([^,]*)/g)) {
      const rels =
        /;\s*rel\s*=\s*"?([^";]+)"?/i
          .exec(m[2] ?? '')?.[1]
          ?.toLowerCase()
          .split(/\s+/) ?? []
      if (rels.includes(rel) && /^https?:\/\//i.test(m[1]!)) return m[1]!
    }
  }
  return null
}

const IDENTIFIER = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,})$/i

/**
 * The path template a concrete request path belongs to:
 * 1. the operation of the provider version's OpenAPI description that the request goes to (same method, template
 *    matches; under a server base path, the base stays in the template, as consumers' pacts call it);
 * 2. else a template worked out from the consumers' pacts: a segment becomes a placeholder where the pacts call
 *    the same operation with different values there, or where it looks like an identifier (digits, a UUID, long
 *    hex), so `/users/42` becomes `/users/{id}`;
 * 3. else the path itself (a literal template).
 * @example templateFor('GET', '/users/42', { description: null, pactPaths: ['/users/7'] }) // { path: '/users/{id}', source: 'pacts' }
 */
export function templateFor(
  method: string,
  concretePath: string,
  known: { description: NormalisedDescription | null; pactPaths: string[] },
): { path: string; source: TemplateSource } {
  const path = normalisePath(concretePath).replace(/(.)\/+$/, '$1')
  if (known.description) {
    const op = findOperation(known.description, method, path)
    if (op) {
      const base = known.description.basePaths.find((b) => (path.startsWith(b + '/') || path === b) && !templateMatches(op.path, path))
      const full = base ? `${base}${op.path === '/' ? '' : op.path}` : op.path
      if (parsePathTemplate(full).ok) return { path: full, source: 'openapi' }
    }
  }
  const segments = path.split('/').slice(1)
  const siblings = known.pactPaths
    .map((p) =>
      normalisePath(p)
        .replace(/(.)\/+$/, '$1')
        .split('/')
        .slice(1),
    )
    .filter((other) => other.length === segments.length && other.join('/') !== segments.join('/'))
  let varied = false
  let count = 0
  const templated = segments.map((segment, i) => {
    // Varies across the pacts' calls that agree on every other segment (two identifiers agree): a parameter.
    // Never the first segment: `/users/…` and `/orders/…` are two resources, not one with a parameter.
    const agrees = (a: string, b: string) => a === b || (IDENTIFIER.test(a) && IDENTIFIER.test(b))
    const differsHere = i > 0 && siblings.some((other) => other[i] !== segment && other.every((s, j) => j === i || agrees(s, segments[j]!)))
    if (!differsHere && !IDENTIFIER.test(segment)) return segment.replace(/[{}]/g, '')
    varied = true
    count += 1
    return count === 1 ? '{id}' : `{id${count}}`
  })
  const template = `/${templated.join('/')}`
  if (varied && parsePathTemplate(template).ok) return { path: template, source: 'pacts' }
  return { path: parsePathTemplate(path).ok ? path : `/${segments.map((s) => s.replace(/[{}]/g, '')).join('/')}`, source: 'literal' }
}

function templateMatches(template: string, path: string): boolean {
  const parsed = parsePathTemplate(template)
  return parsed.ok && parsed.template.regex.test(path)
}

/** `$.body.address.street` / `$.body.items[*].name` → `/address/street` / `/items/name` (arrays are transparent in matching). */
export function bodyPathToPointer(path: string): string | null {
  if (!path.startsWith('$')) return null
  const tokens: string[] = []
  let rest = path.slice(1)
  while (rest) {
    const m = /^(?:\.([A-Za-z_$][\w$-]*)|\['((?:[^'\\]|\\.)*)'\]|\[(\*|\d+)\])/.exec(rest)
    if (!m) return null
    if (m[1] !== undefined) tokens.push(m[1])
    else if (m[2] !== undefined) tokens.push(m[2].replace(/\\'/g, "'"))
    // an array step ([*], [0]) is dropped: arrays are transparent
    rest = rest.slice(m[0].length)
  }
  if (tokens[0] !== 'body' || tokens.length < 2) return null
  return tokens
    .slice(1)
    .map((t) => `/${escapePointerToken(t)}`)
    .join('')
}

/** A calendar date from `x-sunset` ('2027-03-31' or a date-time), or null when it is none. */
export function sunsetOfDescription(value: string | null): string | null {
  if (!value) return null
  const day = value.trim().slice(0, 10)
  return isCalendarDate(day) ? day : null
}

/**
 * What a description marks deprecated, mapped onto the deprecation model: an operation ("GET /users/{id}"), a
 * request or response body property (`$.body.address.street` → field `/address/street`), a query parameter
 * (`$.query.page` → query field `/page`). Header, path and cookie parameters and message schemas have no place
 * in the model yet: they come back in `skipped` with the reason.
 * @example proposalItemsOf(listDeprecations(description)).items[0] // { kind: 'operation', method: 'GET', path: '/users/{id}', … }
 */
export function proposalItemsOf(items: DeprecatedItem[]): {
  items: Array<ProposalItem & { sunset: string | null }>
  skipped: Array<{ item: DeprecatedItem; why: string }>
} {
  const out: Array<ProposalItem & { sunset: string | null }> = []
  const skipped: Array<{ item: DeprecatedItem; why: string }> = []
  const seen = new Set<string>()
  for (const item of items) {
    const space = item.operation.indexOf(' ')
    if (item.operation === 'message' || space < 0) {
      skipped.push({ item, why: 'message schemas name no message description to match pacts by' })
      continue
    }
    const method = item.operation.slice(0, space).toUpperCase()
    const path = item.operation.slice(space + 1)
    if (!parsePathTemplate(path).ok) {
      skipped.push({ item, why: `the path '${path}' is not a template the broker can match` })
      continue
    }
    let mapped: ProposalItem | null = null
    if (item.kind === 'operation') mapped = { kind: 'operation', method, path, pointer: null, location: null }
    else if (item.kind === 'parameter') {
      const m = /^\$\.query\.(.+)$/.exec(item.path)
      if (m) mapped = { kind: 'field', method, path, pointer: `/${escapePointerToken(m[1]!)}`, location: 'query' }
      else skipped.push({ item, why: 'only query parameters can be deprecated as fields (not headers, path parameters or cookies)' })
    } else {
      const pointer = bodyPathToPointer(item.path)
      if (pointer) mapped = { kind: 'field', method, path, pointer, location: item.direction === 'request' ? 'request' : 'response' }
      else skipped.push({ item, why: `'${item.path}' is not a body property path` })
    }
    if (!mapped) continue
    const key = itemKey(mapped)
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ ...mapped, sunset: sunsetOfDescription(item.sunset) })
  }
  return { items: out, skipped }
}

/** Appends the values not yet in `list` (order kept, first seen first). */
export function union<T>(list: T[], more: T[], key: (value: T) => string = (v) => JSON.stringify(v)): T[] {
  const keys = new Set(list.map(key))
  const out = [...list]
  for (const value of more) {
    if (keys.has(key(value))) continue
    keys.add(key(value))
    out.push(value)
  }
  return out
}
