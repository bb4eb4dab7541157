/**
 * Token rows of the route table (all admin): create (`POST /settings/tokens`, the secret is in this response
 * only), list, show, revoke (`DELETE /settings/tokens/{uuid}`).
 */
import { sendHal } from '../http/hal.js'
import { baseUrlOf } from '../http/links.js'
import type { Route } from '../http/route-table.js'
import { param, queryValue } from '../http/routing.js'
import { jsonBody, parse } from '../http/validate.js'
import { ConflictError } from '../shared/errors.js'
import { ANONYMOUS, type Role } from '../shared/request-context.js'
import { createTokenSchema } from './tokens.schemas.js'
import { toTokenResource, toTokensResource, tokensPath } from './tokens.serializers.js'
import * as tokens from './tokens.service.js'

export const tokensRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: tokensPath,
    access: 'admin',
    relations: [{ rel: 'concord:tokens', title: 'Bearer tokens (admin)' }],
    handler: async (req, res, deps) => {
      const includeRevoked = queryValue(req, 'includeRevoked') === 'true'
      sendHal(res, 200, toTokensResource(await tokens.listTokens(deps, includeRevoked), baseUrlOf(req)))
    },
  },
  {
    method: 'POST',
    path: tokensPath,
    access: 'admin',
    handler: async (req, res, deps) => {
      const body = parse(createTokenSchema, jsonBody(req))
      if (!deps.config.auth.enabled) {
        throw new ConflictError(
          'auth-not-enabled',
          'This broker is open (no credentials configured), so a token would protect nothing. Set CONCORD_ADMIN_TOKEN (docs/security.md), restart, and create tokens with it.',
        )
      }
      const { token, secret } = await tokens.createToken(
        deps,
        { name: body.name, role: body.role as Role, expiresAt: body.expiresAt ?? undefined, pacticipants: body.pacticipants ?? undefined },
        req.actor ?? ANONYMOUS,
      )
      const resource = toTokenResource(token, baseUrlOf(req), secret)
      sendHal(res, 201, resource, resource._links!.self.href)
    },
  },
  {
    method: 'GET',
    path: `${tokensPath}/:uuid`,
    access: 'admin',
    handler: async (req, res, deps) => {
      sendHal(res, 200, toTokenResource(await tokens.getToken(deps, param(req, 'uuid')), baseUrlOf(req)))
    },
  },
  {
    method: 'DELETE',
    path: `${tokensPath}/:uuid`,
    access: 'admin',
    handler: async (req, res, deps) => {
      await tokens.revokeToken(deps, param(req, 'uuid'), req.actor ?? ANONYMOUS)
      res.status(204).end()
    },
  },
]
