/**
 * What deployed- and released-version resources share, in the Pact Broker's HAL shape. The CLI `unwrap()`s
 * `_embedded.pacticipant.name`, `_embedded.version.number` and `_links.self.href` of each listed item.
 */
import type { Links } from '../../http/links.js'
import { environmentFields, environmentSelfLink } from '../environments.serializers.js'
import type { Placement } from './placement.js'

/** `_embedded` of a deployed or released version: its pacticipant, version and environment. */
export function toPlacementEmbedded(item: Placement, links: Links) {
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

/** `_links` of a deployed or released version, after its `self`. */
export function toPlacementLinks(item: Placement, links: Links) {
  return {
    'pb:environment': environmentSelfLink(item.environment, links),
    'pb:version': { title: 'Version', name: item.version.number, href: links.version(item.pacticipant.name, item.version.number) },
  }
}

/**
 * Every deployment or release of one version (`…/versions/{v}/deployed-versions`, `…/released-versions`). The CLI
 * needs the embedded list present even when empty.
 * @example toPlacementsOfVersionResource({ key: 'deployedVersions', path: 'deployed-versions', title: 'Deployments' }, 'api', '2.0.0', resources, links)
 */
export function toPlacementsOfVersionResource(
  kind: { key: 'deployedVersions' | 'releasedVersions'; path: 'deployed-versions' | 'released-versions'; title: string },
  pacticipant: string,
  number: string,
  resources: unknown[],
  links: Links,
) {
  return {
    _embedded: { [kind.key]: resources },
    _links: { self: { title: `${kind.title} of ${pacticipant} version ${number}`, href: `${links.version(pacticipant, number)}/${kind.path}` } },
  }
}
