/**
 * Released-version routes: record a release of a version, list what is currently supported in an
 * environment, read and end support (merge-patch) of one released version.
 */
import type { BrokerDeps } from '../deps.js'
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import { allowOnly, param, queryValue, Router } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import { getPacticipant } from '../pacticipants/pacticipants.service.js'
import { getVersion } from '../versions/versions.service.js'
import { queryStringOf } from './deployed-versions.routes.js'
import { releasedVersionPatchSchema } from './deployed-versions.schemas.js'
import { toCurrentlySupportedResource, toReleasedVersionResource, toReleasedVersionsOfVersionResource } from './deployed-versions.serializers.js'
import * as releases from './released-versions.service.js'

export function releasedVersionsRoutes(deps: BrokerDeps): Router {
  const router = Router()

  const recordPath = '/pacticipants/:pacticipant/versions/:version/released-versions/environment/:environment'
  router.post(recordPath, async (req, res) => {
    const { releasedVersion, created } = await releases.recordRelease(deps, {
      pacticipant: param(req, 'pacticipant'),
      version: param(req, 'version'),
      environmentUuid: param(req, 'environment'),
    })
    const links = linksFor(req)
    const href = links.releasedVersion(releasedVersion.uuid)
    sendHal(res, created ? 201 : 200, toReleasedVersionResource(releasedVersion, links), created ? href : undefined)
  })
  allowOnly(router, recordPath, ['POST'])

  router.get('/pacticipants/:pacticipant/versions/:version/released-versions', async (req, res) => {
    const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
    const version = await getVersion(deps, pacticipant, param(req, 'version'))
    const items = await releases.listReleasesOfVersion(deps, version.id)
    sendHal(res, 200, toReleasedVersionsOfVersionResource(pacticipant.name, version.number, items, linksFor(req)))
  })
  allowOnly(router, '/pacticipants/:pacticipant/versions/:version/released-versions', ['GET'])

  router.get('/environments/:uuid/released-versions/currently-supported', async (req, res) => {
    const { environment, releasedVersions } = await releases.listCurrentlySupported(deps, param(req, 'uuid'), {
      pacticipant: queryValue(req, 'pacticipant'),
      version: queryValue(req, 'version'),
    })
    const links = linksFor(req)
    sendHal(
      res,
      200,
      toCurrentlySupportedResource(environment, releasedVersions, links, links.currentlySupported(environment.uuid) + queryStringOf(req.originalUrl)),
    )
  })
  allowOnly(router, '/environments/:uuid/released-versions/currently-supported', ['GET'])

  router.get('/released-versions/:uuid', async (req, res) => {
    sendHal(res, 200, toReleasedVersionResource(await releases.getReleasedVersion(deps, param(req, 'uuid')), linksFor(req)))
  })
  router.patch('/released-versions/:uuid', async (req, res) => {
    const updated = await releases.updateReleasedVersion(deps, param(req, 'uuid'), parse(releasedVersionPatchSchema, jsonBody(req)))
    sendHal(res, 200, toReleasedVersionResource(updated, linksFor(req)))
  })
  allowOnly(router, '/released-versions/:uuid', ['GET', 'PATCH'])

  return router
}
