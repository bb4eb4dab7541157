/**
 * @module http/html
 * HTML for people: whether a request wants a page, and escaping for the hand-written `/doc/{rel}` pages (the
 * UI's pages in broker/ui/ escape through their templates).
 */
import type { Request } from 'express'

/**
 * Whether the request wants a page: a browser's Accept puts text/html first; API clients send hal+json, json
 * or nothing at all (→ HAL, as before).
 * @example prefersHtml(req) // true for 'text/html,application/xhtml+xml,…;q=0.8'
 */
export function prefersHtml(req: Request): boolean {
  const accept = req.headers.accept
  if (!accept || /json/i.test(accept)) return false
  return req.accepts(['application/hal+json', 'application/json', 'text/html']) === 'text/html'
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text (or an attribute value in double or single quotes) made safe for HTML. @example escapeHtml('<b>') // '&lt;b&gt;' */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!)
}
