/** Tokens as HAL resources, shaped like PactFlow's `/settings/tokens` where it fits (`description`, `readOnly`). */
import { compact, formatDate } from '../http/hal.js'
import type { ApiToken } from './tokens.service.js'

export const tokensPath = '/settings/tokens'

export function toTokenResource(token: ApiToken, baseUrl: string, secret?: string) {
  return compact({
    uuid: token.uuid,
    name: token.name,
    description: token.name,
    role: token.role,
    readOnly: token.role === 'read',
    // Shown once, in the response that created the token.
    value: secret,
    prefix: token.prefix,
    pacticipants: token.pacticipants,
    expiresAt: token.expiresAt ? formatDate(token.expiresAt) : null,
    createdBy: token.createdBy,
    createdAt: formatDate(token.createdAt),
    lastUsedAt: token.lastUsedAt ? formatDate(token.lastUsedAt) : null,
    revokedAt: token.revokedAt ? formatDate(token.revokedAt) : null,
    revokedBy: token.revokedBy,
    _links: { self: { href: `${baseUrl}${tokensPath}/${token.uuid}`, title: `Token ${token.name}` } },
  })
}

export function toTokensResource(tokens: ApiToken[], baseUrl: string) {
  return {
    _embedded: { items: tokens.map((t) => toTokenResource(t, baseUrl)) },
    _links: { self: { href: `${baseUrl}${tokensPath}`, title: 'Bearer tokens' } },
  }
}
