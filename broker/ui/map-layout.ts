/**
 * @module ui/map-layout
 * Positions for the dependency map, computed on the server and kept until the graph changes.
 *
 * Why on the server: ForceAtlas2 over 1,000 services and 3,000 integrations takes seconds of CPU in a browser
 * (measured 3–5 s from drawn to laid out in headless Chromium, against a 1 s target), and every visitor paid it
 * again on every visit, getting a different picture each time. Here the layout runs once per change of the graph,
 * in a worker thread (ForceAtlas2 is synchronous; on the main thread it would stall every request meanwhile),
 * and every page view after that draws the final picture at once. A changed graph starts from the previous
 * positions — new services next to their neighbours — and needs few iterations, so the map stays recognisable
 * from one day to the next.
 */
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

export interface MapLayoutOptions {
  /** ForceAtlas2 iterations for a graph laid out from scratch. */
  iterations?: number
  /** Iterations when most services already have a position (a changed graph). */
  refineIterations?: number
  /** Stop iterating after this long, whatever the count: a rougher layout rather than a late one. */
  budgetMs?: number
}

/** A serialized answer and its entity tag (a digest of the body). */
export interface CachedAnswer {
  body: string
  etag: string
}

export interface Point {
  x: number
  y: number
}

// CommonJS, evaluated in the worker: it loads graphology from the paths the main thread resolved, so it works
// the same from the TypeScript sources (tsx, vitest) and from dist/ (as provider-contracts/schema-diff-runner.ts).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Graph = require(workerData.graphologyPath)
const forceAtlas2 = require(workerData.forceAtlas2Path)
const { positions, edges, iterations, budgetMs } = workerData
const count = positions.length / 2
const graph = new Graph({ type: 'undirected', multi: true })
for (let i = 0; i < count; i++) graph.addNode(i, { x: positions[2 * i], y: positions[2 * i + 1] })
for (let e = 0; e < edges.length; e += 2) graph.addEdge(edges[e], edges[e + 1])
const settings = Object.assign(forceAtlas2.inferSettings(graph), { barnesHutOptimize: count > 200 })
const started = Date.now()
for (let done = 0; done < iterations && Date.now() - started < budgetMs; done += 10) forceAtlas2.assign(graph, { iterations: 10, settings })
const out = new Float64Array(count * 2)
graph.forEachNode((node, attributes) => { out[2 * Number(node)] = attributes.x; out[2 * Number(node) + 1] = attributes.y })
parentPort.postMessage(out, [out.buffer])
`

const resolve = createRequire(import.meta.url).resolve

/**
 * One per app (createApp makes it). Remembers the last layout; `positionsFor` answers from it while the graph is
 * the same, and computes a new one (one at a time) when it changed. It also keeps the last answer built on the
 * positions (`answerFor`): the map's serialized data, kept while the data's fingerprint is the same.
 * @example const positions = await layout.positionsFor([1, 2, 3], [[1, 2], [2, 3]]) // Map { 1 => { x, y }, … }
 */
export class MapLayout {
  private readonly iterations: number
  private readonly refineIterations: number
  private readonly budgetMs: number
  private last: { key: string; positions: Map<number, Point> } = { key: '', positions: new Map() }
  /** The computation under way (later ones wait for it, and start from its positions). */
  private running: Promise<unknown> = Promise.resolve()
  private lastAnswer: { key: string; answer: Promise<CachedAnswer> } | null = null
  /** Layouts computed and answers built, for tests and the benchmark. */
  readonly stats = { computed: 0, answersBuilt: 0 }

  constructor(options: MapLayoutOptions = {}) {
    this.iterations = options.iterations ?? 300
    this.refineIterations = options.refineIterations ?? 60
    this.budgetMs = options.budgetMs ?? 3_000
  }

  /** A position for every node id given; the same ones while the graph (nodes and edges) is unchanged. */
  async positionsFor(nodes: readonly number[], edges: readonly (readonly [number, number])[]): Promise<Map<number, Point>> {
    const key = graphKey(nodes, edges)
    if (this.last.key === key) return this.last.positions
    const next = this.running.then(async () => {
      if (this.last.key !== key) this.last = { key, positions: await this.compute(nodes, edges) }
      return this.last.positions
    })
    // A failed computation must not poison the ones after it.
    this.running = next.catch(() => undefined)
    return next
  }

  /**
   * The answer built for `key` (a fingerprint of everything it is made of), building it when the key changed;
   * requests that arrive while it is built share it. A failed build is forgotten.
   * @example const { body, etag } = await layout.answerFor(graph.fingerprint, async () => JSON.stringify(await draw(graph)))
   */
  answerFor(key: string, build: () => Promise<string>): Promise<CachedAnswer> {
    if (this.lastAnswer?.key === key) return this.lastAnswer.answer
    const answer = build().then((body) => {
      this.stats.answersBuilt++
      return { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` }
    })
    const entry = { key, answer }
    this.lastAnswer = entry
    answer.catch(() => {
      if (this.lastAnswer === entry) this.lastAnswer = null
    })
    return answer
  }

  private async compute(nodes: readonly number[], edges: readonly (readonly [number, number])[]): Promise<Map<number, Point>> {
    const index = new Map(nodes.map((id, i) => [id, i]))
    const seeded = seedPositions(nodes, edges, this.last.positions)
    const pairs = new Uint32Array(edges.length * 2)
    edges.forEach(([a, b], e) => {
      pairs[2 * e] = index.get(a)!
      pairs[2 * e + 1] = index.get(b)!
    })
    const known = nodes.filter((id) => this.last.positions.has(id)).length
    const iterations = nodes.length > 0 && known / nodes.length >= 0.9 ? this.refineIterations : this.iterations
    const laidOut = nodes.length < 2 ? seeded : await runForceAtlas2(seeded, pairs, iterations, this.budgetMs)
    this.stats.computed++
    return new Map(nodes.map((id, i) => [id, { x: round(laidOut[2 * i]!), y: round(laidOut[2 * i + 1]!) }]))
  }
}

function runForceAtlas2(positions: Float64Array, edges: Uint32Array, iterations: number, budgetMs: number): Promise<Float64Array> {
  return new Promise((resolvePositions, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { graphologyPath: resolve('graphology'), forceAtlas2Path: resolve('graphology-layout-forceatlas2'), positions, edges, iterations, budgetMs },
    })
    // Never what keeps a process alive: a broker shutting down does not wait for a layout nobody will see.
    worker.unref()
    worker.once('message', (out: Float64Array) => {
      resolvePositions(out)
      void worker.terminate()
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`The map layout worker stopped (exit code ${code}) before answering`)))
  })
}

/**
 * Starting positions: where each service was last time; a new one next to a neighbour that has a position (a
 * small deterministic offset, so two new neighbours do not coincide); the rest on a circle.
 */
function seedPositions(nodes: readonly number[], edges: readonly (readonly [number, number])[], previous: Map<number, Point>): Float64Array {
  const out = new Float64Array(nodes.length * 2)
  const neighbours = new Map<number, number[]>()
  const link = (from: number, to: number) => {
    const list = neighbours.get(from)
    if (list) list.push(to)
    else neighbours.set(from, [to])
  }
  for (const [a, b] of edges) {
    link(a, b)
    link(b, a)
  }
  nodes.forEach((id, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, nodes.length)
    const anchor = previous.get(id) ?? (neighbours.get(id) ?? []).map((n) => previous.get(n)).find((p) => p !== undefined)
    const offset = previous.has(id) ? 0 : 5
    out[2 * i] = anchor ? anchor.x + offset * Math.cos(angle) : 100 * Math.cos(angle)
    out[2 * i + 1] = anchor ? anchor.y + offset * Math.sin(angle) : 100 * Math.sin(angle)
  })
  return out
}

function graphKey(nodes: readonly number[], edges: readonly (readonly [number, number])[]): string {
  const hash = createHash('sha256')
  hash.update([...nodes].sort((a, b) => a - b).join(','))
  hash.update('|')
  hash.update(
    edges
      .map(([a, b]) => `${a}>${b}`)
      .sort()
      .join(','),
  )
  return hash.digest('hex')
}

const round = (value: number) => Math.round(value * 100) / 100
