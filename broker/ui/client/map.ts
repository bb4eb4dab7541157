/**
 * The dependency map in the browser: loads `/map/graph` (positions included: the server lays the graph out once
 * per change, see broker/ui/map-layout.ts), draws it with sigma.js (WebGL) over a graphology graph, applies the
 * filters, and opens a service's page on click. Sets `data-ready="true"` on `<main>` once the graph is drawn and
 * takes input. Names only ever reach the DOM as text.
 */
import Graph from 'graphology'
import Sigma from 'sigma'

interface MapGraph {
  nodes: { id: number; name: string; url: string; environments: string[]; labels: string[]; x: number; y: number }[]
  edges: { consumer: number; provider: number; status: Status }[]
}
type Status = 'verified' | 'failed' | 'pending' | 'unverified'

const EDGE_COLOURS: Record<Status, string> = { verified: '#1a7f37', failed: '#cf222e', pending: '#bf8700', unverified: '#8c959f' }
const NODE_COLOUR = '#0a55c2'

async function start(): Promise<void> {
  const main = document.querySelector<HTMLElement>('main')
  const container = document.getElementById('graph')
  const status = document.getElementById('map-status')
  if (!main || !container || !status) return
  const response = await fetch(main.dataset.graphUrl ?? '', { headers: { accept: 'application/json' } })
  if (!response.ok) throw new Error(`The map's data answered ${response.status}`)
  const data = (await response.json()) as MapGraph

  const graph = new Graph({ type: 'directed', multi: false })
  for (const node of data.nodes) graph.addNode(String(node.id), { label: node.name, x: node.x, y: node.y, size: 4, color: NODE_COLOUR })
  const degree = new Map<number, number>()
  for (const edge of data.edges) {
    const key = `${edge.consumer}>${edge.provider}`
    if (graph.hasEdge(key) || edge.consumer === edge.provider) continue
    graph.addDirectedEdgeWithKey(key, String(edge.consumer), String(edge.provider), { color: EDGE_COLOURS[edge.status], size: 1, status: edge.status })
    degree.set(edge.consumer, (degree.get(edge.consumer) ?? 0) + 1)
    degree.set(edge.provider, (degree.get(edge.provider) ?? 0) + 1)
  }
  // Busy services are drawn larger.
  for (const node of data.nodes) graph.setNodeAttribute(String(node.id), 'size', 4 + Math.min(12, Math.sqrt(degree.get(node.id) ?? 0) * 2))

  // Sizes in screen pixels (sigma 4 defaults to graph units, which makes a few nodes fill the screen).
  const renderer = new Sigma(graph, container, { settings: { itemSizesReference: 'screen', hideEdgesOnMove: true, labelRenderedSizeThreshold: 5 } })
  const urls = new Map(data.nodes.map((node) => [String(node.id), node.url]))
  renderer.on('clickNode', ({ node }) => {
    const url = urls.get(node)
    if (url) window.location.assign(url)
  })
  container.addEventListener('mousemove', () => (container.style.cursor = ''))
  renderer.on('enterNode', () => (container.style.cursor = 'pointer'))
  renderer.on('leaveNode', () => (container.style.cursor = ''))

  fillList(data)
  const applyFilters = bindFilters(data, graph, renderer, status)

  performance.mark('concord:map-drawn')
  applyFilters()
  // After the frame that draws the graph, so positions and input match what is on screen.
  await new Promise((resolve) => requestAnimationFrame(resolve))
  markPositions(renderer, data)
  main.dataset.ready = 'true'
  // For the benchmark: milliseconds from navigation start to an interactive, laid-out map.
  performance.mark('concord:map-ready')
}

/**
 * Where each service is drawn now, on its list entry (`data-x`/`data-y`, page pixels), so a test can click the
 * drawn node itself.
 */
function markPositions(renderer: Sigma, data: MapGraph): void {
  const box = renderer.getContainer().getBoundingClientRect()
  const items = new Map([...document.querySelectorAll<HTMLElement>('#map-services li')].map((item) => [item.dataset.name, item]))
  for (const node of data.nodes) {
    const item = items.get(node.name)
    if (!item) continue
    // Graph coordinates (the node's x/y attributes), not the display data's normalised ones.
    const attributes = renderer.getGraph().getNodeAttributes(String(node.id))
    const point = renderer.graphToViewport({ x: attributes.x as number, y: attributes.y as number })
    item.dataset.x = String(Math.round(box.left + window.scrollX + point.x))
    item.dataset.y = String(Math.round(box.top + window.scrollY + point.y))
  }
}

function fillList(data: MapGraph): void {
  const list = document.getElementById('map-services')
  if (!list) return
  const fragment = document.createDocumentFragment()
  for (const node of data.nodes) {
    const item = document.createElement('li')
    item.dataset.name = node.name
    const link = document.createElement('a')
    link.href = node.url
    link.textContent = node.name
    item.append(link)
    fragment.append(item)
  }
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
    const inEnvironment = new Set(data.nodes.filter((n) => !environment || n.environments.includes(environment)).map((n) => String(n.id)))
    // A name or a label shows the matching services and their direct neighbours (what a team's services talk to).
    let shown = inEnvironment
    if (name || label) {
      const matching = data.nodes
        .filter((n) => inEnvironment.has(String(n.id)) && (!name || n.name.toLowerCase().includes(name)) && (!label || n.labels.includes(label)))
        .map((n) => String(n.id))
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
    const idByName = new Map(data.nodes.map((n) => [n.name, String(n.id)]))
    document.querySelectorAll<HTMLElement>('#map-services li').forEach((item) => {
      const id = idByName.get(item.dataset.name ?? '')
      item.hidden = !id || !shown.has(id)
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
