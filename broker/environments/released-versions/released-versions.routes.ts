/**
 * Released-version routes: record a release of a version, list what is currently supported in an
 * environment, read and end support (merge-patch) of one released version.
 */
import { sendHal } from '../../http/hal.js'
import { linksFor } from '../../http/links.js'
import type { Route } from '../../http/route-table.js'
import { param, queryValue } from '../../http/routing.js'
import { jsonBody, parse } from '../../http/validate.js'
import { placementsOfVersion, queryStringOf } from '../placements/placements.routes.js'
import { releasedVersionPatchSchema } from './released-versions.schemas.js'
import { toCurrentlySupportedResource, toReleasedVersionResource, toReleasedVersionsOfVersionResource } from './released-versions.serializers.js'
import * as releases from './released-versions.service.js'

export const releasedVersionsRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/pacticipants/:pacticipant/versions/:version/released-versions/environment/:environment',
    access: 'write',
    handler: async (req, res, deps) => {
      const { releasedVersion, created } = await releases.recordRelease(deps, {
        pacticipant: param(req, 'pacticipant'),
        version: param(req, 'version'),
        environmentUuid: param(req, 'environment'),
      })
      const links = linksFor(req)
      const href = links.releasedVersion(releasedVersion.uuid)
      sendHal(res, created ? 201 : 200, toReleasedVersionResource(releasedVersion, links), created ? href : undefined)
    },
  },
  {
    method: 'GET',
    path: '/pacticipants/:pacticipant/versions/:version/released-versions',
    access: 'read',
    handler: placementsOfVersion(releases.listReleasesOfVersion, toReleasedVersionsOfVersionResource),
  },
  {
    method: 'GET',
    path: '/environments/:uuid/released-versions/currently-supported',
    access: 'read',
    handler: async (req, res, deps) => {
      const { environment, releasedVersions } = await releases.listCurrentlySupported(deps, param(req, 'uuid'), {
        pacticipant: queryValue(req, 'pacticipant'),
        version: queryValue(req, 'version'),
      })
      const links = linksFor(req)
      const self = links.currentlySupported(environment.uuid) + queryStringOf(req.originalUrl)
      sendHal(res, 200, toCurrentlySupportedResource(environment, releasedVersions, links, self))
    },
  },
  {
    method: 'GET',
    path: '/released-versions/:uuid',
    access: 'read',
    handler: async (req, res, deps) => {
      sendHal(res, 200, toReleasedVersionResource(await releases.getReleasedVersion(deps, param(req, 'uuid')), linksFor(req)))
    },
  },
  {
    method: 'PATCH',
    path: '/released-versions/:uuid',
    access: 'write',
    handler: async (req, res, deps) => {
      const updated = await releases.updateReleasedVersion(deps, param(req, 'uuid'), parse(releasedVersionPatchSchema, jsonBody(req)))
      sendHal(res, 200, toReleasedVersionResource(updated, linksFor(req)))
    },
  },
]
