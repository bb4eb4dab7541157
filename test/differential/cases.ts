/**
 * Reads the differential cases (cases-*.yaml) and turns each one into a pact document of its Pact version.
 *
 * Shorthands, so the data stays readable: `i` is one interaction (or `interactions` several, or `messages`);
 * `rules` on a request, response or message is `{ jsonPath: matcher }` for body rules, where a matcher is a name
 * ("integer"), an object ({ match: regex, regex: … }) or a list; a body without a Content-Type header is sent as
 * application/json. `pact: 4` writes a V4 pact (typed interactions, bodies as { content, contentType }).
 */
import fs from 'node:fs'
import path from 'node:path'
import yaml from 'js-yaml'
import type { CompatibilityStatus } from '../../broker/provider-contracts/compatibility.js'

export interface DifferentialCase {
  id: string
  /** A key of descriptions.yaml */
  api: string
  pact?: 3 | 4
  i?: Record<string, any>
  interactions?: Record<string, any>[]
  messages?: Record<string, any>[]
  verdict: CompatibilityStatus
  /** Why the verdict follows from the specifications. */
  why: string
  /** Concord may answer unknown here, for this reason (the case is beyond what it decides). */
  concordUnknown?: string
  /** Text one of Concord's issues must contain. */
  reason?: string
  /** What is known about the comparator's answer on this case. */
  comparatorNote?: string
}

export function loadCases(dir: string): DifferentialCase[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^cases-.*\.yaml$/.test(f))
    .sort()
    .flatMap((f) => yaml.load(fs.readFileSync(path.join(dir, f), 'utf8'), { schema: yaml.CORE_SCHEMA }) as DifferentialCase[])
}

function matchers(spec: unknown): Record<string, unknown>[] {
  const list = Array.isArray(spec) ? spec : [spec]
  return list.map((m) => (typeof m === 'string' ? { match: m } : (m as Record<string, unknown>)))
}

function expandPart(part: Record<string, any> | undefined, v4: boolean, bodyKey = 'body'): Record<string, any> | undefined {
  if (!part) return part
  const { rules, ...rest } = part
  const out: Record<string, any> = { ...rest }
  const headers: Record<string, any> = { ...(out.headers ?? {}) }
  if (out[bodyKey] !== undefined && typeof out[bodyKey] !== 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['Content-Type'] = 'application/json'
  if (Object.keys(headers).length) out.headers = headers
  if (rules) {
    out.matchingRules = {
      ...(out.matchingRules ?? {}),
      body: Object.fromEntries(Object.entries(rules).map(([p, m]) => [p, { combine: 'AND', matchers: matchers(m) }])),
    }
  }
  if (v4 && out[bodyKey] !== undefined) {
    const contentType = Object.entries(headers).find(([h]) => h.toLowerCase() === 'content-type')?.[1] ?? 'application/json'
    const content = out[bodyKey]
    out[bodyKey] = { content: typeof content === 'string' ? content : content, contentType, encoded: false }
  }
  return out
}

/** The pact document a case describes. */
export function pactFor(c: DifferentialCase): Record<string, unknown> {
  const v4 = c.pact === 4
  const http = (c.interactions ?? (c.i ? [c.i] : [])).map((raw, n) => {
    const interaction: Record<string, any> = {
      description: raw.description ?? `${c.id}${n ? ` ${n + 1}` : ''}`,
      ...(raw.providerState ? { providerState: raw.providerState } : {}),
      request: expandPart(raw.request, v4),
      response: expandPart(raw.response, v4),
    }
    if (v4) interaction.type = 'Synchronous/HTTP'
    return interaction
  })
  const messages = (c.messages ?? []).map((raw, n) => {
    const message: Record<string, any> = { description: raw.description ?? `${c.id} message ${n + 1}`, ...expandPart(raw, v4, 'contents') }
    if (v4) message.type = 'Asynchronous/Messages'
    return message
  })
  const pact: Record<string, unknown> = {
    consumer: { name: 'web' },
    provider: { name: 'provider' },
    metadata: { pactSpecification: { version: v4 ? '4.0' : '3.0.0' } },
  }
  if (v4) pact.interactions = [...http, ...messages]
  else {
    pact.interactions = http
    if (messages.length) pact.messages = messages
  }
  return pact
}
