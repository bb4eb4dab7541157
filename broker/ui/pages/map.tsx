/**
 * Dependency map `/map`: every service and integration as one interactive graph. The page is the frame (filters,
 * legend, a list of every service as links for keyboard and screen-reader users); `map.js` draws the graph from
 * `/map/graph` — positions included, laid out on the server by ForceAtlas2 (ui/map-layout.ts) — with sigma.js
 * (WebGL), then sets `data-ready="true"` on `<main>`.
 */
import type { Request, Response } from 'express'
import type { VNode } from 'preact'
import type { BrokerDeps } from '../../deps.js'
import { listEnvironments } from '../../environments/environments.service.js'
import { VERIFICATION_STATUSES, type VerificationStatus } from '../../integrations/integration.js'
import { listCurrentPlacements, listIntegrationSummaries } from '../../integrations/integrations.service.js'
import { labelNamesFor, listLabelNames } from '../../pacticipants/labels/labels.service.js'
import { MapLayout } from '../map-layout.js'
import { Layout, type PageContext } from '../page.js'

/** What `/map/graph` answers: services with where they run, and integrations with their status. */
export interface MapGraph {
  nodes: { id: number; name: string; url: string; environments: string[]; labels: string[]; x: number; y: number }[]
  edges: { consumer: number; provider: number; status: VerificationStatus }[]
}

export async function mapGraph(deps: BrokerDeps, ctx: PageContext, layout: MapLayout): Promise<MapGraph> {
  const [integrations, placements] = await Promise.all([listIntegrationSummaries(deps), listCurrentPlacements(deps)])
  const nodes = new Map<number, MapGraph['nodes'][number]>()
  const node = (id: number, name: string) => {
    let found = nodes.get(id)
    if (!found) nodes.set(id, (found = { id, name, url: ctx.links.pacticipant(name), environments: [], labels: [], x: 0, y: 0 }))
    return found
  }
  for (const i of integrations) {
    node(i.consumer.id, i.consumer.name)
    node(i.provider.id, i.provider.name)
  }
  for (const p of placements) {
    const found = node(p.pacticipantId, p.pacticipant)
    if (!found.environments.includes(p.environment)) found.environments.push(p.environment)
  }
  const edges = integrations.map((i) => ({ consumer: i.consumer.id, provider: i.provider.id, status: i.status }))
  const [labelsOf, positions] = await Promise.all([
    labelNamesFor(deps, [...nodes.values()]),
    layout.positionsFor(
      [...nodes.keys()],
      edges.map((e) => [e.consumer, e.provider] as const),
    ),
  ])
  for (const found of nodes.values()) {
    found.labels = labelsOf(found.id)
    Object.assign(found, positions.get(found.id))
  }
  return { nodes: [...nodes.values()].sort((a, b) => a.name.localeCompare(b.name)), edges }
}

/** GET /map/graph: the map's data as JSON. */
export async function sendMapGraph(deps: BrokerDeps, ctx: PageContext, res: Response): Promise<void> {
  res.setHeader('Cache-Control', 'no-store')
  // createApp always gives the app one; a layout made here (a caller without createApp) only loses the cache.
  res.json(await mapGraph(deps, ctx, deps.mapLayout ?? new MapLayout()))
}

export async function mapPage(deps: BrokerDeps, _req: Request, ctx: PageContext): Promise<VNode> {
  const [environments, { names: labels }] = await Promise.all([listEnvironments(deps), listLabelNames(deps, {})])
  return (
    <Layout ctx={ctx} title="Dependency map" scripts={['map.js']} mainAttributes={{ 'data-graph-url': ctx.links.mapGraph(), 'data-ready': 'false' }}>
      <h1>Dependency map</h1>
      <div class="map-layout">
        <form class="filters" id="map-filters" aria-controls="graph">
          <div class="field">
            <label for="map-environment">Environment</label>
            <select id="map-environment" name="environment">
              <option value="">All services</option>
              {environments.map((env) => (
                <option key={env.uuid} value={env.name}>
                  In {env.displayName}
                </option>
              ))}
            </select>
          </div>
          {labels.length > 0 && (
            <div class="field">
              <label for="map-label">Team or label</label>
              <select id="map-label" name="label">
                <option value="">Any</option>
                {labels.map((label) => (
                  <option key={label} value={label}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div class="field">
            <label for="map-name">Service name contains</label>
            <input id="map-name" name="name" type="search" autocomplete="off" />
          </div>
          <fieldset class="field">
            <legend>Integrations by status</legend>
            {VERIFICATION_STATUSES.map((status) => (
              <label key={status}>
                <input type="checkbox" name="status" value={status} checked /> {status}
              </label>
            ))}
          </fieldset>
          <ul class="legend" aria-label="Edge colours">
            {VERIFICATION_STATUSES.map((status) => (
              <li key={status} class={status}>
                {status}
              </li>
            ))}
          </ul>
          <p id="map-status" class="muted" role="status" aria-live="polite">
            Loading the map…
          </p>
        </form>
        <div id="graph" role="img" aria-label="Graph of services (nodes) and integrations (edges). Every service is also listed below." />
      </div>
      <details id="map-list">
        <summary>Every service as a list</summary>
        <ul id="map-services" class="chips" />
      </details>
      <noscript>
        <p>The map needs JavaScript. The dashboard lists every integration without it.</p>
      </noscript>
    </Layout>
  )
}
