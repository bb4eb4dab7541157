/**
 * Whether a pact uses a deprecated item. Pure: no I/O.
 *
 * - operation: an HTTP interaction whose method and request path match the deprecation's method and template;
 * - field: such an interaction whose expected body (response or request) contains the field, or whose matching
 *   rules name it or something inside it; for the query location, whose request sends the parameter (or whose
 *   rules name it). Arrays are transparent: `/items/name` reaches `name` in every element of `items`
 *   (a numeric segment picks one element, `*` any key). A wildcard rule (`$.address.*`) does not count on its own:
 *   it constrains whatever the example body holds, and the body check already covers that.
 * - message: a message (V3 `messages[]`, V4 message interactions) with exactly the deprecation's description.
 */
import { type Deprecation, pointerSegments, queryParameterName } from './deprecation.js'
import { interactionsOf, type HttpInteraction, type Interaction } from './pact-interactions.js'
import { compilePathTemplate, matchesPath, type PathTemplate } from './path-template.js'

export type MatchableDeprecation = Pick<Deprecation, 'kind' | 'method' | 'path' | 'pointer' | 'location' | 'description'>

/** One interaction that uses the item, with what it does in words. */
export interface Use {
  interaction: string
  detail: string
}

export type InteractionMatcher = (interaction: Interaction) => Use | null

/**
 * Builds the matcher for one deprecation once (its template compiled), to run over many interactions.
 * @example const match = matcherFor(d); interactionsOf(pact).map(match).filter(Boolean)
 */
export function matcherFor(d: MatchableDeprecation): InteractionMatcher {
  if (d.kind === 'message') {
    const wanted = (d.description ?? '').trim()
    return (interaction) =>
      interaction.kind === 'message' && interaction.description.trim() === wanted
        ? { interaction: interaction.description, detail: `expects message '${interaction.description}'` }
        : null
  }
  const template: PathTemplate = compilePathTemplate(d.path ?? '')
  const method = (d.method ?? '').toUpperCase()
  const onOperation = (i: Interaction): i is HttpInteraction => i.kind === 'http' && (method === '*' || i.method === method) && matchesPath(template, i.path)
  if (d.kind === 'operation') {
    return (i) => (onOperation(i) ? { interaction: i.description, detail: `calls ${i.method} ${i.path}` } : null)
  }
  const pointer = d.pointer ?? ''
  if (d.location === 'query') {
    const name = queryParameterName(pointer)
    return (i) =>
      onOperation(i) && (i.queryParameters.includes(name) || i.queryRuleNames.includes(name))
        ? { interaction: i.description, detail: `sends query parameter '${name}' to ${i.method} ${i.path}` }
        : null
  }
  const segments = pointerSegments(pointer)
  const request = d.location === 'request'
  return (i) => {
    if (!onOperation(i)) return null
    const body = request ? i.requestBody : i.responseBody
    const rules = request ? i.requestBodyRules : i.responseBodyRules
    if (!bodyHasField(body, segments) && !rules.some((rule) => ruleTouchesField(rule, segments))) return null
    return { interaction: i.description, detail: `${request ? 'sends request' : 'reads response'} field ${pointer} of ${i.method} ${i.path}` }
  }
}

/**
 * The interactions of `pact` that use the item (empty when none do).
 * @example usesIn(d, pactJson) // [{ interaction: 'get a user', detail: 'calls GET /users/42' }]
 */
export function usesIn(d: MatchableDeprecation, pact: unknown): Use[] {
  return usesInInteractions(matcherFor(d), interactionsOf(pact))
}

export function usesInInteractions(match: InteractionMatcher, interactions: Interaction[]): Use[] {
  const uses: Use[] = []
  for (const interaction of interactions) {
    const use = match(interaction)
    if (use) uses.push(use)
  }
  return uses
}

const INDEX = /^\d+$/

/** Whether the example body holds a value at the pointer (arrays transparent). */
export function bodyHasField(value: unknown, segments: string[], at = 0): boolean {
  if (value === undefined) return false
  if (at === segments.length) return true
  const segment = segments[at]!
  if (Array.isArray(value)) {
    if (INDEX.test(segment)) return bodyHasField(value[Number(segment)], segments, at + 1)
    if (segment === '*') return value.some((element) => bodyHasField(element, segments, at + 1))
    return value.some((element) => bodyHasField(element, segments, at))
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    if (segment === '*') return Object.values(record).some((child) => bodyHasField(child, segments, at + 1))
    return Object.hasOwn(record, segment) && bodyHasField(record[segment], segments, at + 1)
  }
  return false
}

/** Whether a matching-rule path (segments from parseRulePath) names the field or something inside it. */
export function ruleTouchesField(rule: string[], segments: string[], i = 0, j = 0): boolean {
  if (j === segments.length) return true
  if (i === rule.length) return false
  const part = rule[i]!
  const wanted = segments[j]!
  if (part.startsWith('[') && part.endsWith(']')) {
    const index = part.slice(1, -1)
    if ((INDEX.test(wanted) || wanted === '*') && (index === '*' || index === wanted || wanted === '*') && ruleTouchesField(rule, segments, i + 1, j + 1))
      return true
    // Arrays are transparent: `$.items[*].name` touches `/items/name`.
    return ruleTouchesField(rule, segments, i + 1, j)
  }
  if (part === wanted || (wanted === '*' && part !== '*')) return ruleTouchesField(rule, segments, i + 1, j + 1)
  return false
}
