/**
 * @module http/problems
 * The one place errors become HTTP responses: `application/problem+json` (RFC 9457).
 *
 * DomainErrors keep their status and slug. Body-parser failures (bad JSON, too large, bad charset) are mapped
 * to their DomainError first. Anything else is a 500 `server-error` whose body carries only a reference id; the
 * full error is logged with that id, so nothing internal leaks to the client.
 *
 * Every problem carries `requestId`, the id of the request's log line and of its `X-Request-Id` header
 * (http/request-log.ts); the reference of a 500 is that same id.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express'
import {
  DomainError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../shared/errors.js'
import type { Logger } from '../shared/logger.js'
import { baseUrlOf } from './links.js'
import { requestIdOf } from './request-log.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  instance?: string
  [extension: string]: unknown
}

interface BodyParserError extends Error {
  type?: string
  status?: number
  limit?: number
  charset?: string
}

/** Turns what body-parser throws into our hierarchy; returns undefined for anything else. */
function fromBodyParser(error: BodyParserError): DomainError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new ValidationError(
        [{ pointer: '', detail: `the body is not valid JSON (${error.message})` }],
        `The request body is not valid JSON: ${error.message}`,
        'invalid-json',
      )
    case 'entity.too.large':
      return new PayloadTooLargeError(error.limit ?? 0)
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError(`The request body's ${error.type.split('.')[0]} is not supported: send UTF-8 JSON`)
    default:
      return undefined
  }
}

/** Serialises a DomainError as a problem document. */
export function toProblem(error: DomainError, req: Request): Problem {
  const problem: Problem = {
    type: `${baseUrlOf(req)}/problems/${error.slug}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    instance: req.originalUrl,
    requestId: requestIdOf(req),
  }
  if (error instanceof ValidationError) problem.errors = error.errors
  // The official Pact clients print `notices` from an error response (they do not read `detail`), so the
  // message a person needs reaches the CLI user too.
  return { ...problem, notices: [{ type: 'error', text: error.message }], ...error.extensions }
}

/**
 * The media type for a problem: `application/problem+json`, unless the client's Accept header rules it out but
 * accepts plain JSON. The official Pact clients send `Accept: application/hal+json[, application/json]` and
 * discard error bodies under any media type but those two, so the person at the CLI would never see the
 * broker's message. They get the same problem document labelled `application/json`.
 */
export function problemContentType(req: Request): string {
  const accept = req.headers.accept
  if (!accept || /application\/problem\+json|\*\/\*|application\/\*/i.test(accept)) return PROBLEM_CONTENT_TYPE
  return /application\/(hal\+)?json/i.test(accept) ? 'application/json' : PROBLEM_CONTENT_TYPE
}

export function sendProblem(req: Request, res: Parameters<RequestHandler>[1], problem: Problem): void {
  res.status(problem.status).type(problemContentType(req)).send(JSON.stringify(problem))
}

/** The error middleware: mounted last by createApp. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const domainError = err instanceof DomainError ? err : fromBodyParser(err as BodyParserError)
    if (domainError) {
      if (domainError instanceof MethodNotAllowedError) res.setHeader('Allow', domainError.allowed.join(', '))
      if (domainError instanceof UnauthorizedError) res.setHeader('WWW-Authenticate', UnauthorizedError.challenge)
      if (domainError instanceof TooManyRequestsError) res.setHeader('Retry-After', String(domainError.retryAfterSeconds))
      sendProblem(req, res, toProblem(domainError, req))
      return
    }
    const reference = requestIdOf(req)
    logger.error('unhandled error', {
      reqId: reference,
      method: req.method,
      path: req.originalUrl,
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    })
    sendProblem(req, res, {
      type: `${baseUrlOf(req)}/problems/server-error`,
      title: 'Internal server error',
      status: 500,
      detail: `The broker failed to handle this request. Quote reference ${reference} to its operator; the error is logged under it.`,
      instance: req.originalUrl,
      requestId: reference,
      reference,
    })
  }
}

/** 404 for any path no router matched. */
export const notFoundHandler: RequestHandler = (req) => {
  throw new NotFoundError(`No resource at ${req.method} ${req.path}. GET / lists what this broker serves.`)
}
