/**
 * @module metrics/service
 * The JSON form of `/metrics`: the Pact Broker's resource counts (lib/pact_broker/metrics/service.rb), key for
 * key, so dashboards built for it keep working against Concord.
 */
import type { BrokerDeps } from '../deps.js'
import { formatDate } from '../http/hal.js'
import type { Db } from '../db/database.js'
import { countResources, type WebhookQueueStats } from './metrics.repository.js'
import * as repo from './metrics.repository.js'

const dateOrNull = (date: Date | null) => (date ? formatDate(date) : null)

/**
 * @example const counts = await resourceMetrics(deps) // { pacticipants: { count: 3, withMainBranchSetCount: 2 }, … }
 */
export async function resourceMetrics(deps: Pick<BrokerDeps, 'db'>): Promise<Record<string, unknown>> {
  const c = await countResources(deps.db)
  return {
    interactions: {
      latestInteractionsCount: c.latestInteractions,
      latestMessagesCount: c.latestMessages,
      latestInteractionsAndMessagesCount: c.latestInteractions + c.latestMessages,
    },
    pacticipants: { count: c.pacticipants, withMainBranchSetCount: c.pacticipantsWithMainBranch },
    integrations: { count: c.integrations },
    pactPublications: { count: c.pactPublications.count, first: dateOrNull(c.pactPublications.first), last: dateOrNull(c.pactPublications.last) },
    pactVersions: { count: c.pactVersions },
    pactRevisionsPerConsumerVersion: { distribution: Object.fromEntries(c.revisionsPerConsumerVersion.map((r) => [r.revisions, r.consumerVersions])) },
    verificationResults: {
      count: c.verifications.count,
      successCount: c.verifications.success,
      failureCount: c.verifications.failure,
      distinctCount: c.verifications.distinct,
      first: dateOrNull(c.verifications.first),
      last: dateOrNull(c.verifications.last),
    },
    verificationResultsPerPactVersion: { distribution: Object.fromEntries(c.verificationsPerPactVersion.map((r) => [r.verifications, r.pactVersions])) },
    pacticipantVersions: {
      count: c.versions.count,
      withUserCreatedBranchCount: c.versions.withUserCreatedBranch,
      withBranchCount: c.versions.withBranch,
      withBranchSetCount: c.versions.withBranch,
    },
    webhooks: { count: c.webhooks.count },
    tags: { count: c.tags.count, distinctCount: c.tags.distinct, distinctWithPacticipantCount: c.tags.distinctWithPacticipant },
    triggeredWebhooks: { count: c.webhooks.triggered },
    webhookExecutions: { count: c.webhooks.executions },
    // The Pact Broker hard-codes -1 ("no real meaning and takes too long"); so does Concord.
    matrix: { count: -1 },
    environments: { count: c.environments },
    deployedVersions: {
      count: c.deployedVersions.count,
      userCreatedCount: c.deployedVersions.count,
      currentlyDeployedCount: c.deployedVersions.currentlyDeployed,
    },
    releasedVersions: { count: c.releasedVersions.count, currentlySupportedCount: c.releasedVersions.currentlySupported },
  }
}

/** The webhook delivery queue for the Prometheus gauges (createMetrics' `webhookQueue`), one statement per read. */
export function webhookQueueStats(db: Db): Promise<WebhookQueueStats> {
  return repo.webhookQueueStats(db)
}
