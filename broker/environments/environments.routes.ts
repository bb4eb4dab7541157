/**
 * Environment routes: `/environments` (list, create) and `/environments/{uuid}` (get, replace, delete).
 * Deployed and released versions have their own route files beside this one.
 */
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import type { Route } from '../http/route-table.js'
import { param, queryValue } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import * as environments from './environments.service.js'
import { environmentSchema } from './environments.schemas.js'
import { toEnvironmentResource, toEnvironmentsResource } from './environments.serializers.js'

export const environmentsRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/environments',
    access: 'read',
    relations: [{ rel: 'pb:environments', title: 'Environments' }],
    handler: async (req, res, deps) => {
      const name = queryValue(req, 'name')
      const list = await environments.listEnvironments(deps, name ? { name } : {})
      sendHal(res, 200, toEnvironmentsResource(list, linksFor(req)))
    },
  },
  {
    method: 'POST',
    path: '/environments',
    access: 'admin',
    handler: async (req, res, deps) => {
      const env = await environments.createEnvironment(deps, parse(environmentSchema, jsonBody(req)))
      const links = linksFor(req)
      sendHal(res, 201, toEnvironmentResource(env, links), links.environment(env.uuid))
    },
  },
  {
    method: 'GET',
    path: '/environments/:uuid',
    access: 'read',
    relations: [{ rel: 'pb:environment', title: 'Environment' }],
    handler: async (req, res, deps) => {
      const env = await environments.getEnvironment(deps, param(req, 'uuid'))
      sendHal(res, 200, toEnvironmentResource(env, linksFor(req)))
    },
  },
  {
    method: 'PUT',
    path: '/environments/:uuid',
    access: 'admin',
    handler: async (req, res, deps) => {
      const env = await environments.replaceEnvironment(deps, param(req, 'uuid'), parse(environmentSchema, jsonBody(req)))
      sendHal(res, 200, toEnvironmentResource(env, linksFor(req)))
    },
  },
  {
    method: 'DELETE',
    path: '/environments/:uuid',
    access: 'admin',
    handler: async (req, res, deps) => {
      await environments.deleteEnvironment(deps, param(req, 'uuid'))
      res.status(204).end()
    },
  },
]
