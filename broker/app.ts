/**
 * @module app
 * Builds the Express app from its dependencies; never listens and never reads the environment (main.ts does).
 * Order: base URL → JSON body parsing → the route table (guards such as the write gate, then the handler, or the
 * row's page for a browser) → 404 → problem+json error handler.
 */
import express, { type Express } from 'express'
import { writeGate } from './auth/write-gate.js'
import type { BrokerDeps } from './deps.js'
import { setBaseUrl } from './http/links.js'
import { notFoundHandler, problemHandler } from './http/problems.js'
import { mountRoutes } from './http/route-table.js'
import { ROUTES } from './http/routes.js'
import { isJsonContentType, requireJsonBodies } from './http/validate.js'

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
  // Every route comes from the one table (http/routes.ts); the write gate runs once a row has matched.
  app.use(mountRoutes(ROUTES, deps, { guards: [writeGate({ events: deps.events })] }))

  app.use(notFoundHandler)
  app.use(problemHandler(deps.logger))
  return app
}
