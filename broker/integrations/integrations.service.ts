/**
 * The overview of every integration: latest pact, latest verification and its status, where each side runs,
 * and deprecated items in use. Four statements whatever the number of integrations (latest pacts, their
 * verifications, current placements, deprecations with their users).
 */
import { recordChange } from '../audit/audit.service.js'
import { deletePairContracts, listLatestPacts, lockPublicationsOf } from '../contracts/contracts.service.js'
import { inTransaction } from '../db/database.js'
import { deleteAllPacticipants, getPacticipant } from '../pacticipants/pacticipants.service.js'
import { deleteAllWebhooks, deleteWebhooksOfPair } from '../webhooks/webhooks.service.js'
import { deprecationOverview, type DeprecationDeps } from '../deprecations/deprecations.service.js'
import { createHash } from 'node:crypto'
import { groupBy } from '../shared/collections.js'
import {
  type IntegrationCounts,
  type IntegrationGraph,
  type IntegrationsFilter,
  type IntegrationsPage,
  type IntegrationSummary,
  type LatestVerification,
  type Placement,
  type PlacementEvent,
  needsAttention,
  type VerificationStatus,
  verificationStatus,
} from './integration.js'
import * as repo from './integrations.repository.js'

export type IntegrationDeps = DeprecationDeps

/**
 * Every integration (consumer → provider) with its latest pact and verification status, by consumer then
 * provider name.
 * @example const failing = (await listIntegrationSummaries(deps)).filter((i) => i.status === 'failed')
 */
export async function listIntegrationSummaries(deps: IntegrationDeps): Promise<IntegrationSummary[]> {
  const pacts = await listLatestPacts(deps)
  const [verifications, placements, deprecated] = await Promise.all([
    repo.listLatestVerificationsOfPactVersions(
      deps.db,
      pacts.map((pact) => pact.pactVersionId),
    ),
    listCurrentPlacements(deps),
    deprecatedUses(deps),
  ])
  const verificationByPact = new Map(verifications.map((row) => [row.pact_version_id, row]))
  const environmentsOf = environmentNamesByPacticipant(placements)
  const deprecatedInUse = new Map(deprecated.map((use) => [`${use.consumerName}\u0000${use.providerId}`, use.items]))
  return pacts.map((pact) => {
    const row = verificationByPact.get(pact.pactVersionId)
    const verification = row ? toLatestVerification(row) : null
    return {
      consumer: pact.consumer,
      provider: pact.provider,
      latestPact: { consumerVersion: pact.consumerVersion.number, sha: pact.sha, publishedAt: pact.createdAt },
      verification,
      status: verificationStatus(verification),
      consumerEnvironments: environmentsOf.get(pact.consumer.id) ?? [],
      providerEnvironments: environmentsOf.get(pact.provider.id) ?? [],
      deprecatedItemsInUse: deprecatedInUse.get(`${pact.consumer.name}\u0000${pact.provider.id}`) ?? 0,
    }
  })
}

/** "Consumer (by name) still uses this many live deprecated items of provider (by id)", for every such pair. */
async function deprecatedUses(deps: IntegrationDeps): Promise<repo.DeprecatedUseRow[]> {
  const uses = new Map<string, repo.DeprecatedUseRow>()
  for (const item of await deprecationOverview(deps)) {
    for (const consumer of new Set(item.versions.map((v) => v.consumer))) {
      const key = `${consumer}\u0000${item.deprecation.providerId}`
      const use = uses.get(key) ?? { consumerName: consumer, providerId: item.deprecation.providerId, items: 0 }
      use.items++
      uses.set(key, use)
    }
  }
  return [...uses.values()]
}

/**
 * One page of the integrations a search matches, those needing attention first, with the counts the dashboard
 * shows above them: filtered, counted, sorted and paged in SQL (two statements over the integrations, then the
 * environments of the page's pacticipants), so a page costs the same at 3,000 integrations as at 30 in what it
 * loads. A page past the last gives the last.
 * @example const { rows, matching } = await integrationsPage(deps, { q: 'orders', status: 'failed' }, { page: 1, pageSize: 50 })
 */
export async function integrationsPage(
  deps: IntegrationDeps,
  filter: IntegrationsFilter,
  paging: { page: number; pageSize: number },
): Promise<IntegrationsPage> {
  const deprecated = await deprecatedUses(deps)
  const countRows = await repo.countIntegrations(deps.db, filter, deprecated)
  const counts: IntegrationCounts = {
    total: 0,
    matching: 0,
    byStatus: { verified: 0, failed: 0, pending: 0, unverified: 0 },
    usingDeprecated: 0,
    needingAttention: 0,
  }
  for (const row of countRows) {
    counts.total += row.total
    counts.matching += row.matching
    counts.byStatus[row.status] += row.total
    if (row.uses_deprecated) counts.usingDeprecated += row.total
    if (needsAttention({ status: row.status, deprecatedItemsInUse: row.uses_deprecated ? 1 : 0 })) counts.needingAttention += row.total
  }
  const pages = Math.max(1, Math.ceil(counts.matching / paging.pageSize))
  const page = Math.min(Math.max(1, paging.page), pages)
  const rows = await repo.listIntegrationsPage(deps.db, filter, deprecated, { offset: (page - 1) * paging.pageSize, limit: paging.pageSize })
  const environmentsOf = environmentNamesByPacticipant(await listCurrentPlacements(deps, [...new Set(rows.flatMap((r) => [r.consumer_id, r.provider_id]))]))
  return {
    counts,
    page,
    pages,
    rows: rows.map((row) => {
      const verification =
        row.verification_id === null
          ? null
          : {
              id: row.verification_id,
              success: row.success!,
              pactPending: row.pact_pending,
              providerVersion: row.provider_version_number!,
              verifiedAt: new Date(row.verified_at!),
            }
      return {
        consumer: { id: row.consumer_id, name: row.consumer_name },
        provider: { id: row.provider_id, name: row.provider_name },
        latestPact: { consumerVersion: row.consumer_version_number, sha: row.sha, publishedAt: new Date(row.published_at) },
        verification,
        status: row.status,
        consumerEnvironments: environmentsOf.get(row.consumer_id) ?? [],
        providerEnvironments: environmentsOf.get(row.provider_id) ?? [],
        deprecatedItemsInUse: Number(row.deprecated_items_in_use),
      }
    }),
  }
}

/**
 * Every integration with its status and every service (in an integration or placed in an environment) with its
 * environments and labels, in one statement: the dependency map's data. Its `fingerprint` changes when and only
 * when any of it does, so callers can keep what they derive from it (a layout, a serialized answer) until then.
 * @example const { nodes, edges, fingerprint } = await integrationGraph(deps)
 */
export async function integrationGraph(deps: Pick<IntegrationDeps, 'db'>): Promise<IntegrationGraph> {
  const text = await repo.readIntegrationGraph(deps.db)
  const edges = (JSON.parse(text.edges) as [number, number, VerificationStatus][]).map(([consumer, provider, status]) => ({ consumer, provider, status }))
  const nodes = (JSON.parse(text.nodes) as [number, string, string[], string[]][]).map(([id, name, environments, labels]) => ({
    id,
    name,
    environments,
    labels,
  }))
  const fingerprint = createHash('sha256').update(text.edges).update('\n').update(text.nodes).digest('base64url')
  return { nodes, edges, fingerprint }
}

/** Every version deployed or released now, in every environment, newest first. */
export async function listCurrentPlacements(deps: Pick<IntegrationDeps, 'db'>, pacticipantIds?: readonly number[]): Promise<Placement[]> {
  const rows = await repo.listCurrentPlacements(deps.db, pacticipantIds)
  return rows
    .map((row) => ({
      pacticipantId: row.pacticipant_id,
      pacticipant: row.pacticipant_name,
      environment: row.environment,
      environmentUuid: row.environment_uuid,
      production: row.production,
      version: row.version_number,
      kind: row.kind,
      at: new Date(row.at),
    }))
    .sort((a, b) => b.at.getTime() - a.at.getTime())
}

function environmentNamesByPacticipant(placements: Placement[]): Map<number, string[]> {
  const grouped = groupBy(placements, (p) => p.pacticipantId)
  return new Map([...grouped].map(([id, list]) => [id, [...new Set(list.map((p) => p.environment))].sort()]))
}

/** The latest verification of each pact version (by id), for a pair's pact history. */
export async function latestVerificationsOfPactVersions(deps: Pick<IntegrationDeps, 'db'>, pactVersionIds: number[]): Promise<Map<number, LatestVerification>> {
  const rows = await repo.listLatestVerificationsOfPactVersions(deps.db, pactVersionIds)
  return new Map(rows.map((row) => [row.pact_version_id, toLatestVerification(row)]))
}

function toLatestVerification(row: repo.LatestVerificationRow): LatestVerification {
  return { id: row.id, success: row.success, pactPending: row.pact_pending, providerVersion: row.provider_version_number, verifiedAt: new Date(row.created_at) }
}

/**
 * Deployments and releases (current and past) of one environment or all, newest first: the release calendar.
 * @example const calendar = await listPlacementHistory(deps, { environmentId: production.id, limit: 100 })
 */
export async function listPlacementHistory(deps: Pick<IntegrationDeps, 'db'>, filter: { environmentId?: number; limit: number }): Promise<PlacementEvent[]> {
  const rows = await repo.listPlacementHistory(deps.db, filter)
  return rows.map((row) => ({
    pacticipantId: row.pacticipant_id,
    pacticipant: row.pacticipant_name,
    environment: row.environment,
    environmentUuid: row.environment_uuid,
    production: row.production,
    version: row.version_number,
    kind: row.kind,
    at: new Date(row.at),
    endedAt: row.ended_at ? new Date(row.ended_at) : null,
  }))
}

/**
 * `DELETE /integrations/provider/{p}/consumer/{c}`: every pact content between the two with its publications
 * and verification results, the webhooks scoped to exactly this pair, and the integration. The pacticipants
 * and their versions stay (the Pact Broker also deletes versions and pacticipants left with nothing; here
 * `DELETE /pacticipants/{name}` does that, deliberately). Throws NotFoundError for an unknown pacticipant.
 *
 * Lock order: the publication locks of both (by name, so two deletes cannot wait for each other), the lock a
 * publication by the consumer and a verification by the provider take first; then the two pacticipant rows
 * (key share) and the rows below, as every write.
 * @example const { pactContents } = await deleteIntegration(deps, 'users', 'web')
 */
export async function deleteIntegration(
  deps: Pick<IntegrationDeps, 'db'>,
  provider: string,
  consumer: string,
): Promise<{ pactContents: number; webhooks: number }> {
  return inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'integration.deleted', pacticipants: [...new Set([consumer, provider])], details: { consumer, provider } })
    for (const name of [...new Set([consumer, provider])].sort()) await lockPublicationsOf(trx, name)
    const consumerRow = await getPacticipant({ db: trx }, consumer)
    const providerRow = await getPacticipant({ db: trx }, provider)
    const pactContents = await deletePairContracts(trx, consumerRow, providerRow)
    const webhooks = await deleteWebhooksOfPair(trx, consumerRow, providerRow)
    await recordChange(trx, { type: 'integration.deleted', details: { pactContents, webhooks } })
    return { pactContents, webhooks }
  })
}

/**
 * `DELETE /integrations`, as the Pact Broker's: every pacticipant with everything of theirs (versions,
 * branches, tags, pacts, verification results, deployments, releases, labels, deprecations) and every webhook.
 * Environments, tokens and the audit trail stay. Waits for writes in flight, and holds off new ones until done.
 */
export async function deleteAllIntegrations(deps: Pick<IntegrationDeps, 'db'>): Promise<{ pacticipants: number; webhooks: number }> {
  return inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'integrations.deleted' })
    const pacticipants = await deleteAllPacticipants(trx)
    const webhooks = await deleteAllWebhooks(trx)
    await recordChange(trx, { type: 'integrations.deleted', details: { pacticipants, webhooks } })
    return { pacticipants, webhooks }
  })
}
