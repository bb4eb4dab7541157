/**
 * A real HTTP receiver on loopback for webhook tests: records every request and answers with the statuses it is
 * told to (one per request in order, then the last one forever), optionally after a delay or never.
 *
 * @example
 * const receiver = await startReceiver([500, 500, 200])
 * // ... point a webhook at receiver.url('/hook') ...
 * const requests = await receiver.waitFor(3)
 * await receiver.close()
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
  at: number
}

export interface Receiver {
  base: string
  url(path?: string): string
  requests: ReceivedRequest[]
  /** Resolves with the requests once at least `n` arrived; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedRequest[]>
  /** Changes the answers from now on. */
  respond(statuses: number[], options?: ReceiverOptions): void
  close(): Promise<void>
}

export interface ReceiverOptions {
  delayMs?: number
  hang?: boolean
  body?: string
  /** Extra response headers, e.g. a `Location` for a redirect. */
  headers?: Record<string, string>
}

export async function startReceiver(statuses: number[] = [200], options: ReceiverOptions = {}): Promise<Receiver> {
  const requests: ReceivedRequest[] = []
  let plan = { statuses, ...options }
  let served = 0
  const hanging: ServerResponse[] = []
  const waiters: (() => void)[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      requests.push({ method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() })
      for (const wake of waiters.splice(0)) wake()
      const status = plan.statuses[Math.min(served++, plan.statuses.length - 1)]!
      if (plan.hang) {
        hanging.push(res)
        return
      }
      setTimeout(
        () => res.writeHead(status, { 'Content-Type': 'application/json', ...plan.headers }).end(plan.body ?? JSON.stringify({ status })),
        plan.delayMs ?? 0,
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    base,
    url: (path = '/') => `${base}${path}`,
    requests,
    async waitFor(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      while (requests.length < n) {
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`receiver: expected ${n} requests, got ${requests.length} in ${timeoutMs} ms`)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left)
          waiters.push(() => {
            clearTimeout(timer)
            resolve()
          })
        })
      }
      return requests.slice()
    },
    respond(next, nextOptions = {}) {
      plan = { statuses: next, ...nextOptions }
      served = 0
    },
    async close() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Broker settings for webhook tests: http to the loopback receiver allowed, a short retry schedule, quick polling. */
export const WEBHOOK_TEST_ENV: Record<string, string> = {
  CONCORD_WEBHOOK_SCHEME_ALLOWLIST: 'http https',
  CONCORD_WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1',
  CONCORD_WEBHOOK_RETRY_SCHEDULE: '0.2 0.2',
  CONCORD_WEBHOOK_POLL_INTERVAL_MS: '100',
  CONCORD_WEBHOOK_TIMEOUT_MS: '2000',
  CONCORD_WEBHOOK_SECRET_KEY: '8f3a0c6e1b2d4f5a69788796a5b4c3d2e1f00112233445566778899aabbccddee'.slice(0, 64),
}
