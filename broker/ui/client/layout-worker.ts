/**
 * The map's layout worker: ForceAtlas2 (graphology-layout-forceatlas2) over the positions and edges the page
 * sends, off the main thread so the page keeps answering while it runs. Served by the broker as a file, so a
 * strict `worker-src 'self'` policy allows it (no blob: URL).
 */
import Graph from 'graphology'
import forceAtlas2 from 'graphology-layout-forceatlas2'

interface LayoutRequest {
  positions: Float32Array
  edges: Uint32Array
  iterations: number
  budgetMs: number
}

/** Iterations per step between checks of the time budget. */
const STEP = 5

// The worker global, typed only as far as it is used (the DOM and WebWorker libraries cannot be mixed).
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null
  postMessage(message: unknown, transfer: Transferable[]): void
}

scope.onmessage = (event) => {
  const { positions, edges, iterations, budgetMs } = event.data
  const graph = new Graph({ type: 'undirected', multi: true })
  const count = positions.length / 2
  for (let i = 0; i < count; i++) graph.addNode(i, { x: positions[2 * i], y: positions[2 * i + 1] })
  for (let e = 0; e < edges.length; e += 2) graph.addEdge(edges[e], edges[e + 1])
  const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: count > 200 }
  // Iterate in small steps until the iteration count or the time budget runs out: a big graph on a slow machine
  // gets a rougher layout sooner rather than a finer one late.
  const started = performance.now()
  for (let done = 0; done < iterations && performance.now() - started < budgetMs; done += STEP) forceAtlas2.assign(graph, { iterations: STEP, settings })
  const out = new Float32Array(count * 2)
  graph.forEachNode((node, attributes) => {
    const i = Number(node)
    out[2 * i] = attributes.x as number
    out[2 * i + 1] = attributes.y as number
  })
  scope.postMessage(out, [out.buffer])
}
