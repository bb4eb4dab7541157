/**
 * @module versions
 * Version routes under a pacticipant: versions (list, get, create-or-update, delete), latest version (by tag),
 * branches, branch versions and tags. Writes that the clients use to create things on the fly (branch-version
 * and tag PUTs, version PUT) create the pacticipant and version as needed, and always answer with a JSON body.
 */
import type { Request, Response } from 'express'
import type { BrokerDeps } from '../deps.js'
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import type { Route } from '../http/route-table.js'
import { param, queryValue } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import { getPacticipant } from '../pacticipants/pacticipants.service.js'
import { getVersionDetails } from './version-details.service.js'
import * as versions from './versions.service.js'
import { paginationQuerySchema, versionSchema } from './versions.schemas.js'
import { toBranchesResource, toBranchResource, toBranchVersionResource, toTagResource, toVersionResource, toVersionsResource } from './versions.serializers.js'

const VERSION = '/pacticipants/:pacticipant/versions/:version'
const BRANCH = '/pacticipants/:pacticipant/branches/:branch'
const BRANCH_VERSION = '/pacticipants/:pacticipant/branches/:branch/versions/:version'
const TAG = '/pacticipants/:pacticipant/versions/:version/tags/:tag'

function saveVersion(mode: 'replace' | 'merge') {
  return async (req: Request, res: Response, deps: BrokerDeps) => {
    const body = parse(versionSchema, jsonBody(req))
    const { version, created } = await versions.saveVersion(deps, param(req, 'pacticipant'), param(req, 'version'), body, mode)
    const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
    const links = linksFor(req)
    const resource = toVersionResource(await getVersionDetails(deps, pacticipant, version), links)
    sendHal(res, created ? 201 : 200, resource, created ? links.version(pacticipant.name, version.number) : undefined)
  }
}

async function putBranchVersion(req: Request, res: Response, deps: BrokerDeps) {
  const pacticipantName = param(req, 'pacticipant')
  const { branchVersion, created } = await versions.putBranchVersion(deps, pacticipantName, param(req, 'branch'), param(req, 'version'))
  const links = linksFor(req)
  const href = links.branchVersion(pacticipantName, branchVersion.branchName, branchVersion.versionNumber)
  sendHal(res, created ? 201 : 200, toBranchVersionResource(pacticipantName, branchVersion, links), created ? href : undefined)
}

export const versionsRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/pacticipants/:pacticipant/versions',
    access: 'read',
    handler: async (req, res, deps) => {
      const query = parse(paginationQuerySchema, { page: queryValue(req, 'page'), size: queryValue(req, 'size') }, '#/query')
      const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
      const { versions: list, page } = await versions.listVersions(deps, pacticipant, query)
      sendHal(res, 200, toVersionsResource(pacticipant, list, page, linksFor(req)))
    },
  },

  {
    method: 'GET',
    path: VERSION,
    access: 'read',
    relations: [{ rel: 'pb:pacticipant-version', title: 'Get, create or delete a pacticipant version' }],
    handler: async (req, res, deps) => {
      const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
      const version = await versions.getVersion(deps, pacticipant, param(req, 'version'))
      sendHal(res, 200, toVersionResource(await getVersionDetails(deps, pacticipant, version), linksFor(req)))
    },
  },
  { method: 'PUT', path: VERSION, access: 'write', handler: saveVersion('replace') },
  { method: 'PATCH', path: VERSION, access: 'write', handler: saveVersion('merge') },
  {
    method: 'DELETE',
    path: VERSION,
    access: 'admin',
    handler: async (req, res, deps) => {
      const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
      await versions.deleteVersion(deps, pacticipant, param(req, 'version'))
      res.status(204).end()
    },
  },

  {
    method: 'GET',
    path: '/pacticipants/:pacticipant/latest-version',
    access: 'read',
    relations: [{ rel: 'pb:latest-version', title: 'Latest pacticipant version' }],
    handler: async (req, res, deps) => {
      const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
      const version = await versions.getLatestVersion(deps, pacticipant)
      sendHal(res, 200, toVersionResource(await getVersionDetails(deps, pacticipant, version), linksFor(req)))
    },
  },
  {
    method: 'GET',
    path: '/pacticipants/:pacticipant/latest-version/:tag',
    access: 'read',
    relations: [{ rel: 'pb:latest-tagged-version', title: 'Latest pacticipant version with the specified tag' }],
    handler: async (req, res, deps) => {
      const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
      const version = await versions.getLatestVersionWithTag(deps, pacticipant, param(req, 'tag'))
      sendHal(res, 200, toVersionResource(await getVersionDetails(deps, pacticipant, version), linksFor(req)))
    },
  },

  {
    method: 'GET',
    path: '/pacticipants/:pacticipant/branches',
    access: 'read',
    handler: async (req, res, deps) => {
      const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
      const branches = await versions.listBranches(deps, pacticipant, { q: queryValue(req, 'q') })
      sendHal(res, 200, toBranchesResource(pacticipant, branches, linksFor(req)))
    },
  },
  {
    method: 'GET',
    path: BRANCH,
    access: 'read',
    relations: [{ rel: 'pb:pacticipant-branch', title: 'Get or delete a pacticipant branch' }],
    handler: async (req, res, deps) => {
      const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
      sendHal(res, 200, toBranchResource(pacticipant, await versions.getBranch(deps, pacticipant, param(req, 'branch')), linksFor(req)))
    },
  },
  {
    method: 'DELETE',
    path: BRANCH,
    access: 'admin',
    handler: async (req, res, deps) => {
      const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
      await versions.deleteBranch(deps, pacticipant, param(req, 'branch'))
      res.status(204).end()
    },
  },

  {
    method: 'GET',
    path: BRANCH_VERSION,
    access: 'read',
    relations: [{ rel: 'pb:pacticipant-branch-version', title: 'Get or add/create a pacticipant version for a branch' }],
    handler: async (req, res, deps) => {
      const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
      const bv = await versions.getBranchVersion(deps, pacticipant, param(req, 'branch'), param(req, 'version'))
      sendHal(res, 200, toBranchVersionResource(pacticipant.name, bv, linksFor(req)))
    },
  },
  { method: 'PUT', path: BRANCH_VERSION, access: 'write', handler: putBranchVersion },
  {
    method: 'DELETE',
    path: BRANCH_VERSION,
    access: 'admin',
    handler: async (req, res, deps) => {
      const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
      await versions.deleteBranchVersion(deps, pacticipant, param(req, 'branch'), param(req, 'version'))
      res.status(204).end()
    },
  },
  // The Rust CLI's create-or-update-version --branch PUTs to this spelling of the same resource.
  { method: 'PUT', path: '/pacticipants/:pacticipant/versions/:version/branches/:branch', access: 'write', handler: putBranchVersion },

  {
    method: 'GET',
    path: TAG,
    access: 'read',
    relations: [{ rel: 'pb:pacticipant-version-tag', title: 'Get, create or delete a tag for a pacticipant version' }],
    handler: async (req, res, deps) => {
      const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
      const tag = await versions.getTag(deps, pacticipant, param(req, 'version'), param(req, 'tag'))
      sendHal(res, 200, toTagResource(pacticipant.name, tag, linksFor(req)))
    },
  },
  {
    method: 'PUT',
    path: TAG,
    access: 'write',
    handler: async (req, res, deps) => {
      const pacticipantName = param(req, 'pacticipant')
      const { tag, created } = await versions.putTag(deps, pacticipantName, param(req, 'version'), param(req, 'tag'))
      const links = linksFor(req)
      const location = created ? links.versionTag(pacticipantName, tag.versionNumber, tag.name) : undefined
      sendHal(res, created ? 201 : 200, toTagResource(pacticipantName, tag, links), location)
    },
  },
  {
    method: 'DELETE',
    path: TAG,
    access: 'admin',
    handler: async (req, res, deps) => {
      const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
      await versions.deleteTag(deps, pacticipant, param(req, 'version'), param(req, 'tag'))
      res.status(204).end()
    },
  },
]
