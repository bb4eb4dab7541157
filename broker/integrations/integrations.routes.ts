/**
 * @module integrations
 * The Pact Broker's integration deletes: one consumer/provider pair, or every integration. Both `admin`. The
 * overview of integrations is read by the UI's pages (broker/ui/), which call integrations.service directly.
 */
import type { Route } from '../http/route-table.js'
import { param } from '../http/routing.js'
import { deleteAllIntegrations, deleteIntegration } from './integrations.service.js'

export const integrationsRoutes: readonly Route[] = [
  {
    method: 'DELETE',
    path: '/integrations',
    access: 'admin',
    handler: async (_req, res, deps) => {
      await deleteAllIntegrations(deps)
      res.status(204).end()
    },
  },
  {
    method: 'DELETE',
    path: '/integrations/provider/:provider/consumer/:consumer',
    access: 'admin',
    handler: async (req, res, deps) => {
      await deleteIntegration(deps, param(req, 'provider'), param(req, 'consumer'))
      res.status(204).end()
    },
  },
]
