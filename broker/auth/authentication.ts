/**
 * The request pipeline's auth steps, in the order createApp mounts them:
 * 1. `openRequestContext`: request id, client address, anonymous actor; opens the AsyncLocalStorage context.
 * 2. (body parsing, which loses the async context) → `reenterRequestContext`.
 * 3. `authenticateRequest`: the Authorization header → `req.actor` once (STYLE 17), with failed attempts
 *    rate-limited per client address; without one, a browser's session cookie (browser-session.ts), whose
 *    state-changing requests must pass the CSRF checks.
 * 4. `authorizeRoute`: the matched route's level against the actor (a guard of the route table; pages are
 *    rows of the table too).
 * Headers are read here and nowhere else; services see the actor through the request context.
 */
import type { RequestHandler, Response } from 'express'
import type { AuthConfig } from '../config.js'
import { requestIdOf } from '../http/request-log.js'
import type { Guard } from '../http/route-table.js'
import { ForbiddenError, TooManyRequestsError, UnauthorizedError } from '../shared/errors.js'
import type { Logger } from '../shared/logger.js'
import { type Actor, ANONYMOUS, type RequestContext, runInRequestContext } from '../shared/request-context.js'
import { checkAccess, effectiveLevel } from './access.js'
import { csrfTokenMatches, csrfTokenOf, isSameOrigin, readCookie, SESSION_COOKIE } from './browser-session.js'
import type { FailureLimiter } from './failure-limiter.js'
import { resumeSession, type Session } from './sessions.service.js'
import { authenticate, type Credentials, type TokenDeps } from './tokens.service.js'

declare module 'express-serve-static-core' {
  interface Request {
    /** Who is calling, set once by authenticateRequest. */
    actor?: Actor
    /** The browser session the actor came from (the UI's sign-in), if it came from one. */
    uiSession?: Session
    /** Whether the broker asks for credentials (config.auth.enabled): pages offer sign-in then. */
    authEnabled?: boolean
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
    req.authEnabled = deps.auth.enabled
    let credentials: Credentials | undefined
    try {
      credentials = credentialsOf(req.get('authorization'))
    } catch (error) {
      if (deps.auth.enabled) throw error
    }
    if (!credentials) {
      if (deps.auth.enabled) await authenticateSession(deps, req, context)
      return next()
    }
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
 * A browser's session cookie → `req.actor`. An unknown or ended session leaves the caller anonymous (pages then
 * send it to sign-in). A state-changing request on a session must come from the broker's own origin and carry
 * the session's CSRF token, else it is refused (403, audited as a refused write) before any route runs.
 */
async function authenticateSession(deps: AuthenticationDeps, req: Parameters<RequestHandler>[0], context: RequestContext | undefined): Promise<void> {
  const secret = readCookie(req, SESSION_COOKIE)
  if (!secret) return
  const session = await resumeSession(deps, secret)
  if (!session) return
  req.actor = session.actor
  req.uiSession = session
  if (context) context.actor = session.actor
  if (SAFE_METHODS.has(req.method)) return
  if (!isSameOrigin(req)) {
    throw new ForbiddenError(
      "This request comes from another site (its Origin is not this broker), so the session cookie does not count for it. Submit the form from the broker's own pages.",
    )
  }
  if (!csrfTokenMatches(csrfTokenOf(req), session.csrfToken)) {
    throw new ForbiddenError("The form's CSRF token is missing or does not match this session. Reload the page and submit the form again.")
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
