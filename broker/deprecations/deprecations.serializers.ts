/**
 * Deprecation resources (HAL JSON): a deprecation with its phase, lists, history, the provider timeline, the
 * per-consumer view and the gate's answer.
 */
import { compact, formatDate } from '../http/hal.js'
import type { Links } from '../http/links.js'
import { itemLabel } from './deprecation.js'
import { deprecationLinks } from './deprecation-links.js'
import type { DeprecationStatus, HistoryEntry, InUseEntry, ProposedEntry, TimelineEntry } from './deprecations.service.js'
import { proposalFields, proposalResourceLinks } from './proposals/proposals.serializers.js'
import type { Notice } from '../shared/errors.js'
import type { DeprecationReason } from './gate.js'
import { placeText } from './usage.js'

/** The deprecation's fields, phase and days to sunset, without links. */
export function deprecationFields({ deprecation: d, phase, phaseDescription, daysToSunset }: DeprecationStatus) {
  return compact({
    uuid: d.uuid,
    provider: d.provider,
    kind: d.kind,
    item: itemLabel(d),
    method: d.method,
    path: d.path,
    pointer: d.pointer,
    location: d.location,
    description: d.description,
    deprecatedIn: d.deprecatedIn,
    sunset: d.sunset,
    removedIn: d.removedIn,
    replacement: d.replacement,
    reason: d.reason,
    link: d.link,
    withdrawn: d.withdrawn,
    phase,
    phaseDescription,
    daysToSunset,
    createdAt: formatDate(d.createdAt),
    updatedAt: formatDate(d.updatedAt),
  })
}

export function toDeprecationResource(status: DeprecationStatus, links: Links) {
  const l = deprecationLinks(links)
  const d = status.deprecation
  return {
    ...deprecationFields(status),
    _links: {
      self: { title: 'Deprecation', name: itemLabel(d), href: l.deprecation(d.uuid) },
      'concord:provider': { title: 'Provider', name: d.provider, href: links.pacticipant(d.provider) },
      'concord:history': { title: 'Who changed what, when', href: l.history(d.uuid) },
      'concord:deprecations': { title: `Deprecations of ${d.provider}`, href: l.list(d.provider) },
      'concord:timeline': { title: `Deprecation timeline of ${d.provider}`, href: l.timeline(d.provider) },
    },
  }
}

export function toDeprecationsResource(provider: string, items: DeprecationStatus[], links: Links) {
  const l = deprecationLinks(links)
  return {
    provider,
    _embedded: { deprecations: items.map((item) => toDeprecationResource(item, links)) },
    _links: {
      self: { title: `Deprecations of ${provider}`, href: l.list(provider) },
      'concord:create': { title: 'Declare a deprecation', href: l.list(provider) },
      'concord:timeline': { title: `Deprecation timeline of ${provider}`, href: l.timeline(provider) },
      'concord:provider': { title: 'Provider', name: provider, href: links.pacticipant(provider) },
    },
  }
}

export function toHistoryResource(status: DeprecationStatus, entries: HistoryEntry[], links: Links) {
  const l = deprecationLinks(links)
  return {
    deprecation: status.deprecation.uuid,
    item: itemLabel(status.deprecation),
    history: entries.map((entry) => ({
      action: entry.action,
      actor: entry.actor,
      at: formatDate(entry.at),
      changes: entry.changes.map((c) => ({ field: c.field, from: c.from, to: c.to })),
    })),
    _links: {
      self: { title: 'Deprecation history', href: l.history(status.deprecation.uuid) },
      'concord:deprecation': { title: 'Deprecation', href: l.deprecation(status.deprecation.uuid) },
    },
  }
}

export function toTimelineResource(provider: string, entries: TimelineEntry[], proposed: ProposedEntry[], now: Date, links: Links) {
  const l = deprecationLinks(links)
  return {
    provider,
    asOf: formatDate(now),
    deprecations: entries.map((entry) => ({
      ...deprecationFields(entry),
      usage: entry.usage,
      _links: { self: { title: 'Deprecation', href: l.deprecation(entry.deprecation.uuid) } },
    })),
    // Open proposals: shown so the provider team sees who would be affected, never enforced by the gate.
    proposed: proposed.map((entry) => ({
      ...proposalFields(entry.proposal, now),
      usage: entry.usage,
      _links: proposalResourceLinks(entry.proposal, links),
    })),
    _links: {
      self: { title: `Deprecation timeline of ${provider}`, href: l.timeline(provider) },
      'concord:deprecations': { title: `Deprecations of ${provider}`, href: l.list(provider) },
      'concord:proposals': { title: `Deprecation proposals of ${provider}`, href: l.proposals(provider) },
    },
  }
}

export function toInUseResource(consumer: string, entries: InUseEntry[], now: Date, links: Links) {
  const l = deprecationLinks(links)
  return {
    consumer,
    asOf: formatDate(now),
    deprecations: entries.map((entry) => ({
      ...deprecationFields(entry),
      versions: entry.versions.map((v) => ({
        version: v.version,
        where: v.places.map(placeText),
        interactions: [...new Set(v.uses.map((u) => u.interaction))],
        uses: v.uses,
      })),
      _links: { self: { title: 'Deprecation', href: l.deprecation(entry.deprecation.uuid) } },
    })),
    notices: entries.map((entry) => entry.notice),
    _links: { self: { title: `Deprecated items ${consumer} uses`, href: l.inUse(consumer) } },
  }
}

export function toGateResource(query: { pacticipant: string; version: string; environment: string }, reasons: DeprecationReason[], links: Links) {
  const refused = reasons.some((r) => r.level === 'error')
  return {
    ...query,
    deployable: !refused,
    reasons: reasons.map(({ level, deprecation, text }) => ({ level, deprecation, text })),
    notices: reasons.map((r) => ({ type: r.level, text: r.text })),
    _links: { self: { title: 'Deprecation gate', href: deprecationLinks(links).gate() } },
  }
}

export function toCheckResource(notices: Notice[], links: Links) {
  return {
    usesDeprecatedItems: notices.length > 0,
    pastSunset: notices.some((n) => n.type === 'error'),
    notices,
    _links: { self: { title: 'Check a pact against deprecations', href: deprecationLinks(links).check() } },
  }
}
