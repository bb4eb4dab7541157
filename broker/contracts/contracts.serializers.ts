/**
 * Contract resources in the Pact Broker's HAL shapes: the publish result (every field the CLI parses), a pact
 * document with its links (what the verifier follows), and the listings the CLI reads.
 */
import type { Notice } from '../shared/errors.js'
import { formatDate } from '../http/hal.js'
import type { Links } from '../http/links.js'
import { type Pact, type PactVersion, type PactWithContent, pactName } from './contract.js'
import type { PublishContractsResult } from './contracts.service.js'
import type { JsonObject } from './pact-content.js'

/** The CLI requires `logs[]{level,message,deprecationWarning}` even though notices replaced them. */
function logsOf(notices: Notice[]) {
  return notices.map((notice) => ({ level: notice.type, message: notice.text, deprecationWarning: 'Replaced by notices' }))
}

export function pactUrl(pact: Pact, links: Links): string {
  return links.pactForConsumerVersion(pact.provider.name, pact.consumer.name, pact.consumerVersion.number)
}

export function toPublishContractsResource(result: PublishContractsResult, links: Links) {
  const { pacticipant, version } = result
  const versionUrl = links.version(pacticipant.name, version.number)
  return {
    notices: result.notices,
    logs: logsOf(result.notices),
    _embedded: {
      pacticipant: { name: pacticipant.name, _links: { self: { href: links.pacticipant(pacticipant.name) } } },
      version: { number: version.number, _links: { self: { title: 'Version', name: version.number, href: versionUrl } } },
    },
    _links: {
      'pb:pacticipant': { title: 'Pacticipant', name: pacticipant.name, href: links.pacticipant(pacticipant.name) },
      'pb:pacticipant-version': { title: 'Pacticipant version', name: version.number, href: versionUrl },
      'pb:pacticipant-version-tags': result.tags.map((tag) => ({ title: 'Tag', name: tag, href: links.versionTag(pacticipant.name, version.number, tag) })),
      'pb:contracts': result.contracts.map(({ pact }) => ({ title: 'Pact', name: pactName(pact), href: pactUrl(pact, links) })),
    },
  }
}

/** The stored document without anything a client may have sent back from a previous fetch. */
function documentOf(content: JsonObject): JsonObject {
  const { _links: _l, createdAt: _c, consumer, provider, interactions, messages, metadata, ...rest } = content
  // jsonb stores keys in its own order; serve them in the usual pact order for people reading the document.
  return {
    consumer,
    provider,
    ...(interactions !== undefined ? { interactions } : {}),
    ...(messages !== undefined ? { messages } : {}),
    ...rest,
    ...(metadata !== undefined ? { metadata } : {}),
  }
}

interface PactDocumentParts {
  content: JsonObject
  consumer: string
  provider: string
  sha: string
  createdAt: Date
  /** The consumer version the pact was fetched for (absent for content fetched by SHA and no longer current anywhere). */
  consumerVersion?: string
  selfHref: string
  /** The opaque `/metadata/{m}` segment of the request, kept in the publish link. */
  metadata?: string
  /** For content fetched by SHA with metadata: the consumer versions it stands for. */
  consumerVersions?: string[]
}

function toPactDocument(parts: PactDocumentParts, links: Links) {
  const { consumer, provider, sha, consumerVersion } = parts
  const name = consumerVersion !== undefined ? `Pact between ${consumer} (${consumerVersion}) and ${provider}` : `Pact between ${consumer} and ${provider}`
  const linkSet: Record<string, unknown> = {
    self: { title: 'Pact', name, href: parts.selfHref },
    'pb:consumer': { title: 'Consumer', name: consumer, href: links.pacticipant(consumer) },
  }
  if (consumerVersion !== undefined)
    linkSet['pb:consumer-version'] = { title: 'Consumer version', name: consumerVersion, href: links.version(consumer, consumerVersion) }
  if (parts.consumerVersions) {
    linkSet['pb:consumer-versions'] = parts.consumerVersions.map((number) => ({
      title: 'Consumer version',
      name: number,
      href: links.version(consumer, number),
    }))
  }
  Object.assign(linkSet, {
    'pb:provider': { title: 'Provider', name: provider, href: links.pacticipant(provider) },
    'pb:pact-version': { title: 'Pact content version permalink', name: sha, href: links.pactVersion(provider, consumer, sha) },
    'pb:latest-pact-version': { title: 'Latest version of this pact', href: links.latestPact(provider, consumer) },
    'pb:publish-verification-results': { title: 'Publish verification results', href: links.verificationResults(provider, consumer, sha, parts.metadata) },
    'pb:latest-verification-results': {
      title: 'Latest verification result for this pact version',
      href: `${links.verificationResults(provider, consumer, sha)}/latest`,
    },
  })
  if (consumerVersion !== undefined) {
    linkSet['pb:tag-version'] = {
      title: 'PUT to this resource to tag this consumer version',
      href: `${links.version(consumer, consumerVersion)}/tags/{tag}`,
      templated: true,
    }
  }
  return { ...documentOf(parts.content), createdAt: formatDate(parts.createdAt), _links: linkSet }
}

/** A pact fetched for a consumer version, as latest, latest for a tag or a branch. */
export function toPactResource(pact: PactWithContent, links: Links) {
  return toPactDocument(
    {
      content: pact.content,
      consumer: pact.consumer.name,
      provider: pact.provider.name,
      sha: pact.sha,
      createdAt: pact.createdAt,
      consumerVersion: pact.consumerVersion.number,
      selfHref: pactUrl(pact, links),
    },
    links,
  )
}

/** Pact content fetched by SHA (`…/pact-version/{sha}[/metadata/{m}]`), the verifier's URL. */
export function toPactVersionResource(
  found: { pactVersion: PactVersion; latest: Pact | undefined; consumerVersions: string[] },
  metadata: string | undefined,
  links: Links,
) {
  const { pactVersion, latest } = found
  return toPactDocument(
    {
      content: pactVersion.content,
      consumer: pactVersion.consumer.name,
      provider: pactVersion.provider.name,
      sha: pactVersion.sha,
      createdAt: latest?.createdAt ?? pactVersion.createdAt,
      ...(latest ? { consumerVersion: latest.consumerVersion.number } : {}),
      selfHref: links.pactVersion(pactVersion.provider.name, pactVersion.consumer.name, pactVersion.sha, metadata),
      ...(metadata ? { metadata, consumerVersions: found.consumerVersions } : {}),
    },
    links,
  )
}

/** `GET /pacts/latest`: the CLI's list-latest-pact-versions reads the top-level `pacts[]`. */
export function toLatestPactsResource(pacts: Pact[], links: Links) {
  const latestHref = (pact: Pact) => links.latestPact(pact.provider.name, pact.consumer.name)
  return {
    pacts: pacts.map((pact) => ({
      createdAt: formatDate(pact.createdAt),
      _embedded: {
        consumer: {
          name: pact.consumer.name,
          _embedded: {
            version: {
              number: pact.consumerVersion.number,
              _links: { self: { title: 'Version', name: pact.consumerVersion.number, href: links.version(pact.consumer.name, pact.consumerVersion.number) } },
            },
          },
          _links: { self: { href: links.pacticipant(pact.consumer.name) } },
        },
        provider: { name: pact.provider.name, _links: { self: { href: links.pacticipant(pact.provider.name) } } },
      },
      _links: { self: [{ href: latestHref(pact) }, { href: pactUrl(pact, links) }] },
    })),
    _links: {
      self: { href: links.latestPacts() },
      'pb:pacts': pacts.map((pact) => ({
        href: latestHref(pact),
        title: `Latest pact between ${pact.consumer.name} and ${pact.provider.name}`,
        name: pact.consumer.name,
      })),
      pacts: pacts.map((pact) => ({
        href: latestHref(pact),
        title: `Latest pact between ${pact.consumer.name} and ${pact.provider.name}`,
        name: 'DEPRECATED - please use the pb:pacts relation',
      })),
    },
  }
}

/**
 * Pacts of one provider (`/pacts/provider/{p}[/latest[/{tag}]]`, `…/branch…`). The legacy verifier source
 * iterates the deprecated `pacts` relation; the CLI's get-pacts needs `name`, `title` and `href` on `pb:pacts`.
 */
export function toProviderPactsResource(provider: string, pacts: Pact[], self: { href: string; title: string }, links: Links) {
  return {
    _links: {
      self,
      'pb:provider': { title: 'Provider', name: provider, href: links.pacticipant(provider) },
      'pb:pacts': pacts.map((pact) => ({ href: pactUrl(pact, links), title: pactName(pact), name: pact.consumer.name })),
      pacts: pacts.map((pact) => ({
        href: pactUrl(pact, links),
        title: `DEPRECATED - please use the pb:pacts relation. ${pactName(pact)}`,
        name: pact.consumer.name,
      })),
    },
  }
}
