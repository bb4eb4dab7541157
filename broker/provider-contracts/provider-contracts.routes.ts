/**
 * Provider contract routes:
 * - `POST /provider-contracts/provider/{provider}/publish` — what `pactflow publish-provider-contract` calls
 *   (index relation `pf:publish-provider-contract`); the content is base64 (decoded by the schema).
 * - `PUT|GET /pacticipants/{p}/versions/{v}/provider-contract` — our own publish (content as text) and read.
 * - `GET /pacticipants/{p}/versions/{v}/provider-contract/verification-results` — consumer pacts checked against it.
 * - `GET /pacticipants/{p}/versions/{v}/provider-contract/deprecations` — deprecated operations/parameters/properties.
 * - `GET /provider-contracts/provider/{provider}/diff?from=&to=` and `…/semver-check?version=[&against=|&branch=|&environment=]`.
 */
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import type { Route } from '../http/route-table.js'
import { param, queryValue } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import { ValidationError } from '../shared/errors.js'
import type { SelfVerification } from './provider-contract.js'
import { publishProviderContractSchema, putProviderContractSchema } from './provider-contracts.schemas.js'
import { toDiffResource, toProviderContractResource, toPublishResource, toResultsResource } from './provider-contracts.serializers.js'
import * as schemas from './provider-contracts.service.js'

function selfVerificationOf(
  raw:
    | {
        success?: boolean | null
        content?: string | null
        contentType?: string | null
        format?: string | null
        verifier?: string | null
        verifierVersion?: string | null
      }
    | null
    | undefined,
): SelfVerification | null {
  if (!raw) return null
  return {
    success: raw.success ?? false,
    content: raw.content || null,
    contentType: raw.contentType ?? null,
    format: raw.format ?? null,
    verifier: raw.verifier ?? null,
    verifierVersion: raw.verifierVersion ?? null,
  }
}

function required(req: Parameters<typeof queryValue>[0], name: string): string {
  const value = queryValue(req, name)
  if (!value) throw new ValidationError([{ pointer: `#/query/${name}`, detail: 'is required' }])
  return value
}

export const providerContractsRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/provider-contracts/provider/:provider/publish',
    access: 'write',
    relations: [{ rel: 'pf:publish-provider-contract', title: 'Publish a provider contract (OpenAPI or JSON Schema description)' }],
    handler: async (req, res, deps) => {
      const body = parse(publishProviderContractSchema, jsonBody(req))
      const result = await schemas.publishProviderContract(deps, {
        provider: param(req, 'provider'),
        version: body.pacticipantVersionNumber,
        branch: body.branch ?? null,
        tags: body.tags ?? [],
        buildUrl: body.buildUrl ?? null,
        specification: body.contract.specification ?? 'oas',
        contentType: body.contract.contentType ?? null,
        content: body.contract.content,
        selfVerification: selfVerificationOf(body.contract.selfVerificationResults),
        contentPointer: '/contract/content',
      })
      sendHal(res, 200, toPublishResource(result, linksFor(req)))
    },
  },
  {
    method: 'GET',
    path: '/pacticipants/:pacticipant/versions/:version/provider-contract',
    access: 'read',
    handler: async (req, res, deps) => {
      const contract = await schemas.getProviderContract(deps, param(req, 'pacticipant'), param(req, 'version'))
      sendHal(res, 200, toProviderContractResource(contract, null, linksFor(req)))
    },
  },
  {
    method: 'PUT',
    path: '/pacticipants/:pacticipant/versions/:version/provider-contract',
    access: 'write',
    handler: async (req, res, deps) => {
      const body = parse(putProviderContractSchema, jsonBody(req))
      const content = typeof body.content === 'string' ? body.content : JSON.stringify(body.content, null, 2)
      const result = await schemas.publishProviderContract(deps, {
        provider: param(req, 'pacticipant'),
        version: param(req, 'version'),
        branch: body.branch ?? null,
        specification: body.specification ?? null,
        contentType: body.contentType ?? null,
        content,
        selfVerification: selfVerificationOf(body.selfVerificationResults),
        contentPointer: '/content',
      })
      const links = linksFor(req)
      sendHal(
        res,
        result.created ? 201 : 200,
        { ...toProviderContractResource(result.contract, result.results, links), notices: result.notices },
        links.providerContract(result.contract.provider.name, result.contract.version.number),
      )
    },
  },
  {
    method: 'GET',
    path: '/pacticipants/:pacticipant/versions/:version/provider-contract/verification-results',
    access: 'read',
    handler: async (req, res, deps) => {
      const { contract, results } = await schemas.listSchemaVerifications(deps, param(req, 'pacticipant'), param(req, 'version'))
      sendHal(res, 200, toResultsResource(contract, results, linksFor(req)))
    },
  },
  {
    method: 'GET',
    path: '/pacticipants/:pacticipant/versions/:version/provider-contract/deprecations',
    access: 'read',
    handler: async (req, res, deps) => {
      const { contract, items } = await schemas.listContractDeprecations(deps, param(req, 'pacticipant'), param(req, 'version'))
      const links = linksFor(req)
      const contractHref = links.providerContract(contract.provider.name, contract.version.number)
      sendHal(res, 200, {
        provider: contract.provider.name,
        providerVersion: contract.version.number,
        deprecations: items,
        _links: {
          self: { title: 'Deprecated parts of the description', href: `${contractHref}/deprecations` },
          'pf:provider-contract': { href: contractHref },
        },
      })
    },
  },
  {
    method: 'GET',
    path: '/provider-contracts/provider/:provider/diff',
    relations: [{ rel: 'concord:provider-contracts-diff', title: "Compare two provider versions' API descriptions (?from=V1&to=V2)" }],
    access: 'read',
    handler: async (req, res, deps) => {
      const result = await schemas.diffProviderContracts(deps, param(req, 'provider'), required(req, 'from'), required(req, 'to'))
      sendHal(res, 200, toDiffResource(result, linksFor(req)))
    },
  },
  {
    method: 'GET',
    path: '/provider-contracts/provider/:provider/semver-check',
    relations: [
      {
        rel: 'concord:provider-contracts-semver-check',
        title: "Whether a provider version's number states how its API description changed (?version=V and against, environment or branch)",
      },
    ],
    access: 'read',
    handler: async (req, res, deps) => {
      const result = await schemas.semverCheck(deps, {
        provider: param(req, 'provider'),
        version: required(req, 'version'),
        against: queryValue(req, 'against') ?? null,
        branch: queryValue(req, 'branch') ?? null,
        environment: queryValue(req, 'environment') ?? null,
      })
      sendHal(res, 200, toDiffResource(result, linksFor(req)))
    },
  },
]
