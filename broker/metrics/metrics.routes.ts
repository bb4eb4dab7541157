/**
 * @module metrics/routes
 * `GET /metrics`: Prometheus text (prom-client's exposition of the app's own registry) by default and for
 * Prometheus' Accept header; the Pact Broker's JSON resource counts when the client asks for JSON
 * (`Accept: application/json` or `application/hal+json`), as dashboards built for the Pact Broker do.
 *
 * Access `read`, as the Pact Broker's metrics policy: counts and names of routes are no secret from someone who
 * may read the pacts, but they are not public. Prometheus sends credentials with `basic_auth` or
 * `authorization` in its scrape config.
 */
import { sendHal } from '../http/hal.js'
import type { Route } from '../http/route-table.js'
import { resourceMetrics } from './metrics.service.js'

const FORMATS = ['text/plain', 'application/openmetrics-text', 'application/hal+json', 'application/json']

export const metricsRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/metrics',
    access: 'read',
    relations: [{ rel: 'pb:metrics', title: 'Get Pact Broker metrics' }],
    handler: async (req, res, { db, metrics }) => {
      const wanted = req.accepts(FORMATS)
      if (wanted === 'application/hal+json' || wanted === 'application/json') {
        sendHal(res, 200, await resourceMetrics({ db }))
        return
      }
      const registry = metrics!.registry
      res
        .status(200)
        .type(registry.contentType)
        .send(await registry.metrics())
    },
  },
]
