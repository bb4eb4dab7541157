/**
 * Integration page `/integrations/provider/{provider}/consumer/{consumer}` (also what a browser gets at
 * `/pacts/provider/{p}/consumer/{c}/latest` and `…/version/{v}`): the pact rendered for people, a diff between
 * two of its versions, the verification history, the matrix for this pair, and the webhooks it triggered.
 */
import { diffLines } from 'diff'
import type { Request } from 'express'
import type { VNode } from 'preact'
import type { PactWithContent } from '../../contracts/contract.js'
import { getLatestPact, getPactForConsumerVersion, listPactsForProvider } from '../../contracts/contracts.service.js'
import type { BrokerDeps } from '../../deps.js'
import { param, queryValue } from '../../http/routing.js'
import { verificationStatus } from '../../integrations/integration.js'
import { latestVerificationsOfPactVersions } from '../../integrations/integrations.service.js'
import { findMatrix } from '../../matrix/matrix.service.js'
import { getPacticipant } from '../../pacticipants/pacticipants.service.js'
import { listVerificationsForPactVersion } from '../../verifications/verifications.service.js'
import { listDeliveriesForPair } from '../../webhooks/webhooks.service.js'
import { DataTable, StatusBadge, When } from '../components.js'
import { InteractionCard, interactionsOf } from '../pact-view.js'
import { Layout, type PageContext } from '../page.js'
import { DeliveriesTable } from './webhooks.js'

const MATRIX_ROWS = 50
/** Webhook deliveries shown for the pair, newest first. */
const DELIVERY_ROWS = 20

export async function integrationPage(deps: BrokerDeps, req: Request, ctx: PageContext): Promise<VNode> {
  const providerName = param(req, 'provider')
  const consumerName = param(req, 'consumer')
  const [provider, consumer] = [await getPacticipant(deps, providerName), await getPacticipant(deps, consumerName)]
  const wanted = param(req, 'consumerApplicationVersion') || queryValue(req, 'version')
  const pact = wanted ? await getPactForConsumerVersion(deps, provider.name, consumer.name, wanted) : await getLatestPact(deps, provider.name, consumer.name)
  const history = (await listPactsForProvider(deps, provider.name)).pacts.filter((p) => p.consumer.id === consumer.id)
  const [verifications, latestByPact, matrix, deliveries] = await Promise.all([
    listVerificationsForPactVersion(deps, pact.pactVersionId),
    latestVerificationsOfPactVersions(
      deps,
      history.map((p) => p.pactVersionId),
    ),
    findMatrix(deps, {
      selectors: [{ pacticipant: consumer.name }, { pacticipant: provider.name }],
      ignore: [],
      latest: false,
      mainBranch: false,
      limit: MATRIX_ROWS,
    }),
    listDeliveriesForPair(deps, provider.name, consumer.name),
  ])
  const recentDeliveries = deliveries.slice(-DELIVERY_ROWS).reverse()
  const from = queryValue(req, 'from')
  const to = queryValue(req, 'to')
  const diff = from && to ? await diffOf(deps, provider.name, consumer.name, from, to) : null
  const { links } = ctx
  const interactions = interactionsOf(pact.content)
  const rows = matrix.decision.considered
  return (
    <Layout ctx={ctx} title={`${consumer.name} → ${provider.name}`}>
      <h1>
        <a href={links.pacticipant(consumer.name)}>{consumer.name}</a> → <a href={links.pacticipant(provider.name)}>{provider.name}</a>
      </h1>
      <dl class="facts">
        <dt>Pact</dt>
        <dd>
          {consumer.name} version {pact.consumerVersion.number}, published <When at={pact.createdAt} />
        </dd>
        <dt>Content</dt>
        <dd>
          <code>{pact.sha.slice(0, 12)}</code> ({interactions.length} interactions) ·{' '}
          <a href={links.pactVersion(provider.name, consumer.name, pact.sha)}>JSON</a>
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={verificationStatus(verifications[0] ?? null)} />
        </dd>
      </dl>
      <nav aria-label="On this page">
        <ul class="chips">
          <li>
            <a href="#interactions">Interactions</a>
          </li>
          <li>
            <a href="#history">Versions and diff</a>
          </li>
          <li>
            <a href="#verifications">Verifications</a>
          </li>
          <li>
            <a href="#matrix">Matrix</a>
          </li>
          <li>
            <a href="#webhooks">Webhooks</a>
          </li>
        </ul>
      </nav>

      <h2 id="interactions">Interactions</h2>
      {interactions.length === 0 ? (
        <p class="muted">This pact has no interactions.</p>
      ) : (
        interactions.map((view, i) => <InteractionCard key={i} view={view} index={i} />)
      )}

      <h2 id="history">Pact versions</h2>
      <DataTable caption="Pacts between these two, newest consumer version first" head={['Consumer version', 'Content', 'Published', 'Latest verification']}>
        {history.map((p) => {
          const latest = latestByPact.get(p.pactVersionId) ?? null
          return (
            <tr key={p.publicationId}>
              <td>
                <a href={links.integration(provider.name, consumer.name) + `?version=${encodeURIComponent(p.consumerVersion.number)}`}>
                  {p.consumerVersion.number}
                </a>
                {p.consumerVersion.number === pact.consumerVersion.number && <span class="muted"> (shown)</span>}
              </td>
              <td>
                <code>{p.sha.slice(0, 12)}</code>
              </td>
              <td>
                <When at={p.createdAt} />
              </td>
              <td>
                <StatusBadge status={verificationStatus(latest)} />
                {latest && ` by ${provider.name} ${latest.providerVersion}`}
              </td>
            </tr>
          )
        })}
      </DataTable>
      {history.length > 1 && (
        <form class="filters" method="get" action={links.integration(provider.name, consumer.name)}>
          <div class="field">
            <label for="from">Compare</label>
            <select id="from" name="from">
              {history.map((p, i) => (
                <option key={p.publicationId} value={p.consumerVersion.number} selected={from ? from === p.consumerVersion.number : i === 1}>
                  {p.consumerVersion.number}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="to">with</label>
            <select id="to" name="to">
              {history.map((p, i) => (
                <option key={p.publicationId} value={p.consumerVersion.number} selected={to ? to === p.consumerVersion.number : i === 0}>
                  {p.consumerVersion.number}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Show the difference</button>
        </form>
      )}
      {diff && (
        <section aria-labelledby="diff-heading">
          <h3 id="diff-heading">
            Changes from {from} to {to}
          </h3>
          {diff.same ? (
            <p>The two versions have the same content.</p>
          ) : (
            <pre class="diff">
              {diff.parts.map((part, i) =>
                part.added ? <ins key={i}>{part.text}</ins> : part.removed ? <del key={i}>{part.text}</del> : <span key={i}>{part.text}</span>,
              )}
            </pre>
          )}
        </section>
      )}

      <h2 id="verifications">Verifications of this content</h2>
      {verifications.length === 0 ? (
        <p>
          <StatusBadge status="unverified" /> No version of {provider.name} has verified this pact content yet.
        </p>
      ) : (
        <DataTable caption="Verifications, newest first" head={['Result', `${provider.name} version`, 'When', 'Build']}>
          {verifications.map((v) => (
            <tr key={v.id}>
              <td>
                <a href={links.verificationResult(provider.name, consumer.name, v.sha, v.id)}>
                  <StatusBadge status={verificationStatus(v)} />
                </a>
              </td>
              <td>{v.providerVersion.number}</td>
              <td>
                <When at={v.createdAt} />
              </td>
              <td>{v.buildUrl ?? <span class="muted">none</span>}</td>
            </tr>
          ))}
        </DataTable>
      )}

      <h2 id="matrix">Matrix</h2>
      <p class="muted">Each consumer version's pact with each provider version that verified it (or none), newest first.</p>
      <DataTable caption={`Matrix of ${consumer.name} and ${provider.name}`} head={[`${consumer.name} version`, `${provider.name} version`, 'Result', 'When']}>
        {rows.map((row, i) => (
          <tr key={i}>
            <td>
              <a href={links.canIDeploy({ pacticipant: consumer.name, version: row.consumerVersion.number })}>{row.consumerVersion.number}</a>
            </td>
            <td>
              {row.providerVersion ? (
                <a href={links.canIDeploy({ pacticipant: provider.name, version: row.providerVersion.number })}>{row.providerVersion.number}</a>
              ) : (
                <span class="muted">none</span>
              )}
            </td>
            <td>{row.verification ? <StatusBadge status={row.verification.success ? 'verified' : 'failed'} /> : <StatusBadge status="unverified" />}</td>
            <td>
              <When at={row.verification?.verifiedAt ?? null} />
            </td>
          </tr>
        ))}
      </DataTable>

      <h2 id="webhooks">Webhooks triggered</h2>
      {recentDeliveries.length === 0 ? (
        <p class="muted">No webhook has been triggered for this pair.</p>
      ) : (
        <>
          <p class="muted">
            The newest {recentDeliveries.length} of {deliveries.length} deliveries for this pair; each webhook's page has its delivery log.
          </p>
          <DeliveriesTable ctx={ctx} caption={`Webhooks triggered for ${consumer.name} and ${provider.name}`} deliveries={recentDeliveries} showWebhook />
        </>
      )}
    </Layout>
  )
}

/** A line diff of two versions' pacts (interaction ids left out: they are the broker's, not the consumer's). */
async function diffOf(deps: BrokerDeps, provider: string, consumer: string, from: string, to: string) {
  const [a, b] = [await getPactForConsumerVersion(deps, provider, consumer, from), await getPactForConsumerVersion(deps, provider, consumer, to)]
  if (a.sha === b.sha) return { same: true, parts: [] }
  const parts = diffLines(readable(a), readable(b)).map((part) => ({ added: part.added, removed: part.removed, text: part.value }))
  return { same: false, parts }
}

function readable(pact: PactWithContent): string {
  const { metadata: _metadata, ...content } = pact.content
  return JSON.stringify(content, (key, value: unknown) => (key === '_id' ? undefined : value), 2) + '\n'
}
