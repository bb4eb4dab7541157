/**
 * URLs of the webhook resources, beside the domain (as deprecation-links.ts is): the shared http/links.ts keeps
 * the core resources.
 */
const e = encodeURIComponent

/** @example webhookLinks('http://broker').webhook('AbC…') // http://broker/webhooks/AbC… */
export function webhookLinks(base: string) {
  const pair = (provider: string, consumer: string) => `${base}/pacts/provider/${e(provider)}/consumer/${e(consumer)}`
  return {
    webhooks: () => `${base}/webhooks`,
    webhook: (uuid: string) => `${base}/webhooks/${e(uuid)}`,
    execute: (uuid: string) => `${base}/webhooks/${e(uuid)}/execute`,
    executeUnsaved: () => `${base}/webhooks/execute`,
    retrigger: () => `${base}/webhooks/retrigger`,
    scoped: (provider: string | null, consumer: string | null) =>
      provider && consumer
        ? `${base}/webhooks/provider/${e(provider)}/consumer/${e(consumer)}`
        : provider
          ? `${base}/webhooks/provider/${e(provider)}`
          : consumer
            ? `${base}/webhooks/consumer/${e(consumer)}`
            : `${base}/webhooks`,
    pactWebhooks: (provider: string, consumer: string) => `${pair(provider, consumer)}/webhooks`,
    pactWebhooksStatus: (provider: string, consumer: string) => `${pair(provider, consumer)}/webhooks/status`,
    versionTriggered: (provider: string, consumer: string, version: string) => `${pair(provider, consumer)}/version/${e(version)}/triggered-webhooks`,
    verificationTriggered: (provider: string, consumer: string, sha: string, number: string | number) =>
      `${pair(provider, consumer)}/pact-version/${e(sha)}/verification-results/${e(String(number))}/triggered-webhooks`,
    logs: (deliveryUuid: string) => `${base}/triggered-webhooks/${e(deliveryUuid)}/logs`,
    pacticipant: (name: string) => `${base}/pacticipants/${e(name)}`,
  }
}

export type WebhookLinks = ReturnType<typeof webhookLinks>
