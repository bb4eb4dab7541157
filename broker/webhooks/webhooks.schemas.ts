/**
 * Webhook request bodies, as the official CLIs send them (both the current `pact-broker` and 0.6.x, whose
 * headers come as an array of "Name: Value" strings). Allow-list checks need the broker's settings, so they run
 * in the service (safety.ts), not here.
 */
import { z } from 'zod'
import { EVENT_NAMES } from './webhook.js'

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']

const pacticipantScopeSchema = z
  .object({
    name: z.string({ invalid_type_error: 'must be a string' }).min(1, 'must not be blank').optional(),
    label: z.string({ invalid_type_error: 'must be a string' }).min(1, 'must not be blank').optional(),
  })
  .passthrough()
  .refine((s) => (s.name === undefined) !== (s.label === undefined), 'must have exactly one of name or label')
  .nullish()

/** `{"Name": "Value"}` or `["Name: Value"]` → one list of pairs. */
const headersSchema = z
  .union([z.record(z.union([z.string(), z.number(), z.boolean()]).transform(String)), z.array(z.string().regex(/^[^:]+:.*$/, 'must be "Name: Value"'))])
  .nullish()
  .transform((headers) => {
    if (!headers) return []
    if (Array.isArray(headers)) {
      return headers.map((line) => {
        const at = line.indexOf(':')
        return { name: line.slice(0, at).trim(), value: line.slice(at + 1).trim() }
      })
    }
    return Object.entries(headers).map(([name, value]) => ({ name, value }))
  })
  .superRefine((headers, ctx) => {
    for (const { name, value } of headers) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) ctx.addIssue({ code: 'custom', message: `'${name}' is not a valid header name` })
      if (/[\r\n]/.test(value)) ctx.addIssue({ code: 'custom', message: `the value of '${name}' must be on a single line` })
    }
  })

export const webhookRequestSchema = z.object({
  // The current CLI sends null when no -X is given: POST, as the Pact Broker's CLI has always defaulted to.
  method: z
    .string({ invalid_type_error: 'must be a string' })
    .nullish()
    .transform((m) => (m ?? 'POST').toUpperCase())
    .refine((m) => HTTP_METHODS.includes(m), 'is not a valid HTTP method'),
  url: z.string({ required_error: 'is required', invalid_type_error: 'must be a string' }).min(1, 'must not be blank'),
  headers: headersSchema,
  /** Any JSON value; a JSON-looking string stays a string (sent as it is). */
  body: z.unknown().optional(),
  username: z.string().nullish(),
  password: z.string().nullish(),
})

export const webhookSchema = z.object({
  uuid: z.string().optional(),
  description: z.string({ invalid_type_error: 'must be a string' }).max(1000).nullish(),
  enabled: z.boolean({ invalid_type_error: 'must be true or false' }).nullish(),
  consumer: pacticipantScopeSchema,
  provider: pacticipantScopeSchema,
  events: z
    .array(
      z.object({
        name: z.enum(EVENT_NAMES, { errorMap: () => ({ message: `must be one of ${EVENT_NAMES.join(', ')}` }) }),
      }),
    )
    .min(1, 'must have at least one event')
    .nullish(),
  request: webhookRequestSchema,
  // Concord's per-webhook overrides of the broker's CONCORD_WEBHOOK_TIMEOUT_MS and success statuses.
  timeoutMs: z.number().int().min(100).max(600_000).nullish(),
  successStatuses: z.array(z.number().int().min(100).max(599)).min(1).nullish(),
  teamUuid: z.unknown().optional(),
})

export type WebhookInput = z.infer<typeof webhookSchema>

export const retriggerSchema = z.object({
  provider: z.string().min(1).optional(),
  consumer: z.string().min(1).optional(),
  dryRun: z.boolean().optional(),
})
export type RetriggerInput = z.infer<typeof retriggerSchema>

/** The UUID rule of the Pact Broker's PUT /webhooks/{uuid}. */
export const WEBHOOK_UUID = /^[A-Za-z0-9_-]{16,}$/
