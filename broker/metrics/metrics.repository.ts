/**
 * @module metrics/repository
 * The counts behind the JSON form of `/metrics` (the Pact Broker's lib/pact_broker/metrics/service.rb). Like
 * matrix.repository.ts it reads every domain's tables, read-only, through the table types.
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'

const count = sql<number>`count(*)::int`.as('count')

async function countOf(
  db: Db,
  table: 'pacticipants' | 'pact_versions' | 'environments' | 'tags' | 'pact_publications' | 'webhooks' | 'triggered_webhooks' | 'webhook_executions',
): Promise<number> {
  return (await db.selectFrom(table).select(count).executeTakeFirstOrThrow()).count
}

export interface ResourceCounts {
  latestInteractions: number
  latestMessages: number
  pacticipants: number
  pacticipantsWithMainBranch: number
  integrations: number
  pactPublications: { count: number; first: Date | null; last: Date | null }
  pactVersions: number
  revisionsPerConsumerVersion: { revisions: number; consumerVersions: number }[]
  verifications: { count: number; success: number; failure: number; distinct: number; first: Date | null; last: Date | null }
  verificationsPerPactVersion: { verifications: number; pactVersions: number }[]
  versions: { count: number; withUserCreatedBranch: number; withBranch: number }
  tags: { count: number; distinct: number; distinctWithPacticipant: number }
  environments: number
  deployedVersions: { count: number; currentlyDeployed: number }
  releasedVersions: { count: number; currentlySupported: number }
  /** Webhooks, their deliveries (triggered webhooks) and the attempts at them (executions). */
  webhooks: { count: number; triggered: number; executions: number }
}

/** Every count, one statement each (a dashboard polls this; none of them scans more than one table or two). */
export async function countResources(db: Db): Promise<ResourceCounts> {
  // The Pact Broker's "overall latest": each consumer/provider pair's most recent publication.
  const latest = await sql<{ interactions: number; messages: number }>`
    select coalesce(sum(pv.interactions_count), 0)::int as "interactions", coalesce(sum(pv.messages_count), 0)::int as "messages"
    from (select distinct on (consumer_id, provider_id) pact_version_id from latest_pact_publications
          order by consumer_id, provider_id, pact_publication_id desc) latest
    join pact_versions pv on pv.id = latest.pact_version_id`
    .execute(db)
    .then((r) => r.rows[0]!)
  const withMain = await db.selectFrom('pacticipants').where('main_branch', 'is not', null).select(count).executeTakeFirstOrThrow()
  const integrations = await db
    .selectFrom((q) => q.selectFrom('pact_publications').select(['consumer_id', 'provider_id']).distinct().as('i'))
    .select(count)
    .executeTakeFirstOrThrow()
  const publications = await db
    .selectFrom('pact_publications')
    .select([count, sql<Date | null>`min(created_at)`.as('first'), sql<Date | null>`max(created_at)`.as('last')])
    .executeTakeFirstOrThrow()
  const revisions = await sql<{ revisions: number; consumerVersions: number }>`
    select revision_count::int as "revisions", count(*)::int as "consumerVersions"
    from (select count(*) as revision_count from pact_publications group by consumer_version_id, provider_id) per_version
    group by revision_count order by 1`.execute(db)
  const verifications = await db
    .selectFrom('verifications')
    .select([
      count,
      sql<number>`count(*) filter (where success)::int`.as('success'),
      sql<number>`count(*) filter (where not success)::int`.as('failure'),
      sql<number>`count(distinct (provider_version_id, pact_version_id, success))::int`.as('distinct'),
      sql<Date | null>`min(created_at)`.as('first'),
      sql<Date | null>`max(created_at)`.as('last'),
    ])
    .executeTakeFirstOrThrow()
  const perPactVersion = await sql<{ verifications: number; pactVersions: number }>`
    select verification_count::int as "verifications", count(*)::int as "pactVersions"
    from (select count(*) as verification_count from verifications group by pact_version_id) per_pact
    group by verification_count order by 1`.execute(db)
  const versions = await db
    .selectFrom('versions')
    .select([
      count,
      sql<number>`count(*) filter (where exists (select 1 from branch_versions bv where bv.version_id = versions.id and not bv.auto_created))::int`.as(
        'userBranch',
      ),
      sql<number>`count(*) filter (where exists (select 1 from branch_versions bv where bv.version_id = versions.id))::int`.as('anyBranch'),
    ])
    .executeTakeFirstOrThrow()
  const tags = await db
    .selectFrom('tags')
    .select([count, sql<number>`count(distinct name)::int`.as('distinct'), sql<number>`count(distinct (name, pacticipant_id))::int`.as('withPacticipant')])
    .executeTakeFirstOrThrow()
  const deployed = await db
    .selectFrom('deployed_versions')
    .select([count, sql<number>`count(*) filter (where undeployed_at is null)::int`.as('current')])
    .executeTakeFirstOrThrow()
  const released = await db
    .selectFrom('released_versions')
    .select([count, sql<number>`count(*) filter (where support_ended_at is null)::int`.as('current')])
    .executeTakeFirstOrThrow()
  return {
    latestInteractions: latest.interactions,
    latestMessages: latest.messages,
    pacticipants: await countOf(db, 'pacticipants'),
    pacticipantsWithMainBranch: withMain.count,
    integrations: integrations.count,
    pactPublications: { count: publications.count, first: publications.first, last: publications.last },
    pactVersions: await countOf(db, 'pact_versions'),
    revisionsPerConsumerVersion: revisions.rows,
    verifications: {
      count: verifications.count,
      success: verifications.success,
      failure: verifications.failure,
      distinct: verifications.distinct,
      first: verifications.first,
      last: verifications.last,
    },
    verificationsPerPactVersion: perPactVersion.rows,
    versions: { count: versions.count, withUserCreatedBranch: versions.userBranch, withBranch: versions.anyBranch },
    tags: { count: tags.count, distinct: tags.distinct, distinctWithPacticipant: tags.withPacticipant },
    environments: await countOf(db, 'environments'),
    deployedVersions: { count: deployed.count, currentlyDeployed: deployed.current },
    releasedVersions: { count: released.count, currentlySupported: released.current },
    webhooks: {
      count: await countOf(db, 'webhooks'),
      triggered: await countOf(db, 'triggered_webhooks'),
      executions: await countOf(db, 'webhook_executions'),
    },
  }
}

/** The webhook delivery queue (`triggered_webhooks`), for the Prometheus gauges. */
export interface WebhookQueueStats {
  /** Waiting to be sent (first attempt or a retry), due or not, and not claimed by a worker. */
  pending: number
  /** Claimed by a worker whose lease has not run out: being sent now. */
  inFlight: number
  /** Given up on: every attempt failed. */
  failed: number
  /** Age in seconds of the oldest delivery not yet sent (pending or in flight), 0 when there is none. */
  oldestPendingAgeSeconds: number
}

/** One statement over the queue; `lease_until` in the future means a worker holds the delivery. */
export async function webhookQueueStats(db: Db): Promise<WebhookQueueStats> {
  const { rows } = await sql<{ pending: number; in_flight: number; failed: number; oldest_age: number }>`
    select
      count(*) filter (where status in ('not_run', 'retrying') and (lease_until is null or lease_until < now()))::int as pending,
      count(*) filter (where status in ('not_run', 'retrying') and lease_until >= now())::int as in_flight,
      count(*) filter (where status = 'failure')::int as failed,
      coalesce(extract(epoch from now() - min(created_at) filter (where status in ('not_run', 'retrying'))), 0)::float8 as oldest_age
    from triggered_webhooks`.execute(db)
  const row = rows[0]!
  return { pending: row.pending, inFlight: row.in_flight, failed: row.failed, oldestPendingAgeSeconds: Number(row.oldest_age) }
}
