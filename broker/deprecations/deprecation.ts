/**
 * @module deprecations
 * Providers' deprecation timelines: what a provider is retiring (an HTTP operation, a field of one, or a message),
 * from which provider version, until which sunset date, and in which version it goes; which consumers still
 * use it (worked out from the pacts the broker holds); notices for them; and the release gate that stops a
 * provider removing something a deployed consumer still needs.
 *
 * This file: domain types and the pure rules (phase, days to sunset, labels). No I/O.
 */
import semver from 'semver'
import type { DeprecationRow } from './deprecations.table.js'

export const DEPRECATION_KINDS = ['operation', 'field', 'message'] as const
export type DeprecationKind = (typeof DEPRECATION_KINDS)[number]

/** Where a deprecated field lives: the response body, the request body, or the query string. */
export const FIELD_LOCATIONS = ['response', 'request', 'query'] as const
export type FieldLocation = (typeof FIELD_LOCATIONS)[number]

/**
 * announced → deprecated → past-sunset → removed; `withdrawn` when the provider took the deprecation back.
 * - announced: declared, but the broker knows no provider version at or above `deprecatedIn` yet;
 * - deprecated: such a provider version exists, and the sunset date has not come;
 * - past-sunset: the sunset date has come (the provider may remove the item);
 * - removed: `removedIn` is set and a provider version at or above it is deployed or released (and supported)
 *   in a production environment. A published version at or above `removedIn` removes nothing by itself: until
 *   it runs in production the removal is only scheduled (and can-i-deploy is what stops it going there while a
 *   consumer still uses the item), so the phase stays what the dates say.
 */
export type Phase = 'announced' | 'deprecated' | 'past-sunset' | 'removed' | 'withdrawn'

export interface Deprecation {
  id: number
  uuid: string
  providerId: number
  provider: string
  kind: DeprecationKind
  /** HTTP method (upper case) for operations and fields; null for messages. */
  method: string | null
  /** Path template (`/users/{id}`) for operations and fields; null for messages. */
  path: string | null
  /** RFC 6901 pointer of a field (`/address/street`), or `/name` of a query parameter; null otherwise. */
  pointer: string | null
  location: FieldLocation | null
  /** The message description, for messages. */
  description: string | null
  deprecatedIn: string
  /** Calendar date (YYYY-MM-DD, UTC) from which the provider may remove the item. */
  sunset: string
  removedIn: string | null
  replacement: string | null
  reason: string | null
  link: string | null
  withdrawn: boolean
  createdAt: Date
  updatedAt: Date
}

export function toDeprecation(row: DeprecationRow, provider: string): Deprecation {
  return {
    id: row.id,
    uuid: row.uuid,
    providerId: row.provider_id,
    provider,
    kind: row.kind as DeprecationKind,
    method: row.method,
    path: row.path,
    pointer: row.pointer,
    location: row.location as FieldLocation | null,
    description: row.description,
    deprecatedIn: row.deprecated_in,
    sunset: row.sunset,
    removedIn: row.removed_in,
    replacement: row.replacement,
    reason: row.reason,
    link: row.link,
    withdrawn: row.withdrawn,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

type Item = Pick<Deprecation, 'kind' | 'method' | 'path' | 'pointer' | 'location' | 'description'>

/**
 * The item in words, for notices and reasons.
 * @example itemLabel({ kind: 'field', method: 'GET', path: '/users/{id}', pointer: '/address/street', location: 'response', description: null })
 * // "response field /address/street of GET /users/{id}"
 */
export function itemLabel(item: Item): string {
  const operation = `${item.method} ${item.path}`
  switch (item.kind) {
    case 'operation':
      return operation
    case 'message':
      return `message '${item.description}'`
    case 'field':
      if (item.location === 'query') return `query parameter '${queryParameterName(item.pointer ?? '')}' of ${operation}`
      return `${item.location} field ${item.pointer} of ${operation}`
  }
}

/** The segments of an RFC 6901 pointer (`/a~1b/c` → ['a/b', 'c']). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

export function queryParameterName(pointer: string): string {
  return pointerSegments(pointer)[0] ?? ''
}

const DAY_MS = 24 * 60 * 60 * 1000

/** Whether `s` is a real calendar date written YYYY-MM-DD (2027-02-30 is not). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const date = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(s)
}

/** Midnight UTC starting the sunset date. */
export function sunsetInstant(sunset: string): Date {
  return new Date(`${sunset}T00:00:00Z`)
}

/**
 * Whole days from `now` until the sunset date begins (UTC): 1 on the day before, 0 from the sunset date on,
 * negative afterwards (-3 three days after).
 * @example daysToSunset('2026-12-01', new Date('2026-11-22T10:00:00Z')) // 9
 */
export function daysToSunset(sunset: string, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return Math.round((sunsetInstant(sunset).getTime() - today) / DAY_MS)
}

export function isPastSunset(sunset: string, now: Date): boolean {
  return now.getTime() >= sunsetInstant(sunset).getTime()
}

/** Whether `version` is a semantic version at or above `threshold` (false when either is not semver). */
export function atOrAbove(version: string, threshold: string): boolean {
  const v = semver.valid(version)
  const t = semver.valid(threshold)
  return v !== null && t !== null && semver.gte(v, t)
}

/** A provider version currently deployed or released (and supported) in an environment. */
export interface RunningVersion {
  environment: string
  production: boolean
  version: string
  /** When it was deployed or released there. */
  since: Date
}

export interface PhaseContext {
  now: Date
  /** The highest semantic version of the provider the broker knows, or null when it knows none. */
  highestProviderVersion: string | null
  /** The provider's versions running in environments now (none when omitted). */
  running?: readonly RunningVersion[]
}

type PhaseInput = Pick<Deprecation, 'withdrawn' | 'deprecatedIn' | 'sunset' | 'removedIn'>

/** Per environment, the earliest running provider version at or above `removedIn` (none without `removedIn`). */
function removals(d: PhaseInput, running: readonly RunningVersion[]): RunningVersion[] {
  const removedIn = d.removedIn
  if (!removedIn) return []
  const byEnvironment = new Map<string, RunningVersion>()
  for (const r of running) {
    if (!atOrAbove(r.version, removedIn)) continue
    const current = byEnvironment.get(r.environment)
    if (!current || r.since < current.since) byEnvironment.set(r.environment, r)
  }
  return [...byEnvironment.values()].sort((a, b) => Number(b.production) - Number(a.production) || a.environment.localeCompare(b.environment))
}

/**
 * The phase of a deprecation from its data, today's date and the provider versions the broker knows and runs.
 * @example phaseOf(d, { now: clock.now(), highestProviderVersion: '2.1.0', running: [] }) // 'deprecated'
 */
export function phaseOf(d: PhaseInput, context: PhaseContext): Phase {
  if (d.withdrawn) return 'withdrawn'
  if (removals(d, context.running ?? []).some((r) => r.production)) return 'removed'
  if (isPastSunset(d.sunset, context.now)) return 'past-sunset'
  const highest = context.highestProviderVersion
  if (highest && atOrAbove(highest, d.deprecatedIn)) return 'deprecated'
  return 'announced'
}

const day = (date: Date) => date.toISOString().slice(0, 10)

/**
 * What is true of the deprecation now, in words: the phase and where the removal stands.
 * @example phaseDescription(d, 'deprecated', context) // "deprecated since 2.0.0; removal scheduled in 3.0.0"
 * @example phaseDescription(d, 'removed', context) // "removed in production since 2027-04-02 (3.0.0)"
 */
export function phaseDescription(d: PhaseInput, phase: Phase, context: PhaseContext): string {
  if (phase === 'withdrawn') return 'withdrawn: consumers are no longer told about it'
  const parts: string[] = []
  if (phase === 'announced') parts.push(`announced: ${d.deprecatedIn}, the version that deprecates it, is not published yet`)
  else if (phase === 'deprecated') parts.push(`deprecated since ${d.deprecatedIn}; sunset ${d.sunset}`)
  else if (phase === 'past-sunset') parts.push(`past its sunset (${d.sunset}): the provider may remove it`)
  const removed = removals(d, context.running ?? [])
  if (removed.length) parts.push(`removed in ${removed.map((r) => `${r.environment} since ${day(r.since)} (${r.version})`).join(', ')}`)
  if (d.removedIn && !removed.some((r) => r.production)) {
    const published = context.highestProviderVersion && atOrAbove(context.highestProviderVersion, d.removedIn)
    parts.push(`removal scheduled in ${d.removedIn}${published ? ', which is published but not yet in production' : ''}`)
  }
  if (phase === 'removed') {
    const still = [...new Set((context.running ?? []).filter((r) => !atOrAbove(r.version, d.removedIn!)).map((r) => r.environment))]
    if (still.length) parts.push(`still present in ${still.join(', ')}`)
  }
  return parts.join('; ')
}

/** Phases in which consumers should still hear about the item (and the gate still applies). */
export function isActive(phase: Phase): boolean {
  return phase !== 'withdrawn'
}
