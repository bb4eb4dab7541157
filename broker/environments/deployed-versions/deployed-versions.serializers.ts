/**
 * Deployed- and released-version resources in the Pact Broker's HAL shape. The CLI `unwrap()`s
 * `_embedded.pacticipant.name`, `_embedded.version.number` and `_links.self.href` of each listed item, and needs
 * `_embedded.deployedVersions` / `_embedded.releasedVersions` present even when empty.
 */
import { compact, formatDate } from '../../http/hal.js'
import type { Links } from '../../http/links.js'
import type { DeployedVersion, ReleasedVersion } from './deployed-version.js'
import type { Environment } from '../environment.js'
import { environmentFields, environmentSelfLink } from '../environments.serializers.js'

function embeddedParts(item: DeployedVersion | ReleasedVersion, links: Links) {
  return {
    pacticipant: {
      name: item.pacticipant.name,
      _links: { self: { title: 'Pacticipant', name: item.pacticipant.name, href: links.pacticipant(item.pacticipant.name) } },
    },
    version: {
      number: item.version.number,
      _links: { self: { title: 'Version', name: item.version.number, href: links.version(item.pacticipant.name, item.version.number) } },
    },
    environment: { ...environmentFields(item.environment), _links: { self: environmentSelfLink(item.environment, links) } },
  }
}

export function toDeployedVersionResource(dv: DeployedVersion, links: Links) {
  return {
    uuid: dv.uuid,
    currentlyDeployed: dv.currentlyDeployed,
    ...compact({ applicationInstance: dv.applicationInstance, target: dv.applicationInstance }),
    createdAt: formatDate(dv.createdAt),
    ...compact({ undeployedAt: dv.undeployedAt && formatDate(dv.undeployedAt) }),
    _embedded: embeddedParts(dv, links),
    _links: {
      self: { title: `Deployed version ${dv.version.number} of ${dv.pacticipant.name}`, href: links.deployedVersion(dv.uuid) },
      'pb:environment': environmentSelfLink(dv.environment, links),
      'pb:version': { title: 'Version', name: dv.version.number, href: links.version(dv.pacticipant.name, dv.version.number) },
    },
  }
}

export function toReleasedVersionResource(rv: ReleasedVersion, links: Links) {
  return {
    uuid: rv.uuid,
    currentlySupported: rv.currentlySupported,
    createdAt: formatDate(rv.createdAt),
    ...compact({ supportEndedAt: rv.supportEndedAt && formatDate(rv.supportEndedAt) }),
    _embedded: embeddedParts(rv, links),
    _links: {
      self: { title: `Released version ${rv.version.number} of ${rv.pacticipant.name}`, href: links.releasedVersion(rv.uuid) },
      'pb:environment': environmentSelfLink(rv.environment, links),
      'pb:version': { title: 'Version', name: rv.version.number, href: links.version(rv.pacticipant.name, rv.version.number) },
    },
  }
}

export function toCurrentlyDeployedResource(env: Environment, items: DeployedVersion[], links: Links, selfHref: string) {
  return {
    _embedded: { deployedVersions: items.map((dv) => toDeployedVersionResource(dv, links)) },
    _links: { self: { title: `Currently deployed versions for ${env.displayName}`, href: selfHref }, 'pb:environment': environmentSelfLink(env, links) },
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

export function toDeployedVersionsOfVersionResource(pacticipant: string, number: string, items: DeployedVersion[], links: Links) {
  return {
    _embedded: { deployedVersions: items.map((dv) => toDeployedVersionResource(dv, links)) },
    _links: { self: { title: `Deployments of ${pacticipant} version ${number}`, href: `${links.version(pacticipant, number)}/deployed-versions` } },
  }
}

export function toReleasedVersionsOfVersionResource(pacticipant: string, number: string, items: ReleasedVersion[], links: Links) {
  return {
    _embedded: { releasedVersions: items.map((rv) => toReleasedVersionResource(rv, links)) },
    _links: { self: { title: `Releases of ${pacticipant} version ${number}`, href: `${links.version(pacticipant, number)}/released-versions` } },
  }
}
