/**
 * Pact documents as content: validation, the content SHA that de-duplicates them, interaction ids and merging.
 * Pure functions, no I/O.
 *
 * Why the SHA ignores metadata: the official CLI re-serialises every pact and injects `metadata.pactRust`, so
 * two publications of the same file from different CLI versions differ byte for byte. Only what affects the
 * verification outcome is hashed (the Pact Broker's `base_equality_only_on_content_that_affects_verification_results`).
 */
import { createHash } from 'node:crypto'
import type { FieldError } from '../shared/errors.js'
import { pactSpecificationErrors } from './pact-specification.js'

/** A JSON object (a parsed pact document or one of its interactions). */
export type JsonObject = Record<string, unknown>

/** The names pact_models (and so the official Pact CLI) gives a pact that names no consumer or provider. */
const PLACEHOLDER_NAMES = { consumer: 'consumer', provider: 'provider' } as const

/** Pact specification majors this broker understands (1.x … 4.x). */
const KNOWN_SPEC_MAJORS = new Set(['1', '2', '3', '4'])

export interface ParsedPact {
  consumerName: string
  providerName: string
  /** As stated in the pact's metadata, or null when the pact does not say (V1 pacts). */
  specificationVersion: string | null
  /** The document itself (not copied). */
  document: JsonObject
}

export type PactParseResult = { ok: true; pact: ParsedPact } | { ok: false; errors: FieldError[] }

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The specification version a pact states: `metadata.pactSpecification.version`, or the older spellings. */
export function statedSpecificationVersion(document: JsonObject): unknown {
  const metadata = document.metadata
  if (!isObject(metadata)) return undefined
  for (const key of ['pactSpecification', 'pact-specification']) {
    const spec = metadata[key]
    if (isObject(spec) && spec.version !== undefined) return spec.version
  }
  return metadata.pactSpecificationVersion
}

/**
 * Validates a pact document; `pointer` prefixes the JSON pointers of the errors (e.g. '/contracts/0/content').
 * @example parsePact(JSON.parse(text), '') // { ok: true, pact: { consumerName: 'web', … } }
 */
export function parsePact(document: unknown, pointer = ''): PactParseResult {
  if (!isObject(document))
    return { ok: false, errors: [{ pointer, detail: 'must be a pact: a JSON object with consumer, provider and interactions or messages' }] }
  const errors: FieldError[] = []
  const name = (party: 'consumer' | 'provider'): string => {
    const value = document[party]
    if (!isObject(value) || typeof value.name !== 'string' || value.name.trim() === '') {
      errors.push({ pointer: `${pointer}/${party}/name`, detail: `is required: the pact must name its ${party}` })
      return ''
    }
    return value.name
  }
  const consumerName = name('consumer')
  const providerName = name('provider')
  const hasInteractions = document.interactions !== undefined
  const hasMessages = document.messages !== undefined
  if (!hasInteractions && !hasMessages) errors.push({ pointer: `${pointer}/interactions`, detail: 'is required: a pact has interactions and/or messages' })
  for (const key of ['interactions', 'messages'] as const) {
    const list = document[key]
    if (list === undefined) continue
    if (!Array.isArray(list)) errors.push({ pointer: `${pointer}/${key}`, detail: 'must be an array' })
    else
      list.forEach((item, index) => {
        if (!isObject(item)) errors.push({ pointer: `${pointer}/${key}/${index}`, detail: 'must be a JSON object' })
      })
  }
  const spec = statedSpecificationVersion(document)
  let specificationVersion: string | null = null
  if (spec !== undefined && spec !== null) {
    const text = typeof spec === 'string' ? spec : JSON.stringify(spec)
    const major = /^v?(\d+)(?:\.|$)/i.exec(text)?.[1]
    if (typeof spec === 'object' || !major || !KNOWN_SPEC_MAJORS.has(major)) {
      errors.push({
        pointer: `${pointer}/metadata/pactSpecification/version`,
        detail: `'${text}' is not a pact specification version this broker knows (1.0.0 to 4.0)`,
      })
    } else specificationVersion = text
  }
  if (errors.length) return { ok: false, errors }
  // The Pact CLI re-serialises a file that names no consumer or provider with these two placeholders: publishing
  // `{"hello":"world"}` would otherwise create pacticipants literally called 'consumer' and 'provider'.
  if (consumerName === PLACEHOLDER_NAMES.consumer && providerName === PLACEHOLDER_NAMES.provider) {
    for (const party of ['consumer', 'provider'] as const)
      errors.push({
        pointer: `${pointer}/${party}/name`,
        detail: `is '${party}', the placeholder the Pact CLI fills in when a pact file names no ${party}: is this a pact file? Name the ${party} in it`,
      })
  }
  errors.push(...pactSpecificationErrors(document, specificationVersion, pointer))
  if (errors.length) return { ok: false, errors }
  return { ok: true, pact: { consumerName, providerName, specificationVersion, document } }
}

/** JSON with object keys sorted recursively (array order kept): equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (isObject(value)) {
    const sorted: JsonObject = {}
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key])
    return sorted
  }
  return value
}

function withoutId(interaction: unknown): unknown {
  if (!isObject(interaction) || !('_id' in interaction)) return interaction
  const { _id: _ignored, ...rest } = interaction
  return rest
}

function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex')
}

/**
 * The content SHA (the "pact version"): SHA-1 of the canonical JSON of the interactions and/or messages (each
 * without the broker's `_id`, sorted by their canonical JSON so their order does not matter) and the
 * specification version. Metadata and names are not part of it.
 * @example pactContentSha(pact) === pactContentSha({ ...pact, metadata: { ...pact.metadata, pactRust: {} } }) // true
 */
export function pactContentSha(document: JsonObject): string {
  // The canonical JSON of { interactions, messages, pactSpecificationVersion } (keys in that sorted order), built
  // from each item's canonical JSON directly: the same text as canonicalJson of the parsed items, without
  // parsing them back and sorting their keys a second time (a third of a publication's CPU time).
  const parts: string[] = []
  for (const key of ['interactions', 'messages'] as const) {
    const list = document[key]
    if (Array.isArray(list))
      parts.push(
        `"${key}":[${list
          .map((item) => canonicalJson(withoutId(item)))
          .sort()
          .join(',')}]`,
      )
  }
  parts.push(`"pactSpecificationVersion":${canonicalJson(statedSpecificationVersion(document) ?? null)}`)
  return sha1(`{${parts.join(',')}}`)
}

/** The id the broker gives an interaction: SHA-1 of its canonical JSON without `_id` (the verifier echoes it back). */
export function interactionId(interaction: unknown): string {
  return sha1(canonicalJson(withoutId(interaction)))
}

/** A copy of the document whose interactions and messages carry `_id`, as the Pact Broker stores them. */
export function withInteractionIds(document: JsonObject): JsonObject {
  const copy: JsonObject = { ...document }
  for (const key of ['interactions', 'messages'] as const) {
    const list = document[key]
    if (Array.isArray(list)) copy[key] = list.map((item: unknown) => (isObject(item) ? { ...(withoutId(item) as JsonObject), _id: interactionId(item) } : item))
  }
  return copy
}

export function interactionCounts(document: JsonObject): { interactions: number; messages: number } {
  const count = (key: string) => (Array.isArray(document[key]) ? (document[key] as unknown[]).length : 0)
  return { interactions: count('interactions'), messages: count('messages') }
}

/** What identifies an interaction for merging: description and provider state(s). */
function mergeKey(interaction: unknown): string {
  if (!isObject(interaction)) return canonicalJson(interaction)
  return canonicalJson({ d: interaction.description, s: interaction.providerState ?? null, ss: interaction.providerStates ?? null })
}

/**
 * Merges `incoming` into `existing` (`onConflict: merge`, PATCH): an incoming interaction replaces the existing
 * one with the same description and provider state(s); the others are appended. Top-level fields come from
 * `incoming`.
 */
export function mergePacts(existing: JsonObject, incoming: JsonObject): JsonObject {
  const merged: JsonObject = { ...existing, ...incoming }
  for (const key of ['interactions', 'messages'] as const) {
    const before = Array.isArray(existing[key]) ? (existing[key] as unknown[]).map(withoutId) : []
    const added = Array.isArray(incoming[key]) ? (incoming[key] as unknown[]).map(withoutId) : []
    if (!before.length && !added.length && existing[key] === undefined && incoming[key] === undefined) continue
    const result = [...before]
    for (const interaction of added) {
      const index = result.findIndex((candidate) => mergeKey(candidate) === mergeKey(interaction))
      if (index >= 0) result[index] = interaction
      else result.push(interaction)
    }
    merged[key] = result
  }
  return merged
}

function listAt(document: JsonObject, key: string): unknown[] {
  const value = document[key]
  return Array.isArray(value) ? value : []
}

/** A one-line summary of how two pacts' interactions differ (for the 409 notice). */
export function describeContentChange(existing: JsonObject, incoming: JsonObject): string {
  const keysOf = (document: JsonObject) =>
    new Map([...listAt(document, 'interactions'), ...listAt(document, 'messages')].map((i) => [mergeKey(i), canonicalJson(withoutId(i))]))
  const before = keysOf(existing)
  const after = keysOf(incoming)
  let added = 0
  let removed = 0
  let changed = 0
  for (const [key, json] of after) {
    if (!before.has(key)) added++
    else if (before.get(key) !== json) changed++
  }
  for (const key of before.keys()) if (!after.has(key)) removed++
  const specChanged = statedSpecificationVersion(existing) !== statedSpecificationVersion(incoming)
  return `Compared with the published pact: ${added} interaction(s) added, ${removed} removed, ${changed} changed${specChanged ? ', and the pact specification version differs' : ''}.`
}

/**
 * The interactions of `incoming` that a merge (PATCH) would silently rewrite: same description and provider
 * state(s) as an existing interaction, but a different request (method, path, query or headers). The Pact Broker
 * refuses such a PATCH with 409 whatever allow_dangerous_contract_modification says (its `Merger.conflict?`);
 * a PATCH that only adds interactions, or repeats one unchanged, merges.
 * @example mergeConflicts(stored, patch) // ['get a user']
 */
export function mergeConflicts(existing: JsonObject, incoming: JsonObject): string[] {
  const requestOf = (interaction: unknown) => {
    const request = isObject(interaction) && isObject(interaction.request) ? interaction.request : {}
    return canonicalJson({ method: request.method ?? null, path: request.path ?? null, query: request.query ?? null, headers: request.headers ?? null })
  }
  const stored = new Map<string, string>()
  for (const interaction of Array.isArray(existing.interactions) ? existing.interactions : []) stored.set(mergeKey(interaction), requestOf(interaction))
  const conflicts: string[] = []
  for (const interaction of Array.isArray(incoming.interactions) ? incoming.interactions : []) {
    const before = stored.get(mergeKey(interaction))
    if (before !== undefined && before !== requestOf(interaction)) {
      conflicts.push(isObject(interaction) && typeof interaction.description === 'string' ? interaction.description : '(no description)')
    }
  }
  return conflicts
}
