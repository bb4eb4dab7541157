/**
 * @module app
 * Builds the Express app from its dependencies; never listens and never reads the environment (main.ts does).
 * Order: base URL → JSON body parsing → write gate → domain routers → 404 → problem+json error handler.
 */
import express, { type Express } from 'express'
import { writeGate } from './auth/write-gate.js'
import { contractsRoutes } from './contracts/contracts.routes.js'
import { deprecationsRoutes } from './deprecations/deprecations.routes.js'
import { deprecationPublishNotices } from './deprecations/publish-notices.js'
import type { BrokerDeps } from './deps.js'
import { environmentsRoutes } from './environments/environments.routes.js'
import { healthRoutes } from './health/health.routes.js'
import { setBaseUrl } from './http/links.js'
import { notFoundHandler, problemHandler } from './http/problems.js'
import { isJsonContentType, requireJsonBodies } from './http/validate.js'
import { indexRoutes } from './index/index.routes.js'
import { matrixRoutes } from './matrix/matrix.routes.js'
import { pacticipantsRoutes } from './pacticipants/pacticipants.routes.js'
import { providerContractsRoutes } from './provider-contracts/provider-contracts.routes.js'
import { uiRoutes } from './ui/ui.routes.js'
import { verificationsRoutes } from './verifications/verifications.routes.js'
import { versionsRoutes } from './versions/versions.routes.js'

export type { BrokerDeps } from './deps.js'

/** @example const app = createApp({ db, config, logger, clock, events }); app.listen(9292) */
export function createApp(deps: BrokerDeps): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', true)
  // Routes compare names case-sensitively, as the Pact Broker does by default.
  app.set('case sensitive routing', true)
  app.set('strict routing', false)

  app.use((req, _res, next) => {
    setBaseUrl(req, deps.config.http.baseUrl)
    next()
  })
  app.use(requireJsonBodies)
  app.use(express.json({ limit: deps.config.http.bodyLimitBytes, strict: false, type: (req) => isJsonContentType(req.headers['content-type']) }))
  app.use(writeGate({ events: deps.events }))

  // Publications also get notices about deprecated items they use (broker/deprecations/publish-notices.ts).
  const withDeprecationNotices = (d: BrokerDeps) => contractsRoutes({ ...d, publishNoticeProviders: [deprecationPublishNotices] })
  for (const routes of [
    // Pages first: at a URL the API shares, only a request preferring text/html gets the page (broker/ui/).
    uiRoutes,
    indexRoutes,
    healthRoutes,
    pacticipantsRoutes,
    versionsRoutes,
    withDeprecationNotices,
    verificationsRoutes,
    environmentsRoutes,
    matrixRoutes,
    deprecationsRoutes,
    providerContractsRoutes,
  ]) {
    app.use(routes(deps))
  }

  app.use(notFoundHandler)
  app.use(problemHandler(deps.logger))
  return app
}
