/**
 * `GET|POST /pacts/provider/{provider}/for-verification` (`pb:provider-pacts-for-verification`).
 * The verifier GETs the resource for its `_links.self`, then POSTs the selectors to it. The GET answers with
 * the pacts the default selectors pick.
 */
import type { BrokerDeps } from '../../deps.js'
import { sendHal } from '../../http/hal.js'
import { linksFor } from '../../http/links.js'
import { allowOnly, param, Router } from '../../http/routing.js'
import { jsonBody, parse } from '../../http/validate.js'
import { pactsForVerificationSchema, toQuery } from './for-verification.schemas.js'
import { toPactsForVerificationResource } from './for-verification.serializers.js'
import { findPactsForVerification } from './for-verification.service.js'

const PATH = '/pacts/provider/:provider/for-verification'

export function forVerificationRoutes(deps: BrokerDeps): Router {
  const router = Router()

  router.get(PATH, async (req, res) => {
    const result = await findPactsForVerification(deps, param(req, 'provider'), toQuery({}))
    sendHal(res, 200, toPactsForVerificationResource(result, linksFor(req)))
  })
  router.post(PATH, async (req, res) => {
    const query = toQuery(parse(pactsForVerificationSchema, jsonBody(req)))
    const result = await findPactsForVerification(deps, param(req, 'provider'), query)
    sendHal(res, 200, toPactsForVerificationResource(result, linksFor(req)))
  })
  allowOnly(router, PATH, ['GET', 'POST'])

  return router
}
