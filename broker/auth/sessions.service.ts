/**
 * @module auth/sessions
 * Browser sessions for the UI's sign-in. A person signs in once with a token or a basic-auth user; the broker
 * answers with a cookie holding a random secret and keeps a row (ui_sessions, one table for every replica) with
 * the SHA-256 of that secret, who signed in, the session's CSRF token and its expiry. Each request with the
 * cookie finds the row again and checks that the credential behind it still holds: a revoked or expired token,
 * or a basic-auth password or admin token changed in the settings, ends the session at once.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { AuthConfig } from '../config.js'
import { recordChange } from '../audit/audit.service.js'
import { type Db, inTransaction } from '../db/database.js'
import type { Clock } from '../shared/clock.js'
import type { Actor, Role } from '../shared/request-context.js'
import * as repo from './sessions.repository.js'
import { hashSecret, secretsEqual } from './tokens.service.js'
import type { Credentials } from './tokens.service.js'

export interface SessionDeps {
  db: Db
  clock: Clock
  auth: AuthConfig
}

export interface Session {
  actor: Actor
  /** The synchronizer token every state-changing form of this session carries (`_csrf`). */
  csrfToken: string
  expiresAt: Date
}

/** 32 random bytes, URL-safe: a session secret, a CSRF token. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** Binds a settings credential to one session without storing anything that could be guessed offline. */
function credentialCheck(sessionSecret: string, credential: string): string {
  return createHash('sha256').update(`${sessionSecret}\n${credential}`, 'utf8').digest('hex')
}

/** The credential the settings hold today for a session of this kind and role, or null when there is none. */
function settingsCredential(auth: AuthConfig, kind: string, role: string, name: string): string | null {
  if (kind === 'admin-token') return auth.adminToken
  if (kind !== 'basic') return null
  const user = role === 'admin' ? auth.basic : auth.basicReadOnly
  return user && user.username === name ? `${user.username}:${user.password}` : null
}

/**
 * Starts a session for an actor that `credentials` just authenticated (tokens.service `authenticate`), and
 * records `session.created` in the same transaction. Returns the cookie's value: the only place it exists.
 * @example const { secret, session } = await startSession(deps, actor, credentials, '10.0.0.7')
 */
export async function startSession(
  deps: SessionDeps & { lifetimeMinutes: number },
  actor: Actor,
  credentials: Credentials,
  clientAddress: string | null,
): Promise<{ secret: string; session: Session }> {
  const secret = randomSecret()
  const now = deps.clock.now()
  const expiresAt = new Date(now.getTime() + deps.lifetimeMinutes * 60_000)
  const credential = credentials.scheme === 'basic' ? `${credentials.username}:${credentials.password}` : credentials.token
  const csrfToken = randomSecret()
  await inTransaction(deps.db, async (trx) => {
    // A scoped token's session concerns its pacticipants (the audit's scope check wants at least one).
    await recordChange(trx, {
      type: 'session.created',
      pacticipants: [...(actor.pacticipants ?? [])],
      details: { kind: actor.kind, role: actor.role, expiresAt },
    })
    await repo.deleteExpiredSessions(trx, now)
    await repo.insertSession(trx, {
      secret_hash: hashSecret(secret),
      actor_kind: actor.kind,
      actor_name: actor.name,
      role: actor.role ?? 'read',
      token_uuid: actor.tokenUuid,
      pacticipants: actor.pacticipants ? JSON.stringify(actor.pacticipants) : null,
      credential_check: actor.kind === 'token' ? null : credentialCheck(secret, credential),
      csrf_token: csrfToken,
      client_address: clientAddress,
      expires_at: expiresAt,
    })
  })
  return { secret, session: { actor, csrfToken, expiresAt } }
}

/**
 * The session a cookie's secret opens, or undefined when it is unknown, expired, or its credential no longer
 * holds (token revoked or expired; basic-auth user or admin token changed in the settings).
 */
export async function resumeSession(deps: SessionDeps, secret: string): Promise<Session | undefined> {
  const now = deps.clock.now()
  const row = await repo.findLiveSession(deps.db, hashSecret(secret), now)
  if (!row) return undefined
  if (row.actor_kind === 'token') {
    if (row.token_id === null || row.token_revoked_at !== null) return undefined
    if (row.token_expires_at !== null && row.token_expires_at.getTime() <= now.getTime()) return undefined
  } else {
    const credential = settingsCredential(deps.auth, row.actor_kind, row.role, row.actor_name)
    if (credential === null || row.credential_check === null || !secretsEqual(credentialCheck(secret, credential), row.credential_check)) return undefined
  }
  return {
    actor: {
      kind: row.actor_kind as Actor['kind'],
      name: row.actor_name,
      role: row.role as Role,
      tokenUuid: row.token_uuid,
      pacticipants: row.pacticipants,
    },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  }
}

/** Ends the session a cookie's secret opens (sign-out); records `session.ended`. Ending an unknown one does nothing. */
export async function endSession(deps: Pick<SessionDeps, 'db'>, secret: string): Promise<boolean> {
  return inTransaction(deps.db, async (trx) => {
    const row = await repo.deleteSession(trx, hashSecret(secret))
    if (!row) return false
    await recordChange(trx, { type: 'session.ended', pacticipants: [...(row.pacticipants ?? [])], details: { kind: row.actor_kind, role: row.role } })
    return true
  })
}
