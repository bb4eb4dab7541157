/**
 * Request bodies for deprecation proposals: a report of `Deprecation` / `Sunset` headers seen during
 * verification, accepting a proposal (fields that complete or override it), dismissing one.
 */
import { z } from 'zod'
import { deprecationPatchSchema } from '../deprecations.schemas.js'
import { PROPOSAL_STATUSES, parseDeprecationHeader, parseSunsetHeader } from './proposal.js'

const text = (what: string, max = 2000) =>
  z
    .string({ invalid_type_error: `${what} must be a string`, required_error: 'is required' })
    .trim()
    .min(1, 'must not be blank')
    .max(max, `must be at most ${max} characters`)

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE']

/** One response that carried the headers: the request, the header values as sent, who saw it. */
const observation = z
  .object({
    method: z
      .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
      .trim()
      .transform((s) => s.toUpperCase())
      .refine(
        (s) => METHODS.includes(s),
        (s) => ({ message: `'${s}' is not an HTTP method (${METHODS.join(', ')})` }),
      ),
    path: text('path').refine((s) => s.startsWith('/') && !/\s/.test(s), "must be the request path as sent, starting with '/' (e.g. '/users/42')"),
    deprecation: text('deprecation', 200).optional(),
    sunset: text('sunset', 200).optional(),
    link: text('link').optional(),
    seenBy: z
      .array(z.object({ consumer: text('consumer', 200), interaction: text('interaction', 1000) }).strict())
      .max(200, 'must list at most 200 interactions')
      .optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.deprecation === undefined && o.sunset === undefined) {
      ctx.addIssue({ code: 'custom', message: 'needs the Deprecation or the Sunset header value (or both)' })
    }
    if (o.deprecation !== undefined) {
      const parsed = parseDeprecationHeader(o.deprecation)
      if (!parsed.ok) ctx.addIssue({ code: 'custom', path: ['deprecation'], message: parsed.error })
    }
    if (o.sunset !== undefined) {
      const parsed = parseSunsetHeader(o.sunset)
      if (!parsed.ok) ctx.addIssue({ code: 'custom', path: ['sunset'], message: parsed.error })
    }
  })

/** `POST /pacticipants/{provider}/deprecations/proposals`: what the library saw while verifying a provider version. */
export const headerReportSchema = z
  .object({
    providerVersion: text('providerVersion', 200),
    deprecations: z
      .array(observation, { required_error: 'is required (the responses that carried Deprecation / Sunset headers)', invalid_type_error: 'must be a list' })
      .min(1, 'must list at least one response')
      .max(500, 'must list at most 500 responses'),
  })
  .strict()

export type HeaderReport = z.infer<typeof headerReportSchema>

/**
 * `POST /deprecation-proposals/{uuid}/accept`: anything the proposal lacks or should say differently. The
 * merged deprecation is then checked like any other.
 */
export const acceptSchema = deprecationPatchSchema.pick({
  path: true,
  deprecatedIn: true,
  sunset: true,
  removedIn: true,
  replacement: true,
  reason: true,
  link: true,
})

export type AcceptInput = z.infer<typeof acceptSchema>

export const dismissSchema = z.object({ reason: text('reason').optional() }).strict()

export const proposalsQuerySchema = z.object({
  status: z.enum([...PROPOSAL_STATUSES, 'all'], { errorMap: () => ({ message: `must be one of ${[...PROPOSAL_STATUSES, 'all'].join(', ')}` }) }).optional(),
})
