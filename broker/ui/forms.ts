/**
 * @module ui/forms
 * The UI's state-changing forms post `application/x-www-form-urlencoded` bodies to these paths only; every other
 * request body must be JSON (http/validate.ts). Each form carries a CSRF token (auth/browser-session.ts).
 */
import type { Request } from 'express'

export const FORM_PATHS = ['/sign-in', '/sign-out']

/** A form post to one of the form paths (the only place a URL-encoded body is read). */
export function isFormPost(req: Request): boolean {
  return req.method === 'POST' && FORM_PATHS.includes(req.path) && /^application\/x-www-form-urlencoded\s*(;|$)/i.test(req.headers['content-type'] ?? '')
}
