/**
 * @module auth
 * Who may do what. Bearer tokens are created by an admin with a name, a role (read, write, admin), an optional
 * expiry and an optional scope of pacticipants; the secret is shown once and stored only as its SHA-256 hash.
 * Basic-auth users and the bootstrap admin token come from the settings (config.auth). `authenticate` turns
 * what a request presents into an Actor; the route table's access level decides what it may do (access.ts).
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { AuthConfig } from '../config.js'
import { recordChange } from '../audit/audit.service.js'
import { type Db, inTransaction } from '../db/database.js'
import type { Clock } from '../shared/clock.js'
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../shared/errors.js'
import type { Actor, Role } from '../shared/request-context.js'
import * as repo from './tokens.repository.js'
import type { ApiTokenRow } from './tokens.table.js'

export const ROLES: readonly Role[] = ['read', 'write', 'admin']

/** The prefix every secret starts with, so secret scanners (and people) can recognise a leaked one. */
export const SECRET_PREFIX = 'concord_'

/** How often at most last_used_at is written for one token. */
export const LAST_USED_RESOLUTION_SECONDS = 60

export interface ApiToken {
  uuid: string
  name: string
  role: Role
  /** The first characters of the secret (never the secret). */
  prefix: string
  pacticipants: string[] | null
  expiresAt: Date | null
  createdBy: string
  createdAt: Date
  lastUsedAt: Date | null
  revokedAt: Date | null
  revokedBy: string | null
}

export function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    uuid: row.uuid,
    name: row.name,
    role: row.role as Role,
    prefix: row.secret_prefix,
    pacticipants: row.pacticipants,
    expiresAt: row.expires_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  }
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

/** Constant-time equality of two secrets of any length (compares their digests). */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest())
}

export interface CreateTokenInput {
  name: string
  role: Role
  expiresAt?: Date | undefined
  pacticipants?: string[] | undefined
}

export interface TokenDeps {
  db: Db
  clock: Clock
}

/**
 * Creates a token and returns it with its secret, the only time the secret is seen.
 * @example const { token, secret } = await createToken(deps, { name: 'orders-ci', role: 'write', pacticipants: ['orders'] }, actor)
 */
export async function createToken(deps: TokenDeps, input: CreateTokenInput, by: Actor): Promise<{ token: ApiToken; secret: string }> {
  if (input.expiresAt && input.expiresAt.getTime() <= deps.clock.now().getTime()) {
    throw new ValidationError([{ pointer: '/expiresAt', detail: 'must be in the future' }])
  }
  if (input.pacticipants && input.role !== 'write') {
    throw new ValidationError([{ pointer: '/pacticipants', detail: `only write tokens are scoped to pacticipants; a ${input.role} token acts on every one` }])
  }
  const secret = SECRET_PREFIX + randomBytes(32).toString('base64url')
  const row = await inTransaction(deps.db, async (trx) => {
    const inserted = await repo.insertToken(trx, {
      uuid: randomUUID(),
      name: input.name,
      role: input.role,
      secret_hash: hashSecret(secret),
      secret_prefix: secret.slice(0, SECRET_PREFIX.length + 4),
      pacticipants: input.pacticipants ? JSON.stringify(input.pacticipants) : null,
      expires_at: input.expiresAt ?? null,
      created_by: by.name,
    })
    if (!inserted) throw new ConflictError('token-name-taken', `A live token named '${input.name}' already exists: revoke it first, or pick another name`)
    await recordChange(trx, {
      type: 'token.created',
      details: { token: inserted.uuid, name: inserted.name, role: inserted.role, pacticipants: input.pacticipants ?? null },
    })
    return inserted
  })
  return { token: toApiToken(row), secret }
}

export async function listTokens({ db }: Pick<TokenDeps, 'db'>, includeRevoked = false): Promise<ApiToken[]> {
  return (await repo.listTokens(db, includeRevoked)).map(toApiToken)
}

export async function getToken({ db }: Pick<TokenDeps, 'db'>, uuid: string): Promise<ApiToken> {
  const row = await repo.findToken(db, uuid)
  if (!row) throw new NotFoundError(`No token with uuid ${uuid}. GET /settings/tokens lists them.`, 'token-not-found')
  return toApiToken(row)
}

/** Revokes a token: it stops working at once and stays listed (with ?includeRevoked=true) for the record. */
export async function revokeToken(deps: TokenDeps, uuid: string, by: Actor): Promise<ApiToken> {
  return inTransaction(deps.db, async (trx) => {
    const row = await repo.revokeToken(trx, uuid, deps.clock.now(), by.name)
    if (!row) {
      const existing = await repo.findToken(trx, uuid)
      if (!existing) throw new NotFoundError(`No token with uuid ${uuid}. GET /settings/tokens lists them.`, 'token-not-found')
      return toApiToken(existing) // already revoked: DELETE is idempotent
    }
    await recordChange(trx, { type: 'token.revoked', details: { token: row.uuid, name: row.name } })
    return toApiToken(row)
  })
}

/** What a request presented (from its Authorization header). */
export type Credentials = { scheme: 'bearer'; token: string } | { scheme: 'basic'; username: string; password: string }

/**
 * Turns credentials into an Actor, or throws UnauthorizedError saying what is wrong (never echoing a secret).
 * Settings first (bootstrap admin token, basic users), then the token store.
 */
export async function authenticate(deps: TokenDeps & { auth: AuthConfig }, credentials: Credentials): Promise<Actor> {
  const { auth } = deps
  if (credentials.scheme === 'basic') {
    for (const [user, role] of [
      [auth.basic, 'admin'],
      [auth.basicReadOnly, 'read'],
    ] as const) {
      // Both comparisons always run, so timing does not tell a right username from a wrong one.
      const nameMatches = user ? secretsEqual(credentials.username, user.username) : false
      const passwordMatches = user ? secretsEqual(credentials.password, user.password) : false
      if (user && nameMatches && passwordMatches) return { kind: 'basic', name: user.username, role, tokenUuid: null, pacticipants: null }
    }
    throw new UnauthorizedError(
      auth.basic || auth.basicReadOnly
        ? 'The basic-auth username or password is wrong. Check PACT_BROKER_USERNAME / PACT_BROKER_PASSWORD.'
        : 'This broker has no basic-auth users: send a bearer token instead (PACT_BROKER_TOKEN).',
    )
  }
  if (auth.adminToken && secretsEqual(credentials.token, auth.adminToken)) {
    return { kind: 'admin-token', name: 'admin-token', role: 'admin', tokenUuid: null, pacticipants: null }
  }
  // The lookup is by the SHA-256 of the secret: comparing hashes leaks nothing about the secret itself.
  const row = await repo.findTokenBySecretHash(deps.db, hashSecret(credentials.token))
  const now = deps.clock.now()
  if (!row)
    throw new UnauthorizedError('The bearer token is not known to this broker. Check PACT_BROKER_TOKEN, or ask an admin for a token (concord token create).')
  if (row.revoked_at) throw new UnauthorizedError(`The token '${row.name}' was revoked. Ask an admin for a new one (concord token create).`)
  if (row.expires_at && row.expires_at.getTime() <= now.getTime()) {
    throw new UnauthorizedError(`The token '${row.name}' expired at ${row.expires_at.toISOString()}. Ask an admin for a new one (concord token create).`)
  }
  await repo.touchToken(deps.db, row.id, now, LAST_USED_RESOLUTION_SECONDS)
  return { kind: 'token', name: row.name, role: row.role as Role, tokenUuid: row.uuid, pacticipants: row.pacticipants }
}
