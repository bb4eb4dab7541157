/**
 * Verification routes: publish a result to a pact version (the pact's `pb:publish-verification-results`,
 * which keeps the `/metadata/{m}` segment), read one back by number, and the latest for a pact version.
 */
import type { Request } from 'express'
import { verificationNotices } from '../deprecations/deprecations.service.js'
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import type { Route } from '../http/route-table.js'
import { param } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import { verificationSchema } from './verifications.schemas.js'
import { toVerificationResource, verificationUrl } from './verifications.serializers.js'
import * as verifications from './verifications.service.js'

const RESULTS = '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha{/metadata/:metadata}/verification-results'

const pactOf = (req: Request) => ({ provider: param(req, 'provider'), consumer: param(req, 'consumer'), sha: param(req, 'sha') })

export const verificationsRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: RESULTS,
    access: 'write',
    handler: async (req, res, deps) => {
      const input = parse(verificationSchema, jsonBody(req))
      const verification = await verifications.publishVerification(
        deps,
        { ...pactOf(req), metadata: param(req, 'metadata') || undefined },
        input,
        linksFor(req).base,
      )
      // Deprecated items of the provider that the verified pact uses (the verifier ignores `notices`; people and our library read it).
      const [notices] = await verificationNotices(deps, verification.provider.id, [
        { pactVersionId: verification.pactVersionId, consumer: verification.consumer.name },
      ])
      const links = linksFor(req)
      // Only when there are any, so the response otherwise stays the resource GET returns.
      sendHal(res, 201, { ...toVerificationResource(verification, links), ...(notices?.length ? { notices } : {}) }, verificationUrl(verification, links))
    },
  },
  {
    method: 'GET',
    path: `${RESULTS}/latest`,
    access: 'read',
    handler: async (req, res, deps) => {
      sendHal(res, 200, toVerificationResource(await verifications.getLatestVerification(deps, pactOf(req)), linksFor(req)))
    },
  },
  {
    method: 'GET',
    path: `${RESULTS}/:number`,
    access: 'read',
    handler: async (req, res, deps) => {
      sendHal(res, 200, toVerificationResource(await verifications.getVerification(deps, pactOf(req), param(req, 'number')), linksFor(req)))
    },
  },
  {
    method: 'DELETE',
    path: `${RESULTS}/:number`,
    access: 'admin',
    handler: async (req, res, deps) => {
      await verifications.deleteVerification(deps, pactOf(req), param(req, 'number'))
      res.status(204).end()
    },
  },
]
