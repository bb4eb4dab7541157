/** The audit row of the route table: GET /audit (admin), with filters and keyset pagination (`from`). */
import { sendHal } from '../http/hal.js'
import { baseUrlOf } from '../http/links.js'
import type { Route } from '../http/route-table.js'
import { parse } from '../http/validate.js'
import { auditQuerySchema } from './audit.schemas.js'
import { toAuditResource } from './audit.serializers.js'
import { listAuditEvents } from './audit.service.js'

export const auditPath = '/audit'

export const auditRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: auditPath,
    access: 'admin',
    relations: [{ rel: 'concord:audit', title: 'The audit trail (admin)' }],
    handler: async (req, res, deps) => {
      const query = parse(auditQuerySchema, req.query, '#/query')
      const { events, nextFrom } = await listAuditEvents(deps, query)
      const self = new URL(`${baseUrlOf(req)}${req.originalUrl}`)
      let next: string | null = null
      if (nextFrom) {
        const url = new URL(self)
        url.searchParams.set('from', nextFrom)
        next = url.toString()
      }
      sendHal(res, 200, toAuditResource(events, self.toString(), next))
    },
  },
]
