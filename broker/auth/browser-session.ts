/**
 * @module auth/browser-session
 * The HTTP side of browser sessions: the cookies and the CSRF defences.
 *
 * - `concord_session`: the session's secret (sessions.service.ts). HttpOnly (no script reads it), SameSite=Lax
 *   (sent on a top-level link from a chat or a CI log, never on a cross-site POST or fetch), Secure when the
 *   request came over https (directly, or through a proxy CONCORD_TRUST_PROXY trusts, or a https base URL).
 * - Every state-changing request authenticated by that cookie must carry the session's CSRF token (form field
 *   `_csrf` or header `X-CSRF-Token`, a synchronizer token) and must not come from another origin (`Origin`, or
 *   `Sec-Fetch-Site` when a browser sent no Origin).
 * - The sign-in form has no session yet: it double-submits a random value, once in a SameSite=Strict HttpOnly
 *   cookie scoped to /sign-in and once in the form, with the same origin check.
 */
import type { Request, Response } from 'express'
import { baseUrlOf } from '../http/links.js'
import { secretsEqual } from './tokens.service.js'

export const SESSION_COOKIE = 'concord_session'
export const SIGN_IN_CSRF_COOKIE = 'concord_sign_in_csrf'
export const CSRF_FIELD = '_csrf'
export const CSRF_HEADER = 'x-csrf-token'

/**
 * One cookie's value from the Cookie header. Parsed here rather than with cookie-parser: two names, no signed
 * cookies, and the values are base64url (no decoding needed).
 */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined
  }
  return undefined
}

/** Whether the browser reached the broker over https (cookies then get `Secure`). */
export function isHttps(req: Request): boolean {
  return req.secure || baseUrlOf(req).startsWith('https:')
}

export function setSessionCookie(req: Request, res: Response, secret: string, expiresAt: Date): void {
  res.cookie(SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'lax', secure: isHttps(req), path: '/', expires: expiresAt })
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: isHttps(req), path: '/' })
}

export function setSignInCsrfCookie(req: Request, res: Response, value: string): void {
  res.cookie(SIGN_IN_CSRF_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: isHttps(req), path: '/sign-in', maxAge: 3_600_000 })
}

export function clearSignInCsrfCookie(req: Request, res: Response): void {
  res.clearCookie(SIGN_IN_CSRF_COOKIE, { httpOnly: true, sameSite: 'strict', secure: isHttps(req), path: '/sign-in' })
}

/**
 * Whether a state-changing request comes from the broker's own pages: its `Origin` names this broker (the base
 * URL's origin, or the Host the browser addressed), or, without an Origin, `Sec-Fetch-Site` is same-origin or
 * absent (a non-browser client, which the CSRF token still has to pass). `Origin: null` counts only with
 * `Sec-Fetch-Site: same-origin`.
 */
export function isSameOrigin(req: Request): boolean {
  const origin = req.headers.origin
  const site = req.headers['sec-fetch-site']
  // A browser sends `Origin: null` for a page with a no-referrer policy (the API's responses have one); then only
  // the browser's own Sec-Fetch-Site can say the form was on this broker.
  if (origin === 'null') return site === 'same-origin'
  if (origin !== undefined) {
    try {
      const url = new URL(origin)
      return url.origin === new URL(baseUrlOf(req)).origin || url.host === req.headers.host
    } catch {
      return false
    }
  }
  return site === undefined || site === 'same-origin' || site === 'none'
}

/** The CSRF token a request carries: the form field, else the header. */
export function csrfTokenOf(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined
  const field = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined
  if (typeof field === 'string' && field) return field
  const header = req.headers[CSRF_HEADER]
  return typeof header === 'string' && header ? header : undefined
}

/** Constant-time check of a presented CSRF token against the expected one. */
export function csrfTokenMatches(presented: string | undefined, expected: string | undefined): boolean {
  return presented !== undefined && expected !== undefined && secretsEqual(presented, expected)
}
