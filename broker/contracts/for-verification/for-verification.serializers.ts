/**
 * The "pacts for verification" HAL response, in exactly the shape the Rust verifier deserialises
 * (`PactsForVerificationResponse`): one item that does not fit makes it see no pacts at all, so every item
 * has a string `shortDescription`, `_links.self` as an object, and `verificationProperties.notices` as an
 * array of objects whose values are all strings.
 */
import type { Links } from '../../http/links.js'
import { encodePactMetadata, type PactMetadata, type SelectedConsumerVersion } from '../pact-metadata.js'
import { buildNotices, shortDescription, type VerifiablePact, type VerificationNotice } from './notices.js'
import type { Selection } from './selectors.js'
import type { ExcludedPact, PactsForVerification } from './for-verification.service.js'

export interface VerifiablePactResource {
  shortDescription: string
  verificationProperties: { pending?: boolean; wip?: true; notices: VerificationNotice[] }
  _links: { self: { href: string; name: string } }
}

/** What a selection says in the pact URL's metadata segment (echoed back when the result is published). */
function selectedConsumerVersion(s: Selection): SelectedConsumerVersion {
  const sel = s.selector
  const entry: SelectedConsumerVersion = { cv: s.consumerVersionNumber }
  switch (sel.kind) {
    case 'mainBranch':
      entry.mb = true
      entry.l = true
      if (s.branch) entry.b = s.branch
      break
    case 'branch':
      entry.b = s.fallbackUsed && sel.fallbackBranch ? sel.fallbackBranch : sel.branch
      entry.l = true
      break
    case 'eachBranch':
      if (s.branch) entry.b = s.branch
      entry.l = true
      break
    case 'latestTag':
      entry.t = s.fallbackUsed && sel.fallbackTag ? sel.fallbackTag : sel.tag
      entry.l = true
      break
    case 'allTag':
      entry.t = sel.tag
      break
    case 'overallLatest':
      entry.l = true
      break
    case 'deployed':
      entry.d = true
      break
    case 'released':
      entry.r = true
      break
    case 'environment':
    case 'semver':
      break
  }
  if (s.environment) entry.e = s.environment
  return entry
}

/** The metadata segment of a verifiable pact's URL: its selections, its pending status (when asked) and WIP. */
export function pactMetadataFor(pact: VerifiablePact, includePendingStatus: boolean): PactMetadata {
  return {
    s: pact.selections.map(selectedConsumerVersion),
    ...(includePendingStatus || pact.wip ? { p: pact.status.pending } : {}),
    ...(pact.wip ? { w: true } : {}),
  }
}

/**
 * Why a pact was left out, for the people reading the verifier's output (it prints `before_verification`
 * notices) and for anyone reading the response: the first problems with their JSON pointers.
 */
export function excludedPactNotice(excluded: ExcludedPact, providerName: string): VerificationNotice {
  const shown = excluded.problems.slice(0, 3).map((p) => `${p.pointer || '/'} ${p.detail}`)
  const more = excluded.problems.length > shown.length ? `; and ${excluded.problems.length - shown.length} more` : ''
  return {
    when: 'before_verification',
    text:
      `The pact between ${excluded.consumerName} (${excluded.consumerVersionNumber}) and ${providerName} was left out of this verification: ` +
      `its stored content is not a pact a verifier can run (${shown.join('; ')}${more}). ${excluded.consumerName} must publish a corrected pact.`,
  }
}

export function toVerifiablePactResource(
  pact: VerifiablePact,
  providerName: string,
  links: Links,
  includePendingStatus: boolean,
  extraNotices: VerificationNotice[] = [],
): VerifiablePactResource {
  const href = links.pactVersion(providerName, pact.consumerName, pact.sha, encodePactMetadata(pactMetadataFor(pact, includePendingStatus)))
  return {
    shortDescription: shortDescription(pact),
    verificationProperties: {
      ...(includePendingStatus ? { pending: pact.status.pending } : {}),
      ...(pact.wip ? { wip: true as const } : {}),
      notices: [
        ...buildNotices(pact, providerName, href, { includePendingStatus }),
        ...(pact.deprecationNotices ?? []).map((text) => ({ when: 'before_verification', text })),
        ...extraNotices,
      ],
    },
    _links: { self: { href, name: `Pact between ${pact.consumerName} (${pact.consumerVersionNumber}) and ${providerName}` } },
  }
}

/** @example sendHal(res, 200, toPactsForVerificationResource(result, linksFor(req))) */
export function toPactsForVerificationResource(result: PactsForVerification, links: Links) {
  const { provider, query, pacts, excluded } = result
  // Each pact still verified carries the notices of the ones left out, so the verifier's output says why.
  const exclusions = excluded.map((e) => excludedPactNotice(e, provider.name))
  return {
    _embedded: { pacts: pacts.map((p) => toVerifiablePactResource(p, provider.name, links, query.includePendingStatus, exclusions)) },
    ...(excluded.length
      ? {
          notices: exclusions.map((n) => ({ type: 'warning', text: n.text })),
          excluded: excluded.map((e) => ({
            consumer: e.consumerName,
            consumerVersion: e.consumerVersionNumber,
            href: links.pactVersion(provider.name, e.consumerName, e.sha),
            errors: e.problems,
          })),
        }
      : {}),
    _links: {
      self: { href: links.pactsForVerification(provider.name), title: 'Pacts to be verified' },
      'pb:provider': { href: links.pacticipant(provider.name), name: provider.name },
    },
  }
}
