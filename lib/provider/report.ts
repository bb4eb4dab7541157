/**
 * @module provider/report
 * Turns pact's verifier JSON (`pactffi_verifier_json`: interactionResults, errors, pendingErrors, output) and the
 * pacts we know were verified into a per-pact, per-interaction report, and prints it for people. Pure functions:
 * the printing is kept apart from the verification logic, as pact-js does.
 */
import type { InteractionResult, Mismatch, PactResult, VerificationReport } from './types.js'

/** A pact about to be verified, as read before verification. */
export interface ExpectedPact {
  consumer: string
  provider: string
  source: string
  shortDescription?: string
  pending: boolean
  wip: boolean
  /** Each interaction; `method` and `path` of its request for HTTP interactions (to say who saw a deprecation header). */
  interactions: Array<{ description: string; key?: string; providerStates: string[]; method?: string; path?: string }>
}

/** The verifier's JSON result (pact_verifier `VerificationExecutionResult`). */
export interface VerifierJson {
  result: boolean
  output?: string[]
  notices?: Array<Record<string, string>>
  errors?: Array<{ interaction: string; mismatch: VerifierMismatch }>
  pendingErrors?: Array<{ interaction: string; mismatch: VerifierMismatch }>
  /** `result` is 'OK' or 'Error' in the verifier versions we know; kept a string so a new value does not break parsing. */
  interactionResults?: Array<{ description: string; result: string; interactionKey?: string; interactionId?: string }>
}

type VerifierMismatch =
  { type: 'mismatches'; mismatches: Array<Record<string, unknown>>; interactionId?: string } | { type: 'error'; message: string; interactionId?: string }

/** Parses the verifier's result text; null when it is not the JSON result (e.g. a crash message). */
export function parseVerifierJson(text: string): VerifierJson | null {
  try {
    const value = JSON.parse(text) as unknown
    if (value && typeof value === 'object' && 'result' in value && typeof (value as VerifierJson).result === 'boolean') return value as VerifierJson
  } catch {
    // not JSON
  }
  return null
}

/** The key pact's verifier files errors under: "Verifying a pact between C and P Given s1 And s2 - description". */
export function errorKey(consumer: string, provider: string, states: string[], description: string): string {
  const given = states.length
    ? ` Given ${states[0]}${states
        .slice(1)
        .map((s) => ` And ${s}`)
        .join('')}`
    : ''
  return `Verifying a pact between ${consumer} and ${provider}${given} - ${description}`
}

/**
 * Builds the per-pact report. Interaction results come in verification order (pact by pact), so they are matched
 * to the expected interactions in order, by key (V4) or description; each failure takes the first unclaimed error
 * filed under its key, which keeps two pacts from the same consumer apart.
 */
export function buildPactResults(expected: ExpectedPact[], json: VerifierJson): PactResult[] {
  const slots = expected.flatMap((pact, p) => pact.interactions.map((interaction) => ({ p, interaction, result: undefined as 'OK' | 'Error' | undefined })))
  let cursor = 0
  for (const r of json.interactionResults ?? []) {
    const matches = (i: number) => {
      const slot = slots[i]!
      return (
        slot.result === undefined &&
        (r.interactionKey && slot.interaction.key ? slot.interaction.key === r.interactionKey : slot.interaction.description === r.description)
      )
    }
    let found = -1
    for (let i = cursor; i < slots.length && found < 0; i++) if (matches(i)) found = i
    for (let i = 0; i < cursor && found < 0; i++) if (matches(i)) found = i
    if (found < 0) continue
    slots[found]!.result = r.result === 'OK' ? 'OK' : 'Error'
    cursor = found + 1
  }
  const errors = (json.errors ?? []).map((e) => ({ ...e, pending: false, claimed: false }))
  const pendingErrors = (json.pendingErrors ?? []).map((e) => ({ ...e, pending: true, claimed: false }))
  const claim = (key: string) => {
    const hit = errors.find((e) => !e.claimed && e.interaction === key) ?? pendingErrors.find((e) => !e.claimed && e.interaction === key)
    if (hit) hit.claimed = true
    return hit
  }

  return expected.map((pact, p) => {
    const interactions: InteractionResult[] = slots
      .filter((slot) => slot.p === p)
      .map(({ interaction, result }) => {
        const base = { description: interaction.description, providerStates: interaction.providerStates }
        if (result === undefined) return { ...base, status: 'not-run', mismatches: [] }
        if (result === 'OK') return { ...base, status: 'passed', mismatches: [] }
        const error = claim(errorKey(pact.consumer, pact.provider, interaction.providerStates, interaction.description))
        const mismatches = error
          ? toMismatches(error.mismatch)
          : [{ kind: 'other' as const, detail: 'The verifier reported a failure without details (see its output)' }]
        return { ...base, status: error?.pending || pact.pending ? 'pending' : 'failed', mismatches }
      })
    return {
      consumer: pact.consumer,
      provider: pact.provider,
      source: pact.source,
      ...(pact.shortDescription ? { shortDescription: pact.shortDescription } : {}),
      pending: pact.pending,
      wip: pact.wip,
      success: interactions.every((i) => i.status === 'passed'),
      interactions,
    }
  })
}

const KINDS: Record<string, Mismatch['kind']> = {
  StatusMismatch: 'status',
  HeaderMismatch: 'header',
  BodyMismatch: 'body',
  BodyTypeMismatch: 'body',
  QueryMismatch: 'query',
  PathMismatch: 'path',
  MethodMismatch: 'method',
  MetadataMismatch: 'metadata',
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function toMismatches(mismatch: VerifierMismatch): Mismatch[] {
  if (mismatch.type === 'error') return [{ kind: 'error', detail: mismatch.message }]
  return mismatch.mismatches.map((m) => {
    const at = text(m.path) ?? text(m.key) ?? text(m.parameter)
    const expected = text(m.expected)
    const actual = text(m.actual)
    return {
      kind: KINDS[String(m.type)] ?? 'other',
      ...(at !== undefined ? { at } : {}),
      ...(expected !== undefined ? { expected } : {}),
      ...(actual !== undefined ? { actual } : {}),
      detail: text(m.mismatch) ?? `${String(m.type)}: expected ${expected} but got ${actual}`,
    }
  })
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

/** Pact's output lines joined, colours removed. */
export function plainOutput(json: VerifierJson | null): string {
  return (json?.output ?? []).join('\n').replace(ANSI, '')
}

/**
 * The person-readable summary: one line per pact, and under each failed interaction its mismatches.
 * @example formatSummary(report) // "✗ users failed verification: 1 of 2 interactions failed\n  ✗ web: …"
 */
export function formatSummary(report: Pick<VerificationReport, 'provider' | 'pacts' | 'success' | 'deprecations'>): string {
  const all = report.pacts.flatMap((p) => p.interactions)
  const failed = all.filter((i) => i.status === 'failed').length
  const pending = all.filter((i) => i.status === 'pending').length
  const lines: string[] = []
  if (!report.pacts.length) lines.push(`No pacts to verify for ${report.provider}`)
  else if (report.success)
    lines.push(
      `✓ ${report.provider} passed verification: ${all.length - pending} of ${all.length} interactions passed${pending ? `, ${pending} pending failures` : ''}`,
    )
  else lines.push(`✗ ${report.provider} failed verification: ${failed} of ${all.length} interactions failed${pending ? ` (and ${pending} pending)` : ''}`)
  for (const pact of report.pacts) {
    const tags = [pact.pending ? 'pending' : '', pact.wip ? 'WIP' : '', pact.shortDescription ?? ''].filter(Boolean).join(', ')
    lines.push(`  ${pact.success ? '✓' : pact.pending ? '…' : '✗'} pact with ${pact.consumer}${tags ? ` (${tags})` : ''}`)
    for (const interaction of pact.interactions) {
      if (interaction.status === 'passed') continue
      const given = interaction.providerStates.length ? ` given ${interaction.providerStates.map((s) => `'${s}'`).join(' and ')}` : ''
      lines.push(
        `    ${interaction.status === 'pending' ? '… pending' : interaction.status === 'not-run' ? '- not run' : '✗ failed'}: "${interaction.description}"${given}`,
      )
      for (const m of interaction.mismatches) lines.push(`        ${m.kind}${m.at ? ` ${m.at}` : ''}: ${m.detail}`)
    }
  }
  for (const d of report.deprecations) {
    lines.push(`  ! ${d.method} ${d.path} answered${d.deprecation ? ` Deprecation: ${d.deprecation}` : ''}${d.sunset ? ` Sunset: ${d.sunset}` : ''}`)
  }
  return lines.join('\n')
}
