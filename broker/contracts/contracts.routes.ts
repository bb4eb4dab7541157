/**
 * Contract routes: publishing (`POST /contracts/publish`, legacy `PUT|PATCH …/version/{v}`), fetching a pact
 * (by consumer version, latest, latest for a tag or branch, by content SHA with optional metadata) and the
 * pact listings the CLI and the legacy verifier source read.
 */
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import { allowOnly, param, Router } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import * as contracts from './contracts.service.js'
import type { ContractsDeps } from './contracts.service.js'
import { parseLegacyPact, publishContractsSchema, toPublishContractsInput } from './contracts.schemas.js'
import { forVerificationRoutes } from './for-verification/for-verification.routes.js'
import {
  pactUrl,
  toLatestPactsResource,
  toPactResource,
  toPactVersionResource,
  toProviderPactsResource,
  toPublishContractsResource,
} from './contracts.serializers.js'

const PAIR = '/pacts/provider/:provider/consumer/:consumer'

/** `deps.publishNoticeProviders` (optional) add notices to publish responses; see contracts.service.ts. */
export function contractsRoutes(deps: ContractsDeps): Router {
  const router = Router()

  router.post('/contracts/publish', async (req, res) => {
    const input = toPublishContractsInput(parse(publishContractsSchema, jsonBody(req)))
    const links = linksFor(req)
    const result = await contracts.publishContracts(deps, input, (pact) => pactUrl(pact, links))
    sendHal(res, 200, toPublishContractsResource(result, links))
  })
  allowOnly(router, '/contracts/publish', ['POST'])

  // Legacy publish: PUT replaces, PATCH merges; both refuse changed content unless modification is allowed.
  for (const method of ['put', 'patch'] as const) {
    router[method](`${PAIR}/version/:consumerVersion`, async (req, res) => {
      const path = { provider: param(req, 'provider'), consumer: param(req, 'consumer') }
      const content = parseLegacyPact(jsonBody(req), path)
      const { pact, created } = await contracts.publishPact(deps, {
        ...path,
        consumerVersion: param(req, 'consumerVersion'),
        content,
        onConflict: method === 'patch' ? 'merge' : 'overwrite',
      })
      const links = linksFor(req)
      sendHal(res, created ? 201 : 200, toPactResource(pact, links), created ? pactUrl(pact, links) : undefined)
    })
  }
  router.get(`${PAIR}/version/:consumerVersion`, async (req, res) => {
    const pact = await contracts.getPactForConsumerVersion(deps, param(req, 'provider'), param(req, 'consumer'), param(req, 'consumerVersion'))
    sendHal(res, 200, toPactResource(pact, linksFor(req)))
  })
  allowOnly(router, `${PAIR}/version/:consumerVersion`, ['GET', 'PUT', 'PATCH'])

  router.get(`${PAIR}/latest`, async (req, res) => {
    const pact = await contracts.getLatestPact(deps, param(req, 'provider'), param(req, 'consumer'))
    sendHal(res, 200, toPactResource(pact, linksFor(req)))
  })
  allowOnly(router, `${PAIR}/latest`, ['GET'])
  router.get(`${PAIR}/latest/:tag`, async (req, res) => {
    const pact = await contracts.getLatestPact(deps, param(req, 'provider'), param(req, 'consumer'), { tag: param(req, 'tag') })
    sendHal(res, 200, toPactResource(pact, linksFor(req)))
  })
  allowOnly(router, `${PAIR}/latest/:tag`, ['GET'])
  router.get(`${PAIR}/branch/:branch/latest`, async (req, res) => {
    const pact = await contracts.getLatestPact(deps, param(req, 'provider'), param(req, 'consumer'), { branch: param(req, 'branch') })
    sendHal(res, 200, toPactResource(pact, linksFor(req)))
  })
  allowOnly(router, `${PAIR}/branch/:branch/latest`, ['GET'])

  router.get(`${PAIR}/pact-version/:sha{/metadata/:metadata}`, async (req, res) => {
    const metadata = param(req, 'metadata') || undefined
    const found = await contracts.getPactByContent(deps, param(req, 'provider'), param(req, 'consumer'), param(req, 'sha'))
    sendHal(res, 200, toPactVersionResource(found, metadata, linksFor(req)))
  })
  allowOnly(router, `${PAIR}/pact-version/:sha{/metadata/:metadata}`, ['GET'])

  router.get('/pacts/latest', async (req, res) => {
    sendHal(res, 200, toLatestPactsResource(await contracts.listLatestPacts(deps), linksFor(req)))
  })
  allowOnly(router, '/pacts/latest', ['GET'])

  router.get('/pacts/provider/:provider', async (req, res) => {
    const { provider, pacts } = await contracts.listPactsForProvider(deps, param(req, 'provider'))
    const links = linksFor(req)
    sendHal(
      res,
      200,
      toProviderPactsResource(
        provider.name,
        pacts,
        { href: links.providerPacts(provider.name), title: `All pact versions for the provider ${provider.name}` },
        links,
      ),
    )
  })
  allowOnly(router, '/pacts/provider/:provider', ['GET'])
  router.get('/pacts/provider/:provider/latest', async (req, res) => {
    const { provider, pacts } = await contracts.listLatestPactsForProvider(deps, param(req, 'provider'))
    const links = linksFor(req)
    sendHal(
      res,
      200,
      toProviderPactsResource(
        provider.name,
        pacts,
        { href: links.latestProviderPacts(provider.name), title: `Latest pact versions for the provider ${provider.name}` },
        links,
      ),
    )
  })
  allowOnly(router, '/pacts/provider/:provider/latest', ['GET'])
  router.get('/pacts/provider/:provider/latest/:tag', async (req, res) => {
    const tag = param(req, 'tag')
    const { provider, pacts } = await contracts.listLatestPactsForProvider(deps, param(req, 'provider'), { tag })
    const links = linksFor(req)
    sendHal(
      res,
      200,
      toProviderPactsResource(
        provider.name,
        pacts,
        {
          href: links.latestProviderPacts(provider.name, tag),
          title: `Latest pact versions for the provider ${provider.name} with consumer version tag '${tag}'`,
        },
        links,
      ),
    )
  })
  allowOnly(router, '/pacts/provider/:provider/latest/:tag', ['GET'])

  // CLI get-pacts (§12.2): `/branch` = each consumer's main branch; `/branch/latest` = latest of those.
  const branchRoutes: { path: string; branch: (req: Parameters<typeof param>[0]) => string | null; latest: boolean }[] = [
    { path: '/pacts/provider/:provider/branch', branch: () => null, latest: false },
    { path: '/pacts/provider/:provider/branch/latest', branch: () => null, latest: true },
    { path: '/pacts/provider/:provider/branch/:branch/latest', branch: (req) => param(req, 'branch'), latest: true },
    { path: '/pacts/provider/:provider/branch/:branch', branch: (req) => param(req, 'branch'), latest: false },
  ]
  for (const route of branchRoutes) {
    router.get(route.path, async (req, res) => {
      const branch = route.branch(req)
      const { provider, pacts } = await contracts.listPactsForProviderBranch(deps, param(req, 'provider'), { branch, latest: route.latest })
      const which = branch === null ? "each consumer's main branch" : `consumer branch '${branch}'`
      const links = linksFor(req)
      sendHal(
        res,
        200,
        toProviderPactsResource(
          provider.name,
          pacts,
          { href: `${links.base}${req.path}`, title: `${route.latest ? 'Latest pacts' : 'Pacts'} for provider ${provider.name} from ${which}` },
          links,
        ),
      )
    })
    allowOnly(router, route.path, ['GET'])
  }

  // CLI get-pacts --consumer: every pact of one consumer's branch (its main branch when none is named). As in
  // the Pact Broker, `…/branch/latest` names a branch called 'latest'; `…/branch/{b}/latest` is a pact document.
  for (const path of [`${PAIR}/branch`, `${PAIR}/branch/:branch`]) {
    router.get(path, async (req, res) => {
      const branch = param(req, 'branch') || null
      const { provider, pacts } = await contracts.listPactsForProviderBranch(deps, param(req, 'provider'), {
        branch,
        latest: false,
        consumer: param(req, 'consumer'),
      })
      const which = branch === null ? 'main branch' : `branch '${branch}'`
      const links = linksFor(req)
      sendHal(
        res,
        200,
        toProviderPactsResource(
          provider.name,
          pacts,
          { href: `${links.base}${req.path}`, title: `Pacts for provider ${provider.name} from consumer ${param(req, 'consumer')}'s ${which}` },
          links,
        ),
      )
    })
    allowOnly(router, path, ['GET'])
  }

  // Pacts for verification (`/pacts/provider/{p}/for-verification`), built in for-verification/.
  router.use(forVerificationRoutes(deps))

  return router
}
