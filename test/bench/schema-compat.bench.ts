/**
 * Benchmark: one 200-operation OpenAPI description against 20 consumer pacts (10 interactions each), through
 * the same engine the broker uses (json-schema-diff in a worker, memoised). Prints cold and warm timings.
 *
 *   npx tsx test/bench/schema-compat.bench.ts
 */
import { checkCompatibility } from '../../broker/provider-contracts/compatibility.js'
import { normaliseDescription } from '../../broker/provider-contracts/description.js'
import { parsePact } from '../../broker/provider-contracts/pact-expectation.js'
import { SchemaDiffRunner } from '../../broker/provider-contracts/schema-diff-runner.js'
import { benchDescription } from './schema-inputs.js'

const RESOURCES = 40 // × 5 operations = 200 operations
const CONSUMERS = 20
const INTERACTIONS = 10

const type = (_example: unknown) => ({ combine: 'AND', matchers: [{ match: 'type' }] })

function pact(consumer: number) {
  const interactions = []
  for (let i = 0; i < INTERACTIONS; i++) {
    const r = (consumer * 7 + i * 3) % RESOURCES
    const kind = i % 3
    if (kind === 0) {
      interactions.push({
        type: 'Synchronous/HTTP',
        description: `get thing ${r} (${i})`,
        request: { method: 'GET', path: `/things${r}/${i + 1}` },
        response: {
          status: 200,
          headers: { 'Content-Type': ['application/json'] },
          // Each consumer reads its resource's own field, so comparisons differ per resource (no memo shortcut).
          body: { content: { id: 1, name: 'x', status: 'active', owner: { id: 2 }, [`extra${r}`]: r + 1 }, contentType: 'application/json', encoded: false },
          matchingRules: {
            body: {
              '$.id': { combine: 'AND', matchers: [{ match: 'integer' }] },
              '$.name': type('x'),
              '$.owner': type({}),
              [`$.extra${r}`]: { combine: 'AND', matchers: [{ match: 'integer' }] },
            },
          },
        },
      })
    } else if (kind === 1) {
      interactions.push({
        type: 'Synchronous/HTTP',
        description: `list things ${r} (${i})`,
        request: { method: 'GET', path: `/things${r}`, query: { page: ['2'] } },
        response: {
          status: 200,
          headers: { 'Content-Type': ['application/json'] },
          body: { content: { items: [{ id: 1, name: 'x' }] }, contentType: 'application/json', encoded: false },
          matchingRules: {
            body: {
              '$.items': { combine: 'AND', matchers: [{ match: 'type', min: 1 }] },
              '$.items[*].id': { combine: 'AND', matchers: [{ match: 'integer' }] },
              '$.items[*].name': type('x'),
            },
          },
        },
      })
    } else {
      interactions.push({
        type: 'Synchronous/HTTP',
        description: `create thing ${r} (${i})`,
        request: {
          method: 'POST',
          path: `/things${r}`,
          headers: { 'Content-Type': ['application/json'] },
          body: { content: { id: 5, name: 'new', status: 'pending', owner: { id: 2 }, [`extra${r}`]: r + 1 }, contentType: 'application/json', encoded: false },
        },
        response: {
          status: 201,
          headers: { 'Content-Type': ['application/json'] },
          body: { content: { id: 5, status: 'pending' }, contentType: 'application/json', encoded: false },
          matchingRules: { body: { '$.id': { combine: 'AND', matchers: [{ match: 'integer' }] }, '$.status': type('pending') } },
        },
      })
    }
  }
  return { consumer: { name: `consumer-${consumer}` }, provider: { name: 'bench' }, interactions, metadata: { pactSpecification: { version: '4.0' } } }
}

async function main() {
  let t = performance.now()
  const normalised = normaliseDescription(benchDescription(RESOURCES))
  const normaliseMs = performance.now() - t
  const pacts = Array.from({ length: CONSUMERS }, (_, i) => parsePact(pact(i)))
  const runner = new SchemaDiffRunner({ deadlineMs: 10_000 })
  try {
    t = performance.now()
    const cold = []
    for (const p of pacts) cold.push(await checkCompatibility(normalised, p, { runner }))
    const coldMs = performance.now() - t
    const coldRuns = runner.stats.runs
    t = performance.now()
    for (const p of pacts) await checkCompatibility(normalised, p, { runner })
    const warmMs = performance.now() - t
    const statuses = cold.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {})
    console.log(`description: ${normalised.operations.length} operations, normalised in ${normaliseMs.toFixed(0)} ms`)
    console.log(`consumers: ${pacts.length} pacts × ${INTERACTIONS} interactions = ${pacts.length * INTERACTIONS} interactions`)
    console.log(`cold (empty memo): ${coldMs.toFixed(0)} ms, ${coldRuns} json-schema-diff runs in the worker, results ${JSON.stringify(statuses)}`)
    const sample = cold.flatMap((r) => r.issues)[0]
    if (sample) console.log(`first issue: ${sample.interaction}: ${sample.message}`)
    console.log(`warm (memoised):   ${warmMs.toFixed(0)} ms, ${runner.stats.cacheHits} memo hits in total`)
  } finally {
    await runner.close()
  }
}

await main()
