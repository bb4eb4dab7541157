/**
 * Dashboard `/`: every integration with its latest pact and verification status, the environments of each
 * side, and what needs attention first (failing, deprecated items in use, unverified). Search and pagination
 * are a plain GET form and links, so the page works without JavaScript; they run in SQL
 * (integrations.service.ts integrationsPage), so a page loads 50 integrations, not all of them.
 */
import type { Request } from 'express'
import type { VNode } from 'preact'
import type { BrokerDeps } from '../../deps.js'
import { type IntegrationsPage, VERIFICATION_STATUSES } from '../../integrations/integration.js'
import { integrationsPage } from '../../integrations/integrations.service.js'
import { queryValue } from '../../http/routing.js'
import { Chips, DataTable, pageNumber, Pagination, StatusBadge, When } from '../components.js'
import { listLabelNames } from '../../pacticipants/labels/labels.service.js'
import { Layout, type PageContext } from '../page.js'

export const DASHBOARD_PAGE_SIZE = 50

interface DashboardQuery {
  q: string
  status: string
  /** Integrations where the consumer or the provider has this label (a team, say). */
  label: string
  page: number
}

export async function dashboardPage(deps: BrokerDeps, req: Request, ctx: PageContext): Promise<VNode> {
  const query: DashboardQuery = {
    q: (queryValue(req, 'q') ?? '').trim(),
    status: queryValue(req, 'status') ?? '',
    label: queryValue(req, 'label') ?? '',
    page: pageNumber(queryValue(req, 'page')),
  }
  const [found, { names: labels }] = await Promise.all([
    integrationsPage(deps, { q: query.q, status: query.status, label: query.label }, { page: query.page, pageSize: DASHBOARD_PAGE_SIZE }),
    listLabelNames(deps, {}),
  ])
  return <Dashboard ctx={ctx} found={found} query={query} labels={labels} />
}

function Dashboard({ ctx, found, query, labels }: { ctx: PageContext; found: IntegrationsPage; query: DashboardQuery; labels: string[] }): VNode {
  const { links } = ctx
  const { counts, page, pages, rows: shown } = found
  return (
    <Layout ctx={ctx} title="Dashboard">
      <h1>Integrations</h1>
      <ul class="summary-cards" aria-label="Integrations by status">
        <li>
          <strong>{counts.total}</strong> integrations
        </li>
        {VERIFICATION_STATUSES.map((status) => (
          <li key={status}>
            <strong>{counts.byStatus[status]}</strong>
            <a href={links.dashboard({ status })}>
              <StatusBadge status={status} />
            </a>
          </li>
        ))}
      </ul>
      {counts.needingAttention > 0 && (
        <section class="attention" aria-labelledby="attention-heading">
          <h2 id="attention-heading">Needs attention ({counts.needingAttention})</h2>
          <p>
            {counts.byStatus.failed} failing, {counts.byStatus.unverified} unverified, {counts.usingDeprecated} using deprecated items. They are listed first
            below.
          </p>
        </section>
      )}
      <form class="filters" method="get" action={links.dashboard()} role="search">
        <div class="field">
          <label for="q">Search by consumer or provider</label>
          <input id="q" name="q" type="search" value={query.q} />
        </div>
        <div class="field">
          <label for="status">Status</label>
          <select id="status" name="status">
            <option value="">Any</option>
            {VERIFICATION_STATUSES.map((status) => (
              <option key={status} value={status} selected={query.status === status}>
                {status}
              </option>
            ))}
          </select>
        </div>
        {labels.length > 0 && (
          <div class="field">
            <label for="label">Team or label</label>
            <select id="label" name="label">
              <option value="">Any</option>
              {labels.map((label) => (
                <option key={label} value={label} selected={query.label === label}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit">Search</button>
      </form>
      <p class="muted" aria-live="polite">
        {counts.matching === counts.total ? `${counts.total} integrations` : `${counts.matching} of ${counts.total} integrations match`}
      </p>
      {shown.length === 0 ? (
        <p>{counts.total === 0 ? 'No pacts have been published yet.' : 'No integration matches.'}</p>
      ) : (
        <DataTable
          caption="Integrations, those needing attention first"
          head={['Consumer', 'Provider', 'Latest pact', 'Status', 'Verified by', 'Consumer in', 'Provider in']}
        >
          {shown.map((i) => (
            <tr key={`${i.consumer.id}-${i.provider.id}`}>
              <td>
                <a href={links.pacticipant(i.consumer.name)}>{i.consumer.name}</a>
              </td>
              <td>
                <a href={links.pacticipant(i.provider.name)}>{i.provider.name}</a>
              </td>
              <td>
                <a href={links.integration(i.provider.name, i.consumer.name)}>{i.latestPact.consumerVersion}</a>{' '}
                <span class="muted">
                  <When at={i.latestPact.publishedAt} />
                </span>
              </td>
              <td>
                <StatusBadge status={i.status} />
                {i.deprecatedItemsInUse > 0 && (
                  <>
                    {' '}
                    <a href={links.deprecations({ consumer: i.consumer.name })}>
                      <StatusBadge status="deprecated" label={`${i.deprecatedItemsInUse} deprecated in use`} />
                    </a>
                  </>
                )}
              </td>
              <td>
                {i.verification ? (
                  <>
                    {i.provider.name} {i.verification.providerVersion}{' '}
                    <span class="muted">
                      <When at={i.verification.verifiedAt} />
                    </span>
                  </>
                ) : (
                  <span class="muted">not yet</span>
                )}
              </td>
              <td>
                <Chips items={i.consumerEnvironments} kind="env" />
              </td>
              <td>
                <Chips items={i.providerEnvironments} kind="env" />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination page={page} pages={pages} href={(n) => links.dashboard({ q: query.q, status: query.status, label: query.label, page: n })} />
    </Layout>
  )
}
