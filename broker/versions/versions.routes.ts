/**
 * @module versions
 * Version routes under a pacticipant: versions (list, get, create-or-update, delete), latest version (by tag),
 * branches, branch versions and tags. Writes that the clients use to create things on the fly (branch-version
 * and tag PUTs, version PUT) create the pacticipant and version as needed, and always answer with a JSON body.
 */
import type { RequestHandler } from 'express'
import type { BrokerDeps } from '../deps.js'
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import { allowOnly, param, queryValue, Router } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import { getPacticipant } from '../pacticipants/pacticipants.service.js'
import { getVersionDetails } from './version-details.service.js'
import * as versions from './versions.service.js'
import { paginationQuerySchema, versionSchema } from './versions.schemas.js'
import { toBranchesResource, toBranchResource, toBranchVersionResource, toTagResource, toVersionResource, toVersionsResource } from './versions.serializers.js'

export function versionsRoutes(deps: BrokerDeps): Router {
  const router = Router()

  router.get('/pacticipants/:pacticipant/versions', async (req, res) => {
    const query = parse(paginationQuerySchema, { page: queryValue(req, 'page'), size: queryValue(req, 'size') }, '#/query')
    const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
    const { versions: list, page } = await versions.listVersions(deps, pacticipant, query)
    sendHal(res, 200, toVersionsResource(pacticipant, list, page, linksFor(req)))
  })
  allowOnly(router, '/pacticipants/:pacticipant/versions', ['GET'])

  const versionPath = '/pacticipants/:pacticipant/versions/:version'
  router.get(versionPath, async (req, res) => {
    const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
    const version = await versions.getVersion(deps, pacticipant, param(req, 'version'))
    sendHal(res, 200, toVersionResource(await getVersionDetails(deps, pacticipant, version), linksFor(req)))
  })
  for (const [method, mode] of [
    ['put', 'replace'],
    ['patch', 'merge'],
  ] as const) {
    router[method](versionPath, async (req, res) => {
      const body = parse(versionSchema, jsonBody(req))
      const { version, created } = await versions.saveVersion(deps, param(req, 'pacticipant'), param(req, 'version'), body, mode)
      const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
      const links = linksFor(req)
      const resource = toVersionResource(await getVersionDetails(deps, pacticipant, version), links)
      sendHal(res, created ? 201 : 200, resource, created ? links.version(pacticipant.name, version.number) : undefined)
    })
  }
  router.delete(versionPath, async (req, res) => {
    const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
    await versions.deleteVersion(deps, pacticipant, param(req, 'version'))
    res.status(204).end()
  })
  allowOnly(router, versionPath, ['GET', 'PUT', 'PATCH', 'DELETE'])

  router.get('/pacticipants/:pacticipant/latest-version', async (req, res) => {
    const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
    const version = await versions.getLatestVersion(deps, pacticipant)
    sendHal(res, 200, toVersionResource(await getVersionDetails(deps, pacticipant, version), linksFor(req)))
  })
  allowOnly(router, '/pacticipants/:pacticipant/latest-version', ['GET'])
  router.get('/pacticipants/:pacticipant/latest-version/:tag', async (req, res) => {
    const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
    const version = await versions.getLatestVersionWithTag(deps, pacticipant, param(req, 'tag'))
    sendHal(res, 200, toVersionResource(await getVersionDetails(deps, pacticipant, version), linksFor(req)))
  })
  allowOnly(router, '/pacticipants/:pacticipant/latest-version/:tag', ['GET'])

  router.get('/pacticipants/:pacticipant/branches', async (req, res) => {
    const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
    const branches = await versions.listBranches(deps, pacticipant, { q: queryValue(req, 'q') })
    sendHal(res, 200, toBranchesResource(pacticipant, branches, linksFor(req)))
  })
  allowOnly(router, '/pacticipants/:pacticipant/branches', ['GET'])

  const branchPath = '/pacticipants/:pacticipant/branches/:branch'
  router.get(branchPath, async (req, res) => {
    const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
    sendHal(res, 200, toBranchResource(pacticipant, await versions.getBranch(deps, pacticipant, param(req, 'branch')), linksFor(req)))
  })
  router.delete(branchPath, async (req, res) => {
    const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
    await versions.deleteBranch(deps, pacticipant, param(req, 'branch'))
    res.status(204).end()
  })
  allowOnly(router, branchPath, ['GET', 'DELETE'])

  const putBranchVersion: RequestHandler = async (req, res) => {
    const pacticipantName = param(req, 'pacticipant')
    const { branchVersion, created } = await versions.putBranchVersion(deps, pacticipantName, param(req, 'branch'), param(req, 'version'))
    const links = linksFor(req)
    const href = links.branchVersion(pacticipantName, branchVersion.branchName, branchVersion.versionNumber)
    sendHal(res, created ? 201 : 200, toBranchVersionResource(pacticipantName, branchVersion, links), created ? href : undefined)
  }

  const branchVersionPath = '/pacticipants/:pacticipant/branches/:branch/versions/:version'
  router.get(branchVersionPath, async (req, res) => {
    const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
    const bv = await versions.getBranchVersion(deps, pacticipant, param(req, 'branch'), param(req, 'version'))
    sendHal(res, 200, toBranchVersionResource(pacticipant.name, bv, linksFor(req)))
  })
  router.put(branchVersionPath, putBranchVersion)
  router.delete(branchVersionPath, async (req, res) => {
    const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
    await versions.deleteBranchVersion(deps, pacticipant, param(req, 'branch'), param(req, 'version'))
    res.status(204).end()
  })
  allowOnly(router, branchVersionPath, ['GET', 'PUT', 'DELETE'])

  // The Rust CLI's create-or-update-version --branch PUTs to this spelling of the same resource.
  router.put('/pacticipants/:pacticipant/versions/:version/branches/:branch', putBranchVersion)
  allowOnly(router, '/pacticipants/:pacticipant/versions/:version/branches/:branch', ['PUT'])

  const tagPath = '/pacticipants/:pacticipant/versions/:version/tags/:tag'
  router.get(tagPath, async (req, res) => {
    const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
    const tag = await versions.getTag(deps, pacticipant, param(req, 'version'), param(req, 'tag'))
    sendHal(res, 200, toTagResource(pacticipant.name, tag, linksFor(req)))
  })
  router.put(tagPath, async (req, res) => {
    const pacticipantName = param(req, 'pacticipant')
    const { tag, created } = await versions.putTag(deps, pacticipantName, param(req, 'version'), param(req, 'tag'))
    const links = linksFor(req)
    sendHal(
      res,
      created ? 201 : 200,
      toTagResource(pacticipantName, tag, links),
      created ? links.versionTag(pacticipantName, tag.versionNumber, tag.name) : undefined,
    )
  })
  router.delete(tagPath, async (req, res) => {
    const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
    await versions.deleteTag(deps, pacticipant, param(req, 'version'), param(req, 'tag'))
    res.status(204).end()
  })
  allowOnly(router, tagPath, ['GET', 'PUT', 'DELETE'])

  return router
}
