/**
 * `concord token create | list | revoke`: bearer tokens, for admins (docs/security.md).
 */
import type { ApiToken } from '../../../lib/broker-client/index.js'
import { BrokerApiError } from '../../../lib/errors.js'
import { ExitError } from '../../errors.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { renderTable } from '../../output/table.js'
import type { TokenCreateOptions, TokenListOptions, TokenRevokeOptions } from './options.js'

/** The stable JSON of a token (docs/cli.md); `value` only from create. */
export function tokenJson(t: ApiToken) {
  return {
    uuid: t.uuid,
    name: t.name,
    role: t.role,
    prefix: t.prefix,
    pacticipants: t.pacticipants ?? null,
    expiresAt: t.expiresAt ?? null,
    createdBy: t.createdBy,
    createdAt: t.createdAt,
    lastUsedAt: t.lastUsedAt ?? null,
    revokedAt: t.revokedAt ?? null,
    ...(t.value ? { value: t.value } : {}),
  }
}

export async function create(o: TokenCreateOptions, ctx: CommandContext): Promise<CommandResult> {
  const token = await ctx.client().createToken(o)
  const scope = token.pacticipants?.length ? ` for ${token.pacticipants.join(', ')}` : ''
  return {
    data: tokenJson(token),
    text: [
      ctx.style.green(`Created the ${token.role} token '${token.name}'${scope} (uuid ${token.uuid}).`),
      'Its secret, shown this once (the broker keeps only a hash):',
      '',
      `  ${token.value}`,
      '',
      'Store it as the PACT_BROKER_TOKEN secret of the job that uses it.',
    ].join('\n'),
  }
}

export async function list(o: TokenListOptions, ctx: CommandContext): Promise<CommandResult> {
  const tokens = await ctx.client().listTokens({ includeRevoked: o.includeRevoked })
  return {
    data: { tokens: tokens.map(tokenJson) },
    text: tokens.length
      ? renderTable(
          ['NAME', 'ROLE', 'PACTICIPANTS', 'PREFIX', 'LAST USED', 'EXPIRES', o.includeRevoked ? 'REVOKED' : 'UUID'],
          tokens.map((t) => [
            t.name,
            t.role,
            t.pacticipants?.join(', ') ?? 'any',
            t.prefix,
            t.lastUsedAt ?? 'never',
            t.expiresAt ?? 'never',
            o.includeRevoked ? (t.revokedAt ?? '-') : t.uuid,
          ]),
          { boxed: ctx.boxed },
        )
      : 'No tokens yet. Create one with: concord token create --name NAME --role write',
  }
}

export async function revoke(o: TokenRevokeOptions, ctx: CommandContext): Promise<CommandResult> {
  try {
    await ctx.client().revokeToken(o.uuid)
  } catch (error) {
    // The broker's message points at its API (GET /settings/tokens); a CLI user wants the command instead.
    if (error instanceof BrokerApiError && error.status === 404)
      throw new ExitError(`No token has the uuid ${o.uuid}. 'concord token list' shows each token's uuid (add --include-revoked for revoked ones).`)
    throw error
  }
  return { data: { revoked: o.uuid }, text: ctx.style.green(`Revoked token ${o.uuid}: it stops working with the next request.`) }
}
