/**
 * Version, branch, branch-version and tag resources in the Pact Broker's HAL shape.
 *
 * The CLI needs `_links["pb:record-deployment"]` and `_links["pb:record-release"]` on a version as ARRAYS (one
 * entry per environment, `name` = the environment's name, `[]` when there are none) and reads `number` and
 * `_embedded.tags[].name`. The verifier needs a JSON body on branch-version and tag PUTs.
 */
import type { Environment } from '../environments/environment.js'
import { compact, formatDate } from '../http/hal.js'
import type { Links } from '../http/links.js'
import type { Pacticipant } from '../pacticipants/pacticipant.js'
import type { VersionDetails } from './version-details.service.js'
import type { Branch, BranchVersion, Tag, VersionWithRefs } from './versions.service.js'
import { pageLinks, type Page } from '../shared/paging.js'

function branchVersionLink(pacticipant: string, branch: string, number: string, links: Links) {
  return { title: 'Branch version', name: branch, href: links.branchVersion(pacticipant, branch, number) }
}

function tagLink(pacticipant: string, number: string, tag: string, links: Links) {
  return { title: 'Tag', name: tag, href: links.versionTag(pacticipant, number, tag) }
}

/** The version's own fields and its branches and tags, as in lists and in the full resource. */
function versionCore(pacticipant: string, v: VersionWithRefs, links: Links) {
  const branchVersions = v.branches.map((b) => ({ name: b.name, latest: b.latest, _links: { self: branchVersionLink(pacticipant, b.name, v.number, links) } }))
  return {
    number: v.number,
    ...compact({ buildUrl: v.buildUrl }),
    createdAt: formatDate(v.createdAt),
    _embedded: {
      branchVersions,
      branches: branchVersions,
      tags: v.tags.map((t) => ({ name: t.name, createdAt: formatDate(t.createdAt), _links: { self: tagLink(pacticipant, v.number, t.name, links) } })),
    },
  }
}

function versionSelfLink(pacticipant: string, number: string, links: Links) {
  return { title: 'Version', name: number, href: links.version(pacticipant, number) }
}

function pacticipantLink(p: Pick<Pacticipant, 'name'>, links: Links) {
  return { title: 'Pacticipant', name: p.name, href: links.pacticipant(p.name) }
}

/** GET /pacticipants/{p}/versions/{v} and the latest-version resources. */
export function toVersionResource(details: VersionDetails, links: Links) {
  const { pacticipant, version: v } = details
  const self = links.version(pacticipant.name, v.number)
  const envLink = (env: Environment, verb: 'deployment' | 'release') => ({
    title: `Record ${verb} to ${env.displayName}`,
    name: env.name,
    href: verb === 'deployment' ? links.recordDeployment(pacticipant.name, v.number, env.uuid) : links.recordRelease(pacticipant.name, v.number, env.uuid),
  })
  return {
    ...versionCore(pacticipant.name, v, links),
    _links: {
      self: versionSelfLink(pacticipant.name, v.number, links),
      'pb:pacticipant': pacticipantLink(pacticipant, links),
      'pb:tag': { title: 'Get, create or delete a tag for this pacticipant version', href: `${self}/tags/{tag}`, templated: true },
      'pb:pact-versions': details.pacts.map((p) => ({
        title: 'Pact',
        name: `Pact between ${pacticipant.name} (${v.number}) and ${p.provider}`,
        href: links.pactForConsumerVersion(p.provider, pacticipant.name, v.number),
      })),
      'pb:deployed-environments': details.deployments.map((d) => ({
        title: `Version deployed to ${d.environment.displayName}`,
        name: d.environment.displayName,
        href: links.deployedVersion(d.uuid),
        currently_deployed: d.currentlyDeployed,
      })),
      'pb:released-environments': details.releases.map((r) => ({
        title: `Version released to ${r.environment.displayName}`,
        name: r.environment.displayName,
        href: links.releasedVersion(r.uuid),
        currently_supported: r.currentlySupported,
      })),
      'pb:record-deployment': details.environments.map((env) => envLink(env, 'deployment')),
      'pb:record-release': details.environments.map((env) => envLink(env, 'release')),
      'pb:deployed-versions': { title: 'Deployments of this version', href: `${self}/deployed-versions` },
      'pb:released-versions': { title: 'Releases of this version', href: `${self}/released-versions` },
    },
  }
}

function versionPageLinks(href: string, page: Page) {
  return compact(pageLinks(page, (n) => `${href}?size=${page.size}&page=${n}`))
}

/** GET /pacticipants/{p}/versions: newest first, with the Pact Broker's `page` object and next/previous links. */
export function toVersionsResource(pacticipant: Pacticipant, versions: VersionWithRefs[], page: Page, links: Links) {
  const href = links.versions(pacticipant.name)
  return {
    _embedded: {
      versions: versions.map((v) => ({ ...versionCore(pacticipant.name, v, links), _links: { self: versionSelfLink(pacticipant.name, v.number, links) } })),
    },
    page,
    _links: {
      self: { title: `All versions of the pacticipant ${pacticipant.name}`, href },
      'pb:pacticipant': pacticipantLink(pacticipant, links),
      versions: versions.map((v) => ({ title: `Version ${v.number}`, name: v.number, href: links.version(pacticipant.name, v.number) })),
      ...versionPageLinks(href, page),
    },
  }
}

export function toBranchResource(pacticipant: Pick<Pacticipant, 'name'>, branch: Branch, links: Links) {
  return {
    name: branch.name,
    createdAt: formatDate(branch.createdAt),
    updatedAt: formatDate(branch.updatedAt),
    _embedded: compact({
      latestVersion:
        branch.latestVersionNumber === null
          ? undefined
          : { number: branch.latestVersionNumber, _links: { self: versionSelfLink(pacticipant.name, branch.latestVersionNumber, links) } },
    }),
    _links: compact({
      self: { title: 'Branch', name: branch.name, href: links.branch(pacticipant.name, branch.name) },
      'pb:pacticipant': pacticipantLink(pacticipant, links),
      'pb:latest-version':
        branch.latestVersionNumber === null
          ? undefined
          : { ...versionSelfLink(pacticipant.name, branch.latestVersionNumber, links), title: 'Latest version for branch' },
    }),
  }
}

export function toBranchesResource(pacticipant: Pick<Pacticipant, 'name'>, branches: Branch[], links: Links) {
  return {
    _embedded: { branches: branches.map((b) => toBranchResource(pacticipant, b, links)) },
    _links: {
      self: { title: `Branches of ${pacticipant.name}`, href: links.branches(pacticipant.name) },
      'pb:pacticipant': pacticipantLink(pacticipant, links),
    },
  }
}

export function toBranchVersionResource(pacticipant: string, bv: BranchVersion, links: Links) {
  return {
    name: bv.branchName,
    number: bv.versionNumber,
    latest: bv.latest,
    createdAt: formatDate(bv.createdAt),
    _links: {
      self: branchVersionLink(pacticipant, bv.branchName, bv.versionNumber, links),
      'pb:branch': { title: 'Branch', name: bv.branchName, href: links.branch(pacticipant, bv.branchName) },
      'pb:version': versionSelfLink(pacticipant, bv.versionNumber, links),
    },
  }
}

export function toTagResource(pacticipant: string, tag: Tag, links: Links) {
  return {
    name: tag.name,
    createdAt: formatDate(tag.createdAt),
    _links: {
      self: tagLink(pacticipant, tag.versionNumber, tag.name, links),
      version: versionSelfLink(pacticipant, tag.versionNumber, links),
      pacticipant: { title: 'Pacticipant', name: pacticipant, href: links.pacticipant(pacticipant) },
    },
  }
}
