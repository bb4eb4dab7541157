/**
 * Reads the parts of a pact that deprecations are matched against, whatever its specification version:
 * V2/V3 `interactions[]` (request/response, V2 `matchingRules` keyed `$.body.x` / `$.query.x`), V3 `messages[]`,
 * and V4 `interactions[]` typed `Synchronous/HTTP`, `Asynchronous/Messages` or `Synchronous/Messages` (bodies as
 * `{content, contentType, encoded}`, rules grouped by category with `$.x` paths). Pure: no I/O.
 */

export interface HttpInteraction {
  kind: 'http'
  description: string
  method: string
  path: string
  /** Query parameter names the consumer sends. */
  queryParameters: string[]
  requestBody: unknown
  responseBody: unknown
  /** Matching-rule paths on the request body, as segment lists (`$.items[*].name` → ['items', '[*]', 'name']). */
  requestBodyRules: string[][]
  responseBodyRules: string[][]
  /** Query parameter names matching rules name. */
  queryRuleNames: string[]
}

export interface MessageInteraction {
  kind: 'message'
  description: string
}

export type Interaction = HttpInteraction | MessageInteraction

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/**
 * Every interaction and message of a pact, in a shape independent of the specification version.
 * @example interactionsOf(pactJson).filter((i) => i.kind === 'http')
 */
export function interactionsOf(pact: unknown): Interaction[] {
  if (!isObject(pact)) return []
  const out: Interaction[] = []
  for (const raw of Array.isArray(pact.interactions) ? pact.interactions : []) {
    if (!isObject(raw)) continue
    const type = text(raw.type)
    if (type === 'Asynchronous/Messages' || type === 'Synchronous/Messages') out.push({ kind: 'message', description: text(raw.description) })
    else if (isObject(raw.request)) out.push(httpInteraction(raw))
  }
  for (const raw of Array.isArray(pact.messages) ? pact.messages : []) {
    if (isObject(raw)) out.push({ kind: 'message', description: text(raw.description) })
  }
  return out
}

function httpInteraction(raw: Json): HttpInteraction {
  const request = raw.request as Json
  const response = isObject(raw.response) ? raw.response : {}
  const requestRules = rulesOf(request.matchingRules)
  const responseRules = rulesOf(response.matchingRules)
  return {
    kind: 'http',
    description: text(raw.description),
    method: text(request.method).toUpperCase(),
    path: text(request.path),
    queryParameters: queryNames(request.query),
    requestBody: bodyOf(request.body),
    responseBody: bodyOf(response.body),
    requestBodyRules: requestRules.body,
    responseBodyRules: responseRules.body,
    queryRuleNames: requestRules.query,
  }
}

/** A V2 query string (`a=1&b=2`) or a V3/V4 object (`{a: ['1']}`) → the parameter names. */
function queryNames(query: unknown): string[] {
  if (isObject(query)) return Object.keys(query)
  if (typeof query === 'string' && query !== '') {
    return query
      .replace(/^\?/, '')
      .split('&')
      .filter(Boolean)
      .map((pair) => safeDecode((pair.split('=', 1)[0] ?? '').replace(/\+/g, ' ')))
  }
  return []
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** V4 wraps bodies as `{content, contentType, encoded}`; JSON sent as a string is parsed when it can be. */
function bodyOf(body: unknown): unknown {
  let value = body
  if (isObject(value) && 'content' in value && ('contentType' in value || 'encoded' in value)) {
    if (value.encoded && value.encoded !== false && value.encoded !== 'json') return undefined
    value = value.content
  }
  if (typeof value === 'string') {
    const trimmed = value.trim()
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.parse(trimmed)
      } catch {
        return value
      }
    }
  }
  return value
}

/**
 * Matching-rule paths by category. V2 keys every rule by a full path (`$.body.a.b`, `$.query.sort`); V3/V4 group
 * them (`{body: {'$.a.b': …}, query: {sort: …}}`).
 */
function rulesOf(rules: unknown): { body: string[][]; query: string[] } {
  const body: string[][] = []
  const query: string[] = []
  if (!isObject(rules)) return { body, query }
  for (const [key, value] of Object.entries(rules)) {
    if (key.startsWith('$.body')) {
      body.push(parseRulePath('$' + key.slice('$.body'.length)))
    } else if (key.startsWith('$.query')) {
      const [name] = parseRulePath('$' + key.slice('$.query'.length))
      if (name) query.push(name)
    } else if (key === 'body' && isObject(value)) {
      for (const path of Object.keys(value)) body.push(parseRulePath(path))
    } else if (key === 'query' && isObject(value)) {
      for (const name of Object.keys(value)) query.push(name.startsWith('$') ? (parseRulePath(name)[0] ?? name) : name)
    }
  }
  return { body, query }
}

/**
 * A matching-rule path (`$.a.b`, `$.items[*].name`, `$['odd key'][0]`, `$.*`) as segments; array indexes and
 * wildcards keep their brackets (`[*]`, `[0]`) so they stay apart from property names.
 * @example parseRulePath("$.items[*]['first name']") // ['items', '[*]', 'first name']
 */
export function parseRulePath(path: string): string[] {
  const segments: string[] = []
  let i = path.startsWith('$') ? 1 : 0
  while (i < path.length) {
    const c = path[i]
    if (c === '.') {
      let j = i + 1
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++
      const name = path.slice(i + 1, j)
      if (name) segments.push(name)
      i = j
    } else if (c === '[') {
      const quote = path[i + 1]
      if (quote === "'" || quote === '"') {
        const end = path.indexOf(quote + ']', i + 2)
        const stop = end === -1 ? path.length : end
        segments.push(path.slice(i + 2, stop))
        i = end === -1 ? path.length : end + 2
      } else {
        const end = path.indexOf(']', i)
        const stop = end === -1 ? path.length : end
        segments.push(`[${path.slice(i + 1, stop).trim()}]`)
        i = end === -1 ? path.length : end + 1
      }
    } else {
      let j = i
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++
      segments.push(path.slice(i, j))
      i = j
    }
  }
  return segments
}
