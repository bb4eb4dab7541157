/**
 * @module http/security-headers
 * Headers every response carries. `X-Content-Type-Options: nosniff` keeps a browser from reading a JSON or
 * problem document (which may echo request data) as HTML or script; `Content-Security-Policy` for everything but
 * the pages (broker/ui/page.tsx sets its own policy for HTML) forbids any script, style or frame, since an API
 * response never needs them. Three fixed headers, so no library (helmet's defaults include HSTS and
 * cross-origin policies that do not fit a broker served over plain HTTP on a private network).
 */
import type { RequestHandler } from 'express'

export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"

/** @example app.use(securityHeaders) */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Content-Security-Policy', API_CONTENT_SECURITY_POLICY)
  res.setHeader('Referrer-Policy', 'no-referrer')
  next()
}
