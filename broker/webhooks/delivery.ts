/**
 * Sending one webhook request: node's http/https client with the address guard at connection time (safety.ts),
 * one deadline for the whole attempt, redirects refused unless CONCORD_WEBHOOK_FOLLOW_REDIRECTS (then each hop
 * passes the allow-lists and the address guard again, at most five), and the response read up to 64 KiB.
 */
import http from 'node:http'
import https from 'node:https'
import { isIP } from 'node:net'
import type { WebhookSettings } from '../config.js'
import { isSensitiveHeader } from './secrets.js'
import { guardedLookup, hostAllowed, RefusedAddressError, refusedAddress } from './safety.js'

export interface OutgoingRequest {
  method: string
  url: string
  headers: Record<string, string>
  body: string | null
}

export interface AttemptResult {
  success: boolean
  /** Final response status, or null when no response came (refused, timed out, connection failed). */
  status: number | null
  responseBody: string
  /** Why there is no usable response. */
  error: string | null
  /** The broker refused to send (allow-list or address): retrying cannot help. */
  refused: boolean
  durationMs: number
  /** Redirect hops followed, in order. */
  hops: string[]
}

type SendPolicy = Pick<WebhookSettings, 'schemes' | 'hosts' | 'allowedAddresses' | 'followRedirects'> & {
  timeoutMs: number
  successStatuses: readonly number[]
}

const MAX_RESPONSE_BYTES = 64 * 1024
const MAX_REDIRECTS = 5

interface RawResponse {
  status: number
  location: string | undefined
  body: string
}

function once(policy: SendPolicy, request: OutgoingRequest, signal: AbortSignal): Promise<RawResponse> {
  const url = new URL(request.url)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  // An address in the URL is never looked up, so the guard would not see it: check it here.
  if (isIP(host)) {
    const why = refusedAddress(policy, host)
    if (why) return Promise.reject(new RefusedAddressError(`refused: ${host} is ${why} (CONCORD_WEBHOOK_ALLOWED_ADDRESSES)`))
  }
  const client = url.protocol === 'https:' ? https : http
  const headers = { ...request.headers }
  if (request.body !== null) headers['Content-Length'] = String(Buffer.byteLength(request.body))
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: request.method, headers, lookup: guardedLookup(policy), signal, agent: false }, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(chunk)
        size += chunk.length
      })
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8') }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(request.body ?? undefined)
  })
}

function describeError(error: unknown, timeoutMs: number): { message: string; refused: boolean } {
  if (error instanceof RefusedAddressError) return { message: error.message, refused: true }
  const e = error as { name?: string; code?: string; message?: string }
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.code === 'ABORT_ERR') return { message: `timed out after ${timeoutMs} ms`, refused: false }
  return { message: `${e?.code ? `${e.code}: ` : ''}${e?.message ?? String(error)}`, refused: false }
}

/**
 * Sends `request` under `policy`; never throws. `abort` lets the broker's shutdown cut an attempt short.
 * @example const result = await sendWebhook({ method: 'POST', url, headers: {}, body: '{}' }, policy)
 */
export async function sendWebhook(request: OutgoingRequest, policy: SendPolicy, abort?: AbortSignal): Promise<AttemptResult> {
  const started = performance.now()
  const signal = abort ? AbortSignal.any([abort, AbortSignal.timeout(policy.timeoutMs)]) : AbortSignal.timeout(policy.timeoutMs)
  const hops: string[] = []
  const finish = (partial: Omit<AttemptResult, 'durationMs' | 'hops'>): AttemptResult => ({
    ...partial,
    durationMs: Math.round(performance.now() - started),
    hops,
  })
  let current = request
  try {
    for (;;) {
      const response = await once(policy, current, signal)
      const redirect = response.status >= 300 && response.status < 400 && response.location !== undefined
      if (!redirect || !policy.followRedirects || policy.successStatuses.includes(response.status)) {
        const success = policy.successStatuses.includes(response.status)
        const error = success ? null : redirect ? `redirected to ${response.location} (CONCORD_WEBHOOK_FOLLOW_REDIRECTS is off)` : null
        return finish({ success, status: response.status, responseBody: response.body, error, refused: false })
      }
      if (hops.length >= MAX_REDIRECTS)
        return finish({ success: false, status: response.status, responseBody: response.body, error: `more than ${MAX_REDIRECTS} redirects`, refused: false })
      const next = new URL(response.location!, current.url)
      const scheme = next.protocol.replace(/:$/, '')
      if (!policy.schemes.includes(scheme) || !hostAllowed(policy.hosts, next.hostname)) {
        return finish({
          success: false,
          status: response.status,
          responseBody: response.body,
          error: `refused: redirect to ${next.href} is outside the webhook allow-lists`,
          refused: true,
        })
      }
      hops.push(`${response.status} → ${next.href}`)
      // 307/308 repeat the request; the others become a GET without a body, as browsers and curl -L do.
      const keep = response.status === 307 || response.status === 308
      // Credentials go to the origin they were configured for only.
      const headers = next.origin === new URL(current.url).origin ? current.headers : withoutSecrets(current.headers)
      current = keep ? { ...current, url: next.href, headers } : { method: 'GET', url: next.href, headers: withoutBodyHeaders(headers), body: null }
    }
  } catch (error) {
    const { message, refused } = describeError(error, policy.timeoutMs)
    return finish({ success: false, status: null, responseBody: '', error: message, refused })
  }
}

function withoutSecrets(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !isSensitiveHeader(name)))
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-(type|length)$/i.test(name)))
}
