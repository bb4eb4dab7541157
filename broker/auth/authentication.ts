/**
 * The request pipeline's auth steps, in the order createApp mounts them:
 * 1. `openRequestContext`: request id, client address, anonymous actor; opens the AsyncLocalStorage context.
 * 2. (body parsing, which loses the async context) → `reenterRequestContext`.
 * 3. `authenticateRequest`: the Authorization header → `req.actor` once (STYLE 17), with failed attempts
 *    rate-limited per client address.
 * 4. `authorizeRoute`: the matched route's level against the actor (a guard of the route table; pages are
 *    rows of the table too).
 * Headers are read here and nowhere else; services see the actor through the request context.
 */
import type { RequestHandler, Response } from 'express'
import type { AuthConfig } from '../config.js'
import { requestIdOf } from '../http/request-log.js'
import type { Guard } from '../http/route-table.js'
import { TooManyRequestsError, UnauthorizedError } from '../shared/errors.js'
import type { Logger } from '../shared/logger.js'
import { type Actor, ANONYMOUS, type RequestContext, runInRequestContext } from '../shared/request-context.js'
import { checkAccess, effectiveLevel } from './access.js'
import type { FailureLimiter } from './failure-limiter.js'
import { authenticate, type Credentials, type TokenDeps } from './tokens.service.js'

declare module 'express-serve-static-core' {
  interface Request {
    /** Who is calling, set once by authenticateRequest. */
    actor?: Actor
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const CONTEXT = Symbol('concord.requestContext')

/** The request's context (set by openRequestContext). */
export function requestContextOf(res: Response): RequestContext | undefined {
  return (res.locals as Record<symbol, RequestContext | undefined>)[CONTEXT]
}

export const openRequestContext: RequestHandler = (req, res, next) => {
  const context: RequestContext = {
    // The id the request log gave it (http/request-log.ts): the same in the log line, the X-Request-Id header,
    // problem documents and audit events.
    requestId: requestIdOf(req),
    clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    method: req.method,
    path: req.originalUrl,
    actor: ANONYMOUS,
    // Every unsafe method is a write until its route says otherwise (POST …/for-verification is a read).
    isWrite: !SAFE_METHODS.has(req.method),
    auditEvents: 0,
  }
  ;(res.locals as Record<symbol, RequestContext>)[CONTEXT] = context
  req.actor = ANONYMOUS
  runInRequestContext(context, next)
}

/** Body parsers call `next` from stream callbacks, outside the context; this puts the request back in it. */
export const reenterRequestContext: RequestHandler = (_req, res, next) => {
  const context = requestContextOf(res)
  if (!context) return next()
  runInRequestContext(context, next)
}

/** Reads the Authorization header; throws UnauthorizedError for a malformed one. Never logs it. */
export function credentialsOf(header: string | undefined): Credentials | undefined {
  if (!header?.trim()) return undefined
  const match = /^(\w+)\s+(.+)$/.exec(header.trim())
  const scheme = match?.[1]!.toLowerCase()
  if (match && scheme === 'bearer') return { scheme: 'bearer', token: match[2]!.trim() }
  if (match && scheme === 'basic') {
    const decoded = Buffer.from(match[2]!.trim(), 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon > 0) return { scheme: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
  }
  throw new UnauthorizedError('The Authorization header is not understood: send `Bearer <token>` or `Basic <base64 of user:password>`.')
}

export interface AuthenticationDeps extends TokenDeps {
  auth: AuthConfig
  limiter: FailureLimiter
  logger: Logger
}

/**
 * Turns credentials into `req.actor`. With auth enabled, wrong credentials are a 401 (counted against the
 * client address); on an open broker they are ignored, as the Pact Broker ignores them, so a stale
 * PACT_BROKER_TOKEN in CI does not break a broker that needs none.
 */
export function authenticateRequest(deps: AuthenticationDeps): RequestHandler {
  return async (req, res, next) => {
    const context = requestContextOf(res)
    let credentials: Credentials | undefined
    try {
      credentials = credentialsOf(req.get('authorization'))
    } catch (error) {
      if (deps.auth.enabled) throw error
    }
    if (!credentials) return next()
    const nowMs = deps.clock.now().getTime()
    const address = context?.clientAddress ?? 'unknown'
    const wait = deps.limiter.retryAfter(address, nowMs)
    if (wait > 0 && deps.auth.enabled) {
      throw new TooManyRequestsError(wait, `Too many failed authentications from ${address}. Wait ${wait} s, then retry with the right credentials.`)
    }
    let actor: Actor
    try {
      actor = await authenticate(deps, credentials)
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error
      deps.limiter.fail(address, nowMs)
      deps.logger.info('authentication failed', { requestId: context?.requestId, clientAddress: address, scheme: credentials.scheme })
      if (deps.auth.enabled) throw error
      return next()
    }
    req.actor = actor
    if (context) context.actor = actor
    next()
  }
}

/**
 * The route table's guard: the matched row's access level against `req.actor` (STYLE 17: access is a property
 * of the route). A row of level `read` is a query even when sent as POST, so it is not audited as a write.
 * @example mountRoutes(ROUTES, deps, { guards: [authorizeRoute(config.auth)] })
 */
export function authorizeRoute(auth: AuthConfig): Guard {
  return (req, res, route) => {
    const context = requestContextOf(res)
    // An admin GET (the audit trail, the token list) is a read: only a state-changing method at a write or admin row is a write.
    if (context) context.isWrite = !SAFE_METHODS.has(req.method) && (route.access === 'write' || route.access === 'admin')
    checkAccess(req.actor ?? ANONYMOUS, effectiveLevel(route.access, req.path, auth), auth, `${req.method} ${req.path}`)
  }
}
