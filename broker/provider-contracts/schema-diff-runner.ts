/**
 * @module provider-contracts/schema-diff-runner
 * Runs json-schema-diff off the main thread with a hard deadline, and memoises results by content hash.
 *
 * Why a worker: json-schema-diff is synchronous CPU work that can blow up on wide `oneOf`/`anyOf` (a 6-variant
 * `oneOf` has been measured at ~110 s). On the main thread that would freeze every request. Here each comparison
 * runs in one long-lived worker thread; when it overruns its deadline the worker is terminated (the only way to
 * stop synchronous JS) and a fresh one starts for the next job. A timed-out comparison is reported as
 * `timeout`, which callers turn into "unknown" — never into "compatible".
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { contentHash, type JsonSchema } from './json-schema.js'

export type DiffOutcome =
  | { status: 'done'; additionsFound: boolean; removalsFound: boolean; addedJsonSchema: JsonSchema; removedJsonSchema: JsonSchema }
  | { status: 'timeout'; deadlineMs: number }
  | { status: 'error'; message: string }

export interface SchemaDiffRunnerOptions {
  /** Default deadline per comparison, in ms. */
  deadlineMs?: number
  /** How many results to remember. */
  cacheSize?: number
}

export const DEFAULT_DIFF_DEADLINE_MS = 10_000

// CommonJS, evaluated in the worker: it loads json-schema-diff from the path the main thread resolved, so it
// works the same from the TypeScript sources (tsx, vitest) and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const jsonSchemaDiff = require(workerData.modulePath)
parentPort.on('message', async (job) => {
  try {
    const r = await jsonSchemaDiff.diffSchemas({ sourceSchema: job.source, destinationSchema: job.destination })
    parentPort.postMessage({ id: job.id, ok: true, result: r })
  } catch (error) {
    parentPort.postMessage({ id: job.id, ok: false, message: String((error && error.message) || error) })
  }
})
`

interface Job {
  id: number
  source: JsonSchema
  destination: JsonSchema
  deadlineMs: number
  key: string
  resolve: (outcome: DiffOutcome) => void
}

/**
 * @example
 * const runner = new SchemaDiffRunner({ deadlineMs: 5_000 })
 * const outcome = await runner.diff(consumerExpects, providerSends) // additionsFound: provider may send more
 * await runner.close()
 */
export class SchemaDiffRunner {
  private readonly deadlineMs: number
  private readonly cacheSize: number
  private readonly cache = new Map<string, DiffOutcome>()
  /** key → the longest deadline that was not enough (a shorter one will not be either). */
  private readonly timedOut = new Map<string, number>()
  private readonly queue: Job[] = []
  private readonly inFlight = new Map<string, Promise<DiffOutcome>>()
  private worker: Worker | null = null
  private current: { job: Job; timer: NodeJS.Timeout } | null = null
  private nextId = 1
  private closed = false
  /** Counters, for tests and the benchmark. */
  readonly stats = { runs: 0, cacheHits: 0, timeouts: 0, workersStarted: 0 }

  constructor(options: SchemaDiffRunnerOptions = {}) {
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DIFF_DEADLINE_MS
    this.cacheSize = options.cacheSize ?? 10_000
  }

  /**
   * What `destination` adds to and removes from `source` (json-schema-diff semantics: `additionsFound` means
   * the destination accepts values the source does not).
   */
  diff(source: JsonSchema, destination: JsonSchema, options: { deadlineMs?: number } = {}): Promise<DiffOutcome> {
    if (this.closed) return Promise.resolve({ status: 'error', message: 'the schema diff runner is closed' })
    const deadlineMs = options.deadlineMs ?? this.deadlineMs
    const key = contentHash(source, destination)
    const cached = this.cache.get(key)
    if (cached) {
      this.stats.cacheHits++
      return Promise.resolve(cached)
    }
    const knownTooSlow = this.timedOut.get(key)
    if (knownTooSlow !== undefined && knownTooSlow >= deadlineMs) {
      this.stats.cacheHits++
      return Promise.resolve({ status: 'timeout', deadlineMs })
    }
    const pending = this.inFlight.get(key)
    if (pending) return pending
    const promise = new Promise<DiffOutcome>((resolve) => {
      this.queue.push({ id: this.nextId++, source, destination, deadlineMs, key, resolve })
      this.pump()
    })
    this.inFlight.set(key, promise)
    void promise.then(() => this.inFlight.delete(key))
    return promise
  }

  /** Terminates the worker; pending comparisons resolve as errors. */
  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) job.resolve({ status: 'error', message: 'the schema diff runner was closed' })
    if (this.current) {
      clearTimeout(this.current.timer)
      this.current.job.resolve({ status: 'error', message: 'the schema diff runner was closed' })
      this.current = null
    }
    const worker = this.worker
    this.worker = null
    if (worker) await worker.terminate()
  }

  private startWorker(): Worker {
    const modulePath = createRequire(import.meta.url).resolve('json-schema-diff')
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath } })
    this.stats.workersStarted++
    // An idle worker must not keep the process alive.
    worker.unref()
    worker.on('message', (message: { id: number; ok: boolean; result?: Record<string, unknown>; message?: string }) => {
      const current = this.current
      if (!current || current.job.id !== message.id) return
      clearTimeout(current.timer)
      this.current = null
      const outcome: DiffOutcome = message.ok
        ? {
            status: 'done',
            additionsFound: !!message.result!.additionsFound,
            removalsFound: !!message.result!.removalsFound,
            addedJsonSchema: message.result!.addedJsonSchema as JsonSchema,
            removedJsonSchema: message.result!.removedJsonSchema as JsonSchema,
          }
        : { status: 'error', message: message.message ?? 'json-schema-diff failed' }
      this.remember(current.job.key, outcome)
      current.job.resolve(outcome)
      this.pump()
    })
    worker.on('error', (error) => this.workerDied(worker, error.message))
    worker.on('exit', () => this.workerDied(worker, 'the comparison worker exited'))
    return worker
  }

  private workerDied(worker: Worker, message: string): void {
    if (this.worker !== worker) return
    this.worker = null
    const current = this.current
    if (current) {
      clearTimeout(current.timer)
      this.current = null
      current.job.resolve({ status: 'error', message })
    }
    this.pump()
  }

  private pump(): void {
    if (this.current || this.closed) return
    const job = this.queue.shift()
    if (!job) {
      this.worker?.unref()
      return
    }
    this.worker ??= this.startWorker()
    const worker = this.worker
    worker.ref()
    const timer = setTimeout(() => {
      if (this.current?.job !== job) return
      this.current = null
      this.worker = null
      this.stats.timeouts++
      this.timedOut.set(job.key, Math.max(job.deadlineMs, this.timedOut.get(job.key) ?? 0))
      job.resolve({ status: 'timeout', deadlineMs: job.deadlineMs })
      void worker.terminate()
      this.pump()
    }, job.deadlineMs)
    this.current = { job, timer }
    this.stats.runs++
    worker.postMessage({ id: job.id, source: job.source, destination: job.destination })
  }

  private remember(key: string, outcome: DiffOutcome): void {
    if (outcome.status !== 'done') return
    if (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next().value
      if (oldest !== undefined) this.cache.delete(oldest)
    }
    this.cache.set(key, outcome)
  }
}
