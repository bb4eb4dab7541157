/**
 * The audit trail for people (admin only, like `GET /audit`, whose URL it shares): who changed what, when, from
 * where, newest first, with the API's filters (actor, action, pacticipant, outcome, time) in a form and keyset
 * pagination (`from`). The same service and query parameters as the API, so a filtered page's URL with
 * `Accept: application/json` gives the same events as JSON.
 */
import type { Request } from 'express'
import type { VNode } from 'preact'
import { auditQuerySchema } from '../../audit/audit.schemas.js'
import { type AuditEvent, listAuditEvents } from '../../audit/audit.service.js'
import type { BrokerDeps } from '../../deps.js'
import { queryValue } from '../../http/routing.js'
import { parse } from '../../http/validate.js'
import { DataTable, When } from '../components.js'
import { Layout, type PageContext } from '../page.js'

export const AUDIT_PAGE_SIZE = 50

const FILTERS = ['actor', 'type', 'pacticipant', 'outcome', 'since', 'until'] as const
type Filters = Record<(typeof FILTERS)[number], string>

/** A `datetime-local` value (no zone) is read as UTC, as the page says; anything else goes to the API's parser. */
export function utcDateTime(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value) ? `${value.length === 16 ? `${value}:00` : value}Z` : value
}

/** What a `datetime-local` input can show of a value (it takes no zone). */
function inputDateTime(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(\.\d+)?)?Z?$/.exec(value)
  return match ? match[1]! : ''
}

export async function auditPage(deps: BrokerDeps, req: Request, ctx: PageContext): Promise<VNode> {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, (queryValue(req, name) ?? '').trim()])) as Filters
  const oldestFirst = queryValue(req, 'sort') === '+timestamp'
  const from = queryValue(req, 'from')
  const raw: Record<string, string> = { sort: oldestFirst ? '+timestamp' : '-timestamp', pageSize: String(AUDIT_PAGE_SIZE) }
  for (const name of FILTERS) if (filters[name]) raw[name] = name === 'since' || name === 'until' ? utcDateTime(filters[name]) : filters[name]
  if (from) raw.from = from
  const { events, nextFrom } = await listAuditEvents(deps, parse(auditQuerySchema, raw, '#/query'))
  const filterParams = { ...Object.fromEntries(FILTERS.filter((n) => filters[n]).map((n) => [n, filters[n]])), ...(oldestFirst ? { sort: '+timestamp' } : {}) }
  return (
    <Layout ctx={ctx} title="Audit trail">
      <h1>Audit trail</h1>
      <p>Every write and every refused or failed one, with who made it and from where. Times are UTC.</p>
      <form class="filters" method="get" action={ctx.links.audit()} role="search" aria-label="Filter the audit trail">
        <div class="field">
          <label for="actor">Actor</label>
          <input id="actor" name="actor" type="text" value={filters.actor} placeholder="token or user name" />
        </div>
        <div class="field">
          <label for="type">Action</label>
          <input id="type" name="type" type="text" value={filters.type} placeholder="e.g. deployment.recorded" />
        </div>
        <div class="field">
          <label for="pacticipant">Pacticipant</label>
          <input id="pacticipant" name="pacticipant" type="text" value={filters.pacticipant} />
        </div>
        <div class="field">
          <label for="outcome">Outcome</label>
          <select id="outcome" name="outcome">
            <option value="">Any</option>
            {['accepted', 'refused', 'failed'].map((o) => (
              <option key={o} value={o} selected={filters.outcome === o}>
                {o}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="since">From (UTC)</label>
          <input id="since" name="since" type="datetime-local" value={inputDateTime(filters.since)} />
        </div>
        <div class="field">
          <label for="until">Until (UTC)</label>
          <input id="until" name="until" type="datetime-local" value={inputDateTime(filters.until)} />
        </div>
        <div class="field">
          <label for="sort">Order</label>
          <select id="sort" name="sort">
            <option value="-timestamp">Newest first</option>
            <option value="+timestamp" selected={oldestFirst}>
              Oldest first
            </option>
          </select>
        </div>
        <button type="submit">Filter</button>
      </form>
      {events.length === 0 ? (
        <p>No audit event matches.</p>
      ) : (
        <DataTable caption="Audit events" head={['When', 'Action', 'Outcome', 'Actor', 'Pacticipants', 'Request', 'Details', 'From']}>
          {events.map((event) => (
            <AuditRow key={event.uuid} event={event} />
          ))}
        </DataTable>
      )}
      <nav class="pagination" aria-label="Pages">
        {from && <a href={ctx.links.audit(filterParams)}>First page</a>}
        <span>
          {events.length} event{events.length === 1 ? '' : 's'} on this page
        </span>
        {nextFrom && (
          <a href={ctx.links.audit({ ...filterParams, from: nextFrom })} rel="next">
            Next page
          </a>
        )}
      </nav>
    </Layout>
  )
}

function AuditRow({ event }: { event: AuditEvent }): VNode {
  const details = Object.keys(event.details).length ? JSON.stringify(event.details) : ''
  return (
    <tr>
      <td>
        <When at={event.occurredAt} />
      </td>
      <td>
        <code>{event.type}</code>
      </td>
      <td>
        <span class={`status status-${event.outcome === 'accepted' ? 'verified' : event.outcome === 'refused' ? 'pending' : 'failed'}`}>{event.outcome}</span>
      </td>
      <td>
        {event.actor.name} <span class="muted">({event.actor.kind})</span>
      </td>
      <td>{event.pacticipants.join(', ')}</td>
      <td>{event.method ? `${event.method} ${event.path ?? ''}${event.status ? ` → ${event.status}` : ''}` : ''}</td>
      <td>{details && <code class="audit-details">{details}</code>}</td>
      <td>{event.clientAddress ?? ''}</td>
    </tr>
  )
}
