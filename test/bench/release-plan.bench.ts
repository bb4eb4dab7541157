/**
 * Benchmark (`npm run bench:release-plan`; prints figures, asserts nothing): a release plan for a train of 20
 * versions into an environment of 300 integrations, over HTTP, on PGlite and (when TEST_DATABASE_URL names a
 * server, as for the tests) on PostgreSQL. Target: p99 under 200 ms on PostgreSQL.
 *
 * The environment: 20 train pacticipants T00..T19, each at version 1 in production, in a chain (T00 consumes T01,
 * …, T18 consumes T19: 19 integrations) where each new version 2 needs its provider's version 2, so the plan has 20
 * steps, bottom-up; and 281 other consumers C000..C280, each at version 1 in production with a pact with one train
 * pacticipant, verified by that provider's versions 1 and 2 (281 integrations). Seeded through the HTTP API (the
 * `td` builder), as a broker gets its data.
 *
 * Measured: WARMUP requests, then RUNS timed requests one at a time, of
 *   GET /release-plan?environment=production&q[][pacticipant]=T00&q[][version]=2&… (all 20)
 * Settings: BENCH_RUNS (default 100), BENCH_WARMUP (default 20), BENCH_DATABASES (default "pglite,postgres").
 */
import { DATABASES } from '../support/databases.js'
import { get } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 100)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20)
const KINDS = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',')
const TRAIN = 20
const OTHERS = 300 - (TRAIN - 1)

const name = (prefix: string, i: number, width: number) => `${prefix}${String(i).padStart(width, '0')}`
const train = Array.from({ length: TRAIN }, (_, i) => name('T', i, 2))

async function seed(broker: TestBroker): Promise<void> {
  // The chain, from the bottom: T(i) consumes T(i+1); its new version needs the provider's new version.
  for (let i = 0; i < TRAIN; i++) await td(broker).createVersion(train[i]!, '1').createVersion(train[i]!, '2')
  for (let i = 0; i < TRAIN - 1; i++) {
    const [consumer, provider] = [train[i]!, train[i + 1]!]
    await td(broker)
      .publishPact({ consumer, consumerVersion: '1', provider, interactions: `${consumer} v1` })
      .verify({ provider, providerVersion: '1', success: true })
      .verify({ provider, providerVersion: '2', success: true })
      .publishPact({ consumer, consumerVersion: '2', provider, interactions: `${consumer} v2` })
      .verify({ provider, providerVersion: '1', success: false })
      .verify({ provider, providerVersion: '2', success: true })
  }
  for (const t of train) await td(broker).recordDeployment(t, '1', 'production')
  // The rest of the environment: consumers of the train, verified by both versions of their provider.
  const consumers = Array.from({ length: OTHERS }, (_, k) => k)
  for (let start = 0; start < consumers.length; start += 8) {
    await Promise.all(
      consumers.slice(start, start + 8).map((k) => {
        const consumer = name('C', k, 3)
        const provider = train[k % TRAIN]!
        return td(broker)
          .publishPact({ consumer, consumerVersion: '1', provider })
          .verify({ provider, providerVersion: '1', success: true })
          .verify({ provider, providerVersion: '2', success: true })
          .recordDeployment(consumer, '1', 'production')
      }),
    )
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

async function main(): Promise<void> {
  process.env.PACT_DO_NOT_TRACK = 'true'
  const url = (base: string) =>
    `${base}/release-plan?environment=production&${[...train]
      .reverse()
      .map((t) => `q[][pacticipant]=${t}&q[][version]=2`)
      .join('&')}`
  for (const database of DATABASES.filter((d) => KINDS.includes(d.name))) {
    const broker = await startTestBroker(database)
    try {
      const seeding = performance.now()
      await seed(broker)
      console.log(
        `${database.name}: seeded ${TRAIN} train pacticipants and ${OTHERS} other consumers in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
      )
      const first = await get(url(broker.url))
      if (first.status !== 200) throw new Error(`GET /release-plan answered ${first.status}: ${JSON.stringify(first.body)}`)
      console.log(`${database.name}: possible=${first.body.possible}, ${first.body.steps.length} steps, first ${first.body.steps[0].versions[0].pacticipant}`)
      for (let i = 0; i < WARMUP; i++) await get(url(broker.url))
      const times: number[] = []
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now()
        const res = await get(url(broker.url))
        times.push(performance.now() - started)
        if (res.status !== 200) throw new Error(`GET /release-plan answered ${res.status}`)
      }
      times.sort((a, b) => a - b)
      console.log(
        `${database.name}: release plan, ${TRAIN} versions, 300 integrations: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms, max ${times[times.length - 1]!.toFixed(1)} ms (${RUNS} runs)`,
      )
    } finally {
      await broker.close()
    }
  }
}

await main()
