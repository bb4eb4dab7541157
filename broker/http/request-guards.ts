/**
 * @module http/request-guards
 * Checks every request passes before any router sees it, so malformed or hostile input gets a 400 problem that
 * says what is wrong instead of failing deep inside (a 500 from the URL decoder or from PostgreSQL):
 * - the Host header (and X-Forwarded-Host, when a trusted proxy sent it) must be a host name or address with an
 *   optional port: it becomes every HAL link and the pages' URLs;
 * - every percent-escape in the path and the query must decode to UTF-8 (`%ZZ`, a bare `%`, or `%ED%A0%80`, an
 *   encoded lone surrogate, do not);
 * - no NUL character (U+0000) in the path, the query or any string of a JSON body, and no lone UTF-16 surrogate
 *   in a JSON body: PostgreSQL cannot store them (shared/unstorable-text.ts).
 * Applies to every route, current and future, because createApp mounts it ahead of all of them.
 */
import type { Request, RequestHandler } from 'express'
import { type FieldError, ValidationError } from '../shared/errors.js'
import { findUnstorableText, NUL_CHARACTER_DETAIL } from '../shared/unstorable-text.js'

/** A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

/** Whether `value` may stand as the host (and port) of a URL the broker writes. */
export function isValidHost(value: string): boolean {
  return value.length <= 255 && HOST.test(value)
}

/** The part of the request URL before `?` and the part after it. */
function splitUrl(url: string): [string, string] {
  const at = url.indexOf('?')
  return at === -1 ? [url, ''] : [url.slice(0, at), url.slice(at + 1)]
}

function decodeOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

function urlErrors(url: string): FieldError[] {
  const errors: FieldError[] = []
  const [path, query] = splitUrl(url)
  const decodedPath = decodeOrUndefined(path)
  if (decodedPath === undefined) {
    errors.push({
      pointer: '#/path',
      detail: 'has a malformed percent-escape: each % must start %XX with two hex digits, and the bytes must be UTF-8 (encode a literal % as %25)',
    })
  } else if (decodedPath.includes('\u0000')) {
    errors.push({ pointer: '#/path', detail: NUL_CHARACTER_DETAIL })
  }
  for (const pair of query ? query.split('&') : []) {
    const eq = pair.indexOf('=')
    const rawName = eq === -1 ? pair : pair.slice(0, eq)
    const name = decodeOrUndefined(rawName.replace(/\+/g, ' '))
    const value = decodeOrUndefined((eq === -1 ? '' : pair.slice(eq + 1)).replace(/\+/g, ' '))
    const pointer = `#/query/${(name ?? rawName).replace(/~/g, '~0').replace(/\//g, '~1')}`
    if (name === undefined || value === undefined) {
      errors.push({
        pointer: name === undefined ? '#/query' : pointer,
        detail: 'has a malformed percent-escape: each % must start %XX with two hex digits, and the bytes must be UTF-8 (encode a literal % as %25)',
      })
    } else if (name.includes('\u0000') || value.includes('\u0000')) {
      errors.push({ pointer, detail: NUL_CHARACTER_DETAIL })
    }
  }
  return errors
}

function hostErrors(req: Request): FieldError[] {
  const errors: FieldError[] = []
  const host = req.headers.host
  if (host !== undefined && !isValidHost(host)) {
    errors.push({ pointer: '#/headers/host', detail: 'must be a host name or IP address with an optional port' })
  }
  // req.host reads X-Forwarded-Host only when the peer is a trusted proxy (CONCORD_TRUST_PROXY).
  const effective = req.host
  if (effective && effective !== host && !isValidHost(effective)) {
    errors.push({ pointer: '#/headers/x-forwarded-host', detail: 'must be a host name or IP address with an optional port' })
  }
  return errors
}

/**
 * Refuses a request whose Host, path or query is malformed (see the module comment). Mount before the routers.
 * @example app.use(rejectMalformedRequests)
 */
export const rejectMalformedRequests: RequestHandler = (req, _res, next) => {
  const errors = [...hostErrors(req), ...urlErrors(req.originalUrl)]
  if (errors.length) throw new ValidationError(errors, `The request is malformed: ${errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}`)
  next()
}

/**
 * Refuses a JSON body with a NUL character or a lone surrogate in any string or key. Mount after the JSON body parser.
 * @example app.use(express.json(), rejectUnstorableJsonBodies)
 */
export const rejectUnstorableJsonBodies: RequestHandler = (req, _res, next) => {
  const found = req.body === undefined ? undefined : findUnstorableText(req.body)
  if (found !== undefined) throw new ValidationError([found])
  next()
}
