/**
 * @module pacticipants
 * Pacticipant routes: `/pacticipants` (list, create) and `/pacticipants/{name}` (get, replace, merge-patch,
 * delete). Version, branch and tag routes under a pacticipant live in versions.routes.ts.
 */
import type { BrokerDeps } from '../deps.js'
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import { allowOnly, param, queryValue, Router } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import * as versions from '../versions/versions.service.js'
import * as pacticipants from './pacticipants.service.js'
import { createPacticipantSchema, pacticipantsQuerySchema, updatePacticipantSchema } from './pacticipants.schemas.js'
import { toPacticipantResource, toPacticipantsResource } from './pacticipants.serializers.js'

export function pacticipantsRoutes(deps: BrokerDeps): Router {
  const router = Router()

  router.get('/pacticipants', async (req, res) => {
    const query = parse(pacticipantsQuerySchema, { q: queryValue(req, 'q'), page: queryValue(req, 'page'), size: queryValue(req, 'size') }, '#/query')
    const page = await pacticipants.listPacticipants(deps, query)
    const paged = query.page !== undefined || query.size !== undefined
    sendHal(res, 200, toPacticipantsResource(page, linksFor(req), { paged, q: query.q }))
  })
  router.post('/pacticipants', async (req, res) => {
    const created = await pacticipants.createPacticipant(deps, parse(createPacticipantSchema, jsonBody(req)))
    const links = linksFor(req)
    sendHal(res, 201, toPacticipantResource(created, links), links.pacticipant(created.name))
  })
  allowOnly(router, '/pacticipants', ['GET', 'POST'])

  router.get('/pacticipants/:name', async (req, res) => {
    const found = await pacticipants.getPacticipant(deps, param(req, 'name'))
    const latest = await versions.findLatestVersion(deps, found)
    sendHal(res, 200, toPacticipantResource(found, linksFor(req), latest))
  })
  router.patch('/pacticipants/:name', async (req, res) => {
    const { pacticipant, created } = await pacticipants.patchPacticipant(deps, param(req, 'name'), parse(updatePacticipantSchema, jsonBody(req)))
    const latest = created ? undefined : await versions.findLatestVersion(deps, pacticipant)
    const links = linksFor(req)
    sendHal(res, created ? 201 : 200, toPacticipantResource(pacticipant, links, latest), created ? links.pacticipant(pacticipant.name) : undefined)
  })
  router.put('/pacticipants/:name', async (req, res) => {
    const replaced = await pacticipants.replacePacticipant(deps, param(req, 'name'), parse(updatePacticipantSchema, jsonBody(req)))
    sendHal(res, 200, toPacticipantResource(replaced, linksFor(req), await versions.findLatestVersion(deps, replaced)))
  })
  router.delete('/pacticipants/:name', async (req, res) => {
    await pacticipants.deletePacticipant(deps, param(req, 'name'))
    res.status(204).end()
  })
  allowOnly(router, '/pacticipants/:name', ['GET', 'PUT', 'PATCH', 'DELETE'])

  return router
}
