/**
 * URL builders for the deprecations domain — deprecations and their proposals — kept here so the domain adds no
 * lines to the shared links module. Both serializers use them.
 */
import type { Links } from '../http/links.js'

const e = encodeURIComponent

export function deprecationLinks(links: Links) {
  return {
    list: (provider: string) => `${links.pacticipant(provider)}/deprecations`,
    timeline: (provider: string) => `${links.pacticipant(provider)}/deprecations/timeline`,
    inUse: (consumer: string) => `${links.pacticipant(consumer)}/deprecations/in-use`,
    deprecation: (uuid: string) => `${links.base}/deprecations/${e(uuid)}`,
    history: (uuid: string) => `${links.base}/deprecations/${e(uuid)}/history`,
    check: () => `${links.base}/deprecations/check`,
    gate: () => `${links.base}/deprecations/gate{?pacticipant,version,environment,failOnSunset}`,
    proposals: (provider: string) => `${links.pacticipant(provider)}/deprecations/proposals`,
    proposal: (uuid: string) => `${links.base}/deprecation-proposals/${e(uuid)}`,
    accept: (uuid: string) => `${links.base}/deprecation-proposals/${e(uuid)}/accept`,
    dismiss: (uuid: string) => `${links.base}/deprecation-proposals/${e(uuid)}/dismiss`,
  }
}
