/**
 * HAL helpers: find a relation in `_links`, expand `{placeholders}`, and keep hrefs on the configured broker.
 */

export interface HalLink {
  href: string
  name?: string
  title?: string
  templated?: boolean
  [extra: string]: unknown
}

export interface HalResource {
  _links?: Record<string, HalLink | HalLink[] | undefined>
  _embedded?: Record<string, unknown>
  [key: string]: unknown
}

/** The single link of `rel`, or undefined (arrays and missing links give undefined). */
export function linkOf(resource: HalResource, rel: string): HalLink | undefined {
  const link = resource._links?.[rel]
  return link && !Array.isArray(link) && typeof link.href === 'string' ? link : undefined
}

/** Every link of `rel` (a single link becomes a one-element list). */
export function linksOf(resource: HalResource, rel: string): HalLink[] {
  const link = resource._links?.[rel]
  if (!link) return []
  return (Array.isArray(link) ? link : [link]).filter((l) => typeof l?.href === 'string')
}

/**
 * Expands `{name}` placeholders with percent-encoded values, as the Pact clients do; unknown ones stay.
 * @example expand('http://b/pacticipants/{pacticipant}', { pacticipant: 'my app' }) // http://b/pacticipants/my%20app
 */
export function expand(href: string, values: Record<string, string>): string {
  return href.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? encodeURIComponent(values[key]!) : whole))
}

/**
 * Resolves an href from the broker against the configured base URL. The broker builds absolute hrefs from its
 * own idea of its address, which may differ from the one we reach it at (a proxy, CONCORD_BASE_URL unset, a
 * container name): like the Pact verifier we keep the path and query and use our base URL's origin, re-adding
 * its context path when the href lacks it.
 */
export function resolveHref(baseUrl: string, href: string): string {
  const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`)
  const target = new URL(href, base)
  const contextPath = base.pathname.replace(/\/$/, '')
  let pathname = target.pathname
  if (contextPath && !pathname.startsWith(`${contextPath}/`) && pathname !== contextPath) pathname = `${contextPath}${pathname}`
  return `${base.origin}${pathname}${target.search}`
}
