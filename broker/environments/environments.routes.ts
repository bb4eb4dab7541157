/**
 * Environment routes: `/environments` (list, create) and `/environments/{uuid}` (get, replace, delete).
 */
import type { BrokerDeps } from '../deps.js'
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import { allowOnly, param, queryValue, Router } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import { deployedVersionsRoutes } from './deployed-versions.routes.js'
import * as environments from './environments.service.js'
import { releasedVersionsRoutes } from './released-versions.routes.js'
import { environmentSchema } from './environments.schemas.js'
import { toEnvironmentResource, toEnvironmentsResource } from './environments.serializers.js'

export function environmentsRoutes(deps: BrokerDeps): Router {
  const router = Router()

  router.get('/environments', async (req, res) => {
    const name = queryValue(req, 'name')
    const list = await environments.listEnvironments(deps, name ? { name } : {})
    sendHal(res, 200, toEnvironmentsResource(list, linksFor(req)))
  })
  router.post('/environments', async (req, res) => {
    const env = await environments.createEnvironment(deps, parse(environmentSchema, jsonBody(req)))
    const links = linksFor(req)
    sendHal(res, 201, toEnvironmentResource(env, links), links.environment(env.uuid))
  })
  allowOnly(router, '/environments', ['GET', 'POST'])

  router.get('/environments/:uuid', async (req, res) => {
    const env = await environments.getEnvironment(deps, param(req, 'uuid'))
    sendHal(res, 200, toEnvironmentResource(env, linksFor(req)))
  })
  router.put('/environments/:uuid', async (req, res) => {
    const env = await environments.replaceEnvironment(deps, param(req, 'uuid'), parse(environmentSchema, jsonBody(req)))
    sendHal(res, 200, toEnvironmentResource(env, linksFor(req)))
  })
  router.delete('/environments/:uuid', async (req, res) => {
    await environments.deleteEnvironment(deps, param(req, 'uuid'))
    res.status(204).end()
  })
  allowOnly(router, '/environments/:uuid', ['GET', 'PUT', 'DELETE'])

  router.use(deployedVersionsRoutes(deps), releasedVersionsRoutes(deps))

  return router
}
