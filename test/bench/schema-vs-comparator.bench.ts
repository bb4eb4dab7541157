/**
 * Benchmark: Concord's schema-level comparison beside PactFlow's comparator (@pactflow/openapi-pact-comparator)
 * on the same inputs. Each figure is a first comparison: a fresh engine (no memo, nothing compiled), the
 * description read from its parsed document, then every interaction of the pact compared.
 *
 *   npm run bench:schema            (npx tsx test/bench/schema-vs-comparator.bench.ts)
 *
 * Cases: a small description (10 operations) × 10 interactions (median of 15 runs), the 200-operation × 100
 * interaction case from issue #16, and a 1,000-operation description × 100 interactions.
 */
import { Comparator } from '../support/pactflow-comparator.js'
import { checkCompatibility } from '../../broker/provider-contracts/compatibility.js'
import { normaliseDescription } from '../../broker/provider-contracts/description.js'
import { parsePact } from '../../broker/provider-contracts/pact-expectation.js'
import { SchemaDiffRunner } from '../../broker/provider-contracts/schema-diff-runner.js'
import { benchDescription, benchPact } from './schema-inputs.js'

async function concord(doc: unknown, pact: unknown): Promise<{ ms: number; status: string }> {
  const runner = new SchemaDiffRunner({ deadlineMs: 60_000 })
  try {
    const t = performance.now()
    const report = await checkCompatibility(normaliseDescription(structuredClone(doc)), parsePact(pact), { runner })
    return { ms: performance.now() - t, status: report.status }
  } finally {
    await runner.close()
  }
}

async function comparator(doc: unknown, pact: unknown): Promise<{ ms: number; status: string }> {
  const t = performance.now()
  const c = new Comparator({ oas: structuredClone(doc) })
  let errors = 0
  for await (const result of c.compare(structuredClone(pact))) if (result.type === 'error') errors++
  return { ms: performance.now() - t, status: errors ? `incompatible (${errors} errors)` : 'compatible' }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function row(label: string, resources: number, interactions: number, runs: number) {
  const doc = benchDescription(resources)
  const pact = benchPact(resources, interactions)
  const ours: number[] = []
  const theirs: number[] = []
  let statuses = ''
  for (let i = 0; i < runs; i++) {
    const a = await concord(doc, pact)
    const b = await comparator(doc, pact)
    ours.push(a.ms)
    theirs.push(b.ms)
    statuses = `Concord ${a.status}, comparator ${b.status}`
  }
  const c = median(ours)
  const p = median(theirs)
  console.log(`${label.padEnd(34)} ${`${c.toFixed(0)} ms`.padStart(9)} ${`${p.toFixed(0)} ms`.padStart(11)} ${(c / p).toFixed(2).padStart(7)}x   ${statuses}`)
}

console.log(`${'case'.padEnd(34)} ${'Concord'.padStart(9)} ${'comparator'.padStart(11)} ${'ratio'.padStart(8)}`)
await row('small: 10 ops × 10 (median of 15)', 2, 10, 15)
await row('200 ops × 100 interactions', 40, 100, 1)
await row('1,000 ops × 100 interactions', 200, 100, 1)
