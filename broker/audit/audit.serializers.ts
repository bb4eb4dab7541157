/** Audit events shaped like PactFlow's `GET /audit` (events with uuid, timestamp, type and a payload; `next` link). */
import { formatDate } from '../http/hal.js'
import type { AuditEvent } from './audit.service.js'

export function toAuditEventResource(event: AuditEvent) {
  return {
    uuid: event.uuid,
    timestamp: formatDate(event.occurredAt),
    type: event.type,
    outcome: event.outcome,
    actor: event.actor.name,
    actorKind: event.actor.kind,
    tokenUuid: event.actor.tokenUuid,
    clientAddress: event.clientAddress,
    requestId: event.requestId,
    pacticipants: event.pacticipants,
    payload: { method: event.method, path: event.path, status: event.status, ...event.details },
  }
}

export function toAuditResource(events: AuditEvent[], selfUrl: string, nextUrl: string | null) {
  return {
    events: events.map(toAuditEventResource),
    _links: { self: { href: selfUrl }, ...(nextUrl ? { next: { href: nextUrl, title: 'The next page' } } : {}) },
  }
}
