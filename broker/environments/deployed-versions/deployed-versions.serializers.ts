/**
 * Deployed-version resources in the Pact Broker's HAL shape (shared parts: ../placements/placements.serializers.ts).
 * The CLI needs `_embedded.deployedVersions` present even when empty.
 */
import { compact, formatDate } from '../../http/hal.js'
import type { Links } from '../../http/links.js'
import type { Environment } from '../environment.js'
import { environmentSelfLink } from '../environments.serializers.js'
import { toPlacementEmbedded, toPlacementLinks, toPlacementsOfVersionResource } from '../placements/placements.serializers.js'
import type { DeployedVersion } from './deployed-version.js'

export function toDeployedVersionResource(dv: DeployedVersion, links: Links) {
  return {
    uuid: dv.uuid,
    currentlyDeployed: dv.currentlyDeployed,
    ...compact({ applicationInstance: dv.applicationInstance, target: dv.applicationInstance }),
    createdAt: formatDate(dv.createdAt),
    ...compact({ undeployedAt: dv.undeployedAt && formatDate(dv.undeployedAt) }),
    _embedded: toPlacementEmbedded(dv, links),
    _links: {
      self: { title: `Deployed version ${dv.version.number} of ${dv.pacticipant.name}`, href: links.deployedVersion(dv.uuid) },
      ...toPlacementLinks(dv, links),
    },
  }
}

export function toCurrentlyDeployedResource(env: Environment, items: DeployedVersion[], links: Links, selfHref: string) {
  return {
    _embedded: { deployedVersions: items.map((dv) => toDeployedVersionResource(dv, links)) },
    _links: { self: { title: `Currently deployed versions for ${env.displayName}`, href: selfHref }, 'pb:environment': environmentSelfLink(env, links) },
  }
}

export function toDeployedVersionsOfVersionResource(pacticipant: string, number: string, items: DeployedVersion[], links: Links) {
  const kind = { key: 'deployedVersions', path: 'deployed-versions', title: 'Deployments' } as const
  return toPlacementsOfVersionResource(
    kind,
    pacticipant,
    number,
    items.map((dv) => toDeployedVersionResource(dv, links)),
    links,
  )
}
