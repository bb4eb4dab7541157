/**
 * @module http/routing
 * Small helpers for route tables: a typed way to read path parameters and a 405 for methods a path lacks.
 */
import { type Request, type RequestHandler, Router } from 'express'
import { MethodNotAllowedError } from '../shared/errors.js'

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

/** Adds a 405 fallback to `path` on `router` for every method not in `allowed`. */
export function allowOnly(router: Router, path: string, allowed: string[]): void {
  const allowedWithHead = allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed
  const handler: RequestHandler = (req) => {
    throw new MethodNotAllowedError(allowedWithHead, `${req.method} is not supported on this resource; use ${allowed.join(', ')}`)
  }
  router.all(path, handler)
}

export { Router }
