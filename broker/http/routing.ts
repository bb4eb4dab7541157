/**
 * @module http/routing
 * Small helpers for handlers: typed reads of path parameters and query-string values.
 */
import { type Request, Router } from 'express'

/** A path parameter by name. Express decodes each segment once, so `%2F` inside a name survives as '/'. */
export function param(req: Request, name: string): string {
  const value = (req.params as Record<string, string | string[] | undefined>)[name]
  return Array.isArray(value) ? value.join('/') : (value ?? '')
}

/**
 * A first query-string value, or undefined. Express's simple parser returns arrays for repeated keys.
 */
export function queryValue(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name]
  if (Array.isArray(value)) return value.length ? String(value[value.length - 1]) : undefined
  return typeof value === 'string' ? value : undefined
}

export { Router }
