/**
 * Deployed-version routes: record a deployment of a version, list what is currently deployed to an
 * environment, read and undeploy (merge-patch) one deployed version.
 */
import { sendHal } from '../../http/hal.js'
import { linksFor } from '../../http/links.js'
import type { Route } from '../../http/route-table.js'
import { param, queryValue } from '../../http/routing.js'
import { jsonBody, parse } from '../../http/validate.js'
import { placementsOfVersion, queryStringOf } from '../placements/placements.routes.js'
import * as deployments from './deployed-versions.service.js'
import { deployedVersionPatchSchema, recordDeploymentSchema } from './deployed-versions.schemas.js'
import { toCurrentlyDeployedResource, toDeployedVersionResource, toDeployedVersionsOfVersionResource } from './deployed-versions.serializers.js'

export const deployedVersionsRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/pacticipants/:pacticipant/versions/:version/deployed-versions/environment/:environment',
    access: 'write',
    handler: async (req, res, deps) => {
      const body = parse(recordDeploymentSchema, jsonBody(req))
      const { deployedVersion, created } = await deployments.recordDeployment(deps, {
        pacticipant: param(req, 'pacticipant'),
        version: param(req, 'version'),
        environmentUuid: param(req, 'environment'),
        applicationInstance: body.applicationInstance,
        target: body.target,
      })
      const links = linksFor(req)
      const href = links.deployedVersion(deployedVersion.uuid)
      sendHal(res, created ? 201 : 200, toDeployedVersionResource(deployedVersion, links), created ? href : undefined)
    },
  },
  {
    method: 'GET',
    path: '/pacticipants/:pacticipant/versions/:version/deployed-versions',
    access: 'read',
    handler: placementsOfVersion(deployments.listDeploymentsOfVersion, toDeployedVersionsOfVersionResource),
  },
  {
    method: 'GET',
    path: '/environments/:uuid/deployed-versions/currently-deployed',
    access: 'read',
    handler: async (req, res, deps) => {
      const instance = queryValue(req, 'applicationInstance') ?? queryValue(req, 'target')
      const { environment, deployedVersions } = await deployments.listCurrentlyDeployed(deps, param(req, 'uuid'), {
        pacticipant: queryValue(req, 'pacticipant'),
        applicationInstance: instance,
      })
      const links = linksFor(req)
      const self = links.currentlyDeployed(environment.uuid) + queryStringOf(req.originalUrl)
      sendHal(res, 200, toCurrentlyDeployedResource(environment, deployedVersions, links, self))
    },
  },
  {
    method: 'GET',
    path: '/deployed-versions/:uuid',
    access: 'read',
    handler: async (req, res, deps) => {
      sendHal(res, 200, toDeployedVersionResource(await deployments.getDeployedVersion(deps, param(req, 'uuid')), linksFor(req)))
    },
  },
  {
    method: 'PATCH',
    path: '/deployed-versions/:uuid',
    access: 'write',
    handler: async (req, res, deps) => {
      const updated = await deployments.updateDeployedVersion(deps, param(req, 'uuid'), parse(deployedVersionPatchSchema, jsonBody(req)))
      sendHal(res, 200, toDeployedVersionResource(updated, linksFor(req)))
    },
  },
]
