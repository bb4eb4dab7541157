/**
 * @module health
 * Liveness (`/diagnostic/status/heartbeat`, as the Pact Broker) and readiness
 * (`/diagnostic/status/dependencies`, which runs a query). Both need read access, as in the Pact Broker; with
 * PACT_BROKER_PUBLIC_HEARTBEAT anyone may call the heartbeat (auth/access.ts `effectiveLevel`), for load balancers.
 */
import { sql } from 'kysely'
import { sendHal } from '../http/hal.js'
import { baseUrlOf } from '../http/links.js'
import type { Route } from '../http/route-table.js'
import { ServiceUnavailableError } from '../shared/errors.js'

export const healthRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/diagnostic/status/heartbeat',
    access: 'read',
    handler: (req, res) => {
      sendHal(res, 200, { ok: true, _links: { self: { href: `${baseUrlOf(req)}/diagnostic/status/heartbeat` } } })
    },
  },
  {
    method: 'GET',
    path: '/diagnostic/status/dependencies',
    access: 'read',
    handler: async (req, res, { db }) => {
      try {
        await sql`select 1`.execute(db)
      } catch (error) {
        throw new ServiceUnavailableError(`The database did not answer: ${error instanceof Error ? error.message : String(error)}`)
      }
      // `database` at the top, as the Pact Broker answers (lib/pact_broker/diagnostic/resources/dependencies.rb).
      sendHal(res, 200, {
        ok: true,
        database: { ok: true },
        dependencies: { database: { ok: true } },
        _links: { self: { href: `${baseUrlOf(req)}/diagnostic/status/dependencies` } },
      })
    },
  },
]
