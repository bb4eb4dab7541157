/**
 * Webhook queries: webhooks, the delivery outbox (triggered_webhooks) and attempt logs; plain functions, no
 * rules, no throws.
 *
 * The "facts" queries at the end read other domains' tables (read-only, through the table types) to compute an
 * event's template parameters and the provider versions that must verify a pact, inside the writer's
 * transaction: a documented exception like the matrix's (docs/architecture.md), so an outbox row is written with
 * a handful of statements and needs nothing else later.
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type {
  DeliveryStatus,
  NewTriggeredWebhookRow,
  NewWebhookExecutionRow,
  NewWebhookRow,
  TriggeredWebhookRow,
  WebhookRow,
  WebhookRowUpdate,
} from './webhooks.table.js'

export type WebhookWithNamesRow = WebhookRow & { consumer_name: string | null; provider_name: string | null }

function webhooksWithNames(db: Db) {
  return db
    .selectFrom('webhooks as w')
    .leftJoin('pacticipants as c', 'c.id', 'w.consumer_id')
    .leftJoin('pacticipants as p', 'p.id', 'w.provider_id')
    .selectAll('w')
    .select(['c.name as consumer_name', 'p.name as provider_name'])
}

export async function insertWebhook(db: Db, row: NewWebhookRow): Promise<void> {
  await db.insertInto('webhooks').values(row).execute()
}

/** Inserts unless a webhook has the uuid already (a concurrent PUT of the same new uuid); true when inserted. */
export async function insertWebhookIfAbsent(db: Db, row: NewWebhookRow): Promise<boolean> {
  const inserted = await db
    .insertInto('webhooks')
    .values(row)
    .onConflict((oc) => oc.column('uuid').doNothing())
    .returning('id')
    .executeTakeFirst()
  return inserted !== undefined
}

export async function updateWebhook(db: Db, id: number, update: WebhookRowUpdate): Promise<void> {
  await db.updateTable('webhooks').set(update).where('id', '=', id).execute()
}

export async function deleteWebhook(db: Db, id: number): Promise<void> {
  await db.deleteFrom('webhooks').where('id', '=', id).execute()
}

/** Deletes the webhooks scoped to exactly this consumer and provider (their deliveries go with them). Returns how many. */
export async function deleteWebhooksOfPair(db: Db, consumerId: number, providerId: number): Promise<number> {
  const result = await db.deleteFrom('webhooks').where('consumer_id', '=', consumerId).where('provider_id', '=', providerId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Deletes every webhook with its deliveries. Returns how many. */
export async function deleteAllWebhooks(db: Db): Promise<number> {
  return Number((await db.deleteFrom('webhooks').executeTakeFirst()).numDeletedRows)
}

/** `forUpdate` locks the row (PUT of a webhook by two clients at once). */
export async function findWebhookByUuid(db: Db, uuid: string, forUpdate = false): Promise<WebhookWithNamesRow | undefined> {
  let query = webhooksWithNames(db).where('w.uuid', '=', uuid)
  if (forUpdate) query = query.forUpdate('w')
  return query.executeTakeFirst()
}

export async function findWebhookById(db: Db, id: number): Promise<WebhookWithNamesRow | undefined> {
  return webhooksWithNames(db).where('w.id', '=', id).executeTakeFirst()
}

/**
 * Every webhook, or those of exactly one scope (a null id = "any" on that side), as the Pact Broker's
 * `find_by_consumer_and_provider` lists them; oldest first.
 */
export async function listWebhooks(db: Db, scope?: { consumerId: number | null; providerId: number | null }): Promise<WebhookWithNamesRow[]> {
  let query = webhooksWithNames(db)
  if (scope) {
    query = scope.consumerId === null ? query.where('w.consumer_id', 'is', null) : query.where('w.consumer_id', '=', scope.consumerId)
    query = scope.providerId === null ? query.where('w.provider_id', 'is', null) : query.where('w.provider_id', '=', scope.providerId)
  }
  return query.orderBy('w.created_at').orderBy('w.id').execute()
}

/**
 * Enabled webhooks that apply to the pair, as the Pact Broker's `find_by_consumer_and_or_provider`: both named;
 * one named and the other side any; neither; or a label of the consumer and/or provider on one side with the other
 * side named, any, or (both labels) labelled too. The caller picks events.
 */
export async function findWebhooksToTrigger(db: Db, consumerId: number, providerId: number): Promise<WebhookWithNamesRow[]> {
  const labelsOf = (id: number) => db.selectFrom('labels').select('name').where('pacticipant_id', '=', id)
  return (
    webhooksWithNames(db)
      .where('w.enabled', '=', true)
      .where((eb) => {
        const consumerAny = eb.and([eb('w.consumer_id', 'is', null), eb('w.consumer_label', 'is', null)])
        const providerAny = eb.and([eb('w.provider_id', 'is', null), eb('w.provider_label', 'is', null)])
        const consumerLabelled = eb('w.consumer_label', 'in', labelsOf(consumerId))
        const providerLabelled = eb('w.provider_label', 'in', labelsOf(providerId))
        return eb.or([
          eb.and([eb('w.consumer_id', '=', consumerId), eb('w.provider_id', '=', providerId)]),
          eb.and([consumerAny, eb('w.provider_id', '=', providerId)]),
          eb.and([eb('w.consumer_id', '=', consumerId), providerAny]),
          eb.and([consumerAny, providerAny]),
          eb.and([consumerLabelled, eb.or([providerAny, eb('w.provider_id', '=', providerId), providerLabelled])]),
          eb.and([providerLabelled, eb.or([consumerAny, eb('w.consumer_id', '=', consumerId)])]),
        ])
      })
      .orderBy('w.id')
      // The outbox rows about to reference these webhooks must not lose them to a concurrent delete (a foreign-key
      // violation, a 500 for the publisher): a delete waits for this transaction, then takes the deliveries with it.
      .forKeyShare('w')
      .execute()
  )
}

/** A pacticipant's labels, by name. */
export async function labelsOf(db: Db, pacticipantId: number): Promise<string[]> {
  return (await db.selectFrom('labels').select('name').where('pacticipant_id', '=', pacticipantId).orderBy('name').execute()).map((r) => r.name)
}

// ---- the outbox ----------------------------------------------------------------------------------------------

export async function insertDeliveries(db: Db, rows: NewTriggeredWebhookRow[]): Promise<void> {
  if (rows.length) await db.insertInto('triggered_webhooks').values(rows).execute()
}

export type DeliveryDetailRow = TriggeredWebhookRow & {
  webhook_uuid: string
  webhook_description: string
  consumer_name: string | null
  provider_name: string | null
}

function deliveriesWithNames(db: Db) {
  return db
    .selectFrom('triggered_webhooks as t')
    .innerJoin('webhooks as w', 'w.id', 't.webhook_id')
    .leftJoin('pacticipants as c', 'c.id', 't.consumer_id')
    .leftJoin('pacticipants as p', 'p.id', 't.provider_id')
    .selectAll('t')
    .select([
      'w.uuid as webhook_uuid',
      sql<string>`coalesce(w.description, '')`.as('webhook_description'),
      'c.name as consumer_name',
      'p.name as provider_name',
    ])
}

export async function findDeliveryByUuid(db: Db, uuid: string): Promise<DeliveryDetailRow | undefined> {
  return deliveriesWithNames(db).where('t.uuid', '=', uuid).executeTakeFirst()
}

export async function listDeliveries(
  db: Db,
  filter: { consumerVersionId?: number; providerId?: number; verificationId?: number; consumerId?: number; webhookId?: number },
): Promise<DeliveryDetailRow[]> {
  let query = deliveriesWithNames(db)
  if (filter.consumerVersionId !== undefined) query = query.where('t.consumer_version_id', '=', filter.consumerVersionId)
  if (filter.providerId !== undefined) query = query.where('t.provider_id', '=', filter.providerId)
  if (filter.consumerId !== undefined) query = query.where('t.consumer_id', '=', filter.consumerId)
  if (filter.verificationId !== undefined) query = query.where('t.verification_id', '=', filter.verificationId)
  if (filter.webhookId !== undefined) query = query.where('t.webhook_id', '=', filter.webhookId)
  return query.orderBy('t.id').execute()
}

/**
 * THE claim: up to `limit` due deliveries nobody holds, taken with FOR UPDATE SKIP LOCKED (so several workers and
 * several brokers on one database never take the same row) and leased to `token`. The lease,
 * not a held transaction, is what keeps others off while the request is sent (PGlite has one connection, and a
 * transaction open across an HTTP call would hold it); a worker that dies leaves a lease that simply runs out.
 */
export async function claimDueDeliveries(db: Db, token: string, limit: number, defaultTimeoutMs: number): Promise<TriggeredWebhookRow[]> {
  // The lease lasts the webhook's timeout plus two seconds: long enough for one attempt, short enough that a
  // crashed worker's deliveries are taken up again soon after.
  const result = await sql<TriggeredWebhookRow>`
    update triggered_webhooks t
    set lease_token = ${token},
        lease_until = now() + make_interval(secs => (coalesce(w.timeout_ms, ${defaultTimeoutMs}::int) + 2000) / 1000.0),
        updated_at = now()
    from webhooks w
    where w.id = t.webhook_id and t.id in (
      select id from triggered_webhooks
      where status in ('not_run', 'retrying') and next_attempt_at <= now() and (lease_until is null or lease_until < now())
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked
    )
    returning t.*`.execute(db)
  return result.rows
}

/** Gives a claimed delivery back untried (a worker shutting down), so the next worker need not wait for the lease. */
export async function releaseLease(db: Db, id: number, token: string): Promise<void> {
  await db.updateTable('triggered_webhooks').set({ lease_token: null, lease_until: null }).where('id', '=', id).where('lease_token', '=', token).execute()
}

/** The attempt's outcome, if this worker still holds the lease (else another worker took it over and decides). */
export async function finishAttempt(
  db: Db,
  id: number,
  token: string,
  outcome: { status: DeliveryStatus; attempts: number; retryInSeconds: number | null },
): Promise<boolean> {
  const result = await db
    .updateTable('triggered_webhooks')
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      lease_token: null,
      lease_until: null,
      updated_at: sql<Date>`now()`,
      ...(outcome.retryInSeconds !== null ? { next_attempt_at: sql<Date>`now() + make_interval(secs => ${outcome.retryInSeconds})` } : {}),
    })
    .where('id', '=', id)
    .where('lease_token', '=', token)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Seconds until the next delivery is due (null when none is waiting); lets an idle worker sleep exactly that long. */
export async function secondsUntilNextDue(db: Db): Promise<number | null> {
  const row = await sql<{ wait: number | null }>`
    select extract(epoch from (min(greatest(next_attempt_at, coalesce(lease_until, next_attempt_at))) - now()))::float8 as wait
    from triggered_webhooks where status in ('not_run', 'retrying')`.execute(db)
  const wait = row.rows[0]?.wait
  return wait === null || wait === undefined ? null : Number(wait)
}

export async function insertAttempt(db: Db, row: NewWebhookExecutionRow): Promise<void> {
  await db.insertInto('webhook_executions').values(row).execute()
}

export async function listAttempts(db: Db, deliveryId: number) {
  return db.selectFrom('webhook_executions').selectAll().where('triggered_webhook_id', '=', deliveryId).orderBy('attempt').orderBy('id').execute()
}

/** Every attempt of these deliveries, for status summaries. */
export async function countDeliveriesByStatus(db: Db, consumerId: number, providerId: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('triggered_webhooks')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('consumer_id', '=', consumerId)
    .where('provider_id', '=', providerId)
    .groupBy('status')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}

// ---- facts: other domains' tables, read-only (see the module comment) ------------------------------------------

export interface PublicationFactsRow {
  consumer_id: number
  consumer_name: string
  provider_id: number
  provider_name: string
  provider_main_branch: string | null
  consumer_version_id: number
  consumer_version_number: string
  consumer_build_url: string | null
  pact_version_id: number
  sha: string
}

export async function publicationFacts(db: Db, publicationId: number): Promise<PublicationFactsRow | undefined> {
  return db
    .selectFrom('pact_publications as pp')
    .innerJoin('pact_versions as pv', 'pv.id', 'pp.pact_version_id')
    .innerJoin('pacticipants as c', 'c.id', 'pp.consumer_id')
    .innerJoin('pacticipants as p', 'p.id', 'pp.provider_id')
    .innerJoin('versions as cv', 'cv.id', 'pp.consumer_version_id')
    .select([
      'pp.consumer_id',
      'c.name as consumer_name',
      'pp.provider_id',
      'p.name as provider_name',
      'p.main_branch as provider_main_branch',
      'pp.consumer_version_id',
      'cv.number as consumer_version_number',
      'cv.build_url as consumer_build_url',
      'pp.pact_version_id',
      'pv.sha',
    ])
    .where('pp.id', '=', publicationId)
    .executeTakeFirst()
}

/** The branch a version was most recently added to (the Pact Broker's `branch_versions.last`), and its tags. */
export async function versionRefs(db: Db, versionId: number): Promise<{ branch: string | null; tags: string[] }> {
  const branch = await db
    .selectFrom('branch_versions')
    .select('branch_name')
    .where('version_id', '=', versionId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst()
  const tags = await db.selectFrom('tags').select('name').where('version_id', '=', versionId).orderBy('created_at').orderBy('id').execute()
  return { branch: branch?.branch_name ?? null, tags: tags.map((t) => t.name) }
}

export interface VerificationFactsRow {
  id: number
  success: boolean
  build_url: string | null
  consumer_version_selectors: unknown
  consumer_id: number
  consumer_name: string
  provider_id: number
  provider_name: string
  provider_version_id: number
  provider_version_number: string
  pact_version_id: number
  sha: string
}

function verificationFactsQuery(db: Db) {
  return db
    .selectFrom('verifications as v')
    .innerJoin('pact_versions as pv', 'pv.id', 'v.pact_version_id')
    .innerJoin('pacticipants as c', 'c.id', 'v.consumer_id')
    .innerJoin('pacticipants as p', 'p.id', 'v.provider_id')
    .innerJoin('versions as prv', 'prv.id', 'v.provider_version_id')
    .select([
      'v.id',
      'v.success',
      'v.build_url',
      'v.consumer_version_selectors',
      'v.consumer_id',
      'c.name as consumer_name',
      'v.provider_id',
      'p.name as provider_name',
      'v.provider_version_id',
      'prv.number as provider_version_number',
      'v.pact_version_id',
      'pv.sha',
    ])
}

export async function verificationFacts(db: Db, verificationId: number): Promise<VerificationFactsRow | undefined> {
  return verificationFactsQuery(db).where('v.id', '=', verificationId).executeTakeFirst()
}

/**
 * The latest verification of a pact version by a provider version on the provider's main branch (what the Pact
 * Broker's `contract_published` parameters describe), or undefined.
 */
export async function latestMainBranchVerification(
  db: Db,
  pactVersionId: number,
  providerMainBranch: string | null,
): Promise<VerificationFactsRow | undefined> {
  if (providerMainBranch === null) return undefined
  return verificationFactsQuery(db)
    .where('v.pact_version_id', '=', pactVersionId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('branch_versions as bv')
          .select('bv.id')
          .whereRef('bv.version_id', '=', 'v.provider_version_id')
          .where('bv.branch_name', '=', providerMainBranch),
      ),
    )
    .orderBy('v.id', 'desc')
    .executeTakeFirst()
}

/** Consumer versions (by number) that published this pact version, newest publication first. */
export async function consumerVersionsOfPactVersion(db: Db, pactVersionId: number, numbers?: readonly string[]) {
  let query = db
    .selectFrom('pact_publications as pp')
    .innerJoin('versions as cv', 'cv.id', 'pp.consumer_version_id')
    .select(['cv.id', 'cv.number', 'cv.build_url'])
    .where('pp.pact_version_id', '=', pactVersionId)
  if (numbers) query = numbers.length ? query.where('cv.number', 'in', [...numbers]) : query.where(sql<boolean>`false`)
  return query.orderBy('pp.id', 'desc').execute()
}

export interface RequiredVerificationRow {
  version_id: number
  version_number: string
  /** Why: 'latest from main branch', 'deployed in production', 'released in app-store'. */
  description: string
  main_branch: string | null
}

/**
 * The provider versions that must verify a pact version and have not (the Pact Broker's
 * `calculate_required_verifications_for_pact`): the head of the provider's main branch, every currently deployed
 * version and every currently supported released version, each without any verification of this content.
 */
export async function requiredVerifications(db: Db, pactVersionId: number, providerId: number): Promise<RequiredVerificationRow[]> {
  const result = await sql<RequiredVerificationRow>`
    with candidates as (
      select bh.version_id, 'latest from main branch' as description, 0 as ord, bh.branch_name as main_branch
        from branch_heads bh join pacticipants p on p.id = bh.pacticipant_id and p.main_branch = bh.branch_name
        where bh.pacticipant_id = ${providerId}
      union all
      select dv.version_id, 'deployed in ' || e.name, 1, null
        from deployed_versions dv join environments e on e.id = dv.environment_id
        where dv.pacticipant_id = ${providerId} and dv.undeployed_at is null
      union all
      select rv.version_id, 'released in ' || e.name, 2, null
        from released_versions rv join environments e on e.id = rv.environment_id
        where rv.pacticipant_id = ${providerId} and rv.support_ended_at is null
    )
    select c.version_id, v.number as version_number, c.description, c.main_branch
    from candidates c join versions v on v.id = c.version_id
    where not exists (select 1 from verifications x where x.pact_version_id = ${pactVersionId} and x.provider_version_id = c.version_id)
    order by c.ord, c.description, v.id`.execute(db)
  return result.rows
}

/** A pacticipant's currently deployed version numbers, each once, oldest deployment first (the Pact Broker's order). */
export async function currentlyDeployedVersionNumbers(db: Db, pacticipantId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('deployed_versions as dv')
    .innerJoin('versions as v', 'v.id', 'dv.version_id')
    .select('v.number')
    .where('dv.pacticipant_id', '=', pacticipantId)
    .where('dv.undeployed_at', 'is', null)
    .orderBy('dv.created_at')
    .orderBy('dv.id')
    .execute()
  return [...new Set(rows.map((r) => r.number))]
}

/** The latest pact (publication id) of every integration, optionally of one provider and/or consumer: what a retrigger walks. */
export async function latestPublicationsOfIntegrations(db: Db, filter: { providerId?: number; consumerId?: number }): Promise<number[]> {
  const result = await sql<{ id: number }>`
    select distinct on (lpp.consumer_id, lpp.provider_id) lpp.pact_publication_id as id
    from latest_pact_publications lpp join versions cv on cv.id = lpp.consumer_version_id
    where (${filter.providerId ?? null}::int is null or lpp.provider_id = ${filter.providerId ?? null}::int)
      and (${filter.consumerId ?? null}::int is null or lpp.consumer_id = ${filter.consumerId ?? null}::int)
    order by lpp.consumer_id, lpp.provider_id, cv.order_key desc, cv.id desc`.execute(db)
  return result.rows.map((r) => r.id)
}

// ---- for the UI's webhooks pages -------------------------------------------------------------------------------

/** The newest delivery of each webhook that has one (the webhooks page's "last delivery" column). */
export async function latestDeliveryOfEachWebhook(db: Db): Promise<DeliveryDetailRow[]> {
  const newest = db
    .selectFrom('triggered_webhooks')
    .select((eb) => eb.fn.max('id').as('id'))
    .groupBy('webhook_id')
  return deliveriesWithNames(db).where('t.id', 'in', newest).execute()
}

/** One webhook's deliveries, newest first, at most `limit`. */
export async function listDeliveriesOfWebhook(db: Db, webhookId: number, limit: number): Promise<DeliveryDetailRow[]> {
  return deliveriesWithNames(db).where('t.webhook_id', '=', webhookId).orderBy('t.id', 'desc').limit(limit).execute()
}

/** Every attempt of these deliveries, in order (one query for a page of deliveries). */
export async function listAttemptsOfDeliveries(db: Db, deliveryIds: readonly number[]) {
  if (deliveryIds.length === 0) return []
  return db
    .selectFrom('webhook_executions')
    .selectAll()
    .where('triggered_webhook_id', 'in', deliveryIds)
    .orderBy('triggered_webhook_id')
    .orderBy('attempt')
    .orderBy('id')
    .execute()
}
