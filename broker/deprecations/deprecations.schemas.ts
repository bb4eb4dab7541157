/**
 * Request bodies for deprecations. One schema checks a whole deprecation (what a POST sends, and what a PATCH
 * produces once merged onto the stored one), so both report the same pointers and sentences.
 */
import semver from 'semver'
import { z } from 'zod'
import { parse } from '../http/validate.js'
import { DEPRECATION_KINDS, FIELD_LOCATIONS, isCalendarDate } from './deprecation.js'
import { parsePathTemplate } from './path-template.js'
import { failOnSunsetSchema } from '../matrix/matrix.schemas.js'

const singleLine = (what: string) =>
  z
    .string({ invalid_type_error: `${what} must be a string` })
    .trim()
    .min(1, 'must not be blank')
    .refine((s) => !/[\r\n]/.test(s), 'must be on a single line')

const semverString = (example: string) =>
  z
    .string({ invalid_type_error: 'must be a string', required_error: 'is required' })
    .trim()
    .refine(
      (s) => semver.valid(s) !== null,
      (s) => ({ message: `'${s}' is not a semantic version (e.g. '${example}')` }),
    )

/** A real calendar date, written YYYY-MM-DD (UTC). */
export const calendarDate = z
  .string({ invalid_type_error: 'must be a date written YYYY-MM-DD', required_error: 'is required (a date written YYYY-MM-DD)' })
  .trim()
  .refine(isCalendarDate, (s) => ({ message: `'${s}' is not a date written YYYY-MM-DD (e.g. '2027-03-31')` }))

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', '*']

const fields = {
  kind: z.enum(DEPRECATION_KINDS, { errorMap: () => ({ message: `must be one of ${DEPRECATION_KINDS.join(', ')}` }) }),
  method: z
    .string({ invalid_type_error: 'must be a string' })
    .trim()
    .transform((s) => s.toUpperCase())
    .refine(
      (s) => METHODS.includes(s),
      (s) => ({ message: `'${s}' is not an HTTP method (${METHODS.join(', ')})` }),
    ),
  path: z.string({ invalid_type_error: 'must be a string' }).superRefine((s, ctx) => {
    const parsed = parsePathTemplate(s)
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `is not a valid path template: it ${parsed.error}` })
  }),
  pointer: z
    .string({ invalid_type_error: 'must be a string' })
    .refine((s) => s.startsWith('/') && s.length > 1, "must be a JSON pointer to a field, such as '/address/street'")
    .refine((s) => !/~[^01]|~$/.test(s), "has a '~' not followed by 0 or 1 (write '~0' for '~' and '~1' for '/')"),
  location: z.enum(FIELD_LOCATIONS, { errorMap: () => ({ message: `must be one of ${FIELD_LOCATIONS.join(', ')}` }) }),
  description: singleLine('description'),
  deprecatedIn: semverString('2.0.0'),
  sunset: calendarDate,
  removedIn: semverString('3.0.0'),
  replacement: singleLine('replacement'),
  reason: z.string({ invalid_type_error: 'must be a string' }).trim().min(1, 'must not be blank'),
  link: z
    .string({ invalid_type_error: 'must be a string' })
    .trim()
    .refine((s) => {
      try {
        return ['http:', 'https:'].includes(new URL(s).protocol)
      } catch {
        return false
      }
    }, 'must be an http(s) URL'),
}

const deprecationObject = z.object({
  kind: fields.kind.optional(),
  method: fields.method.nullish(),
  path: fields.path.nullish(),
  pointer: fields.pointer.nullish(),
  location: fields.location.nullish(),
  description: fields.description.nullish(),
  deprecatedIn: fields.deprecatedIn,
  sunset: fields.sunset,
  removedIn: fields.removedIn.nullish(),
  replacement: fields.replacement.nullish(),
  reason: fields.reason.nullish(),
  link: fields.link.nullish(),
})

/**
 * A whole deprecation. `kind` may be left out: a `description` without a path means a message, a `pointer`
 * a field, otherwise an operation. The kind decides which other fields are required or refused.
 */
export const deprecationSchema = deprecationObject.strict().superRefine((d, ctx) => {
  const kind = d.kind ?? (d.description && !d.path ? 'message' : d.pointer ? 'field' : 'operation')
  const need = (key: keyof typeof d, why: string) => {
    if (d[key] === undefined || d[key] === null) ctx.addIssue({ code: 'custom', path: [key], message: `is required ${why}` })
  }
  const refuse = (key: keyof typeof d, why: string) => {
    if (d[key] !== undefined && d[key] !== null) ctx.addIssue({ code: 'custom', path: [key], message: `must not be given ${why}` })
  }
  if (kind === 'message') {
    need('description', 'for a message (the description its consumers give it)')
    for (const key of ['method', 'path', 'pointer', 'location'] as const) refuse(key, 'for a message')
  } else {
    need('method', `for ${kind === 'field' ? 'a field (the operation it belongs to)' : 'an operation'}`)
    need('path', `for ${kind === 'field' ? 'a field (the operation it belongs to)' : 'an operation'}, as a template such as '/users/{id}'`)
    refuse('description', `for ${kind === 'field' ? 'a field' : 'an operation'} (it names messages)`)
    if (kind === 'field') {
      need('pointer', "for a field, as a JSON pointer such as '/address/street'")
      if (d.location === 'query' && d.pointer && d.pointer.slice(1).includes('/')) {
        ctx.addIssue({ code: 'custom', path: ['pointer'], message: "must name one query parameter, such as '/sort'" })
      }
    } else {
      refuse('pointer', 'for an operation (give kind "field" to deprecate a field)')
      refuse('location', 'for an operation')
    }
  }
  if (d.removedIn && semver.valid(d.removedIn) && semver.valid(d.deprecatedIn) && semver.lte(d.removedIn, d.deprecatedIn)) {
    ctx.addIssue({ code: 'custom', path: ['removedIn'], message: `must be later than deprecatedIn (${d.deprecatedIn})` })
  }
})

export type DeprecationInput = z.infer<typeof deprecationSchema>

/** Checks a whole deprecation (a PATCH merged onto the stored one); throws ValidationError with pointers. */
export function checkDeprecation(input: unknown): DeprecationInput {
  return parse(deprecationSchema, input)
}

/** PATCH (JSON merge patch): any field; null clears an optional one; `withdrawn` withdraws or restores. */
export const deprecationPatchSchema = deprecationObject
  .partial()
  .extend({ withdrawn: z.boolean({ invalid_type_error: 'must be true or false' }).optional() })
  .strict()

export type DeprecationPatch = z.infer<typeof deprecationPatchSchema>

export const gateQuerySchema = z.object({
  pacticipant: z.string({ required_error: 'is required' }).min(1, 'must not be blank'),
  version: z.string({ required_error: 'is required' }).min(1, 'must not be blank'),
  environment: z.string({ required_error: 'is required' }).min(1, 'must not be blank'),
  failOnSunset: failOnSunsetSchema,
})

/** `POST /deprecations/check`: a pact not yet published, checked against its provider's deprecations. */
export const checkSchema = z.object({
  pact: z
    .record(z.unknown(), { invalid_type_error: 'must be a pact document (a JSON object)', required_error: 'is required (the pact document)' })
    .refine((p) => typeof (p.provider as { name?: unknown } | undefined)?.name === 'string', 'must name its provider (provider.name)'),
  consumerVersion: singleLine('consumerVersion').optional(),
})
