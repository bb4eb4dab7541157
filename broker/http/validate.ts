/**
 * @module http/validate
 * Request validation with zod schemas (`*.schemas.ts` in each domain). Failures become one ValidationError
 * listing every bad field as a JSON pointer with a sentence a person can act on.
 */
import type { Request, RequestHandler } from 'express'
import type { ZodError, ZodType, ZodTypeDef } from 'zod'
import { UnsupportedMediaTypeError, ValidationError, type FieldError } from '../shared/errors.js'

function pointerOf(path: (string | number)[], prefix: string): string {
  return prefix + path.map((segment) => '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('')
}

export function fieldErrorsOf(error: ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    const missing = issue.code === 'invalid_type' && issue.received === 'undefined'
    return { pointer: pointerOf(issue.path, prefix), detail: missing ? 'is required' : issue.message }
  })
}

/**
 * Validates `input` against `schema`; returns the parsed value or throws ValidationError.
 * `prefix` roots the pointers (e.g. '#/query' for query parameters).
 * @example const input = parse(createEnvironmentSchema, req.body)
 */
export function parse<Output, Input = Output>(schema: ZodType<Output, ZodTypeDef, Input>, input: unknown, prefix = ''): Output {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  throw new ValidationError(fieldErrorsOf(result.error, prefix))
}

/** The JSON body of a write, or {} when the client sent none (several Pact clients send empty PUT bodies). */
export function jsonBody(req: Request): unknown {
  return req.body === undefined ? {} : req.body
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i

export function isJsonContentType(contentType: string | undefined): boolean {
  return !!contentType && JSON_TYPE.test(contentType.split(';')[0]!.trim())
}

/** 415 for a write whose body is not JSON (application/json or any application/*+json). */
export const requireJsonBodies: RequestHandler = (req, _res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0
  if (hasBody && ['POST', 'PUT', 'PATCH'].includes(req.method) && !isJsonContentType(req.headers['content-type'])) {
    throw new UnsupportedMediaTypeError(
      `This broker reads JSON request bodies; got Content-Type '${req.headers['content-type'] ?? '(none)'}'. Send Content-Type: application/json.`,
    )
  }
  next()
}
