/**
 * @module shared/request-context
 * What the broker knows about the request a piece of code runs for: who (the authenticated actor), from where,
 * and its id. The auth middleware opens it once per request; the audit recorder reads it inside a service's
 * transaction, so services need no extra parameter to say who changed something. Code run outside a request
 * (test builders, start-up) sees no context and is recorded as the system.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

export type Role = 'read' | 'write' | 'admin'

/** Who is calling. `pacticipants` (tokens only) limits the pacticipants a write may concern; null = any. */
export interface Actor {
  kind: 'anonymous' | 'basic' | 'token' | 'admin-token' | 'system'
  /** Token name or basic-auth username; 'anonymous' / 'system' otherwise. */
  name: string
  role: Role | null
  /** The token's uuid (kind 'token'). */
  tokenUuid: string | null
  pacticipants: readonly string[] | null
}

export interface RequestContext {
  requestId: string
  clientAddress: string
  method: string
  path: string
  actor: Actor
  /** Whether the request changes state (its route's level is write or admin): its outcome is audited. */
  isWrite: boolean
  /** Audit events recorded for this request so far (the trail middleware checks that a write left one). */
  auditEvents: number
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ kind: 'system', name: 'system', role: 'admin', tokenUuid: null, pacticipants: null })
export const ANONYMOUS: Actor = Object.freeze({ kind: 'anonymous', name: 'anonymous', role: null, tokenUuid: null, pacticipants: null })

const storage = new AsyncLocalStorage<RequestContext>()

/** Runs `work` with `context` as the current request context. */
export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work)
}

/** The current request's context, or undefined outside a request. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore()
}

/**
 * The name to record as who made a change: the authenticated caller's when there is one, else `claimed`
 * (a free-text `actor` a client sent, e.g. `concord deprecate --actor`). An authenticated identity always wins,
 * so nobody signs a change with someone else's name.
 * @example const who = attributedActor(body.actor ?? 'unknown')
 */
export function attributedActor(claimed: string): string {
  const actor = currentRequest()?.actor
  return actor && actor.kind !== 'anonymous' && actor.kind !== 'system' ? actor.name : claimed
}
