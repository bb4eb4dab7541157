/**
 * Released-version resources in the Pact Broker's HAL shape (shared parts: ../placements/placements.serializers.ts).
 * The CLI needs `_embedded.releasedVersions` present even when empty.
 */
import { compact, formatDate } from '../../http/hal.js'
import type { Links } from '../../http/links.js'
import type { Environment } from '../environment.js'
import { environmentSelfLink } from '../environments.serializers.js'
import { toPlacementEmbedded, toPlacementLinks, toPlacementsOfVersionResource } from '../placements/placements.serializers.js'
import type { ReleasedVersion } from './released-version.js'

export function toReleasedVersionResource(rv: ReleasedVersion, links: Links) {
  return {
    uuid: rv.uuid,
    currentlySupported: rv.currentlySupported,
    createdAt: formatDate(rv.createdAt),
    ...compact({ supportEndedAt: rv.supportEndedAt && formatDate(rv.supportEndedAt) }),
    _embedded: toPlacementEmbedded(rv, links),
    _links: {
      self: { title: `Released version ${rv.version.number} of ${rv.pacticipant.name}`, href: links.releasedVersion(rv.uuid) },
      ...toPlacementLinks(rv, links),
    },
  }
}

export function toCurrentlySupportedResource(env: Environment, items: ReleasedVersion[], links: Links, selfHref: string) {
  return {
    _embedded: { releasedVersions: items.map((rv) => toReleasedVersionResource(rv, links)) },
    _links: {
      self: { title: `Currently supported released versions for ${env.displayName}`, href: selfHref },
      'pb:environment': environmentSelfLink(env, links),
    },
  }
}

export function toReleasedVersionsOfVersionResource(pacticipant: string, number: string, items: ReleasedVersion[], links: Links) {
  const kind = { key: 'releasedVersions', path: 'released-versions', title: 'Releases' } as const
  return toPlacementsOfVersionResource(
    kind,
    pacticipant,
    number,
    items.map((rv) => toReleasedVersionResource(rv, links)),
    links,
  )
}
