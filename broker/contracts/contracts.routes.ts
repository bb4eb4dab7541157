/**
 * Contract routes: publishing (`POST /contracts/publish`, legacy `PUT|PATCH …/version/{v}`), fetching a pact
 * (by consumer version, latest, latest for a tag or branch, by content SHA with optional metadata) and the
 * pact listings the CLI, the legacy verifier source and the index's relations read. Pacts for verification
 * are in for-verification/for-verification.routes.ts.
 */
import type { Request, Response } from 'express'
import type { BrokerDeps } from '../deps.js'
import { sendHal } from '../http/hal.js'
import { type Links, linksFor } from '../http/links.js'
import type { Route } from '../http/route-table.js'
import { param } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import type { Pact } from './contract.js'
import * as contracts from './contracts.service.js'
import type { PublishNoticeProvider } from './contracts.service.js'
import { parseLegacyPact, publishContractsSchema, toPublishContractsInput } from './contracts.schemas.js'
import {
  pactUrl,
  toLatestPactsResource,
  toPactResource,
  toPactVersionResource,
  toProviderPactsResource,
  toPublishContractsResource,
} from './contracts.serializers.js'

const PAIR = '/pacts/provider/:provider/consumer/:consumer'
const PROVIDER = '/pacts/provider/:provider'

function publishPact(onConflict: 'overwrite' | 'merge') {
  return async (req: Request, res: Response, deps: BrokerDeps) => {
    const path = { provider: param(req, 'provider'), consumer: param(req, 'consumer') }
    const content = parseLegacyPact(jsonBody(req), path)
    const consumerVersion = param(req, 'consumerApplicationVersion')
    const links = linksFor(req)
    const { pact, created } = await contracts.publishPact(deps, { ...path, consumerVersion, content, onConflict, baseUrl: links.base })
    sendHal(res, created ? 201 : 200, toPactResource(pact, links), created ? pactUrl(pact, links) : undefined)
  }
}

/**
 * The Pact Broker's answer to a pact delete: 200 with links to the index and to the pair's latest pact, if one
 * is left (`pact_resource_methods.rb` `set_post_deletion_response`).
 */
function deletePacts(which: (req: Request) => contracts.PactDeletion) {
  return async (req: Request, res: Response, deps: BrokerDeps) => {
    const provider = param(req, 'provider')
    const consumer = param(req, 'consumer')
    const { latest } = await contracts.deletePacts(deps, provider, consumer, which(req))
    const links = linksFor(req)
    sendHal(res, 200, {
      _links: {
        index: { href: links.index() },
        ...(latest ? { 'pb:latest-pact-version': { href: links.latestPact(provider, consumer), title: 'Latest pact' } } : {}),
      },
    })
  }
}

type PactList = (req: Request, deps: BrokerDeps) => Promise<{ pacts: Pact[]; provider: { name: string } }>

/** A list of pacts of one provider; `self` is the request's own URL unless `href` builds it from the provider's name. */
function providerPactsHandler(
  list: PactList,
  title: (req: Request, provider: string) => string,
  href?: (links: Links, provider: string, req: Request) => string,
) {
  return async (req: Request, res: Response, deps: BrokerDeps) => {
    const { provider, pacts } = await list(req, deps)
    const links = linksFor(req)
    const self = { href: href ? href(links, provider.name, req) : `${links.base}${req.path}`, title: title(req, provider.name) }
    sendHal(res, 200, toProviderPactsResource(provider.name, pacts, self, links))
  }
}

/** Pacts of one consumer for the provider from a branch (the consumer's main branch when `branch` is null). */
const pairBranchPacts = (branch: (req: Request) => string | null, latest: boolean) =>
  providerPactsHandler(
    (req, deps) => contracts.listPactsForProviderBranch(deps, param(req, 'provider'), { branch: branch(req), latest, consumer: param(req, 'consumer') }),
    (req, provider) => {
      const name = branch(req)
      const which = name === null ? 'main branch' : `branch '${name}'`
      return `${latest ? 'Latest pact' : 'Pacts'} for provider ${provider} from consumer ${param(req, 'consumer')}'s ${which}`
    },
  )

/** Pacts of every consumer for the provider from a branch (each consumer's main branch when `branch` is null). */
const providerBranchPacts = (branch: (req: Request) => string | null, latest: boolean) =>
  providerPactsHandler(
    (req, deps) => contracts.listPactsForProviderBranch(deps, param(req, 'provider'), { branch: branch(req), latest }),
    (req, provider) => {
      const name = branch(req)
      const which = name === null ? "each consumer's main branch" : `consumer branch '${name}'`
      return `${latest ? 'Latest pacts' : 'Pacts'} for provider ${provider} from ${which}`
    },
  )

const mainBranch = () => null
const namedBranch = (req: Request) => param(req, 'branch')

/** `publishNoticeProviders` add notices to publish responses (the deprecations domain's, wired in http/routes.ts). */
export function contractsRoutes(publishNoticeProviders: readonly PublishNoticeProvider[] = []): Route[] {
  return [
    {
      method: 'POST',
      path: '/contracts/publish',
      access: 'write',
      relations: [{ rel: 'pb:publish-contracts', title: 'Publish contracts' }],
      handler: async (req, res, deps) => {
        const input = toPublishContractsInput(parse(publishContractsSchema, jsonBody(req)))
        const links = linksFor(req)
        const result = await contracts.publishContracts({ ...deps, publishNoticeProviders }, input, (pact) => pactUrl(pact, links), links.base)
        sendHal(res, 200, toPublishContractsResource(result, links))
      },
    },

    // Legacy publish: PUT replaces, PATCH merges; both refuse changed content unless modification is allowed.
    {
      method: 'GET',
      path: `${PAIR}/version/:consumerApplicationVersion`,
      access: 'read',
      handler: async (req, res, deps) => {
        const pact = await contracts.getPactForConsumerVersion(deps, param(req, 'provider'), param(req, 'consumer'), param(req, 'consumerApplicationVersion'))
        sendHal(res, 200, toPactResource(pact, linksFor(req)))
      },
    },
    {
      method: 'PUT',
      path: `${PAIR}/version/:consumerApplicationVersion`,
      access: 'write',
      relations: [{ rel: 'pb:publish-pact', title: 'Publish a pact' }],
      handler: publishPact('overwrite'),
    },
    { method: 'PATCH', path: `${PAIR}/version/:consumerApplicationVersion`, access: 'write', handler: publishPact('merge') },
    {
      method: 'DELETE',
      path: `${PAIR}/version/:consumerApplicationVersion`,
      access: 'admin',
      handler: deletePacts((req) => ({ consumerVersion: param(req, 'consumerApplicationVersion') })),
    },
    // Every pact of the pair: the Pact Broker's pact-versions resource (its GET is not served here; GET …/provider/{p} lists them).
    {
      method: 'DELETE',
      path: `${PAIR}/versions`,
      access: 'admin',
      handler: async (req, res, deps) => {
        await contracts.deletePacts(deps, param(req, 'provider'), param(req, 'consumer'), { all: true })
        res.status(204).end()
      },
    },

    {
      method: 'GET',
      path: `${PAIR}/latest`,
      access: 'read',
      handler: async (req, res, deps) => {
        const pact = await contracts.getLatestPact(deps, param(req, 'provider'), param(req, 'consumer'))
        sendHal(res, 200, toPactResource(pact, linksFor(req)))
      },
    },
    {
      method: 'GET',
      path: `${PAIR}/latest/:tag`,
      access: 'read',
      handler: async (req, res, deps) => {
        const pact = await contracts.getLatestPact(deps, param(req, 'provider'), param(req, 'consumer'), { tag: param(req, 'tag') })
        sendHal(res, 200, toPactResource(pact, linksFor(req)))
      },
    },
    {
      method: 'GET',
      path: `${PAIR}/branch/:branch/latest`,
      access: 'read',
      handler: async (req, res, deps) => {
        const pact = await contracts.getLatestPact(deps, param(req, 'provider'), param(req, 'consumer'), { branch: param(req, 'branch') })
        sendHal(res, 200, toPactResource(pact, linksFor(req)))
      },
    },
    {
      method: 'GET',
      path: `${PAIR}/pact-version/:sha{/metadata/:metadata}`,
      access: 'read',
      handler: async (req, res, deps) => {
        const metadata = param(req, 'metadata') || undefined
        const found = await contracts.getPactByContent(deps, param(req, 'provider'), param(req, 'consumer'), param(req, 'sha'))
        sendHal(res, 200, toPactVersionResource(found, metadata, linksFor(req)))
      },
    },

    // Every pact of one consumer's tag or branch. As in the Pact Broker, the literal `…/branch/versions` and
    // `…/branch/latest/versions` mean the consumer's main branch and come before `…/branch/{branch}`, so a
    // branch named 'versions' is reached only through pb:branch-pact-versions' own spelling of it.
    {
      method: 'GET',
      path: `${PAIR}/tag/:tag`,
      access: 'read',
      relations: [{ rel: 'pb:tagged-pact-versions', title: 'All versions of a pact for a given consumer, provider and consumer version tag' }],
      handler: providerPactsHandler(
        (req, deps) => contracts.listPactsForProvider(deps, param(req, 'provider'), { consumer: param(req, 'consumer'), tag: param(req, 'tag') }),
        (req, provider) => `All versions of the pact between ${param(req, 'consumer')} and ${provider} with tag ${param(req, 'tag')}`,
      ),
    },
    { method: 'DELETE', path: `${PAIR}/tag/:tag`, access: 'admin', handler: deletePacts((req) => ({ tag: param(req, 'tag') })) },
    {
      method: 'GET',
      path: `${PAIR}/branch/versions`,
      access: 'read',
      relations: [{ rel: 'pb:main-branch-pact-versions', title: 'All versions of a pact for a given consumer, provider and consumer main branch' }],
      handler: pairBranchPacts(mainBranch, false),
    },
    {
      method: 'GET',
      path: `${PAIR}/branch/latest/versions`,
      access: 'read',
      relations: [{ rel: 'pb:latest-main-branch-pact-versions', title: 'Latest versions of a pact for a given consumer, provider and consumer main branch' }],
      handler: pairBranchPacts(mainBranch, true),
    },
    {
      method: 'GET',
      path: `${PAIR}/branch/:branch/latest/versions`,
      access: 'read',
      relations: [{ rel: 'pb:latest-branch-pact-versions', title: 'Latest versions of a pact for a given consumer, provider and consumer version branch' }],
      handler: pairBranchPacts(namedBranch, true),
    },
    // CLI get-pacts --consumer: `…/branch` is the consumer's main branch (a Concord spelling); `…/branch/latest` names a branch called 'latest'.
    { method: 'GET', path: `${PAIR}/branch`, access: 'read', handler: pairBranchPacts(mainBranch, false) },
    {
      method: 'GET',
      path: `${PAIR}/branch/:branch`,
      access: 'read',
      relations: [{ rel: 'pb:branch-pact-versions', title: 'All versions of a pact for a given consumer, provider and consumer version branch' }],
      handler: pairBranchPacts(namedBranch, false),
    },
    { method: 'DELETE', path: `${PAIR}/branch/:branch`, access: 'admin', handler: deletePacts((req) => ({ branch: param(req, 'branch') })) },

    {
      method: 'GET',
      path: '/pacts/latest',
      access: 'read',
      relations: [{ rel: 'pb:latest-pact-versions', title: 'Latest pact versions' }],
      handler: async (req, res, deps) => {
        sendHal(res, 200, toLatestPactsResource(await contracts.listLatestPacts(deps), linksFor(req)))
      },
    },

    {
      method: 'GET',
      path: PROVIDER,
      access: 'read',
      relations: [{ rel: 'pb:provider-pacts', title: 'All pact versions for the specified provider' }],
      handler: providerPactsHandler(
        (req, deps) => contracts.listPactsForProvider(deps, param(req, 'provider')),
        (_req, provider) => `All pact versions for the provider ${provider}`,
        (links, provider) => links.providerPacts(provider),
      ),
    },
    {
      method: 'GET',
      path: `${PROVIDER}/tag/:tag`,
      access: 'read',
      relations: [{ rel: 'pb:provider-pacts-with-tag', title: 'All pact versions for the provider with the specified consumer version tag' }],
      handler: providerPactsHandler(
        (req, deps) => contracts.listPactsForProvider(deps, param(req, 'provider'), { tag: param(req, 'tag') }),
        (req, provider) => `All pact versions for the provider ${provider} with consumer version tag '${param(req, 'tag')}'`,
      ),
    },
    {
      method: 'GET',
      path: `${PROVIDER}/latest`,
      access: 'read',
      relations: [{ rel: 'pb:latest-provider-pacts', title: 'Latest pacts by provider' }],
      handler: providerPactsHandler(
        (req, deps) => contracts.listLatestPactsForProvider(deps, param(req, 'provider')),
        (_req, provider) => `Latest pact versions for the provider ${provider}`,
        (links, provider) => links.latestProviderPacts(provider),
      ),
    },
    {
      method: 'GET',
      path: `${PROVIDER}/latest/:tag`,
      access: 'read',
      relations: [{ rel: 'pb:latest-provider-pacts-with-tag', title: 'Latest pacts for provider with the specified tag' }],
      handler: providerPactsHandler(
        (req, deps) => contracts.listLatestPactsForProvider(deps, param(req, 'provider'), { tag: param(req, 'tag') }),
        (req, provider) => `Latest pact versions for the provider ${provider} with consumer version tag '${param(req, 'tag')}'`,
        (links, provider, req) => links.latestProviderPacts(provider, param(req, 'tag')),
      ),
    },

    // CLI get-pacts: `/branch` = each consumer's main branch; `/branch/latest` = latest of those.
    {
      method: 'GET',
      path: `${PROVIDER}/branch`,
      access: 'read',
      relations: [{ rel: 'pb:provider-pacts-with-main-branch', title: "All pact versions for the provider from each consumer's main branch" }],
      handler: providerBranchPacts(mainBranch, false),
    },
    {
      method: 'GET',
      path: `${PROVIDER}/branch/latest`,
      access: 'read',
      relations: [{ rel: 'pb:latest-provider-pacts-with-main-branch', title: "Latest pact versions for the provider from each consumer's main branch" }],
      handler: providerBranchPacts(mainBranch, true),
    },
    {
      method: 'GET',
      path: `${PROVIDER}/branch/:branch/latest`,
      access: 'read',
      relations: [{ rel: 'pb:latest-provider-pacts-with-branch', title: 'Latest pact versions for the provider with the specified consumer version branch' }],
      handler: providerBranchPacts(namedBranch, true),
    },
    {
      method: 'GET',
      path: `${PROVIDER}/branch/:branch`,
      access: 'read',
      relations: [{ rel: 'pb:provider-pacts-with-branch', title: 'All pact versions for the provider with the specified consumer version branch' }],
      handler: providerBranchPacts(namedBranch, false),
    },
  ]
}
