/**
 * @module app
 * Builds the Express app from its dependencies; never listens and never reads the environment (main.ts does).
 * Order: request id and log line (http/request-log.ts) → security headers → request guards (Host, URL, NUL) →
 * base URL → request context (auth/) → JSON body parsing (URL-encoded for the UI's forms; unstorable text check)
 * → authentication (header, else the UI's session cookie and its CSRF checks) → the route table (the access
 * guard, then the handler, or the row's page for a browser) → 404 → sign-in redirect or refusal page for a
 * browser → audit of failed writes → problem+json error handler.
 */
import express, { type Express } from 'express'
import { auditFailedWrites, auditUnrecordedWrites } from './audit/audit-trail.js'
import { authenticateRequest, authorizeRoute, openRequestContext, reenterRequestContext } from './auth/authentication.js'
import { createFailureLimiter } from './auth/failure-limiter.js'
import type { BrokerDeps } from './deps.js'
import { setBaseUrl } from './http/links.js'
import { notFoundHandler, problemHandler } from './http/problems.js'
import { mountRoutes } from './http/route-table.js'
import { rejectMalformedRequests, rejectUnstorableJsonBodies } from './http/request-guards.js'
import { requestLog } from './http/request-log.js'
import { ROUTES } from './http/routes.js'
import { securityHeaders } from './http/security-headers.js'
import { createMetrics } from './metrics/metrics.js'
import { webhookQueueStats } from './metrics/metrics.service.js'
import { isJsonContentType, requireJsonBodies } from './http/validate.js'
import { FORM_PATHS, isFormPost } from './ui/forms.js'
import { MapLayout } from './ui/map-layout.js'
import { browserRefusals } from './ui/ui.routes.js'

export type { BrokerDeps } from './deps.js'

/** @example const app = createApp({ db, config, logger, clock, events, schemaDiff: new SchemaDiffRunner() }); app.listen(9292) */
export function createApp(given: BrokerDeps): Express {
  // Every app has its own metrics registry (never prom-client's global one) and map layout cache: the caller's, else new ones.
  const deps: BrokerDeps = {
    ...given,
    metrics: given.metrics ?? createMetrics({ events: given.events, webhookQueue: () => webhookQueueStats(given.db) }),
    mapLayout: given.mapLayout ?? new MapLayout(),
    authFailures: given.authFailures ?? createFailureLimiter(given.config.auth.failureLimit, given.config.auth.failureWindowSeconds),
  }
  const metrics = deps.metrics!
  const app = express()
  app.disable('x-powered-by')
  // Forwarded headers only from the proxies CONCORD_TRUST_PROXY names (none by default): they become every link.
  app.set('trust proxy', deps.config.http.trustProxy)
  // Routes compare names case-sensitively, as the Pact Broker does by default.
  app.set('case sensitive routing', true)
  app.set('strict routing', false)
  // No ETag computed over every body (Express's default, a SHA-1 of the whole answer: about 1 ms for a hub's 470 KB
  // can-i-deploy answer): the Pact Broker sends none and its clients send no If-None-Match. The map's graph sets
  // its own (ui/map-layout.ts), and a matching If-None-Match still gets its 304.
  app.set('etag', false)

  // First, so that every answer (a refused request too) has its id and its log line.
  app.use(requestLog({ logger: deps.logger, onFinish: (request) => metrics.observeRequest(request) }))
  app.use(securityHeaders)
  app.use(rejectMalformedRequests)
  app.use((req, _res, next) => {
    setBaseUrl(req, deps.config.http.baseUrl)
    next()
  })
  // Who is calling and from where, for the whole request (auth/authentication.ts); the audit trail reads it.
  const { auth } = deps.config
  app.use(openRequestContext)
  app.use(auditUnrecordedWrites(deps))
  // The UI's forms (sign-in, sign-out) post URL-encoded bodies; everything else takes JSON only.
  app.use((req, res, next) => (isFormPost(req) ? next() : requireJsonBodies(req, res, next)))
  app.use(FORM_PATHS, express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }))
  app.use(express.json({ limit: deps.config.http.bodyLimitBytes, strict: false, type: (req) => isJsonContentType(req.headers['content-type']) }))
  app.use(rejectUnstorableJsonBodies)
  app.use(reenterRequestContext)
  app.use(authenticateRequest({ db: deps.db, clock: deps.clock, logger: deps.logger, auth, limiter: deps.authFailures! }))
  // Every route comes from the one table (http/routes.ts); its access level is checked once a row has matched.
  app.use(mountRoutes(ROUTES, deps, { guards: [authorizeRoute(auth)] }))

  app.use(notFoundHandler)
  // A browser refused a page goes to the sign-in page (anonymous) or gets a page saying why (role too low).
  app.use(browserRefusals)
  app.use(auditFailedWrites(deps))
  app.use(problemHandler(deps.logger))
  return app
}
