/**
 * @module http/route-table
 * What a route row is, and how the table becomes an Express router. The table itself is `http/routes.ts`.
 *
 * A row is one resource method (or a few sharing a handler): the methods, the Express path, the access level
 * it needs, the handler, and the HAL relations the index advertises for it. Everything else is derived from
 * the rows: the router (with a 405 for methods a path lacks), the index `GET /`, the `/doc/{rel}` pages and
 * the access level a guard reads for the matched request (`routeOf(res)`).
 */
import type { Request, RequestHandler, Response } from 'express'
import type { BrokerDeps } from '../deps.js'
import { MethodNotAllowedError } from '../shared/errors.js'
import { prefersHtml } from './html.js'
import { Router } from './routing.js'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * Who may call a route, as the Pact Broker's policies count it:
 * - `public`: anyone (heartbeat, diagnostics, documentation pages);
 * - `read`: reads, and queries sent as POST (pacts for verification, the deprecation check);
 * - `write`: what CI writes (contracts, provider contracts, verification results, versions, branches, tags,
 *   deployments, releases, pacticipants, deprecation header reports);
 * - `admin`: environments' create/update/delete, deletes, and deprecation decisions (declare, edit, withdraw,
 *   accept, dismiss).
 */
export type Access = 'public' | 'read' | 'write' | 'admin'
export const ACCESS_LEVELS: readonly Access[] = ['public', 'read', 'write', 'admin']

/** A relation the index advertises for a row: `pb:pacticipant` → the row's path as a URI template. */
export interface Relation {
  rel: string
  title: string
  /** A template relative to the base URL when it is not the row's path (e.g. a query string), `{name}` for each variable. */
  href?: string
  /** HAL `name` of the link (the `beta:` alias names itself). */
  name?: string
}

export type Handler = (req: Request, res: Response, deps: BrokerDeps) => void | Promise<void>

export interface Route {
  method: Method | readonly Method[]
  /** Express 5 path syntax: `:name` for a segment, `{/optional/:part}` for an optional part. */
  path: string
  access: Access
  handler: Handler
  relations?: readonly Relation[]
  /**
   * The page a browser gets at this path (GET or HEAD whose Accept prefers text/html; broker/ui/). Everyone
   * else gets `handler`, so a URL the CLI prints opens as a page and API clients see no change.
   */
  page?: Handler
}

export function methodsOf(route: Route): readonly Method[] {
  return typeof route.method === 'string' ? [route.method] : route.method
}

const ROUTE_KEY = 'concordRoute'

/**
 * The row that matched this request, for guards that run before the handler (authentication, the access check).
 * @example if (routeOf(res)?.access === 'admin') requireAdmin(req)
 */
export function routeOf(res: Response): Route | undefined {
  return (res.locals as Record<string, unknown>)[ROUTE_KEY] as Route | undefined
}

/** A guard runs after the row is matched and before its handler; it throws a DomainError to refuse. */
export type Guard = (req: Request, res: Response, route: Route) => void | Promise<void>

/**
 * One Express router from the table. Rows are matched in table order by path; a path's first row wins for the
 * methods it lists, and a method no row of that path lists gets a 405 with `Allow`. HEAD runs the GET row.
 * @example app.use(mountRoutes(ROUTES, deps, { guards: [authorizeRoute(config.auth)] }))
 */
export function mountRoutes(routes: readonly Route[], deps: BrokerDeps, { guards = [] }: { guards?: readonly Guard[] } = {}): Router {
  const router = Router()
  for (const [path, rows] of groupByPath(routes)) {
    const byMethod = new Map<string, Route>()
    for (const row of rows) for (const method of methodsOf(row)) if (!byMethod.has(method)) byMethod.set(method, row)
    if (byMethod.has('GET')) byMethod.set('HEAD', byMethod.get('GET')!)
    const allowed = [...byMethod.keys()]
    const dispatch: RequestHandler = async (req, res) => {
      const row = byMethod.get(req.method)
      if (!row) {
        const listed = allowed.filter((m) => m !== 'HEAD')
        throw new MethodNotAllowedError(allowed, `${req.method} is not supported on this resource; use ${listed.join(', ')}`)
      }
      ;(res.locals as Record<string, unknown>)[ROUTE_KEY] = row
      for (const guard of guards) await guard(req, res, row)
      const wantsPage = row.page !== undefined && (req.method === 'GET' || req.method === 'HEAD') && prefersHtml(req)
      await (wantsPage ? row.page! : row.handler)(req, res, deps)
    }
    router.all(path, dispatch)
  }
  return router
}

function groupByPath(routes: readonly Route[]): Map<string, Route[]> {
  const groups = new Map<string, Route[]>()
  for (const row of routes) groups.set(row.path, [...(groups.get(row.path) ?? []), row])
  return groups
}

/** `/pacticipants/:pacticipant` → `/pacticipants/{pacticipant}`; a relation row cannot have optional parts. */
export function pathTemplate(path: string): string {
  if (/[{}*]/.test(path)) throw new Error(`A relation on ${path} needs an explicit href: the path has optional or wildcard parts`)
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
}

export interface AdvertisedRelation extends Relation {
  href: string
  route: Route
}

/** Every relation the table advertises, in table order, with its href template relative to the base URL. */
export function relationsOf(routes: readonly Route[]): AdvertisedRelation[] {
  return routes.flatMap((route) => (route.relations ?? []).map((relation) => ({ ...relation, href: relation.href ?? pathTemplate(route.path), route })))
}
