/**
 * Dependency map `/map`: every service and integration as one interactive graph. The page is the frame (filters,
 * legend, a list of every service as links for keyboard and screen-reader users); `map.js` draws the graph from
 * `/map/graph` — positions included, laid out on the server by ForceAtlas2 (ui/map-layout.ts) — with sigma.js
 * (WebGL), then sets `data-ready="true"` on `<main>`. The page asks the browser to preload `/map/graph`, so the
 * server reads the graph while the browser loads the script.
 */
import type { Request, Response } from 'express'
import type { VNode } from 'preact'
import type { BrokerDeps } from '../../deps.js'
import { listEnvironments } from '../../environments/environments.service.js'
import { type IntegrationGraph, VERIFICATION_STATUSES, type VerificationStatus } from '../../integrations/integration.js'
import { integrationGraph } from '../../integrations/integrations.service.js'
import { listLabelNames } from '../../pacticipants/labels/labels.service.js'
import { MapLayout } from '../map-layout.js'
import { Layout, type PageContext } from '../page.js'

/**
 * What `/map/graph` answers: the graph in columns, compact (about 70 KB at 1,000 services and 3,000
 * integrations, against 290 KB as an object per node and edge). Edges refer to nodes by their index in the node
 * columns; environments, labels and statuses by their index in the lists at the top.
 */
export interface MapGraph {
  /** A service's page is this followed by its name, URL-encoded (encodeURIComponent). */
  pacticipantUrl: string
  statuses: readonly VerificationStatus[]
  environments: string[]
  labels: string[]
  /** By name. */
  nodes: { id: number[]; name: string[]; x: number[]; y: number[]; environments: number[][]; labels: number[][] }
  edges: { consumer: number[]; provider: number[]; status: number[] }
}

/** Step → milliseconds, sent as a `Server-Timing` header (browsers' developer tools and the benchmark show it). */
type Timings = Record<string, number>

async function timed<T>(timings: Timings, step: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now()
  try {
    return await work()
  } finally {
    timings[step] = (timings[step] ?? 0) + performance.now() - started
  }
}

/** The map's data in columns, with the layout's positions. */
export async function mapGraph(graph: IntegrationGraph, ctx: PageContext, layout: MapLayout): Promise<MapGraph> {
  const positions = await layout.positionsFor(
    graph.nodes.map((n) => n.id),
    graph.edges.map((e) => [e.consumer, e.provider] as const),
  )
  const nodes = [...graph.nodes].sort((a, b) => a.name.localeCompare(b.name))
  const indexOf = new Map(nodes.map((n, i) => [n.id, i]))
  const environments = [...new Set(nodes.flatMap((n) => n.environments))].sort()
  const labels = [...new Set(nodes.flatMap((n) => n.labels))].sort()
  const environmentIndex = new Map(environments.map((name, i) => [name, i]))
  const labelIndex = new Map(labels.map((name, i) => [name, i]))
  const statusIndex = new Map(VERIFICATION_STATUSES.map((status, i) => [status, i]))
  return {
    pacticipantUrl: ctx.links.pacticipant(''),
    statuses: VERIFICATION_STATUSES,
    environments,
    labels,
    nodes: {
      id: nodes.map((n) => n.id),
      name: nodes.map((n) => n.name),
      x: nodes.map((n) => positions.get(n.id)?.x ?? 0),
      y: nodes.map((n) => positions.get(n.id)?.y ?? 0),
      environments: nodes.map((n) => n.environments.map((name) => environmentIndex.get(name)!)),
      labels: nodes.map((n) => n.labels.map((name) => labelIndex.get(name)!)),
    },
    edges: {
      consumer: graph.edges.map((e) => indexOf.get(e.consumer)!),
      provider: graph.edges.map((e) => indexOf.get(e.provider)!),
      status: graph.edges.map((e) => statusIndex.get(e.status)!),
    },
  }
}

/**
 * GET /map/graph: the map's data as JSON. The graph is read in one statement per request; what is derived from
 * it (the layout, the serialized answer) is built once per change of the data and shared by every request
 * until the next (the fingerprint is a digest of what was read, so a write from any process shows at once).
 * Answers carry an ETag: a browser that has the current answer gets a 304.
 */
export async function sendMapGraph(deps: BrokerDeps, ctx: PageContext, req: Request, res: Response): Promise<void> {
  const timings: Timings = {}
  const graph = await timed(timings, 'db', () => integrationGraph(deps))
  // createApp always gives the app one; a layout made here (a caller without createApp) only loses the cache.
  const layout = deps.mapLayout ?? new MapLayout()
  const { body, etag } = await timed(timings, 'build', () =>
    layout.answerFor(`${ctx.base}\n${graph.fingerprint}`, async () => JSON.stringify(await mapGraph(graph, ctx, layout))),
  )
  res.setHeader('Cache-Control', 'no-cache')
  res.setHeader('ETag', etag)
  res.setHeader(
    'Server-Timing',
    Object.entries(timings)
      .map(([step, ms]) => `${step};dur=${ms.toFixed(1)}`)
      .join(', '),
  )
  if (req.fresh) {
    res.status(304).end()
    return
  }
  res.type('application/json').send(body)
}

export async function mapPage(deps: BrokerDeps, _req: Request, ctx: PageContext): Promise<VNode> {
  const [environments, { names: labels }] = await Promise.all([listEnvironments(deps), listLabelNames(deps, {})])
  return (
    <Layout
      ctx={ctx}
      title="Dependency map"
      scripts={['map.js']}
      preloadJson={[ctx.links.mapGraph()]}
      mainAttributes={{ 'data-graph-url': ctx.links.mapGraph(), 'data-ready': 'false' }}
    >
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
