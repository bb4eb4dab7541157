/**
 * @module ui/page-links
 * URLs of the pages. A page lives at the URL of the resource it shows (a pacticipant's page is
 * `/pacticipants/{name}`, as in the HAL API), so a link printed by the CLI opens the right page in a browser.
 */
import { createLinks } from '../http/links.js'

const e = encodeURIComponent

export type PageLinks = ReturnType<typeof createPageLinks>

/** @example createPageLinks('http://broker').integration('api', 'web') // http://broker/integrations/provider/api/consumer/web */
export function createPageLinks(base: string) {
  const api = createLinks(base)
  const query = (params: Record<string, string | number | undefined | null>) => {
    const search = new URLSearchParams()
    for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value))
    const text = search.toString()
    return text ? `?${text}` : ''
  }
  return {
    dashboard: (params: { q?: string; page?: number; status?: string; label?: string } = {}) => `${base}/${query(params)}`,
    map: () => `${base}/map`,
    mapGraph: () => `${base}/map/graph`,
    pacticipant: api.pacticipant,
    version: api.version,
    integration: (provider: string, consumer: string, params: { from?: string; to?: string } = {}) =>
      `${base}/integrations/provider/${e(provider)}/consumer/${e(consumer)}${query(params)}`,
    pactForConsumerVersion: api.pactForConsumerVersion,
    pactVersion: api.pactVersion,
    verificationResult: api.verificationResult,
    environments: () => `${base}/environments`,
    environment: api.environment,
    canIDeploy: (params: { pacticipant?: string; version?: string; environment?: string } = {}) => `${base}/can-i-deploy${query(params)}`,
    deprecations: (params: { provider?: string; consumer?: string } = {}) => `${base}/deprecations${query(params)}`,
    deprecation: (uuid: string) => `${base}/deprecations/${e(uuid)}`,
    /** The sign-in page; `next` (a path of this broker) is where it sends the browser afterwards. */
    signIn: (next?: string) => `${base}/sign-in${query({ next: next && next !== '/' ? next : undefined })}`,
    signOut: () => `${base}/sign-out`,
    audit: (params: Record<string, string | undefined> = {}) => `${base}/audit${query(params)}`,
    webhooks: () => `${base}/webhooks`,
    webhook: (uuid: string) => `${base}/webhooks/${e(uuid)}`,
  }
}
