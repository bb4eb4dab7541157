/**
 * @module http/html
 * Escaping for the few HTML pages the broker serves (the browser index and `/doc/{rel}`).
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text (or an attribute value in double or single quotes) made safe for HTML. @example escapeHtml('<b>') // '&lt;b&gt;' */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!)
}
