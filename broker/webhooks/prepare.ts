/**
 * From a stored webhook and a delivery's template parameters to the request that goes out: templates expanded
 * in the URL, headers and body, secrets decrypted, basic auth, the delivery id header; and the attempt log,
 * with every secret masked before it is stored or shown.
 */
import { decryptSecret, redact } from './secrets.js'
import type { OutgoingRequest, AttemptResult } from './delivery.js'
import { render, renderJson, renderUrl, type TemplateParameters } from './template.js'
import type { Webhook } from './webhook.js'

/** The header a receiver can de-duplicate on: the same for every attempt of one delivery. */
export const DELIVERY_ID_HEADER = 'X-Concord-Delivery-Id'
export const EVENT_HEADER = 'X-Concord-Event'

export class SecretUnavailableError extends Error {}

export interface PreparedRequest {
  request: OutgoingRequest
  /** Plain secret values in it, to mask in logs. */
  secrets: string[]
}

/** @example prepareRequest(webhook, params, key, { deliveryId: 'd-1', eventName: 'contract_published' }) */
export function prepareRequest(
  webhook: Webhook,
  params: Partial<TemplateParameters>,
  key: Buffer | null,
  meta: { deliveryId: string; eventName: string },
): PreparedRequest {
  const secrets: string[] = []
  const reveal = (encrypted: string, what: string) => {
    if (!key) throw new SecretUnavailableError(`${what} is stored encrypted and CONCORD_WEBHOOK_SECRET_KEY is not set`)
    let plain: string
    try {
      plain = decryptSecret(key, encrypted)
    } catch {
      throw new SecretUnavailableError(`${what} cannot be decrypted with CONCORD_WEBHOOK_SECRET_KEY (was the key changed?)`)
    }
    secrets.push(plain)
    return plain
  }
  const headers: Record<string, string> = {}
  for (const header of webhook.request.headers) {
    headers[header.name] = 'encrypted' in header ? render(reveal(header.encrypted, `the ${header.name} header`), params) : render(header.value, params)
  }
  const { username, passwordEncrypted } = webhook.request
  if (username !== null) {
    const password = passwordEncrypted === null ? '' : reveal(passwordEncrypted, 'the password')
    const basic = Buffer.from(`${render(username, params)}:${password}`).toString('base64')
    secrets.push(basic)
    headers.Authorization = `Basic ${basic}`
  }
  let body: string | null = null
  if (webhook.request.body !== undefined && webhook.request.body !== null) {
    if (typeof webhook.request.body === 'string') body = render(webhook.request.body, params)
    else {
      body = JSON.stringify(renderJson(webhook.request.body, params))
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json'
    }
  }
  headers[DELIVERY_ID_HEADER] = meta.deliveryId
  headers[EVENT_HEADER] = meta.eventName
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent')) headers['User-Agent'] = 'Concord-Webhooks'
  return { request: { method: webhook.request.method, url: renderUrl(webhook.request.url, params), headers, body }, secrets }
}

const EXCERPT = 1000

function excerpt(text: string): string {
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT)}… (${text.length - EXCERPT} more characters)` : text
}

/**
 * The log of one attempt, as text (the Pact Broker's logs are text too), every secret masked.
 * @example attemptLog({ attempt: 1, maxAttempts: 7, ... }) // "[2026-…] INFO: Attempt 1 of 7 …"
 */
export function attemptLog(input: {
  at: Date
  attempt: number
  maxAttempts: number
  deliveryId: string
  eventName: string
  request: OutgoingRequest
  result: AttemptResult
  secrets: readonly string[]
  next: string
  /** As the Pact Broker: response bodies are logged only when a host allow-list limits where webhooks go. */
  showResponseBody: boolean
}): string {
  const { request, result } = input
  const stamp = `[${input.at.toISOString()}]`
  const lines = [
    `${stamp} INFO: Attempt ${input.attempt} of ${input.maxAttempts} of delivery ${input.deliveryId} (${input.eventName})`,
    `${stamp} INFO: ${request.method} ${request.url}`,
    ...Object.entries(request.headers).map(([name, value]) => `${stamp} INFO: ${name}: ${value}`),
    ...(request.body !== null ? [`${stamp} INFO: Body: ${excerpt(request.body)}`] : []),
    ...result.hops.map((hop) => `${stamp} INFO: Redirect ${hop}`),
    ...(result.status !== null ? [`${stamp} INFO: Response ${result.status} after ${result.durationMs} ms`] : []),
    ...(result.status !== null && result.responseBody
      ? [
          input.showResponseBody
            ? `${stamp} INFO: Response body: ${excerpt(result.responseBody)}`
            : `${stamp} INFO: Response body not logged (set CONCORD_WEBHOOK_HOST_ALLOWLIST to log response bodies)`,
        ]
      : []),
    ...(result.error ? [`${stamp} ERROR: ${result.error} (after ${result.durationMs} ms)`] : []),
    `${stamp} ${result.success ? 'INFO' : 'WARN'}: ${result.success ? 'Delivered' : 'Failed'}; ${input.next}`,
  ]
  return redact(lines.join('\n'), input.secrets)
}
