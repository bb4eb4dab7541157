/**
 * @module health
 * Liveness (`/diagnostic/status/heartbeat`, as the Pact Broker) and readiness
 * (`/diagnostic/status/dependencies`, which runs a query).
 */
import { sql } from 'kysely'
import type { BrokerDeps } from '../deps.js'
import { sendHal } from '../http/hal.js'
import { baseUrlOf } from '../http/links.js'
import { Router } from '../http/routing.js'
import { ServiceUnavailableError } from '../shared/errors.js'

export function healthRoutes({ db }: BrokerDeps): Router {
  const router = Router()
  router.get('/diagnostic/status/heartbeat', (req, res) => {
    sendHal(res, 200, { ok: true, _links: { self: { href: `${baseUrlOf(req)}/diagnostic/status/heartbeat` } } })
  })
  router.get('/diagnostic/status/dependencies', async (req, res) => {
    try {
      await sql`select 1`.execute(db)
    } catch (error) {
      throw new ServiceUnavailableError(`The database did not answer: ${error instanceof Error ? error.message : String(error)}`)
    }
    sendHal(res, 200, { ok: true, dependencies: { database: { ok: true } }, _links: { self: { href: `${baseUrlOf(req)}/diagnostic/status/dependencies` } } })
  })
  return router
}
