/**
 * Verification routes: publish a result to a pact version (the pact's `pb:publish-verification-results`,
 * which keeps the `/metadata/{m}` segment), read one back by number, and the latest for a pact version.
 */
import type { BrokerDeps } from '../deps.js'
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import { allowOnly, param, Router } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import { verificationSchema } from './verifications.schemas.js'
import { toVerificationResource, verificationUrl } from './verifications.serializers.js'
import * as verifications from './verifications.service.js'

const RESULTS = '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha{/metadata/:metadata}/verification-results'

export function verificationsRoutes(deps: BrokerDeps): Router {
  const router = Router()
  const pactOf = (req: Parameters<typeof param>[0]) => ({ provider: param(req, 'provider'), consumer: param(req, 'consumer'), sha: param(req, 'sha') })

  router.post(RESULTS, async (req, res) => {
    const input = parse(verificationSchema, jsonBody(req))
    const verification = await verifications.publishVerification(deps, { ...pactOf(req), metadata: param(req, 'metadata') || undefined }, input)
    const links = linksFor(req)
    sendHal(res, 201, toVerificationResource(verification, links), verificationUrl(verification, links))
  })
  allowOnly(router, RESULTS, ['POST'])

  router.get(`${RESULTS}/latest`, async (req, res) => {
    sendHal(res, 200, toVerificationResource(await verifications.getLatestVerification(deps, pactOf(req)), linksFor(req)))
  })
  allowOnly(router, `${RESULTS}/latest`, ['GET'])

  router.get(`${RESULTS}/:number`, async (req, res) => {
    sendHal(res, 200, toVerificationResource(await verifications.getVerification(deps, pactOf(req), param(req, 'number')), linksFor(req)))
  })
  allowOnly(router, `${RESULTS}/:number`, ['GET'])

  return router
}
