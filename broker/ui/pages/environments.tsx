/**
 * Environments `/environments` and `/environments/{uuid}`: what is deployed or released where now, and the
 * timeline of deployments and releases per environment — the release calendar a release manager reads.
 */
import type { Request } from 'express'
import type { VNode } from 'preact'
import type { BrokerDeps } from '../../deps.js'
import type { Environment } from '../../environments/environment.js'
import { getEnvironment, listEnvironments } from '../../environments/environments.service.js'
import { param } from '../../http/routing.js'
import type { Placement, PlacementEvent } from '../../integrations/integration.js'
import { listCurrentPlacements, listPlacementHistory } from '../../integrations/integrations.service.js'
import { groupBy } from '../../shared/collections.js'
import { DataTable, When } from '../components.js'
import { Layout, type PageContext } from '../page.js'

const TIMELINE_LENGTH = 100

export async function environmentsPage(deps: BrokerDeps, _req: Request, ctx: PageContext): Promise<VNode> {
  const [environments, placements, history] = await Promise.all([
    listEnvironments(deps),
    listCurrentPlacements(deps),
    listPlacementHistory(deps, { limit: TIMELINE_LENGTH }),
  ])
  const byEnvironment = groupBy(placements, (p) => p.environmentUuid)
  return (
    <Layout ctx={ctx} title="Environments">
      <h1>Environments</h1>
      {environments.length === 0 && (
        <p>
          No environments yet. Create one with <code>pact-broker create-environment --name production --production</code>.
        </p>
      )}
      {environments.map((env) => (
        <section key={env.uuid} aria-labelledby={`env-${env.uuid}`}>
          <h2 id={`env-${env.uuid}`}>
            <a href={ctx.links.environment(env.uuid)}>{env.displayName}</a> {env.production && <span class="chip chip-env">production</span>}
          </h2>
          <CurrentTable ctx={ctx} environment={env} placements={byEnvironment.get(env.uuid) ?? []} />
        </section>
      ))}
      <h2 id="timeline">Latest deployments and releases</h2>
      <Timeline ctx={ctx} events={history} showEnvironment={true} />
    </Layout>
  )
}

export async function environmentPage(deps: BrokerDeps, req: Request, ctx: PageContext): Promise<VNode> {
  const env = await getEnvironment(deps, param(req, 'uuid'))
  const [placements, history] = await Promise.all([listCurrentPlacements(deps), listPlacementHistory(deps, { environmentId: env.id, limit: TIMELINE_LENGTH })])
  const current = placements.filter((p) => p.environmentUuid === env.uuid)
  return (
    <Layout ctx={ctx} title={env.displayName}>
      <h1>
        {env.displayName} {env.production && <span class="chip chip-env">production</span>}
      </h1>
      <h2>Now</h2>
      <CurrentTable ctx={ctx} environment={env} placements={current} />
      <h2>Timeline</h2>
      <Timeline ctx={ctx} events={history} showEnvironment={false} />
    </Layout>
  )
}

function CurrentTable({ ctx, environment, placements }: { ctx: PageContext; environment: Environment; placements: Placement[] }): VNode {
  if (placements.length === 0) return <p class="muted">Nothing is deployed to or released in {environment.displayName}.</p>
  return (
    <DataTable caption={`Now in ${environment.displayName}`} head={['Application', 'Version', 'How', 'Since']}>
      {placements.map((p, i) => (
        <tr key={i}>
          <td>
            <a href={ctx.links.pacticipant(p.pacticipant)}>{p.pacticipant}</a>
          </td>
          <td>{p.version}</td>
          <td>{p.kind}</td>
          <td>
            <When at={p.at} />
          </td>
        </tr>
      ))}
    </DataTable>
  )
}

function Timeline({ ctx, events, showEnvironment }: { ctx: PageContext; events: PlacementEvent[]; showEnvironment: boolean }): VNode {
  if (events.length === 0) return <p class="muted">No deployments or releases recorded yet.</p>
  return (
    <ol class="timeline">
      {events.map((event, i) => (
        <li key={i}>
          <When at={event.at} />: <a href={ctx.links.pacticipant(event.pacticipant)}>{event.pacticipant}</a> {event.version} {event.kind}{' '}
          {showEnvironment ? (
            <>
              {event.kind === 'deployed' ? 'to' : 'in'} <a href={ctx.links.environment(event.environmentUuid)}>{event.environment}</a>
            </>
          ) : null}
          {event.endedAt ? (
            <span class="muted">
              {' '}
              ({event.kind === 'deployed' ? 'replaced or undeployed' : 'support ended'} <When at={event.endedAt} />)
            </span>
          ) : (
            <span class="muted"> (current)</span>
          )}
        </li>
      ))}
    </ol>
  )
}
