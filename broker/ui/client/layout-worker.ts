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
}

// The worker global, typed only as far as it is used (the DOM and WebWorker libraries cannot be mixed).
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null
  postMessage(message: unknown, transfer: Transferable[]): void
}

scope.onmessage = (event) => {
  const { positions, edges, iterations } = event.data
  const graph = new Graph({ type: 'undirected', multi: true })
  const count = positions.length / 2
  for (let i = 0; i < count; i++) graph.addNode(i, { x: positions[2 * i], y: positions[2 * i + 1] })
  for (let e = 0; e < edges.length; e += 2) graph.addEdge(edges[e], edges[e + 1])
  const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: count > 200 }
  const layout = forceAtlas2(graph, { iterations, settings })
  const out = new Float32Array(count * 2)
  for (let i = 0; i < count; i++) {
    const point = layout[i]
    out[2 * i] = point?.x ?? 0
    out[2 * i + 1] = point?.y ?? 0
  }
  scope.postMessage(out, [out.buffer])
}
