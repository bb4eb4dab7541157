/**
 * @module ui/pact-view
 * A pact rendered for people: each HTTP interaction (request, response), V3 message and V4 message
 * (synchronous or not) with its provider states and matching rules. Works on the stored JSON of any spec
 * version; what it does not recognise it shows as JSON rather than hiding.
 */
import type { VNode } from 'preact'

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A scalar as text; `fallback` when absent; anything else as JSON (never "[object Object]"). */
function text(value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value)
}

export interface InteractionView {
  kind: 'HTTP' | 'Message' | 'Synchronous message'
  description: string
  providerStates: { name: string; params?: unknown }[]
  request?: Json
  response?: Json
  /** Message contents (V3 `contents`, V4 `contents.content`) and metadata. */
  contents?: unknown
  metadata?: unknown
  /** Matching rules by where they apply ("request", "response", "contents") → path → rule(s). */
  matchingRules: { where: string; path: string; rules: string }[]
  pending: boolean
}

/** Every interaction and message of a pact document, in document order. */
export function interactionsOf(document: Json): InteractionView[] {
  const out: InteractionView[] = []
  const interactions = Array.isArray(document.interactions) ? document.interactions : []
  for (const raw of interactions) {
    if (!isObject(raw)) continue
    const type = typeof raw.type === 'string' ? raw.type : 'Synchronous/HTTP'
    if (type === 'Asynchronous/Messages') out.push(messageView(raw, 'Message'))
    else if (type === 'Synchronous/Messages') out.push(messageView(raw, 'Synchronous message'))
    else out.push(httpView(raw))
  }
  for (const raw of Array.isArray(document.messages) ? document.messages : []) if (isObject(raw)) out.push(messageView(raw, 'Message'))
  return out
}

function providerStatesOf(raw: Json): { name: string; params?: unknown }[] {
  if (typeof raw.providerState === 'string') return [{ name: raw.providerState }]
  if (typeof raw.provider_state === 'string') return [{ name: raw.provider_state }]
  if (!Array.isArray(raw.providerStates)) return []
  return raw.providerStates.filter(isObject).map((s) => ({ name: text(s.name, ''), params: s.params }))
}

function rulesOf(where: string, rules: unknown): InteractionView['matchingRules'] {
  if (!isObject(rules)) return []
  const out: InteractionView['matchingRules'] = []
  // V2: { "$.body.id": { match: "type" } }; V3/V4: { body: { "$.id": { matchers: [...] } }, header: {...} }
  for (const [key, value] of Object.entries(rules)) {
    if (key.startsWith('$')) out.push({ where, path: key, rules: describeRule(value) })
    else if (isObject(value)) {
      for (const [path, rule] of Object.entries(value)) out.push({ where, path: `${key} ${path}`, rules: describeRule(rule) })
    }
  }
  return out
}

function describeRule(rule: unknown): string {
  const matchers = isObject(rule) && Array.isArray(rule.matchers) ? rule.matchers : [rule]
  return matchers
    .map((m) => {
      if (!isObject(m)) return JSON.stringify(m)
      const { match, ...rest } = m
      const extra = Object.entries(rest)
        .filter(([k]) => k !== 'combine')
        .map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      return [text(match, 'rule'), ...extra].join(' ')
    })
    .join(isObject(rule) && rule.combine === 'OR' ? ' or ' : ', ')
}

function httpView(raw: Json): InteractionView {
  const request = isObject(raw.request) ? raw.request : {}
  const response = isObject(raw.response) ? raw.response : {}
  return {
    kind: 'HTTP',
    description: text(raw.description, ''),
    providerStates: providerStatesOf(raw),
    request,
    response,
    matchingRules: [
      ...rulesOf('request', request.matchingRules),
      ...rulesOf('response', response.matchingRules),
      ...rulesOf('request', raw.requestMatchingRules),
      ...rulesOf('response', raw.responseMatchingRules),
    ],
    pending: raw.pending === true,
  }
}

function messageView(raw: Json, kind: InteractionView['kind']): InteractionView {
  const contents = isObject(raw.contents) && 'content' in raw.contents ? raw.contents.content : raw.contents
  const view: InteractionView = {
    kind,
    description: text(raw.description, ''),
    providerStates: providerStatesOf(raw),
    contents,
    metadata: raw.metadata,
    matchingRules: rulesOf('contents', raw.matchingRules),
    pending: raw.pending === true,
  }
  if (kind === 'Synchronous message') {
    view.request = isObject(raw.request) ? raw.request : undefined
    view.response = Array.isArray(raw.response) && isObject(raw.response[0]) ? raw.response[0] : undefined
  }
  return view
}

function bodyText(body: unknown): string {
  if (body === undefined) return ''
  // V4 bodies: { content, contentType, encoded }
  const content = isObject(body) && 'content' in body && 'contentType' in body ? body.content : body
  return typeof content === 'string' ? content : JSON.stringify(content, null, 2)
}

function headersText(headers: unknown): string {
  if (!isObject(headers)) return ''
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('\n')
}

function queryText(query: unknown): string {
  if (typeof query === 'string') return query ? `?${query}` : ''
  if (!isObject(query)) return ''
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) for (const value of Array.isArray(v) ? v : [v]) search.append(k, String(value))
  const text = search.toString()
  return text ? `?${text}` : ''
}

function HttpMessage({ label, message, request }: { label: string; message: Json; request: boolean }): VNode {
  const headers = headersText(message.headers)
  const body = bodyText(message.body)
  return (
    <div>
      <h4>{label}</h4>
      <pre>
        {request ? `${text(message.method, 'GET').toUpperCase()} ${text(message.path, '/')}${queryText(message.query)}` : text(message.status, '')}
        {headers && `\n${headers}`}
        {body && `\n\n${body}`}
      </pre>
    </div>
  )
}

export function InteractionCard({ view, index }: { view: InteractionView; index: number }): VNode {
  return (
    <article class="interaction" aria-labelledby={`interaction-${index}`}>
      <h3 id={`interaction-${index}`}>
        <span class="chip">{view.kind}</span> {view.description}
        {view.pending && (
          <>
            {' '}
            <span class="status status-pending">pending</span>
          </>
        )}
      </h3>
      {view.providerStates.length > 0 && (
        <p>
          <strong>Given </strong>
          {view.providerStates.map((s, i) => (
            <span key={i}>
              {i > 0 && ' and '}
              <q>{s.name}</q>
              {s.params !== undefined && <code> {JSON.stringify(s.params)}</code>}
            </span>
          ))}
        </p>
      )}
      {view.kind === 'HTTP' && view.request && <HttpMessage label="Request" message={view.request} request={true} />}
      {view.kind === 'HTTP' && view.response && <HttpMessage label="Response" message={view.response} request={false} />}
      {view.kind === 'Synchronous message' && view.request && (
        <div>
          <h4>Request message</h4>
          <pre>{bodyText(view.request.contents)}</pre>
        </div>
      )}
      {view.kind === 'Synchronous message' && view.response && (
        <div>
          <h4>Response message</h4>
          <pre>{bodyText(view.response.contents)}</pre>
        </div>
      )}
      {view.kind === 'Message' && (
        <div>
          <h4>Contents</h4>
          <pre>{bodyText(view.contents)}</pre>
          {view.metadata !== undefined && (
            <>
              <h4>Metadata</h4>
              <pre>{JSON.stringify(view.metadata, null, 2)}</pre>
            </>
          )}
        </div>
      )}
      {view.matchingRules.length > 0 && (
        <details>
          <summary>Matching rules ({view.matchingRules.length})</summary>
          <ul>
            {view.matchingRules.map((rule, i) => (
              <li key={i}>
                {rule.where} <code>{rule.path}</code>: {rule.rules}
              </li>
            ))}
          </ul>
        </details>
      )}
    </article>
  )
}
