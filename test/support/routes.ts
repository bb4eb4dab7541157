/**
 * Every route the broker serves: each row of the route table (broker/http/routes.ts, pages included) with each of
 * its methods, and once more every path with 'ALL' (any method: the 405s). A suite that walks them
 * covers routes added later without a list of its own to keep up to date.
 *
 * @example for (const { method, path } of listRoutes()) ...
 */
import { methodsOf } from '../../broker/http/route-table.js'
import { ROUTES } from '../../broker/http/routes.js'

export interface RouteEntry {
  /** Upper-case method, or 'ALL' for "any method" (what the 405 fallbacks answer). */
  method: string
  /** Express 5 path template: `:name` parameters, `{…}` optional parts, `*name` wildcards. */
  path: string
}

export function listRoutes(): RouteEntry[] {
  const routes: RouteEntry[] = ROUTES.flatMap((route) => methodsOf(route).map((method) => ({ method, path: route.path })))
  for (const path of new Set(routes.map((r) => r.path))) routes.push({ method: 'ALL', path })
  return routes
}

/** The parameter names of a path template, in order (`:name` and `*name`). */
export function parameterNames(template: string): string[] {
  return [...template.matchAll(/[:*]([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!)
}

/**
 * A concrete path for `template`: each parameter replaced by `valueOf(name)` (already encoded), each optional
 * `{…}` part kept or dropped as `keepOptional` says.
 */
export function fillTemplate(template: string, valueOf: (name: string) => string, keepOptional: boolean): string {
  const withoutOptional = template.replace(/\{([^{}]*)\}/g, (_, inner: string) => (keepOptional ? inner : ''))
  return withoutOptional.replace(/[:*]([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => valueOf(name))
}
