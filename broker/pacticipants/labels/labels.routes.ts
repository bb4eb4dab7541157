/**
 * @module pacticipants/labels
 * Label routes, as the Pact Broker has them: `/pacticipants/{pacticipant}/labels/{label}` (get, put, delete),
 * `/pacticipants/label/{label}` (the pacticipants with a label) and `/labels` (the label names in use).
 */
import { sendHal } from '../../http/hal.js'
import { linksFor } from '../../http/links.js'
import type { Route } from '../../http/route-table.js'
import { param, queryValue } from '../../http/routing.js'
import { parse } from '../../http/validate.js'
import { listPacticipants } from '../pacticipants.service.js'
import { paginationQuerySchema, pacticipantsQuerySchema } from '../pacticipants.schemas.js'
import { toPacticipantsResource } from '../pacticipants.serializers.js'
import * as labels from './labels.service.js'
import { toLabelNamesResource, toLabelResource } from './labels.serializers.js'

const LABEL = '/pacticipants/:pacticipant/labels/:label'

export const labelsRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/labels',
    access: 'read',
    handler: async (req, res, deps) => {
      const query = parse(paginationQuerySchema, { page: queryValue(req, 'page'), size: queryValue(req, 'size') }, '#/query')
      const list = await labels.listLabelNames(deps, query)
      sendHal(res, 200, toLabelNamesResource(list, linksFor(req), query.page !== undefined || query.size !== undefined))
    },
  },
  {
    method: 'GET',
    path: '/pacticipants/label/:label',
    access: 'read',
    handler: async (req, res, deps) => {
      const label = param(req, 'label')
      const query = parse(pacticipantsQuerySchema, { q: queryValue(req, 'q'), page: queryValue(req, 'page'), size: queryValue(req, 'size') }, '#/query')
      const page = await listPacticipants(deps, { ...query, label })
      const links = linksFor(req)
      const labelsOf = await labels.labelNamesFor(deps, page.pacticipants)
      const paged = query.page !== undefined || query.size !== undefined
      sendHal(res, 200, toPacticipantsResource(page, links, { paged, q: query.q, labelsOf, self: links.pacticipantsWithLabel(label) }))
    },
  },
  {
    method: 'GET',
    path: LABEL,
    access: 'read',
    handler: async (req, res, deps) => {
      sendHal(res, 200, toLabelResource(await labels.getLabel(deps, param(req, 'pacticipant'), param(req, 'label')), linksFor(req)))
    },
  },
  {
    method: 'PUT',
    path: LABEL,
    access: 'write',
    handler: async (req, res, deps) => {
      const { label, created } = await labels.putLabel(deps, param(req, 'pacticipant'), param(req, 'label'))
      const links = linksFor(req)
      sendHal(res, created ? 201 : 200, toLabelResource(label, links), created ? links.label(label.pacticipantName, label.name) : undefined)
    },
  },
  {
    method: 'DELETE',
    path: LABEL,
    access: 'admin',
    handler: async (req, res, deps) => {
      await labels.deleteLabel(deps, param(req, 'pacticipant'), param(req, 'label'))
      res.status(204).end()
    },
  },
]
