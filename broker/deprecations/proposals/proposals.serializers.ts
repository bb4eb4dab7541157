/**
 * Deprecation proposal resources (HAL JSON): a proposal, a provider's list, and the answer to a header report.
 */
import { compact, formatDate } from '../../http/hal.js'
import type { Links } from '../../http/links.js'
import { daysToSunset, itemLabel } from '../deprecation.js'
import { deprecationLinks } from '../deprecation-links.js'
import type { DeprecationProposal } from './proposal.js'
import type { ProposalOutcome } from './proposals.service.js'

/** The proposal's fields without links (`daysToSunset` as of `now` when it has a sunset). */
export function proposalFields(p: DeprecationProposal, now: Date) {
  return compact({
    uuid: p.uuid,
    provider: p.provider,
    status: p.status,
    phase: p.status === 'open' ? 'proposed' : null,
    kind: p.kind,
    item: itemLabel({ ...p, description: null }),
    method: p.method,
    path: p.path,
    pointer: p.pointer,
    location: p.location,
    sources: p.sources,
    observedPaths: p.observedPaths,
    providerVersions: p.providerVersions,
    seenBy: p.seenBy,
    deprecatedAt: p.deprecatedAt ? formatDate(p.deprecatedAt) : null,
    sunset: p.sunset,
    daysToSunset: p.sunset ? daysToSunset(p.sunset, now) : null,
    link: p.link,
    reportCount: p.reportCount,
    deprecation: p.deprecationUuid,
    decidedBy: p.decidedBy,
    decidedAt: p.decidedAt ? formatDate(p.decidedAt) : null,
    dismissReason: p.dismissReason,
    createdAt: formatDate(p.createdAt),
    updatedAt: formatDate(p.updatedAt),
  })
}

export function proposalResourceLinks(p: DeprecationProposal, links: Links) {
  const l = deprecationLinks(links)
  return {
    self: { title: 'Deprecation proposal', name: itemLabel({ ...p, description: null }), href: l.proposal(p.uuid) },
    ...(p.status === 'open'
      ? {
          'concord:accept': { title: 'Accept: declare the deprecation', href: l.accept(p.uuid) },
          'concord:dismiss': { title: 'Dismiss the proposal', href: l.dismiss(p.uuid) },
        }
      : {}),
    ...(p.deprecationUuid ? { 'concord:deprecation': { title: 'The deprecation it became', href: l.deprecation(p.deprecationUuid) } } : {}),
    'concord:provider': { title: 'Provider', name: p.provider, href: links.pacticipant(p.provider) },
    'concord:proposals': { title: `Deprecation proposals of ${p.provider}`, href: l.proposals(p.provider) },
  }
}

export function toProposalResource(p: DeprecationProposal, now: Date, links: Links) {
  return { ...proposalFields(p, now), _links: proposalResourceLinks(p, links) }
}

export function toProposalsResource(provider: string, proposals: DeprecationProposal[], now: Date, links: Links) {
  const l = deprecationLinks(links)
  return {
    provider,
    _embedded: { proposals: proposals.map((p) => toProposalResource(p, now, links)) },
    _links: {
      self: { title: `Deprecation proposals of ${provider}`, href: l.proposals(provider) },
      'concord:timeline': { title: `Deprecation timeline of ${provider}`, href: l.timeline(provider) },
      'concord:provider': { title: 'Provider', name: provider, href: links.pacticipant(provider) },
    },
  }
}

export function toReportResource(provider: string, providerVersion: string, outcomes: ProposalOutcome[], now: Date, links: Links) {
  return {
    provider,
    providerVersion,
    results: outcomes.map((o) =>
      compact({
        outcome: o.outcome,
        item: itemLabel({ ...o.item, description: null }),
        template: o.template,
        proposal: o.proposal ? toProposalResource(o.proposal, now, links) : null,
        deprecation: o.deprecationUuid ? deprecationLinks(links).deprecation(o.deprecationUuid) : null,
      }),
    ),
    _links: { self: { title: `Deprecation proposals of ${provider}`, href: deprecationLinks(links).proposals(provider) } },
  }
}
