/**
 * Every route the broker serves, read from the Express app itself (method and path template of each router
 * layer), so a suite that walks them covers routes added later without a list to keep up to date.
 *
 * @example for (const { method, path } of listRoutes(app)) ...
 */
import type { Express } from 'express'

export interface RouteEntry {
  /** Upper-case method, or 'ALL' for a fallback that answers every method (the 405 handlers). */
  method: string
  /** Express 5 path template: `:name` parameters, `{…}` optional parts, `*name` wildcards. */
  path: string
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> }
  handle?: { stack?: Layer[] }
}

export function listRoutes(app: Express): RouteEntry[] {
  const routes: RouteEntry[] = []
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) routes.push({ method: method === '_all' ? 'ALL' : method.toUpperCase(), path: layer.route.path })
      } else if (layer.handle?.stack) walk(layer.handle.stack)
    }
  }
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack)
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
