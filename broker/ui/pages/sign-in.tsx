/**
 * Sign-in and sign-out for people, when the broker asks for credentials (docs/security.md#browser-sessions).
 * `GET /sign-in?next=/map` shows a form for a bearer token and, when the settings have basic-auth users, one for
 * a username and password. `POST /sign-in` checks them exactly as the API checks an Authorization header
 * (tokens.service `authenticate`, the same failure limit and log line), starts a session (sessions.service) and
 * sends the browser back to `next`. `POST /sign-out` ends it. Both forms carry CSRF tokens and are refused from
 * another origin; a failed sign-in is recorded in the audit trail as a refused write.
 */
import type { Request, Response } from 'express'
import type { VNode } from 'preact'
import { recordOutcome } from '../../audit/audit.service.js'
import { requestContextOf } from '../../auth/authentication.js'
import {
  clearSessionCookie,
  clearSignInCsrfCookie,
  CSRF_FIELD,
  csrfTokenMatches,
  csrfTokenOf,
  isSameOrigin,
  readCookie,
  SESSION_COOKIE,
  setSessionCookie,
  setSignInCsrfCookie,
  SIGN_IN_CSRF_COOKIE,
} from '../../auth/browser-session.js'
import { endSession, randomSecret, startSession } from '../../auth/sessions.service.js'
import { authenticate, type Credentials } from '../../auth/tokens.service.js'
import type { BrokerDeps } from '../../deps.js'
import { baseUrlOf } from '../../http/links.js'
import type { Handler } from '../../http/route-table.js'
import { queryValue } from '../../http/routing.js'
import { ForbiddenError, UnauthorizedError } from '../../shared/errors.js'
import { loadAssetManifest } from '../assets.js'
import { Layout, type PageContext, pageContext, sendPage } from '../page.js'

/**
 * Where to go after signing in: a path of this broker (`/…`, not `//host` nor `/\\host`, no control characters),
 * else the dashboard. Keeps the form from being an open redirect.
 * @example safeNext('/map?environment=production') // '/map?environment=production'; safeNext('https://evil') // '/'
 */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value) || value.length > 2000) return '/'
  return value
}

interface FormState {
  next: string
  csrf: string
  /** What went wrong with the last attempt, shown above the forms. */
  error?: string
  method?: 'token' | 'basic'
  username?: string
}

function SignInPage({
  ctx,
  hasBasicUsers,
  lifetimeMinutes,
  state,
}: {
  ctx: PageContext
  hasBasicUsers: boolean
  lifetimeMinutes: number
  state: FormState
}): VNode {
  if (!ctx.authEnabled) {
    return (
      <Layout ctx={ctx} title="Sign in">
        <h1>Sign in</h1>
        <p>This broker is open: it asks nobody for credentials, so there is nothing to sign in to.</p>
        <p>
          <a href={`${ctx.base}${state.next}`}>Continue</a>
        </p>
      </Layout>
    )
  }
  const errorId = 'sign-in-error'
  const describedBy = (method: 'token' | 'basic') => (state.error && state.method === method ? errorId : undefined)
  return (
    <Layout ctx={ctx} title="Sign in">
      <h1>Sign in</h1>
      {ctx.viewer && (
        <p>
          You are signed in as <strong>{ctx.viewer.name}</strong> ({ctx.viewer.role}). Signing in again replaces that session.
        </p>
      )}
      {state.error && (
        <p id={errorId} class="form-error" role="alert">
          {state.error}
        </p>
      )}
      <section aria-labelledby="with-token">
        <h2 id="with-token">With a token</h2>
        <form method="post" action={ctx.links.signIn()} class="sign-in">
          <input type="hidden" name={CSRF_FIELD} value={state.csrf} />
          <input type="hidden" name="next" value={state.next} />
          <input type="hidden" name="method" value="token" />
          <label for="token">Bearer token</label>
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="off"
            required
            spellcheck={false}
            aria-describedby={describedBy('token') ? `${errorId} token-hint` : 'token-hint'}
          />
          <p id="token-hint" class="hint">
            A token an admin created for you (<code>concord token create</code>), or the admin token.
          </p>
          <button type="submit">Sign in with the token</button>
        </form>
      </section>
      {hasBasicUsers && (
        <section aria-labelledby="with-password">
          <h2 id="with-password">With a username and password</h2>
          <form method="post" action={ctx.links.signIn()} class="sign-in">
            <input type="hidden" name={CSRF_FIELD} value={state.csrf} />
            <input type="hidden" name="next" value={state.next} />
            <input type="hidden" name="method" value="basic" />
            <label for="username">Username</label>
            <input
              id="username"
              name="username"
              type="text"
              autocomplete="username"
              required
              value={state.username ?? ''}
              aria-describedby={describedBy('basic')}
            />
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required aria-describedby={describedBy('basic')} />
            <button type="submit">Sign in with the password</button>
          </form>
        </section>
      )}
      <p class="hint">
        You stay signed in for {formatLifetime(lifetimeMinutes)} at most; signing out, or revoking the token you signed in with, ends the session at once.
      </p>
    </Layout>
  )
}

function formatLifetime(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} hours` : `${minutes} minutes`
}

function hasBasicUsers(deps: BrokerDeps): boolean {
  return Boolean(deps.config.auth.basic || deps.config.auth.basicReadOnly)
}

/**
 * Renders the form with a double-submit CSRF value (cookie and hidden field): fresh, or the session's own token
 * when the browser is signed in already (its POST must then pass the session's check too).
 */
function sendForm(deps: BrokerDeps, req: Request, res: Response, state: Omit<FormState, 'csrf'>, status = 200): void {
  const csrf = req.uiSession?.csrfToken ?? randomSecret()
  if (deps.config.auth.enabled) setSignInCsrfCookie(req, res, csrf)
  const ctx = pageContext(req, loadAssetManifest(), 'sign-in')
  sendPage(
    res,
    <SignInPage ctx={ctx} hasBasicUsers={hasBasicUsers(deps)} lifetimeMinutes={deps.config.auth.sessionLifetimeMinutes} state={{ ...state, csrf }} />,
    status,
  )
}

export const signInForm: Handler = (req, res, deps) => {
  sendForm(deps, req, res, { next: safeNext(queryValue(req, 'next')) })
}

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value : ''
}

export const signIn: Handler = async (req, res, deps) => {
  const next = safeNext(field(req, 'next'))
  const base = baseUrlOf(req)
  if (!deps.config.auth.enabled) return void res.redirect(303, `${base}${next}`)
  const context = requestContextOf(res)
  const address = context?.clientAddress ?? 'unknown'
  const method = field(req, 'method') === 'basic' ? 'basic' : 'token'
  const username = method === 'basic' ? field(req, 'username') : undefined
  const refuse = async (status: number, error: string, details: Record<string, unknown>) => {
    if (context) await recordOutcome(deps.db, context, status, { ...details, form: 'sign-in', scheme: method === 'basic' ? 'basic' : 'bearer' })
    sendForm(deps, req, res, { next, error, method, ...(username !== undefined ? { username } : {}) }, status)
  }
  if (!isSameOrigin(req) || !csrfTokenMatches(csrfTokenOf(req), readCookie(req, SIGN_IN_CSRF_COOKIE))) {
    return refuse(
      403,
      'The sign-in form expired or was sent from another site. It has been renewed: sign in again. (Cookies must be allowed for this broker.)',
      { problem: 'forbidden', detail: 'sign-in form without a valid CSRF token or from another origin' },
    )
  }
  const limiter = deps.authFailures!
  const nowMs = deps.clock.now().getTime()
  const wait = limiter.retryAfter(address, nowMs)
  if (wait > 0) {
    res.setHeader('Retry-After', String(wait))
    return refuse(429, `Too many failed sign-ins from ${address}. Wait ${wait} s, then try again.`, { problem: 'too-many-failed-authentications' })
  }
  const credentials: Credentials =
    method === 'basic'
      ? { scheme: 'basic', username: username ?? '', password: field(req, 'password') }
      : { scheme: 'bearer', token: field(req, 'token').trim() }
  let actor
  try {
    if ((credentials.scheme === 'bearer' && !credentials.token) || (credentials.scheme === 'basic' && !credentials.username)) {
      throw new UnauthorizedError(method === 'basic' ? 'Enter a username and a password.' : 'Enter a token.')
    }
    actor = await authenticate({ db: deps.db, clock: deps.clock, auth: deps.config.auth }, credentials)
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error
    limiter.fail(address, nowMs)
    deps.logger.info('sign-in failed', { requestId: context?.requestId, clientAddress: address, scheme: credentials.scheme })
    // A person reads this: the API's hint about environment variables would not help them.
    const message =
      credentials.scheme === 'basic' ? 'The username or password is wrong.' : error.message.replace(/ Check PACT_BROKER_TOKEN, or/, ' Check it, or')
    return refuse(401, message, { problem: 'unauthorized', detail: 'sign-in failed' })
  }
  if (context) context.actor = actor
  const { secret, session } = await startSession(
    { db: deps.db, clock: deps.clock, auth: deps.config.auth, lifetimeMinutes: deps.config.auth.sessionLifetimeMinutes },
    actor,
    credentials,
    address,
  )
  // A session the browser had before is replaced, not kept alongside (no fixation, no orphan).
  const previous = readCookie(req, SESSION_COOKIE)
  if (previous) await endSession(deps, previous)
  clearSignInCsrfCookie(req, res)
  setSessionCookie(req, res, secret, session.expiresAt)
  res.redirect(303, `${base}${next}`)
}

export const signOut: Handler = async (req, res, deps) => {
  // authenticateRequest already refused a sign-out on a live session from another origin or without its CSRF
  // token. Without a live session (SameSite kept the cookie off a cross-site post) another site still may not
  // clear the cookie: sign-out is only ever a same-origin form.
  if (!isSameOrigin(req)) throw new ForbiddenError("Sign-out comes from the broker's own pages, not from another site.")
  const secret = readCookie(req, SESSION_COOKIE)
  if (secret && req.uiSession) await endSession(deps, secret)
  clearSessionCookie(req, res)
  res.redirect(303, `${baseUrlOf(req)}/sign-in`)
}
