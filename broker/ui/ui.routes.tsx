/**
 * @module ui
 * Pages for people, served at the broker's own URLs: a browser (Accept: text/html) gets a page where an API
 * client gets HAL, so a link printed by the CLI opens in a browser. Each page module calls the same services as
 * the HAL routes and renders typed JSX; none runs SQL. Client script only where interaction needs it (the map),
 * bundled at build time into dist/ui/ and served from `/ui/assets/` (no CDN).
 *
 * Pages a URL shares with the API answer only requests that prefer HTML (`next()` otherwise).
 */
import type { NextFunction, Request, Response } from 'express'
import type { VNode } from 'preact'
import type { BrokerDeps } from '../deps.js'
import { param, Router } from '../http/routing.js'
import { DomainError } from '../shared/errors.js'
import { loadAssetManifest, serveAsset } from './assets.js'
import { Layout, type PageContext, pageContext, prefersHtml, type Section, sendPage } from './page.js'
import { canIDeployPage } from './pages/can-i-deploy.js'
import { dashboardPage } from './pages/dashboard.js'
import { deprecationsPage } from './pages/deprecations.js'
import { environmentPage, environmentsPage } from './pages/environments.js'
import { integrationPage } from './pages/integration.js'
import { mapPage, sendMapGraph } from './pages/map.js'
import { pacticipantPage } from './pages/pacticipant.js'

export type PageHandler = (deps: BrokerDeps, req: Request, ctx: PageContext) => Promise<VNode>

export interface PageRoute {
  path: string
  section?: Section
  handler: PageHandler
  /** True when only the page lives at this path (no HAL resource), so any Accept gets it. */
  pageOnly?: boolean
}

/** Every page, by URL (documented in docs/ui.md). */
export const PAGE_ROUTES: readonly PageRoute[] = [
  { path: '/', section: 'dashboard', handler: dashboardPage },
  { path: '/map', section: 'map', handler: mapPage, pageOnly: true },
  { path: '/pacticipants/:name', handler: pacticipantPage },
  { path: '/integrations/provider/:provider/consumer/:consumer', handler: integrationPage, pageOnly: true },
  { path: '/pacts/provider/:provider/consumer/:consumer/latest', handler: integrationPage },
  { path: '/pacts/provider/:provider/consumer/:consumer/version/:consumerVersion', handler: integrationPage },
  { path: '/environments', section: 'environments', handler: environmentsPage },
  { path: '/environments/:uuid', section: 'environments', handler: environmentPage },
  { path: '/can-i-deploy', section: 'can-i-deploy', handler: canIDeployPage },
  { path: '/deprecations', section: 'deprecations', handler: deprecationsPage, pageOnly: true },
]

export function uiRoutes(deps: BrokerDeps): Router {
  const router = Router()
  const assets = loadAssetManifest()
  if (!assets.dir) deps.logger.warn('UI assets are not built (dist/ui/ is missing): pages render without styles or the map; run `npm run build`')

  router.get('/ui/assets/:file', (req, res) => serveAsset(assets, param(req, 'file'), res))
  router.get('/map/graph', (req, res) => sendMapGraph(deps, pageContext(req, assets), res))

  for (const route of PAGE_ROUTES) {
    router.get(route.path, async (req, res, next) => {
      if (!route.pageOnly && !prefersHtml(req)) return next()
      const ctx = pageContext(req, assets, route.section)
      ;(res.locals as Record<string, unknown>).uiPage = ctx
      sendPage(res, await route.handler(deps, req, ctx))
    })
  }

  // A page whose service refuses (an unknown pacticipant, a bad query) answers a person with a page, with the
  // same status the API would give; everything else goes on to the problem+json handler.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const ctx = (res.locals as Record<string, unknown>).uiPage as PageContext | undefined
    if (!ctx || !(error instanceof DomainError) || error.status >= 500) return next(error)
    sendPage(res, <ErrorPage ctx={ctx} title={error.title} detail={error.message} />, error.status)
  })
  return router
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
