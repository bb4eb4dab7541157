/**
 * @module http/links
 * URL builders for every resource, from the broker's public base URL.
 *
 * Clients keep only the path of the hrefs we emit (the CLI) or path and query (the verifier), so hrefs are
 * absolute and include any context path of `CONCORD_BASE_URL`. Names are percent-encoded per path segment.
 */
import type { Request } from 'express'
import { isValidHost } from './request-guards.js'

const BASE_URL_KEY = 'concordBaseUrl'

/** Middleware-set base URL for this request: CONCORD_BASE_URL, else scheme://host of the request. */
export function baseUrlOf(req: Request): string {
  const fromLocals = (req.res?.locals as Record<string, unknown> | undefined)?.[BASE_URL_KEY]
  if (typeof fromLocals === 'string') return fromLocals
  return derivedBaseUrl(req)
}

/**
 * scheme://host of the request. `req.protocol` and `req.host` read X-Forwarded-Proto/-Host only from a trusted
 * proxy (CONCORD_TRUST_PROXY); a host that is not a plain host[:port] never reaches a link (request-guards.ts
 * answers such a request with a 400, whose own links use 'localhost').
 */
function derivedBaseUrl(req: Request): string {
  const protocol = req.protocol === 'https' ? 'https' : 'http'
  const host = req.host
  return `${protocol}://${host && isValidHost(host) ? host : 'localhost'}`
}

export function setBaseUrl(req: Request, configured: string | null): void {
  if (req.res) (req.res.locals as Record<string, unknown>)[BASE_URL_KEY] = configured ?? derivedBaseUrl(req)
}

const e = encodeURIComponent

export type Links = ReturnType<typeof createLinks>

/**
 * @example createLinks('http://broker').pacticipantVersion('web', '1.0.0') // http://broker/pacticipants/web/versions/1.0.0
 */
export function createLinks(base: string) {
  const pacticipant = (name: string) => `${base}/pacticipants/${e(name)}`
  const version = (p: string, v: string) => `${pacticipant(p)}/versions/${e(v)}`
  const pactsBetween = (provider: string, consumer: string) => `${base}/pacts/provider/${e(provider)}/consumer/${e(consumer)}`
  const pactVersion = (provider: string, consumer: string, sha: string, metadata?: string) =>
    `${pactsBetween(provider, consumer)}/pact-version/${e(sha)}${metadata ? `/metadata/${metadata}` : ''}`
  const environment = (uuid: string) => `${base}/environments/${e(uuid)}`
  return {
    base,
    index: () => base,
    problems: (slug: string) => `${base}/problems/${slug}`,
    pacticipants: () => `${base}/pacticipants`,
    pacticipant,
    label: (p: string, label: string) => `${pacticipant(p)}/labels/${e(label)}`,
    labels: () => `${base}/labels`,
    pacticipantsWithLabel: (label: string) => `${base}/pacticipants/label/${e(label)}`,
    versions: (p: string) => `${pacticipant(p)}/versions`,
    version,
    latestVersion: (p: string, tag?: string) => `${pacticipant(p)}/latest-version${tag ? `/${e(tag)}` : ''}`,
    versionTag: (p: string, v: string, tag: string) => `${version(p, v)}/tags/${e(tag)}`,
    branches: (p: string) => `${pacticipant(p)}/branches`,
    branch: (p: string, b: string) => `${pacticipant(p)}/branches/${e(b)}`,
    branchVersion: (p: string, b: string, v: string) => `${pacticipant(p)}/branches/${e(b)}/versions/${e(v)}`,
    recordDeployment: (p: string, v: string, envUuid: string) => `${version(p, v)}/deployed-versions/environment/${e(envUuid)}`,
    recordRelease: (p: string, v: string, envUuid: string) => `${version(p, v)}/released-versions/environment/${e(envUuid)}`,
    publishContracts: () => `${base}/contracts/publish`,
    pactsBetween,
    pactForConsumerVersion: (provider: string, consumer: string, consumerVersion: string) =>
      `${pactsBetween(provider, consumer)}/version/${e(consumerVersion)}`,
    latestPact: (provider: string, consumer: string, tag?: string) => `${pactsBetween(provider, consumer)}/latest${tag ? `/${e(tag)}` : ''}`,
    pactVersion,
    verificationResults: (provider: string, consumer: string, sha: string, metadata?: string) =>
      `${pactVersion(provider, consumer, sha, metadata)}/verification-results`,
    verificationResult: (provider: string, consumer: string, sha: string, number: number, metadata?: string) =>
      `${pactVersion(provider, consumer, sha, metadata)}/verification-results/${number}`,
    /** The webhook deliveries a verification result's publication caused (served by webhooks/). */
    verificationTriggeredWebhooks: (provider: string, consumer: string, sha: string, number: number) =>
      `${pactVersion(provider, consumer, sha)}/verification-results/${number}/triggered-webhooks`,
    latestPacts: () => `${base}/pacts/latest`,
    providerPacts: (provider: string) => `${base}/pacts/provider/${e(provider)}`,
    latestProviderPacts: (provider: string, tag?: string) => `${base}/pacts/provider/${e(provider)}/latest${tag ? `/${e(tag)}` : ''}`,
    pactsForVerification: (provider: string) => `${base}/pacts/provider/${e(provider)}/for-verification`,
    environments: () => `${base}/environments`,
    environment,
    currentlyDeployed: (envUuid: string) => `${environment(envUuid)}/deployed-versions/currently-deployed`,
    currentlySupported: (envUuid: string) => `${environment(envUuid)}/released-versions/currently-supported`,
    deployedVersion: (uuid: string) => `${base}/deployed-versions/${e(uuid)}`,
    releasedVersion: (uuid: string) => `${base}/released-versions/${e(uuid)}`,
    matrix: () => `${base}/matrix`,
    canIDeploy: () => `${base}/can-i-deploy`,
    providerContract: (p: string, v: string) => `${version(p, v)}/provider-contract`,
    providerContractResults: (p: string, v: string) => `${version(p, v)}/provider-contract/verification-results`,
    publishProviderContract: (p: string) => `${base}/provider-contracts/provider/${e(p)}/publish`,
    providerContractsDiff: (p: string, from: string, to: string) => `${base}/provider-contracts/provider/${e(p)}/diff?from=${e(from)}&to=${e(to)}`,
  }
}

/** The link builders for this request's base URL. */
export function linksFor(req: Request): Links {
  return createLinks(baseUrlOf(req))
}
