/**
 * @module pacticipants
 * Pacticipant routes: `/pacticipants` (list, create) and `/pacticipants/{pacticipant}` (get, replace,
 * merge-patch, delete), each pacticipant with its labels embedded. Version, branch and tag routes under a
 * pacticipant live in versions.routes.ts; label routes in labels/labels.routes.ts.
 */
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import type { Route } from '../http/route-table.js'
import { param, queryValue } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import * as versions from '../versions/versions.service.js'
import { labelNamesFor } from './labels/labels.service.js'
import * as pacticipants from './pacticipants.service.js'
import { createPacticipantSchema, pacticipantsQuerySchema, updatePacticipantSchema } from './pacticipants.schemas.js'
import { toPacticipantResource, toPacticipantsResource } from './pacticipants.serializers.js'

const PACTICIPANT = '/pacticipants/:pacticipant'

export const pacticipantsRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/pacticipants',
    access: 'read',
    relations: [{ rel: 'pb:pacticipants', title: 'Pacticipants' }],
    handler: async (req, res, deps) => {
      const query = parse(pacticipantsQuerySchema, { q: queryValue(req, 'q'), page: queryValue(req, 'page'), size: queryValue(req, 'size') }, '#/query')
      const page = await pacticipants.listPacticipants(deps, query)
      const paged = query.page !== undefined || query.size !== undefined
      const labelsOf = await labelNamesFor(deps, page.pacticipants)
      sendHal(res, 200, toPacticipantsResource(page, linksFor(req), { paged, q: query.q, labelsOf }))
    },
  },
  {
    method: 'POST',
    path: '/pacticipants',
    access: 'write',
    handler: async (req, res, deps) => {
      const created = await pacticipants.createPacticipant(deps, parse(createPacticipantSchema, jsonBody(req)))
      const links = linksFor(req)
      sendHal(res, 201, toPacticipantResource(created, links), links.pacticipant(created.name))
    },
  },
  {
    method: 'GET',
    path: PACTICIPANT,
    access: 'read',
    relations: [{ rel: 'pb:pacticipant', title: 'Fetch pacticipant by name' }],
    handler: async (req, res, deps) => {
      const found = await pacticipants.getPacticipant(deps, param(req, 'pacticipant'))
      const latest = await versions.findLatestVersion(deps, found)
      const labelsOf = await labelNamesFor(deps, [found])
      sendHal(res, 200, toPacticipantResource(found, linksFor(req), latest, labelsOf(found.id)))
    },
  },
  {
    method: 'PUT',
    path: PACTICIPANT,
    access: 'write',
    handler: async (req, res, deps) => {
      const replaced = await pacticipants.replacePacticipant(deps, param(req, 'pacticipant'), parse(updatePacticipantSchema, jsonBody(req)))
      const labelsOf = await labelNamesFor(deps, [replaced])
      sendHal(res, 200, toPacticipantResource(replaced, linksFor(req), await versions.findLatestVersion(deps, replaced), labelsOf(replaced.id)))
    },
  },
  {
    method: 'PATCH',
    path: PACTICIPANT,
    access: 'write',
    handler: async (req, res, deps) => {
      const { pacticipant, created } = await pacticipants.patchPacticipant(deps, param(req, 'pacticipant'), parse(updatePacticipantSchema, jsonBody(req)))
      const latest = created ? undefined : await versions.findLatestVersion(deps, pacticipant)
      const labelsOf = await labelNamesFor(deps, [pacticipant])
      const links = linksFor(req)
      const body = toPacticipantResource(pacticipant, links, latest, labelsOf(pacticipant.id))
      sendHal(res, created ? 201 : 200, body, created ? links.pacticipant(pacticipant.name) : undefined)
    },
  },
  {
    method: 'DELETE',
    path: PACTICIPANT,
    access: 'admin',
    handler: async (req, res, deps) => {
      await pacticipants.deletePacticipant(deps, param(req, 'pacticipant'))
      res.status(204).end()
    },
  },
]
