/**
 * The differential suite: pact/description pairs whose verdicts were written by hand from the specifications
 * (OpenAPI 3.0.3 / 3.1.0, JSON Schema, Pact V3 / V4), in cases-*.yaml beside this file. Each case runs through
 * Concord's engine and through PactFlow's comparator (@pactflow/openapi-pact-comparator) on the same input.
 *
 * Asserted: Concord's answer is the hand verdict, except that a case may allow Concord to answer unknown, with
 * the reason it cannot decide (`concordUnknown`), and then Concord must give a reason. Concord never answers
 * compatible where the verdict is incompatible. The comparator's answers are counted and printed, never asserted:
 * it is known to be wrong in places (the path of `servers`, `nullable` in 3.1, `writeOnly` fields in responses).
 */
import fs from 'node:fs'
import path from 'node:path'
import yaml from 'js-yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkCompatibility, type CompatibilityStatus } from '../../broker/provider-contracts/compatibility.js'
import { DescriptionError, normaliseDescription } from '../../broker/provider-contracts/description.js'
import { parsePact } from '../../broker/provider-contracts/pact-expectation.js'
import { SchemaDiffRunner } from '../../broker/provider-contracts/schema-diff-runner.js'
import { Comparator } from '../support/pactflow-comparator.js'
import { loadCases, pactFor } from './cases.js'

const here = import.meta.dirname
const descriptions = yaml.load(fs.readFileSync(path.join(here, 'descriptions.yaml'), 'utf8'), { schema: yaml.CORE_SCHEMA }) as Record<
  string,
  Record<string, unknown>
>
const cases = loadCases(here)

type Tally = Record<'agree' | 'falseCompatible' | 'falseIncompatible' | 'unknown' | 'notRun', number>
const tally = (): Tally => ({ agree: 0, falseCompatible: 0, falseIncompatible: 0, unknown: 0, notRun: 0 })
const concordTally = tally()
const comparatorTally = tally()
const disagreements: string[] = []

function count(t: Tally, verdict: CompatibilityStatus, answer: CompatibilityStatus | 'n/a'): void {
  if (answer === 'n/a') t.notRun++
  else if (answer === verdict) t.agree++
  else if (answer === 'unknown') t.unknown++
  else if (answer === 'compatible') t.falseCompatible++
  else t.falseIncompatible++
}

async function comparatorAnswer(doc: Record<string, unknown>, pact: Record<string, unknown>): Promise<CompatibilityStatus | 'n/a'> {
  if (typeof doc.openapi !== 'string' && typeof doc.swagger !== 'string') return 'n/a' // it reads OpenAPI and AsyncAPI, not bare JSON Schema
  try {
    const comparator = new Comparator({ oas: structuredClone(doc) })
    for await (const result of comparator.compare(structuredClone(pact))) if (result.type === 'error') return 'incompatible'
    return 'compatible'
  } catch {
    return 'unknown'
  }
}

let runner: SchemaDiffRunner
beforeAll(() => {
  runner = new SchemaDiffRunner({ deadlineMs: 60_000 })
})
afterAll(async () => {
  await runner.close()
  const row = (name: string, t: Tally) =>
    `${name.padEnd(11)} agree ${t.agree}, false-compatible ${t.falseCompatible}, false-incompatible ${t.falseIncompatible}, unknown ${t.unknown}${t.notRun ? `, not run ${t.notRun}` : ''}`
  console.log(
    [
      `differential suite: ${cases.length} cases`,
      row('Concord', concordTally),
      row('comparator', comparatorTally),
      ...(disagreements.length ? ['comparator disagrees with the hand verdict on:', ...disagreements.map((d) => `  ${d}`)] : []),
    ].join('\n'),
  )
})

describe('differential suite: Concord against hand-written verdicts, PactFlow comparator alongside', () => {
  it('has at least 100 cases over OpenAPI 3.0 and 3.1, Swagger 2, JSON Schema, V3 and V4 pacts, HTTP and messages', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100)
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length)
    const family = (doc: Record<string, unknown> | undefined) =>
      typeof doc?.openapi === 'string' ? doc.openapi.slice(0, 3) : typeof doc?.swagger === 'string' ? doc.swagger.slice(0, 3) : 'jso'
    const kinds = new Set(cases.map((c) => `${family(descriptions[c.api])} v${c.pact ?? 3}`))
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['2.0 v3', '3.0 v3', '3.0 v4', '3.1 v3', '3.1 v4', 'jso v3', 'jso v4']))
  })

  for (const c of cases) {
    it(`${c.id}: ${c.verdict}`, async () => {
      const doc = descriptions[c.api]
      expect(doc, `description ${c.api}`).toBeDefined()
      const pact = pactFor(c)
      let answer: CompatibilityStatus
      let reasons: string[]
      try {
        const report = await checkCompatibility(normaliseDescription(structuredClone(doc)), parsePact(pact), { runner })
        answer = report.status
        reasons = report.issues.map((i) => `${i.outcome}: ${i.path}: ${i.message}`)
      } catch (error) {
        if (!(error instanceof DescriptionError)) throw error
        answer = 'unknown'
        reasons = [`unknown: ${error.message}`]
      }
      const theirs = await comparatorAnswer(doc!, pact)
      count(concordTally, c.verdict, answer)
      count(comparatorTally, c.verdict, theirs)
      if (theirs !== 'n/a' && theirs !== c.verdict)
        disagreements.push(`${c.id}: verdict ${c.verdict}, comparator ${theirs}${c.comparatorNote ? ` (${c.comparatorNote})` : ''}`)

      const detail = `${c.why}\nConcord: ${answer}\n${reasons.join('\n')}`
      if (answer === 'unknown' && c.verdict !== 'unknown') {
        expect(c.concordUnknown, `Concord answered unknown where the verdict is ${c.verdict}: ${detail}`).toBeTruthy()
        expect(
          reasons.some((r) => r.startsWith('unknown: ') && r.length > 20),
          detail,
        ).toBe(true)
      } else {
        expect(answer, detail).toBe(c.verdict)
      }
      if (c.reason) expect(reasons.join('\n'), detail).toContain(c.reason)
    })
  }
})
