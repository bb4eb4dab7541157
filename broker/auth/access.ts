/**
 * Access levels and the check of an actor against a route's level. The level is a property of the route (the
 * route table says it); this module only compares.
 */
import type { AuthConfig } from '../config.js'
import type { Access } from '../http/route-table.js'
import { ForbiddenError, UnauthorizedError } from '../shared/errors.js'
import type { Actor, Role } from '../shared/request-context.js'

/** What a route needs: `public` (anyone, always), `read`, `write`, `admin` (the route table's `access`). */
export type AccessLevel = Access

const RANK: Record<AccessLevel, number> = { public: 0, read: 1, write: 2, admin: 3 }

/** What `actor` may reach: its role, or for an anonymous caller what the settings grant (everything when open). */
export function grantedLevel(actor: Actor, auth: AuthConfig): AccessLevel {
  if (actor.role) return actor.role
  if (!auth.enabled) return 'admin'
  return auth.allowPublicRead ? 'read' : 'public'
}

/** The level a route really needs under these settings (the heartbeat can be made public). */
export function effectiveLevel(level: AccessLevel, path: string, auth: AuthConfig): AccessLevel {
  if (auth.publicHeartbeat && path === '/diagnostic/status/heartbeat') return 'public'
  return level
}

const ROLE_NEEDED: Record<Exclude<AccessLevel, 'public'>, Role> = { read: 'read', write: 'write', admin: 'admin' }

/**
 * Throws UnauthorizedError (anonymous caller) or ForbiddenError (known caller, role too low) when `actor` may
 * not use a route of `level`.
 * @example checkAccess(req.actor, 'write', config.auth, 'POST /contracts/publish')
 */
export function checkAccess(actor: Actor, level: AccessLevel, auth: AuthConfig, what: string): void {
  if (RANK[grantedLevel(actor, auth)] >= RANK[level]) return
  const role = ROLE_NEEDED[level as Exclude<AccessLevel, 'public'>]
  if (actor.kind === 'anonymous') {
    throw new UnauthorizedError(
      `${what} needs credentials with the ${role} role. Send a bearer token (PACT_BROKER_TOKEN) or basic auth (PACT_BROKER_USERNAME / PACT_BROKER_PASSWORD).`,
    )
  }
  throw new ForbiddenError(
    `${what} needs the ${role} role; ${actor.kind === 'basic' ? `the user '${actor.name}'` : `the token '${actor.name}'`} has the ${actor.role} role. Use credentials with the ${role} role, or ask an admin for a token that has it.`,
  )
}
