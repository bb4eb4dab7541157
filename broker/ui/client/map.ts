/**
 * The dependency map in the browser: loads `/map/graph` (positions included: the server lays the graph out once
 * per change, see broker/ui/map-layout.ts), draws it with sigma.js (WebGL) over a graphology graph, applies the
 * filters, and opens a service's page on click. Sets `data-ready="true"` on `<main>` once the graph is drawn and
 * takes input. Names only ever reach the DOM as text.
 */
import Graph from 'graphology'
import Sigma from 'sigma'

/** `/map/graph` (broker/ui/pages/map.tsx MapGraph): columns; edges point at nodes by index. */
interface MapGraph {
  pacticipantUrl: string
  statuses: Status[]
  environments: string[]
  labels: string[]
  nodes: { id: number[]; name: string[]; x: number[]; y: number[]; environments: number[][]; labels: number[][] }
  edges: { consumer: number[]; provider: number[]; status: number[] }
}
type Status = 'verified' | 'failed' | 'pending' | 'unverified'

const EDGE_COLOURS: Record<Status, string> = { verified: '#1a7f37', failed: '#cf222e', pending: '#bf8700', unverified: '#8c959f' }
const NODE_COLOUR = '#0a55c2'
/** Names are drawn only once the view is zoomed in this far (camera ratio) on a graph this large: at full view they overlap anyway. */
const LABELS_BELOW_RATIO = 0.5
const LARGE_GRAPH = 200

async function start(): Promise<void> {
  const main = document.querySelector<HTMLElement>('main')
  const container = document.getElementById('graph')
  const status = document.getElementById('map-status')
  if (!main || !container || !status) return
  performance.mark('concord:map-fetch')
  // A plain GET, like the page's `<link rel="preload">` for the same URL, so the browser hands over the preloaded answer.
  const response = await fetch(main.dataset.graphUrl ?? '')
  if (!response.ok) throw new Error(`The map's data answered ${response.status}`)
  const text = await response.text()
  performance.mark('concord:map-fetched')
  const data = JSON.parse(text) as MapGraph
  performance.mark('concord:map-parsed')

  const graph = buildGraph(data)
  performance.mark('concord:map-graph-built')
  const large = graph.order > LARGE_GRAPH
  // Sizes in screen pixels (sigma 4 defaults to graph units, which makes a few nodes fill the screen). On a large
  // graph: no names until zoomed in, and no edges or names while the view moves.
  const renderer = new Sigma(graph, container, {
    settings: { itemSizesReference: 'screen', hideEdgesOnMove: true, hideLabelsOnMove: true, labelRenderedSizeThreshold: 5, renderLabels: !large },
  })
  performance.mark('concord:map-sigma-created')
  if (large) {
    renderer.getCamera().on('updated', (state) => {
      const zoomedIn = state.ratio < LABELS_BELOW_RATIO
      if (renderer.getSetting('renderLabels') !== zoomedIn) renderer.setSetting('renderLabels', zoomedIn)
    })
  }
  renderer.on('clickNode', ({ node }) => window.location.assign(urlOf(data, Number(node))))
  container.addEventListener('mousemove', () => (container.style.cursor = ''))
  renderer.on('enterNode', () => (container.style.cursor = 'pointer'))
  renderer.on('leaveNode', () => (container.style.cursor = ''))

  fillList(data)
  const applyFilters = bindFilters(data, graph, renderer, status)
  applyFilters()
  // Sigma draws its first frame when created; a frame is pending only if the filters changed something.
  await new Promise((resolve) => requestAnimationFrame(resolve))
  performance.mark('concord:map-drawn')
  markPositions(renderer, data)
  main.dataset.ready = 'true'
  // For the benchmark: milliseconds from navigation start to an interactive, laid-out map.
  performance.mark('concord:map-ready')
}

const urlOf = (data: MapGraph, node: number) => data.pacticipantUrl + encodeURIComponent(data.nodes.name[node] ?? '')

/** A graphology graph keyed by node index; busy services are drawn larger. */
function buildGraph(data: MapGraph): Graph {
  const { nodes, edges } = data
  const graph = new Graph({ type: 'directed', multi: false })
  const degree = new Array<number>(nodes.id.length).fill(0)
  for (let e = 0; e < edges.consumer.length; e++) {
    degree[edges.consumer[e]!]!++
    degree[edges.provider[e]!]!++
  }
  for (let n = 0; n < nodes.id.length; n++) {
    graph.addNode(String(n), { label: nodes.name[n], x: nodes.x[n], y: nodes.y[n], size: 4 + Math.min(12, Math.sqrt(degree[n]!) * 2), color: NODE_COLOUR })
  }
  for (let e = 0; e < edges.consumer.length; e++) {
    const consumer = edges.consumer[e]!
    const provider = edges.provider[e]!
    if (consumer === provider) continue
    const status = data.statuses[edges.status[e]!] ?? 'unverified'
    graph.addDirectedEdgeWithKey(`${consumer}>${provider}`, String(consumer), String(provider), { color: EDGE_COLOURS[status], size: 1, status })
  }
  return graph
}

/**
 * Where each service is drawn now, on its list entry (`data-x`/`data-y`, page pixels), so a test can click the
 * drawn node itself.
 */
function markPositions(renderer: Sigma, data: MapGraph): void {
  const box = renderer.getContainer().getBoundingClientRect()
  // Graph coordinates (the nodes' x/y) to viewport pixels is affine: three points give it, then each node is arithmetic.
  const origin = renderer.graphToViewport({ x: 0, y: 0 })
  const unitX = renderer.graphToViewport({ x: 1, y: 0 })
  const unitY = renderer.graphToViewport({ x: 0, y: 1 })
  const left = box.left + window.scrollX + origin.x
  const top = box.top + window.scrollY + origin.y
  const items = document.querySelectorAll<HTMLElement>('#map-services li')
  for (let n = 0; n < items.length; n++) {
    const x = data.nodes.x[n]!
    const y = data.nodes.y[n]!
    items[n]!.dataset.x = String(Math.round(left + x * (unitX.x - origin.x) + y * (unitY.x - origin.x)))
    items[n]!.dataset.y = String(Math.round(top + x * (unitX.y - origin.y) + y * (unitY.y - origin.y)))
  }
}

/** The list of every service under the graph, in the nodes' order (item n is node n). */
function fillList(data: MapGraph): void {
  const list = document.getElementById('map-services')
  if (!list) return
  const fragment = document.createDocumentFragment()
  data.nodes.name.forEach((name, n) => {
    const item = document.createElement('li')
    item.dataset.name = name
    const link = document.createElement('a')
    link.href = urlOf(data, n)
    link.textContent = name
    item.append(link)
    fragment.append(item)
  })
  list.append(fragment)
}

/** Wires the filter form to node and edge visibility; returns the function that applies it. */
function bindFilters(data: MapGraph, graph: Graph, renderer: Sigma, status: HTMLElement): () => void {
  const form = document.getElementById('map-filters') as HTMLFormElement | null
  const hiddenBefore = { nodes: new Set<string>(), edges: new Set<string>() }
  const apply = () => {
    const fields = new FormData(form ?? undefined)
    // Every field of the form is text (no file inputs).
    const textOf = (key: string) => {
      const value = fields.get(key)
      return typeof value === 'string' ? value : ''
    }
    const environment = textOf('environment')
    const name = textOf('name').trim().toLowerCase()
    const label = textOf('label')
    const statuses = new Set(fields.getAll('status').filter((value): value is string => typeof value === 'string'))
    const { nodes } = data
    const environmentIndex = data.environments.indexOf(environment)
    const labelIndex = data.labels.indexOf(label)
    const indexes = nodes.name.map((_, n) => n)
    const inEnvironment = new Set(indexes.filter((n) => !environment || nodes.environments[n]!.includes(environmentIndex)).map(String))
    // A name or a label shows the matching services and their direct neighbours (what a team's services talk to).
    let shown = inEnvironment
    if (name || label) {
      const matching = indexes
        .filter(
          (n) => inEnvironment.has(String(n)) && (!name || nodes.name[n]!.toLowerCase().includes(name)) && (!label || nodes.labels[n]!.includes(labelIndex)),
        )
        .map(String)
      shown = new Set(matching)
      for (const id of matching) for (const neighbour of graph.neighbors(id)) if (inEnvironment.has(neighbour)) shown.add(neighbour)
    }
    const hiddenNodes: string[] = []
    const visibleNodes: string[] = []
    graph.forEachNode((node) => (shown.has(node) ? visibleNodes : hiddenNodes).push(node))
    const hiddenEdges: string[] = []
    const visibleEdges: string[] = []
    graph.forEachEdge((edge, attributes, source, target) =>
      (shown.has(source) && shown.has(target) && statuses.has(String(attributes.status)) ? visibleEdges : hiddenEdges).push(edge),
    )
    // Only what changed: sigma re-processes the graph on every state change.
    const changed = <T>(now: T[], before: Set<T>, hidden: boolean) => now.filter((key) => before.has(key) !== hidden)
    renderer.setNodesState(changed(hiddenNodes, hiddenBefore.nodes, true), { isHidden: true })
    renderer.setNodesState(changed(visibleNodes, hiddenBefore.nodes, false), { isHidden: false })
    renderer.setEdgesState(changed(hiddenEdges, hiddenBefore.edges, true), { isHidden: true })
    renderer.setEdgesState(changed(visibleEdges, hiddenBefore.edges, false), { isHidden: false })
    hiddenBefore.nodes = new Set(hiddenNodes)
    hiddenBefore.edges = new Set(hiddenEdges)
    // Item n of the list is node n.
    document.querySelectorAll<HTMLElement>('#map-services li').forEach((item, n) => {
      const hidden = !shown.has(String(n))
      if (item.hidden !== hidden) item.hidden = hidden
    })
    status.textContent = `${visibleNodes.length} services and ${visibleEdges.length} integrations shown (of ${graph.order} and ${graph.size}).`
  }
  form?.addEventListener('input', apply)
  form?.addEventListener('submit', (event) => event.preventDefault())
  return apply
}

start().catch((error: unknown) => {
  const status = document.getElementById('map-status')
  if (status) status.textContent = `The map could not be drawn: ${error instanceof Error ? error.message : String(error)}`
  console.error(error)
})
