/**
 * The deprecations' contribution to a publication's response: one notice per deprecated item each published
 * pact uses (warning before the sunset date, error from it on). Plugged into the contracts service's
 * `publishNoticeProviders` seam by createApp, so the official CLI prints them in the consumer's CI.
 */
import type { PublishContractsResult } from '../contracts/contracts.service.js'
import type { Notice } from '../shared/errors.js'
import type { Logger } from '../shared/logger.js'
import { type DeprecationDeps, publicationNotices } from './deprecations.service.js'
import { findPactContents } from './usage.repository.js'

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

async function noticesFor(deps: DeprecationDeps, publication: PublishContractsResult): Promise<Notice[]> {
  const contents = await findPactContents(
    deps.db,
    publication.contracts.map((c) => c.pact.pactVersionId),
  )
  const notices: Notice[] = []
  for (const { pact } of publication.contracts) {
    notices.push(
      ...(await publicationNotices(deps, {
        consumer: pact.consumer.name,
        consumerVersion: pact.consumerVersion.number,
        provider: pact.provider.name,
        content: contents.get(pact.pactVersionId),
      })),
    )
  }
  return notices
}
