/**
 * Provider contract resources (HAL JSON). The publish response follows what `pactflow publish-provider-contract`
 * parses: `notices`, `_embedded.version.number`, `_links["pb:pacticipant-version-tags"]` (an array).
 */
import { compact, formatDate } from '../http/hal.js'
import type { Links } from '../http/links.js'
import type { Notice } from '../shared/errors.js'
import type { ProviderContract, SchemaVerification } from './provider-contract.js'
import type { ProviderContractsDiff } from './provider-contracts.service.js'

export function toSchemaVerificationResource(result: SchemaVerification, links: Links) {
  return {
    consumer: result.consumer.name,
    provider: result.provider.name,
    providerVersion: result.providerVersion.number,
    pactVersionSha: result.pactSha,
    status: result.status,
    success: result.success,
    providerSelfVerified: result.providerSelfVerified,
    summary: result.report.summary,
    verifiedBy: 'schema',
    issues: result.report.issues,
    interactions: result.report.interactions.map((i) => ({ description: i.description, type: i.type, operation: i.operation, status: i.status })),
    createdAt: formatDate(result.createdAt),
    _links: {
      'pb:pact-version': {
        title: 'Pact',
        name: `${result.consumer.name} pact ${result.pactSha.slice(0, 8)}`,
        href: links.pactVersion(result.provider.name, result.consumer.name, result.pactSha),
      },
      'pf:provider-contract': { title: 'Provider contract', href: links.providerContract(result.provider.name, result.providerVersion.number) },
    },
  }
}

export function toProviderContractResource(contract: ProviderContract, results: SchemaVerification[] | null, links: Links) {
  const p = contract.provider.name
  const v = contract.version.number
  return compact({
    provider: p,
    providerVersion: v,
    specification: contract.specification,
    contentType: contract.contentType,
    content: contract.content,
    sha: contract.sha,
    selfVerificationResults: contract.selfVerification,
    createdAt: formatDate(contract.createdAt),
    updatedAt: formatDate(contract.updatedAt),
    _embedded: results ? { verificationResults: results.map((r) => toSchemaVerificationResource(r, links)) } : null,
    _links: {
      self: { title: 'Provider contract', name: `${p} ${v}`, href: links.providerContract(p, v) },
      'pb:pacticipant': { title: 'Provider', name: p, href: links.pacticipant(p) },
      'pb:pacticipant-version': { title: 'Provider version', name: v, href: links.version(p, v) },
      'pf:verification-results': { title: 'Consumer pacts checked against this description', href: links.providerContractResults(p, v) },
    },
  })
}

/** The body `pactflow publish-provider-contract` reads. */
export function toPublishResource(
  result: { contract: ProviderContract; results: SchemaVerification[]; tags: string[]; branch: string | null; notices: Notice[] },
  links: Links,
) {
  const p = result.contract.provider.name
  const v = result.contract.version.number
  return {
    notices: result.notices,
    _embedded: {
      pacticipant: { name: p },
      version: { number: v },
      verificationResults: result.results.map((r) => toSchemaVerificationResource(r, links)),
    },
    _links: compact({
      'pb:pacticipant': { title: 'Pacticipant', name: p, href: links.pacticipant(p) },
      'pb:pacticipant-version': { title: 'Pacticipant version', name: v, href: links.version(p, v) },
      'pb:pacticipant-version-tags': result.tags.map((t) => ({ title: 'Tag', name: t, href: links.versionTag(p, v, t) })),
      'pb:branch-version': result.branch ? { title: 'Branch version', name: result.branch, href: links.branchVersion(p, result.branch, v) } : null,
      'pf:provider-contract': { title: 'Provider contract', name: `${p} ${v}`, href: links.providerContract(p, v) },
    }),
  }
}

export function toResultsResource(contract: ProviderContract, results: SchemaVerification[], links: Links) {
  const p = contract.provider.name
  const v = contract.version.number
  return {
    provider: p,
    providerVersion: v,
    summary: {
      compatible: results.filter((r) => r.status === 'compatible').length,
      incompatible: results.filter((r) => r.status === 'incompatible').length,
      unknown: results.filter((r) => r.status === 'unknown').length,
    },
    _embedded: { verificationResults: results.map((r) => toSchemaVerificationResource(r, links)) },
    _links: {
      self: { title: 'Schema verification results', href: links.providerContractResults(p, v) },
      'pf:provider-contract': { title: 'Provider contract', href: links.providerContract(p, v) },
    },
  }
}

export function toDiffResource(result: ProviderContractsDiff & { baseline?: string }, links: Links) {
  const p = result.provider
  return compact({
    provider: p,
    from: result.from.version.number,
    to: result.to.version.number,
    baseline: result.baseline ?? null,
    bump: result.diff.bump,
    bumpForConsumers: result.diff.bumpForConsumers,
    breaking: result.diff.changes.some((c) => c.breaking),
    brokenConsumers: result.diff.brokenConsumers,
    semver: result.semver,
    changes: result.diff.changes,
    consumerVersions: result.consumerVersions,
    _links: {
      self: { title: 'Provider contract diff', href: links.providerContractsDiff(p, result.from.version.number, result.to.version.number) },
      'pf:from': { title: 'Provider contract', name: result.from.version.number, href: links.providerContract(p, result.from.version.number) },
      'pf:to': { title: 'Provider contract', name: result.to.version.number, href: links.providerContract(p, result.to.version.number) },
    },
  })
}
