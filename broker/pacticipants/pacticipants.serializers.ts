/**
 * Pacticipant resources in the Pact Broker's HAL shape. The CLI reads `_links.self.href` (PATCH target) and, in
 * lists, the top-level `pacticipants[]` with `name` and `displayName` (unwrapped); the verifier needs
 * `pb:branch-version` and `pb:version-tag` to publish its results.
 */
import { compact, formatDate } from '../http/hal.js'
import type { Links } from '../http/links.js'
import type { Pacticipant } from './pacticipant.js'
import type { PacticipantPage } from './pacticipants.service.js'
import { pageLinks } from '../shared/paging.js'

/** The minimum another resource embeds: name and self link. */
export function pacticipantSummary(name: string, links: Links) {
  return { name, _links: { self: { title: 'Pacticipant', name, href: links.pacticipant(name) } } }
}

/** A version as embedded in a pacticipant (`latestVersion`). */
export function embeddedVersion(pacticipant: string, number: string, links: Links) {
  return { number, _links: { self: { title: 'Version', name: number, href: links.version(pacticipant, number) } } }
}

function pacticipantFields(p: Pacticipant) {
  return compact({
    name: p.name,
    displayName: p.displayName,
    mainBranch: p.mainBranch,
    repositoryUrl: p.repositoryUrl,
    repositoryName: p.repositoryName,
    repositoryNamespace: p.repositoryNamespace,
    createdAt: formatDate(p.createdAt),
    updatedAt: formatDate(p.updatedAt),
  })
}

/** A label as embedded in a pacticipant: its name and self link. */
export function embeddedLabel(pacticipant: string, label: string, links: Links) {
  return { name: label, _links: { self: { title: 'Label', name: label, href: links.label(pacticipant, label) } } }
}

export function toPacticipantResource(p: Pacticipant, links: Links, latestVersion?: { number: string }, labels: readonly string[] = []) {
  const self = links.pacticipant(p.name)
  return {
    ...pacticipantFields(p),
    _embedded: compact({
      latestVersion: latestVersion ? embeddedVersion(p.name, latestVersion.number, links) : undefined,
      labels: labels.map((label) => embeddedLabel(p.name, label, links)),
    }),
    _links: {
      self: { title: 'Pacticipant', name: p.name, href: self },
      'pb:versions': { title: `Versions of ${p.displayName}`, href: links.versions(p.name) },
      'pb:branches': { title: `Branches of ${p.displayName}`, href: links.branches(p.name) },
      'pb:latest-version': { title: `Latest version of ${p.displayName}`, href: links.latestVersion(p.name) },
      'pb:version': { title: 'Get, create or delete a pacticipant version', href: `${self}/versions/{version}`, templated: true },
      'pb:version-tag': {
        title: `Get, create or delete a tag for a version of ${p.displayName}`,
        href: `${self}/versions/{version}/tags/{tag}`,
        templated: true,
      },
      'pb:branch-version': {
        title: `Get or add/create a version for a branch of ${p.displayName}`,
        href: `${self}/branches/{branch}/versions/{version}`,
        templated: true,
      },
      'pb:label': { title: `Get, create or delete a label for ${p.name}`, href: `${self}/labels/{label}`, templated: true },
      'pb:pacticipants': { title: 'Pacticipants', href: links.pacticipants() },
    },
  }
}

/** Both the `_embedded.pacticipants` collection and the deprecated top-level `pacticipants` the Rust CLI reads. */
export function toPacticipantsResource(
  page: PacticipantPage,
  links: Links,
  options: { paged: boolean; q?: string; labelsOf?: (id: number) => string[]; self?: string },
) {
  const self = options.self ?? links.pacticipants()
  const pageHref = (n: number) =>
    `${self}?${new URLSearchParams({ ...(options.q ? { q: options.q } : {}), size: String(page.page.size), page: String(n) }).toString()}`
  return {
    _embedded: { pacticipants: page.pacticipants.map((p) => toPacticipantResource(p, links, undefined, options.labelsOf?.(p.id))) },
    pacticipants: page.pacticipants.map((p) => ({
      ...pacticipantFields(p),
      title: 'DEPRECATED - Please use the embedded pacticipants collection',
      _links: { self: { href: links.pacticipant(p.name) } },
    })),
    ...(options.paged ? { page: page.page } : {}),
    _links: compact({
      self: { title: 'Pacticipants', href: self },
      'pb:pacticipants': page.pacticipants.map((p) => ({ title: 'Pacticipant', name: p.name, href: links.pacticipant(p.name) })),
      pacticipants: page.pacticipants.map((p) => ({ title: p.displayName, name: 'DEPRECATED - please use pb:pacticipants', href: links.pacticipant(p.name) })),
      ...(options.paged ? pageLinks(page.page, pageHref) : {}),
    }),
  }
}
