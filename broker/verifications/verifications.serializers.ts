/**
 * Verification resources in the Pact Broker's HAL shape (`verification_decorator.rb`). The verifier ignores
 * the body of its POST but needs 2xx with a JSON content type.
 */
import { compact, formatDate } from '../http/hal.js'
import type { Links } from '../http/links.js'
import type { Verification } from './verification.js'

export function verificationUrl(verification: Verification, links: Links): string {
  return links.verificationResult(verification.provider.name, verification.consumer.name, verification.sha, verification.id)
}

export function toVerificationResource(verification: Verification, links: Links) {
  const { provider, consumer, sha } = verification
  return compact({
    providerName: provider.name,
    providerApplicationVersion: verification.providerVersion.number,
    success: verification.success,
    verificationDate: formatDate(verification.createdAt),
    buildUrl: verification.buildUrl,
    testResults: verification.testResults,
    verifiedBy: verification.verifiedBy,
    wip: verification.wip || null,
    pactPending: verification.pactPending,
    _links: {
      self: {
        title: 'Verification result',
        name: `Verification result ${verification.id} for Pact between ${consumer.name} and ${provider.name}`,
        href: verificationUrl(verification, links),
      },
      'pb:pact-version': {
        title: 'Pact',
        name: `Pact between ${consumer.name} and ${provider.name}`,
        href: links.pactVersion(provider.name, consumer.name, sha),
      },
      'pb:triggered-webhooks': {
        title: 'Webhooks triggered by the publication of this verification result',
        href: links.verificationTriggeredWebhooks(provider.name, consumer.name, sha, verification.id),
      },
      'pb:provider-version': {
        title: 'Provider version',
        name: verification.providerVersion.number,
        href: links.version(provider.name, verification.providerVersion.number),
      },
      'pb:provider': { title: 'Provider', name: provider.name, href: links.pacticipant(provider.name) },
      'pb:consumer': { title: 'Consumer', name: consumer.name, href: links.pacticipant(consumer.name) },
    },
  })
}
