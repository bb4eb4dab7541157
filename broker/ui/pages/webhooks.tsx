/**
 * Webhooks for people: `/webhooks` lists every webhook with its scope, events, destination (method and host
 * only) and the status of its last delivery; `/webhooks/{uuid}` is one webhook's delivery log (its newest
 * deliveries, each attempt's status and log). Both share their URLs with the HAL API. Nothing secret is shown:
 * no header values, no password, no body template, no URL path or query (they may carry tokens); attempt logs
 * are the ones `/triggered-webhooks/{uuid}/logs` serves, with secrets already masked when they were written.
 */
import type { Request } from 'express'
import type { VNode } from 'preact'
import type { BrokerDeps } from '../../deps.js'
import { param } from '../../http/routing.js'
import { type Delivery, displayDescription, scopeDescription, type Webhook } from '../../webhooks/webhook.js'
import { listWebhooksWithLastDelivery, webhookDeliveryLog } from '../../webhooks/webhooks.service.js'
import { Chips, DataTable, When } from '../components.js'
import { Layout, type PageContext } from '../page.js'

const DELIVERY_STATUS: Record<Delivery['status'], { label: string; badge: string }> = {
  success: { label: 'Delivered', badge: 'verified' },
  failure: { label: 'Failed', badge: 'failed' },
  retrying: { label: 'Retrying', badge: 'pending' },
  not_run: { label: 'Waiting', badge: 'unverified' },
}

/** A delivery's status as a word and a colour. */
export function DeliveryStatus({ delivery }: { delivery: Delivery }): VNode {
  const status = DELIVERY_STATUS[delivery.status]
  return <span class={`status status-${status.badge}`}>{status.label}</span>
}

/** Where a webhook sends, without what may be secret: `POST ci.example.com`. */
export function destinationOf(webhook: Webhook): string {
  try {
    return `${webhook.request.method} ${new URL(webhook.request.url).host}`
  } catch {
    return webhook.request.method
  }
}

export async function webhooksPage(deps: BrokerDeps, _req: Request, ctx: PageContext): Promise<VNode> {
  const list = await listWebhooksWithLastDelivery(deps)
  return (
    <Layout ctx={ctx} title="Webhooks">
      <h1>Webhooks</h1>
      <p>What the broker tells other systems when contracts or verification results are published, and whether it got through.</p>
      {list.length === 0 ? (
        <p>No webhooks yet. An admin creates them over the API (docs/webhooks.md).</p>
      ) : (
        <DataTable caption="Webhooks and their last delivery" head={['Webhook', 'Scope', 'Events', 'Sends to', 'Last delivery']}>
          {list.map(({ webhook, lastDelivery }) => (
            <tr key={webhook.uuid}>
              <td>
                <a href={ctx.links.webhook(webhook.uuid)}>{displayDescription(webhook)}</a>
                {!webhook.enabled && <span class="muted"> (disabled)</span>}
              </td>
              <td>{scopeDescription(webhook)}</td>
              <td>
                <Chips items={webhook.events} />
              </td>
              <td>
                <code>{destinationOf(webhook)}</code>
              </td>
              <td>
                {lastDelivery ? (
                  <>
                    <DeliveryStatus delivery={lastDelivery} /> <When at={lastDelivery.createdAt} />
                    <br />
                    <span class="muted">
                      {lastDelivery.eventName}, {lastDelivery.attempts} attempt{lastDelivery.attempts === 1 ? '' : 's'}
                    </span>
                  </>
                ) : (
                  <span class="muted">never triggered</span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  )
}

/** Deliveries as a table: when, event, the pact, status, attempts (the webhook page and the integration page). */
export function DeliveriesTable({
  ctx,
  caption,
  deliveries,
  showWebhook,
}: {
  ctx: PageContext
  caption: string
  deliveries: Delivery[]
  showWebhook: boolean
}): VNode {
  return (
    <DataTable caption={caption} head={['When', ...(showWebhook ? ['Webhook'] : []), 'Event', 'Pact', 'Status', 'Attempts', 'Next attempt']}>
      {deliveries.map((d) => (
        <tr key={d.uuid}>
          <td>
            <When at={d.createdAt} />
          </td>
          {showWebhook && (
            <td>
              <a href={ctx.links.webhook(d.webhookUuid)}>{d.webhookDescription || d.webhookUuid}</a>
            </td>
          )}
          <td>
            {d.eventName} <span class="muted">({d.triggerType})</span>
          </td>
          <td>
            {d.consumerName && d.providerName ? (
              <a href={ctx.links.integration(d.providerName, d.consumerName)}>
                {d.consumerName} → {d.providerName}
              </a>
            ) : (
              ''
            )}
          </td>
          <td>
            <DeliveryStatus delivery={d} />
          </td>
          <td>
            {d.attempts}
            {d.attemptsRemaining > 0 ? ` (${d.attemptsRemaining} left)` : ''}
          </td>
          <td>
            <When at={d.nextAttemptAt} />
          </td>
        </tr>
      ))}
    </DataTable>
  )
}

export async function webhookPage(deps: BrokerDeps, req: Request, ctx: PageContext): Promise<VNode> {
  const { webhook, deliveries } = await webhookDeliveryLog(deps, param(req, 'uuid'))
  const title = displayDescription(webhook)
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <dl class="facts">
        <dt>Scope</dt>
        <dd>{scopeDescription(webhook)}</dd>
        <dt>Events</dt>
        <dd>
          <Chips items={webhook.events} />
        </dd>
        <dt>Sends to</dt>
        <dd>
          <code>{destinationOf(webhook)}</code>
        </dd>
        <dt>Enabled</dt>
        <dd>{webhook.enabled ? 'yes' : 'no'}</dd>
        <dt>Created</dt>
        <dd>
          <When at={webhook.createdAt} />
        </dd>
      </dl>
      <h2 id="deliveries">Deliveries</h2>
      {deliveries.length === 0 ? (
        <p>This webhook has not been triggered yet.</p>
      ) : (
        <>
          <p class="muted">The newest {deliveries.length} deliveries, newest first.</p>
          <DeliveriesTable ctx={ctx} caption={`Deliveries of ${title}`} deliveries={deliveries.map((d) => d.delivery)} showWebhook={false} />
          <h2 id="logs">Delivery logs</h2>
          {deliveries.map(({ delivery, attempts }) => (
            <details key={delivery.uuid} class="delivery">
              <summary>
                <When at={delivery.createdAt} /> · {delivery.eventName} · <DeliveryStatus delivery={delivery} /> · {attempts.length} attempt
                {attempts.length === 1 ? '' : 's'}
              </summary>
              {attempts.length === 0 ? (
                <p class="muted">Not attempted yet.</p>
              ) : (
                attempts.map((attempt) => (
                  <div key={attempt.attempt}>
                    <h3>
                      Attempt {attempt.attempt}: {attempt.success ? 'delivered' : 'failed'}
                      {attempt.status !== null ? `, HTTP ${attempt.status}` : ''} ({attempt.durationMs} ms)
                    </h3>
                    {attempt.error && <p>{attempt.error}</p>}
                    <pre class="delivery-log">{attempt.logs}</pre>
                  </div>
                ))
              )}
            </details>
          ))}
        </>
      )}
    </Layout>
  )
}
