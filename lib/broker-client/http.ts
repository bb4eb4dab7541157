/**
 * The client's HTTP layer: auth headers, JSON bodies, bounded retries of transient failures, and the mapping of
 * error responses (problem+json or the Pact `{errors}` shape) to BrokerApiError.
 */
import { BrokerApiError, type BrokerFieldError, type BrokerNotice, BrokerUnreachableError } from '../errors.js'

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

export interface HttpOptions {
  baseUrl: string
  token?: string | undefined
  username?: string | undefined
  password?: string | undefined
  fetch?: FetchLike | undefined
  /** Extra attempts after a transient failure (5xx, 408, 429, connection reset). Default 3. */
  retries?: number | undefined
  /** First backoff delay in ms; doubles each retry (capped at 10 s). Default 500. */
  retryDelayMs?: number | undefined
  userAgent?: string | undefined
  /** Give up on a request that has not answered after this many ms (a transient failure: retried). Default 30 000. */
  timeoutMs?: number | undefined
  /** Extra headers on every request. */
  headers?: Record<string, string> | undefined
  /**
   * Where credentials come from when none are passed (default process.env): CONCORD_BROKER_TOKEN, else
   * PACT_BROKER_TOKEN (bearer); else PACT_BROKER_USERNAME / PACT_BROKER_PASSWORD (basic), as the official
   * Pact clients read them.
   */
  env?: Record<string, string | undefined> | undefined
}

export interface BrokerCredentials {
  token?: string | undefined
  username?: string | undefined
  password?: string | undefined
}

const present = (value: string | undefined) => (value?.trim() ? value.trim() : undefined)

/**
 * The credentials to send: the ones given, else those in the environment. A token wins over a username, as in
 * the official clients.
 * @example const { token } = brokerCredentials({}, { PACT_BROKER_TOKEN: 't' }) // 't'
 */
export function brokerCredentials(given: BrokerCredentials, env: Record<string, string | undefined> = process.env): BrokerCredentials {
  if (present(given.token)) return { token: present(given.token) }
  if (present(given.username)) return { username: present(given.username), password: given.password ?? '' }
  const token = present(env.CONCORD_BROKER_TOKEN) ?? present(env.PACT_BROKER_TOKEN)
  if (token) return { token }
  const username = present(env.PACT_BROKER_USERNAME)
  return username ? { username, password: env.PACT_BROKER_PASSWORD ?? '' } : {}
}

/** The Authorization header value for credentials, or undefined. Never log it. */
export function authorizationHeader(credentials: BrokerCredentials): string | undefined {
  if (credentials.token) return `Bearer ${credentials.token}`
  if (credentials.username) return `Basic ${Buffer.from(`${credentials.username}:${credentials.password ?? ''}`).toString('base64')}`
  return undefined
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  url: string
  body?: unknown
  contentType?: string
  /** Headers for this request only (e.g. `X-Concord-Actor`). */
  headers?: Record<string, string> | undefined
}

export interface HttpResponse<T = unknown> {
  status: number
  headers: Headers
  body: T
}

const MAX_DELAY_MS = 10_000
const RETRY_AFTER_CAP_MS = 30_000

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Maps a status to the slug used when the broker sends no problem `type`. */
export function slugForStatus(status: number): string {
  const known: Record<number, string> = {
    400: 'validation-error',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not-found',
    405: 'method-not-allowed',
    409: 'conflict',
    415: 'unsupported-media-type',
    422: 'unprocessable',
  }
  return known[status] ?? (status >= 500 ? 'server-error' : `http-${status}`)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Pact `errors` in any of its shapes → field errors. */
function pactErrors(errors: unknown): BrokerFieldError[] {
  if (typeof errors === 'string') return [{ detail: errors }]
  if (Array.isArray(errors))
    return errors.flatMap((e) =>
      typeof e === 'string'
        ? [{ detail: e }]
        : isRecord(e) && typeof e.detail === 'string'
          ? [{ ...(typeof e.pointer === 'string' ? { pointer: e.pointer } : {}), detail: e.detail }]
          : [],
    )
  if (isRecord(errors)) {
    return Object.entries(errors).flatMap(([field, messages]) =>
      (Array.isArray(messages) ? messages : [messages]).map((m) => ({
        ...(field ? { pointer: field } : {}),
        detail: typeof m === 'string' ? m : JSON.stringify(m),
      })),
    )
  }
  return []
}

/** Builds the BrokerApiError for a non-2xx response body. */
export function toBrokerApiError(method: string, url: string, status: number, body: unknown): BrokerApiError {
  const notices: BrokerNotice[] =
    isRecord(body) && Array.isArray(body.notices) ? (body.notices as BrokerNotice[]).filter((n) => isRecord(n) && typeof n.text === 'string') : []
  const errors = isRecord(body) ? pactErrors(body.errors) : []
  const isProblem = isRecord(body) && typeof body.type === 'string' && (typeof body.detail === 'string' || typeof body.title === 'string')
  let code = slugForStatus(status)
  let detail: string | undefined
  if (isProblem) {
    const typeUri = body.type as string
    code = typeUri.replace(/\/+$/, '').split('/').pop() || code
    detail = typeof body.detail === 'string' ? body.detail : (body.title as string)
  }
  const path = (() => {
    try {
      return new URL(url).pathname
    } catch {
      return url
    }
  })()
  detail ??=
    errors.length > 0
      ? errors.map((e) => (e.pointer ? `${e.pointer}: ${e.detail}` : e.detail)).join('; ')
      : (notices.find((n) => n.type === 'error' || n.type === 'danger')?.text ??
        (typeof body === 'string' && body.trim() && body.length < 300
          ? `${method} ${path} failed with ${status}: ${body.trim()}`
          : `${method} ${path} failed with HTTP ${status}`))
  return new BrokerApiError({ status, code, detail, errors, notices, method, url, body })
}

function retryAfterMs(headers: Headers, now: number): number | undefined {
  const raw = headers.get('retry-after')
  if (!raw) return undefined
  if (/^\d+$/.test(raw.trim())) return Math.min(Number(raw.trim()) * 1000, RETRY_AFTER_CAP_MS)
  const date = Date.parse(raw)
  return Number.isNaN(date) ? undefined : Math.min(Math.max(date - now, 0), RETRY_AFTER_CAP_MS)
}

const isTransientStatus = (status: number) => status >= 500 || status === 408 || status === 429

function networkReason(error: unknown): { reason: string; transient: boolean } {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause
  const code = (error as { name?: string })?.name === 'TimeoutError' ? 'TimeoutError' : (cause?.code ?? (error as { code?: string })?.code)
  switch (code) {
    case 'ECONNREFUSED':
      return { reason: 'connection refused', transient: false }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { reason: 'host not found', transient: false }
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return { reason: 'connection reset', transient: true }
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { reason: 'connection timed out', transient: true }
    case 'TimeoutError':
      return { reason: 'no response in time', transient: true }
    default:
      return { reason: cause?.message ?? (error instanceof Error ? error.message : String(error)), transient: false }
  }
}

export interface Http {
  readonly baseUrl: string
  send<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>
}

/** Creates the HTTP layer; options are checked once here. */
export function createHttp(options: HttpOptions): Http {
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init))
  const retries = Math.max(0, options.retries ?? 3)
  const retryDelayMs = Math.max(0, options.retryDelayMs ?? 500)
  const timeoutMs = Math.max(1, options.timeoutMs ?? 30_000)
  const auth = authorizationHeader(brokerCredentials(options, options.env))

  async function send<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = {
      accept: 'application/hal+json, application/json, application/problem+json',
      'user-agent': options.userAgent ?? 'concord-broker-client',
      ...options.headers,
      ...request.headers,
    }
    if (auth) headers.authorization = auth
    let body: string | undefined
    if (request.body !== undefined) {
      body = JSON.stringify(request.body)
      headers['content-type'] = request.contentType ?? 'application/json'
    }
    for (let attempt = 0; ; attempt++) {
      let res: Response
      try {
        res = await doFetch(request.url, { method: request.method, headers, signal: AbortSignal.timeout(timeoutMs), ...(body !== undefined ? { body } : {}) })
      } catch (error) {
        const { reason, transient } = networkReason(error)
        if (transient && attempt < retries) {
          await sleep(Math.min(retryDelayMs * 2 ** attempt, MAX_DELAY_MS))
          continue
        }
        throw new BrokerUnreachableError(
          baseUrl,
          reason === 'no response in time' ? `no response within ${timeoutMs / 1000}s to ${request.method} ${new URL(request.url).pathname}` : reason,
          { cause: error },
        )
      }
      let text: string
      try {
        text = await res.text()
      } catch (error) {
        const { reason, transient } = networkReason(error)
        if (transient && attempt < retries) continue
        throw new BrokerUnreachableError(baseUrl, reason, { cause: error })
      }
      if (isTransientStatus(res.status) && attempt < retries) {
        await sleep(retryAfterMs(res.headers, Date.now()) ?? Math.min(retryDelayMs * 2 ** attempt, MAX_DELAY_MS))
        continue
      }
      let parsed: unknown = text
      if (text && /json/i.test(res.headers.get('content-type') ?? '')) {
        try {
          parsed = JSON.parse(text)
        } catch {
          // keep the text: the caller reports what it got
        }
      } else if (!text) {
        parsed = undefined
      }
      if (res.status >= 400) throw toBrokerApiError(request.method, request.url, res.status, parsed)
      return { status: res.status, headers: res.headers, body: parsed as T }
    }
  }

  return { baseUrl, send }
}
