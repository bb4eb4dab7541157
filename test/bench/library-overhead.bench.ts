/**
 * Overhead of Concord's library over raw pact-js, consumer and provider side, in one run (a script that prints
 * figures, not a test):
 *
 *   npx tsx test/bench/library-overhead.bench.ts 2>&1 >/dev/null     # figures only (pact's verifier prints to stdout)
 *
 * Consumer: the same 200 HTTP interactions recorded with PactV4 directly and with `consumer().hasPactWith()`,
 * each against its own mock server, into separate pact files. Provider: the 200-interaction pact verified with
 * pact's `Verifier` directly and with `verifyProvider` (which also reads the pact and builds the report), against
 * the same running provider. Rounds alternate raw/ours so warm-up and machine noise hit both; the median of each
 * is compared. Figures go to stderr.
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { MatchersV3, PactV4, Verifier } from '@pact-foundation/pact'
import { consumer, Matchers, verifyProvider } from '../../lib/index.js'

process.env.PACT_DO_NOT_TRACK = 'true'

const INTERACTIONS = 200
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const say = (line: string) => process.stderr.write(line + '\n')
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-'))

const item = (i: number) => ({ id: i, name: `item ${i}`, tags: ['a', 'b'] })

async function consumerRaw(dir: string): Promise<void> {
  const pact = new PactV4({ consumer: 'bench-web', provider: 'bench-items', dir, logLevel: 'warn' })
  for (let i = 0; i < INTERACTIONS; i++) {
    // Raw pact-js hits pact's mock-server race now and then (pact-reference#535; our DSL waits it out): retry that
    // one interaction rather than abort the run, and count it.
    for (let attempt = 0; ; attempt++) {
      try {
        await rawInteraction(pact, i)
        break
      } catch (error) {
        if (attempt > 0 || !String(error).includes('expected but not received')) throw error
        rawRetries++
      }
    }
  }
}

let rawRetries = 0

async function rawInteraction(pact: PactV4, i: number): Promise<void> {
  await pact
    .addInteraction()
    .given('an item exists', { id: i })
    .uponReceiving(`a request for item ${i}`)
    .withRequest('GET', `/items/${i}`, (b) => b.headers({ Accept: 'application/json' }))
    .willRespondWith(200, (b) => b.jsonBody(MatchersV3.like(item(i))))
    .executeTest(async (ms) => (await fetch(`${ms.url}/items/${i}`, { headers: { Accept: 'application/json' } })).json())
}

async function consumerOurs(dir: string): Promise<void> {
  const items = consumer('bench-web').hasPactWith('bench-items', { dir })
  for (let i = 0; i < INTERACTIONS; i++) {
    await items
      .given('an item exists', { id: i })
      .uponReceiving(`a request for item ${i}`)
      .withRequest({ method: 'GET', path: `/items/${i}`, headers: { Accept: 'application/json' } })
      .willRespondWith({ status: 200, body: Matchers.like(item(i)) })
      .executeTest(async (ms) => (await fetch(`${ms.url}/items/${i}`, { headers: { Accept: 'application/json' } })).json())
  }
}

const stateHandlers = { 'an item exists': async () => undefined }

async function providerRaw(baseUrl: string, pactFile: string): Promise<void> {
  await new Verifier({ provider: 'bench-items', providerBaseUrl: baseUrl, pactUrls: [pactFile], logLevel: 'warn', stateHandlers }).verifyProvider()
}

async function providerOurs(baseUrl: string, pactFile: string): Promise<void> {
  const report = await verifyProvider({ provider: 'bench-items', baseUrl, pactUrls: [pactFile], logLevel: 'warn', stateHandlers })
  if (!report.success) throw new Error(report.summary)
}

/** Wall-clock ms, and CPU ms of this process (JS and pact's native threads; less disturbed by other processes on a busy machine). */
async function time(fn: () => Promise<void>): Promise<{ wall: number; cpu: number }> {
  const cpuStart = process.cpuUsage()
  const start = performance.now()
  await fn()
  const cpu = process.cpuUsage(cpuStart)
  return { wall: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000 }
}

type Samples = { raw: Array<{ wall: number; cpu: number }>; ours: Array<{ wall: number; cpu: number }> }

function report(label: string, rawName: string, oursName: string, samples: Samples): void {
  for (const kind of ['wall', 'cpu'] as const) {
    const raw = median(samples.raw.map((s) => s[kind]))
    const ours = median(samples.ours.map((s) => s[kind]))
    const rounds = (xs: Array<{ wall: number; cpu: number }>) => xs.map((s) => s[kind].toFixed(0)).join('/')
    say(
      `  ${label} ${kind.padEnd(4)}: ${rawName} ${raw.toFixed(0)} ms, ${oursName} ${ours.toFixed(0)} ms → overhead ${overhead(ours, raw)}   [rounds raw ${rounds(samples.raw)}; ours ${rounds(samples.ours)}]`,
    )
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const overhead = (ours: number, raw: number) => `${(((ours - raw) / raw) * 100).toFixed(1)}%`

async function main(): Promise<void> {
  const server = http.createServer((req, res) => {
    const id = Number(req.url?.split('/')[2])
    res.setHeader('Content-Type', 'application/json')
    res.end(JSON.stringify(item(id)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const consumer: Samples = { raw: [], ours: [] }
  const provider: Samples = { raw: [], ours: [] }
  let pactFile = ''
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so neither always gets the warm (or the cold) slot.
      const order: Array<'raw' | 'ours'> = round % 2 === 0 ? ['raw', 'ours'] : ['ours', 'raw']
      for (const who of order) {
        const dir = path.join(work, `consumer-${who}-${round}`)
        consumer[who].push(await time(() => (who === 'raw' ? consumerRaw(dir) : consumerOurs(dir))))
        pactFile = path.join(dir, 'bench-web-bench-items.json')
      }
      for (const who of order) provider[who].push(await time(() => (who === 'raw' ? providerRaw(baseUrl, pactFile) : providerOurs(baseUrl, pactFile))))
    }
  } finally {
    server.close()
    fs.rmSync(work, { recursive: true, force: true })
  }

  say('')
  say(`Library overhead over raw pact-js (${INTERACTIONS} interactions, median of ${ROUNDS} alternating rounds)`)
  report('consumer', 'raw PactV4', 'concord DSL', consumer)
  report('provider', 'raw Verifier', 'verifyProvider', provider)
  say(`  target: under 10%${rawRetries ? ` (raw pact-js needed ${rawRetries} retries for pact's mock-server race)` : ''}`)
}

main().catch((error: unknown) => {
  say(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}`)
  process.exit(1)
})
