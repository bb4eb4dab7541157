/**
 * `GET|POST /pacts/provider/{provider}/for-verification` (`pb:provider-pacts-for-verification`).
 * The verifier GETs the resource for its `_links.self`, then POSTs the selectors to it. The GET answers with
 * the pacts the default selectors pick. The POST is a query, so it needs read access only.
 */
import { sendHal } from '../../http/hal.js'
import { linksFor } from '../../http/links.js'
import type { Route } from '../../http/route-table.js'
import { jsonBody, parse } from '../../http/validate.js'
import { param } from '../../http/routing.js'
import { pactsForVerificationSchema, toQuery } from './for-verification.schemas.js'
import { toPactsForVerificationResource } from './for-verification.serializers.js'
import { findPactsForVerification } from './for-verification.service.js'

const PATH = '/pacts/provider/:provider/for-verification'

export const forVerificationRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: PATH,
    access: 'read',
    relations: [
      { rel: 'pb:provider-pacts-for-verification', title: 'Pact versions to be verified for the specified provider' },
      { rel: 'beta:provider-pacts-for-verification', name: 'beta', title: 'DEPRECATED - please use pb:provider-pacts-for-verification' },
    ],
    handler: async (req, res, deps) => {
      const result = await findPactsForVerification(deps, param(req, 'provider'), toQuery({}))
      sendHal(res, 200, toPactsForVerificationResource(result, linksFor(req)))
    },
  },
  {
    method: 'POST',
    path: PATH,
    access: 'read',
    handler: async (req, res, deps) => {
      const query = toQuery(parse(pactsForVerificationSchema, jsonBody(req)))
      const result = await findPactsForVerification(deps, param(req, 'provider'), query)
      sendHal(res, 200, toPactsForVerificationResource(result, linksFor(req)))
    },
  },
]
