/**
 * The deprecations' contribution to a publication's response: one notice per deprecated item each published
 * pact uses (warning before the sunset date, error from it on). Plugged into the contracts service's
 * `publishNoticeProviders` seam by createApp, so the official CLI prints them in the consumer's CI.
 */
import type { PublishContractsResult } from '../contracts/contracts.service.js'
import type { Notice } from '../shared/errors.js'
import type { Logger } from '../shared/logger.js'
import { type DeprecationDeps, verificationNotices } from './deprecations.service.js'

/** @example createApp passes `publishNoticeProviders: [deprecationPublishNotices]` to the contracts routes. */
export async function deprecationPublishNotices(deps: DeprecationDeps & { logger?: Logger }, publication: PublishContractsResult): Promise<Notice[]> {
  try {
    return await noticesFor(deps, publication)
  } catch (error) {
    // The publication has committed by now: a failure here must not turn its success into a 500.
    deps.logger?.error('deprecation notices failed for a publication', { error: error instanceof Error ? error.stack : String(error) })
    return [{ type: 'warning', text: 'The broker could not check this publication against deprecations; see its log.' }]
  }
}

/**
 * One statement per provider of the publication (usually one): the provider's live deprecations joined with the
 * published pact contents, which is no rows at all when the provider deprecates nothing, so the common
 * publication reads no content back.
 */
async function noticesFor(deps: DeprecationDeps, publication: PublishContractsResult): Promise<Notice[]> {
  const byProvider = new Map<number, PublishContractsResult['contracts'][number]['pact'][]>()
  for (const { pact } of publication.contracts) byProvider.set(pact.provider.id, [...(byProvider.get(pact.provider.id) ?? []), pact])
  const notices: Notice[] = []
  for (const [providerId, pacts] of byProvider) {
    const perPact = await verificationNotices(
      deps,
      providerId,
      pacts.map((pact) => ({ pactVersionId: pact.pactVersionId, consumer: pact.consumer.name, consumerVersion: pact.consumerVersion.number })),
    )
    notices.push(...perPact.flat())
  }
  return notices
}
