/**
 * SIGTERM drains the broker process (`broker/main.ts`, as `npm start` runs it): requests in flight when the signal
 * arrives finish and answer 2xx, new connections are refused, idle keep-alive connections do not hold the exit up,
 * and the process exits 0; a request still running after CONCORD_SHUTDOWN_TIMEOUT_MS is cut and the process exits.
 */
import http from 'node:http'
import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { startBrokerProcess } from '../support/broker-process.js'
import { pactDocument, publishBody } from '../support/pact-documents.js'

/**
 * A publication held in flight: its headers go first with `Expect: 100-continue`, and `accepted` resolves when the
 * broker answers "100 Continue", which Node's server does once it has accepted the connection and parsed the
 * headers. Only then is the first half of the body sent; the second half when `finish()` is called. Without that
 * handshake a loaded machine can leave a connection unaccepted in the listen backlog when the signal arrives, and a
 * closing listener resets those: a request that never reached the broker, not one in flight.
 */
function heldPublish(url: string, body: unknown) {
  const payload = Buffer.from(JSON.stringify(body))
  const half = Math.floor(payload.length / 2)
  const request = http.request(`${url}/contracts/publish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': payload.length, expect: '100-continue' },
    agent: false,
  })
  const accepted = new Promise<void>((resolve) =>
    request.once('continue', () => {
      request.write(payload.subarray(0, half))
      resolve()
    }),
  )
  const response = new Promise<{ status: number; body: string; at: number }>((resolve, reject) => {
    request.on('response', (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => (text += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, at: Date.now() }))
      res.on('error', reject)
    })
    request.on('error', reject)
  })
  request.flushHeaders()
  return { accepted, response, finish: () => request.end(payload.subarray(half)) }
}

function connectionRefused(url: string): Promise<boolean> {
  const { port } = new URL(url)
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(false)))
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'))
  })
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('SIGTERM drains the broker process', () => {
  it('lets every request in flight finish with 2xx, refuses new connections, and exits 0', async () => {
    const broker = await startBrokerProcess({ CONCORD_DATA_DIR: 'memory://', CONCORD_SHUTDOWN_TIMEOUT_MS: '20000' })
    try {
      // An idle keep-alive connection (a client's pool) must not keep the process alive.
      const agent = new http.Agent({ keepAlive: true })
      const warm = await new Promise<number>((resolve, reject) =>
        http
          .get(`${broker.url}/diagnostic/status/heartbeat`, { agent }, (res) => (res.resume(), res.on('end', () => resolve(res.statusCode ?? 0))))
          .on('error', reject),
      )
      expect(warm).toBe(200)

      const slow = Array.from({ length: 3 }, (_, i) =>
        heldPublish(
          broker.url,
          publishBody({
            pact: pactDocument(
              'web',
              'users',
              Array.from({ length: 200 }, (_, j) => `s${i}-${j}`),
            ),
            version: `1.0.${i}`,
          }),
        ),
      )
      // Each on its own connection; their bodies are sent whole just before the signal, so they queue for the database.
      const burstRequests = Array.from({ length: 20 }, (_, i) =>
        heldPublish(broker.url, publishBody({ pact: pactDocument('shop', 'users', [`b${i}`]), version: `2.0.${i}` })),
      )
      const burst = burstRequests.map((request) => request.response)
      // Every request is at the broker (headers parsed, "100 Continue" answered) before the signal.
      await Promise.all([...slow, ...burstRequests].map((request) => request.accepted))
      await pause(100) // the first halves have arrived
      for (const request of burstRequests) request.finish()
      const signalledAt = Date.now()
      broker.kill('SIGTERM')
      // Once the signal is handled (the event loop is busy with the burst, so not at once), new connections are refused.
      let refused = false
      for (let i = 0; i < 100 && !refused; i++) refused = await connectionRefused(broker.url).then(async (r) => r || (await pause(100), false))
      expect(refused).toBe(true)

      for (const request of slow) request.finish()
      const answers = await Promise.all([...slow.map((s) => s.response), ...burst])
      expect(
        answers.filter((a) => a.status !== 200),
        'every request in flight answered 200',
      ).toEqual([])
      expect(JSON.parse(answers[0]!.body)._embedded.version.number).toBe('1.0.0')
      // The slow ones, and burst requests still queued for the database, answered after the signal: drained, not refused.
      expect(answers.filter((a) => a.at > signalledAt).length).toBeGreaterThan(slow.length)

      expect(await broker.exited).toBe(0)
      const tookMs = Date.now() - signalledAt
      expect(tookMs).toBeLessThan(20_000)
      agent.destroy()
    } finally {
      if (broker.child.exitCode === null) broker.kill('SIGKILL')
    }
  })

  it('cuts a request still running after CONCORD_SHUTDOWN_TIMEOUT_MS and exits', async () => {
    const broker = await startBrokerProcess({ CONCORD_DATA_DIR: 'memory://', CONCORD_SHUTDOWN_TIMEOUT_MS: '1000' })
    try {
      const stuck = heldPublish(broker.url, publishBody({ pact: pactDocument('web', 'users', ['stuck']), version: '9.0.0' }))
      const outcome = stuck.response.then(
        () => 'answered',
        (error: NodeJS.ErrnoException) => error.code ?? error.message,
      )
      await stuck.accepted
      await pause(100)
      const signalledAt = Date.now()
      broker.kill('SIGTERM')
      expect(await broker.exited).toBe(0)
      const tookMs = Date.now() - signalledAt
      expect(tookMs).toBeGreaterThanOrEqual(900)
      expect(tookMs).toBeLessThan(15_000)
      expect(await outcome).toMatch(/ECONNRESET|socket hang up/)
    } finally {
      if (broker.child.exitCode === null) broker.kill('SIGKILL')
    }
  })
})
