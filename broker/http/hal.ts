/**
 * @module http/hal
 * HAL response helpers. Every success body is `application/hal+json;charset=utf-8`, which both official Rust
 * clients parse (they reject 2xx responses without a JSON content type).
 */
import type { Response } from 'express'

export const HAL_CONTENT_TYPE = 'application/hal+json;charset=utf-8'

export interface Link {
  href: string
  title?: string
  name?: string
  templated?: boolean
  [extra: string]: unknown
}

/** Sends `body` as HAL JSON with `status`; sets Location when given. */
export function sendHal(res: Response, status: number, body: unknown, location?: string): void {
  if (location) res.setHeader('Location', location)
  res.status(status).type(HAL_CONTENT_TYPE).send(JSON.stringify(body))
}

/** ISO-8601 in UTC with an explicit offset, as the Pact Broker formats timestamps: 2024-05-01T10:00:00+00:00. */
export function formatDate(date: Date | string): string {
  // toISOString always ends in '.sssZ' (slice, not a regular expression: a hub's answer formats hundreds of dates).
  return `${(date instanceof Date ? date : new Date(date)).toISOString().slice(0, -5)}+00:00`
}

/** Drops keys whose value is null or undefined (the Pact Broker omits null properties). */
export function compact<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>
}
