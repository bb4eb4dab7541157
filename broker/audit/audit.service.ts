/**
 * @module audit
 * The audit trail: who changed what, when, from where. A write service calls `recordChange(trx, change)` inside
 * its own transaction; the change is kept until that transaction is about to commit and then written as one
 * event, so a write that calls other services (publishing a pact adds a version, a branch and tags) leaves
 * exactly one event, and an event exists exactly when the write committed. Refused and failed writes are
 * recorded by `recordOutcome` after the response (their transaction, if any, rolled back).
 *
 * The same call applies a token's pacticipant scope: a write token limited to some pacticipants cannot make a
 * change that concerns another one (ForbiddenError, so the whole write rolls back).
 */
import { randomUUID } from 'node:crypto'
import { beforeCommit, type Db } from '../db/database.js'
import { ForbiddenError, ValidationError } from '../shared/errors.js'
import { type Actor, currentRequest, type RequestContext, SYSTEM_ACTOR } from '../shared/request-context.js'
import * as repo from './audit.repository.js'
import type { AuditEventRow } from './audit.table.js'

/** What a write changed: a type (`contract.published`), the pacticipants it concerns, and details. */
export interface AuditChange {
  type: string
  pacticipants?: string[]
  details?: Record<string, unknown>
}

export interface AuditEvent {
  uuid: string
  id: string
  occurredAt: Date
  type: string
  outcome: 'accepted' | 'refused' | 'failed'
  actor: { name: string; kind: string; tokenUuid: string | null }
  clientAddress: string | null
  requestId: string | null
  method: string | null
  path: string | null
  status: number | null
  pacticipants: string[]
  details: Record<string, unknown>
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    uuid: row.uuid,
    id: String(row.id),
    occurredAt: row.occurred_at,
    type: row.type,
    outcome: row.outcome,
    actor: { name: row.actor, kind: row.actor_kind, tokenUuid: row.token_uuid },
    clientAddress: row.client_address,
    requestId: row.request_id,
    method: row.method,
    path: row.path,
    status: row.status,
    pacticipants: row.pacticipants,
    details: row.details,
  }
}

/** Throws ForbiddenError when `actor`'s token scope does not cover every pacticipant of a write. */
export function checkScope(actor: Actor, pacticipants: readonly string[], type: string): void {
  if (!actor.pacticipants) return
  const outside = pacticipants.filter((name) => !actor.pacticipants!.includes(name))
  if (pacticipants.length === 0 || outside.length > 0) {
    const allowed = actor.pacticipants.map((n) => `'${n}'`).join(', ')
    const what = outside.length ? `concerns ${outside.map((n) => `'${n}'`).join(', ')}` : 'concerns no pacticipant'
    throw new ForbiddenError(
      `The token '${actor.name}' may only write for ${allowed}, and this change (${type}) ${what}. Use a token scoped to that pacticipant, or ask an admin for one (concord token create --pacticipant NAME).`,
    )
  }
}

const pending = new WeakMap<object, { change: Required<AuditChange>; context: RequestContext | undefined }>()

/**
 * Records a change made in `trx`, to be written as one audit event when the transaction commits. Every write
 * service calls it first thing in its transaction (so a scoped token is refused before any work). The first
 * call names the event's type; calls from services it uses add their pacticipants, and their own type and
 * details under `details.also`.
 * @example await recordChange(trx, { type: 'environment.created', details: { name: 'production' } })
 */
export async function recordChange(trx: Db, change: AuditChange): Promise<void> {
  const context = currentRequest()
  const pacticipants = [...new Set(change.pacticipants ?? [])]
  checkScope(context?.actor ?? SYSTEM_ACTOR, pacticipants, change.type)
  const earlier = pending.get(trx)
  if (earlier) {
    const merged = earlier.change
    merged.pacticipants = [...new Set([...merged.pacticipants, ...pacticipants])]
    if (change.type === merged.type) Object.assign(merged.details, change.details)
    else merged.details.also = [...((merged.details.also as unknown[] | undefined) ?? []), { type: change.type, ...change.details }]
    return
  }
  pending.set(trx, { change: { type: change.type, pacticipants, details: { ...change.details } }, context })
  const flush = async (t: Db) => {
    const entry = pending.get(trx)
    pending.delete(trx)
    if (entry) await writeEvent(t, entry.change, entry.context, 'accepted', null)
  }
  if (!beforeCommit(trx, 'audit', flush)) await flush(trx)
}

async function writeEvent(db: Db, change: Required<AuditChange>, context: RequestContext | undefined, outcome: AuditEvent['outcome'], status: number | null) {
  const actor = context?.actor ?? SYSTEM_ACTOR
  await repo.insertAuditEvent(db, {
    uuid: randomUUID(),
    type: change.type,
    outcome,
    actor: actor.name,
    actor_kind: actor.kind,
    token_uuid: actor.tokenUuid,
    client_address: context?.clientAddress ?? null,
    request_id: context?.requestId ?? null,
    method: context?.method ?? null,
    path: context?.path ?? null,
    status,
    pacticipants: JSON.stringify(change.pacticipants),
    details: JSON.stringify(change.details),
  })
  if (context) context.auditEvents++
}

/**
 * Records a write request that did not commit (refused: 401/403/429; failed: any other error), or one that
 * committed without its service recording a change, after the response. In its own statement: the write's
 * transaction, if it had one, is gone.
 */
export async function recordOutcome(db: Db, context: RequestContext, status: number, details: Record<string, unknown>): Promise<void> {
  const outcome: AuditEvent['outcome'] = status < 400 ? 'accepted' : [401, 403, 429].includes(status) ? 'refused' : 'failed'
  const type = status < 400 ? 'write.unclassified' : `write.${outcome}`
  await writeEvent(db, { type, pacticipants: [], details }, context, outcome, status)
}

export interface ListAuditInput {
  since?: Date | undefined
  until?: Date | undefined
  actor?: string | undefined
  pacticipant?: string | undefined
  type?: string | undefined
  outcome?: string | undefined
  /** uuid of the last event already seen: the page starts after it (PactFlow's `from`). */
  from?: string | undefined
  sort: 'asc' | 'desc'
  pageSize: number
}

/** One page of events, and whether another follows. */
export async function listAuditEvents({ db }: { db: Db }, input: ListAuditInput): Promise<{ events: AuditEvent[]; nextFrom: string | null }> {
  let afterId: string | undefined
  if (input.from) {
    afterId = await repo.findAuditEventId(db, input.from)
    if (afterId === undefined) {
      throw new ValidationError([{ pointer: '#/query/from', detail: `no audit event has uuid ${input.from}; pass the uuid of the last event you read` }])
    }
  }
  const rows = await repo.listAuditEvents(db, {
    ...input,
    afterId: afterId === undefined ? undefined : String(afterId),
    descending: input.sort === 'desc',
    limit: input.pageSize + 1,
  })
  const page = rows.slice(0, input.pageSize).map(toAuditEvent)
  return { events: page, nextFrom: rows.length > input.pageSize ? page[page.length - 1]!.uuid : null }
}
