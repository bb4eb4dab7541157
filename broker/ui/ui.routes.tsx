/**
 * @module ui
 * Pages for people, served at the broker's own URLs and listed in the route table (http/routes.ts) like every
 * other route. A page at a URL the API also serves is attached to that row as its `page` (a browser gets the
 * page, an API client the HAL, as before); pages with no API counterpart are rows of their own, all with read
 * access. Each page module calls the same services as the HAL routes and renders typed JSX; none runs SQL.
 * Client script only where interaction needs it (the map), bundled at build time into dist/ui/ and served from
 * `/ui/assets/` (no CDN).
 */
import type { VNode } from 'preact'
import type { BrokerDeps } from '../deps.js'
import type { ErrorRequestHandler } from 'express'
import { prefersHtml } from '../http/html.js'
import type { Handler, Route } from '../http/route-table.js'
import { param } from '../http/routing.js'
import { DomainError, ForbiddenError, NotAcceptableError, UnauthorizedError } from '../shared/errors.js'
import { loadAssetManifest, serveAsset } from './assets.js'
import { Layout, type PageContext, pageContext, type Section, sendPage } from './page.js'
import { auditPage } from './pages/audit.js'
import { canIDeployPage } from './pages/can-i-deploy.js'
import { dashboardPage } from './pages/dashboard.js'
import { deprecationsPage } from './pages/deprecations.js'
import { environmentPage, environmentsPage } from './pages/environments.js'
import { integrationPage } from './pages/integration.js'
import { mapPage, sendMapGraph } from './pages/map.js'
import { pacticipantPage } from './pages/pacticipant.js'
import { signIn, signInForm, signOut } from './pages/sign-in.js'
import { webhookPage, webhooksPage } from './pages/webhooks.js'

export type PageRender = (deps: BrokerDeps, req: Parameters<Handler>[0], ctx: PageContext) => Promise<VNode>

/**
 * A route handler that renders a page. A page whose service refuses (an unknown pacticipant, a bad question)
 * answers a browser with a page saying so and the status the API would give; anything else goes on to the
 * problem handler. A page-only row (`uiRoutes`) is reached by API clients too: one whose Accept rules HTML out
 * gets a 406 problem, and one that accepts anything (`*\/*`) gets the page but its errors as problem documents,
 * so no API client ever reads an HTML error.
 */
export function pageHandler(render: PageRender, section?: Section): Handler {
  return async (req, res, deps) => {
    const forPeople = prefersHtml(req)
    if (!forPeople && !req.accepts('text/html')) {
      throw new NotAcceptableError(
        `${req.path} is a page for people (text/html), and this request's Accept header (${req.headers.accept}) rules HTML out. Ask for text/html, or use the API: GET / lists its resources.`,
      )
    }
    const ctx = pageContext(req, loadAssetManifest(), section)
    let page: VNode
    try {
      page = await render(deps, req, ctx)
    } catch (error) {
      if (!forPeople || !(error instanceof DomainError) || error.status >= 500) throw error
      sendPage(res, <ErrorPage ctx={ctx} title={error.title} detail={error.message} />, error.status)
      return
    }
    sendPage(res, page)
  }
}

/** Pages at URLs the API serves too, by the table row's path. */
const PAGES_AT_API_URLS: Record<string, Handler> = {
  '/': pageHandler(dashboardPage, 'dashboard'),
  '/pacticipants/:pacticipant': pageHandler(pacticipantPage),
  '/pacts/provider/:provider/consumer/:consumer/latest': pageHandler(integrationPage),
  '/pacts/provider/:provider/consumer/:consumer/version/:consumerApplicationVersion': pageHandler(integrationPage),
  '/environments': pageHandler(environmentsPage, 'environments'),
  '/environments/:uuid': pageHandler(environmentPage, 'environments'),
  '/can-i-deploy': pageHandler(canIDeployPage, 'can-i-deploy'),
  '/audit': pageHandler(auditPage, 'audit'),
  '/webhooks': pageHandler(webhooksPage, 'webhooks'),
  '/webhooks/:uuid': pageHandler(webhookPage, 'webhooks'),
}

/** Pages (and their data and assets) that only people use: rows of their own. */
export const uiRoutes: Route[] = [
  { method: 'GET', path: '/map', access: 'read', handler: pageHandler(mapPage, 'map') },
  { method: 'GET', path: '/map/graph', access: 'read', handler: (req, res, deps) => sendMapGraph(deps, pageContext(req, loadAssetManifest()), req, res) },
  { method: 'GET', path: '/integrations/provider/:provider/consumer/:consumer', access: 'read', handler: pageHandler(integrationPage) },
  { method: 'GET', path: '/deprecations', access: 'read', handler: pageHandler(deprecationsPage, 'deprecations') },
  // Sign-in and sign-out are public: anyone may try; the handlers check credentials, CSRF tokens and origin.
  { method: 'GET', path: '/sign-in', access: 'public', handler: signInForm },
  { method: 'POST', path: '/sign-in', access: 'public', handler: signIn },
  { method: 'POST', path: '/sign-out', access: 'public', handler: signOut },
  // Public: the stylesheet and scripts hold no data, and the sign-in page needs them before anyone is signed in.
  { method: 'GET', path: '/ui/assets/:file', access: 'public', handler: (req, res) => serveAsset(loadAssetManifest(), param(req, 'file'), res) },
]

/**
 * The table with each page attached to the GET row of its URL. Throws at start-up if a page names a path no GET
 * row serves, so a page cannot silently lose its URL when a route moves.
 * @example export const ROUTES = withPages([...indexRoutes, ...pacticipantsRoutes, ...uiRoutes])
 */
export function withPages(routes: readonly Route[]): Route[] {
  const unmatched = new Set(Object.keys(PAGES_AT_API_URLS))
  const out = routes.map((route) => {
    const page = PAGES_AT_API_URLS[route.path]
    const isGet = route.method === 'GET' || (Array.isArray(route.method) && route.method.includes('GET'))
    if (!page || !isGet) return route
    unmatched.delete(route.path)
    return { ...route, page }
  })
  if (unmatched.size > 0) throw new Error(`Pages without a GET route: ${[...unmatched].join(', ')}`)
  return out
}

function ErrorPage({ ctx, title, detail }: { ctx: PageContext; title: string; detail: string }): VNode {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{detail}</p>
      <p>
        <a href={ctx.links.dashboard()}>Back to the dashboard</a>
      </p>
    </Layout>
  )
}

/**
 * A browser refused a page (GET/HEAD preferring HTML): an anonymous one is sent to sign in and brought back to the
 * page afterwards (303 to `/sign-in?next=…`); a signed-in one whose role is too low gets a page saying so (403).
 * API clients are untouched: they get the 401/403 problem as before.
 */
export const browserRefusals: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent || !(req.method === 'GET' || req.method === 'HEAD') || !prefersHtml(req)) return next(error)
  const ctx = pageContext(req, loadAssetManifest())
  if (error instanceof UnauthorizedError && req.authEnabled && !req.get('authorization')) {
    res.setHeader('Cache-Control', 'no-store')
    return res.redirect(303, ctx.links.signIn(req.originalUrl))
  }
  if (error instanceof ForbiddenError) {
    const who = ctx.viewer ? `You are signed in as ${ctx.viewer.name}, whose role is ${ctx.viewer.role}. ` : ''
    return sendPage(res, <ErrorPage ctx={ctx} title="Not allowed" detail={`${who}${error.message}`} />, 403)
  }
  next(error)
}
