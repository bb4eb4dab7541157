/**
 * Records a real pact with pact-js's PactV4 DSL: each spec becomes an interaction, the request is replayed
 * against the Pact mock server, and the pact file pact-js writes is returned as JSON.
 *
 * @example
 * const pact = await recordPact('web', 'users', [{ description: 'get user', method: 'GET', path: '/users/1', status: 200, responseBody: { id: M.integer(1) } }])
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { MatchersV3, PactV4 } from '@pact-foundation/pact'
import { makeConsumerPact, type ConsumerPact } from '@pact-foundation/pact-core'

let probe: ConsumerPact | undefined

/**
 * Waits until the mock server on `port` has recorded the requests it answered.
 *
 * Why: pact's mock server (pact_mock_server, inside pact-core) answers a request first and records the match
 * afterwards: its handler sends a `RequestMatch` event over a channel and returns the response at once; a separate
 * task pushes the match into the server's list. On a loaded machine pact-js can read that list (right after our
 * fetch resolves) before the task has run, and fails the test with "request was expected but not received" although
 * the request was received. Waiting for the record here makes the recording independent of thread scheduling. The
 * FFI's mock-server queries are keyed by port, so any consumer-pact handle can ask.
 */
async function untilRecorded(port: number, limitMs = 30_000): Promise<void> {
  probe ??= makeConsumerPact('record-pact-probe', 'record-pact-probe')
  const until = Date.now() + limitMs
  for (;;) {
    if (probe.mockServerMatchedSuccessfully(port)) return
    // A mismatch or an unexpected request will not resolve by waiting: let pact-js report it.
    if (probe.mockServerMismatches(port).some((m) => !('type' in m) || m.type !== 'missing-request')) return
    if (Date.now() > until) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

export interface InteractionSpec {
  description: string
  state?: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  query?: Record<string, string>
  requestHeaders?: Record<string, string>
  /** JSON request body (matchers allowed) */
  requestBody?: unknown
  /** The concrete JSON the test client sends (defaults to requestBody when it has no matchers). */
  sendBody?: unknown
  status: number
  responseHeaders?: Record<string, string>
  responseBody?: unknown
}

export async function recordPact(consumer: string, provider: string, specs: InteractionSpec[]): Promise<Record<string, any>> {
  process.env.PACT_DO_NOT_TRACK = 'true'
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-pact-'))
  try {
    const pact = new PactV4({ consumer, provider, dir, logLevel: 'error' })
    for (const spec of specs) {
      let builder = pact.addInteraction()
      if (spec.state) builder = builder.given(spec.state)
      await builder
        .uponReceiving(spec.description)
        .withRequest(spec.method, spec.path, (b) => {
          if (spec.query) b.query(spec.query)
          if (spec.requestHeaders) b.headers(spec.requestHeaders)
          if (spec.requestBody !== undefined) b.jsonBody(spec.requestBody)
        })
        .willRespondWith(spec.status, (b) => {
          if (spec.responseHeaders) b.headers(spec.responseHeaders)
          if (spec.responseBody !== undefined) b.jsonBody(spec.responseBody)
        })
        .executeTest(async (server) => {
          const qs = spec.query ? `?${new URLSearchParams(spec.query).toString()}` : ''
          const headers: Record<string, string> = { ...(spec.requestHeaders ?? {}) }
          let body: string | undefined
          if (spec.requestBody !== undefined) {
            headers['content-type'] ??= 'application/json'
            body = JSON.stringify(spec.sendBody ?? MatchersV3.reify(spec.requestBody))
          }
          const res = await fetch(`${server.url}${spec.path}${qs}`, { method: spec.method, headers, ...(body !== undefined ? { body } : {}) })
          await res.arrayBuffer()
          await untilRecorded(server.port)
        })
    }
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.json'))
    if (!file) throw new Error('pact-js wrote no pact file')
    return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
