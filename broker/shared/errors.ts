/**
 * @module shared/errors
 * The broker's one error hierarchy. Services throw these; `http/problems.ts` is the only place that turns them
 * into `application/problem+json`. Every `slug` is listed in docs/errors.md (a test keeps the two in sync).
 */
import type { ProblemSlug } from './problem-types.js'

/** One bad field: an RFC 6901 JSON pointer into the request (body, or `#/query/...` for query parameters). */
export interface FieldError {
  pointer: string
  detail: string
}

/** A notice in the Pact Broker's shape (`{type, text}`), printed by the official clients. */
export interface Notice {
  type: 'debug' | 'info' | 'success' | 'warning' | 'prompt' | 'error' | 'danger'
  text: string
}

export abstract class DomainError extends Error {
  abstract readonly status: number
  /** Stable machine-readable code, the last segment of the problem `type` URI. */
  readonly slug: ProblemSlug
  /** Extra members for the problem body (e.g. `notices`). */
  readonly extensions: Record<string, unknown>

  constructor(slug: ProblemSlug, detail: string, extensions: Record<string, unknown> = {}) {
    super(detail)
    this.name = new.target.name
    this.slug = slug
    this.extensions = extensions
  }

  /** Short, fixed human title for the problem type. */
  abstract get title(): string
}

/** 400: the request is malformed or a field is invalid. */
export class ValidationError extends DomainError {
  readonly status = 400
  get title() {
    return 'Your request is not valid'
  }
  constructor(
    readonly errors: FieldError[],
    detail = errors.map((e) => (e.pointer ? `${e.pointer}: ${e.detail}` : e.detail)).join('; '),
    slug: ProblemSlug = 'validation-error',
    extensions: Record<string, unknown> = {},
  ) {
    super(slug, detail, extensions)
  }
}

/** 401: credentials are missing or wrong. */
export class UnauthorizedError extends DomainError {
  readonly status = 401
  get title() {
    return 'Authentication required'
  }
  constructor(detail = 'Send a valid bearer token or basic-auth credentials') {
    super('unauthorized', detail)
  }
  /** The challenges a 401 carries (RFC 9110 §11.6.1): both schemes the official clients can send. */
  static readonly challenge = 'Bearer realm="Concord broker", Basic realm="Concord broker", charset="UTF-8"'
}

/** 403: the credentials may not do this. */
export class ForbiddenError extends DomainError {
  readonly status = 403
  get title() {
    return 'Not allowed'
  }
  constructor(detail: string) {
    super('forbidden', detail)
  }
}

/** 404: the resource (or a parent it names) does not exist. */
export class NotFoundError extends DomainError {
  readonly status = 404
  get title() {
    return 'Not found'
  }
  constructor(detail: string, slug: ProblemSlug = 'not-found') {
    super(slug, detail)
  }
}

/** 405: the resource exists but does not take this method. */
export class MethodNotAllowedError extends DomainError {
  readonly status = 405
  get title() {
    return 'Method not allowed'
  }
  constructor(
    readonly allowed: string[],
    detail: string,
  ) {
    super('method-not-allowed', detail)
  }
}

/** 406: the resource has no representation the client's Accept header allows (a page only people use). */
export class NotAcceptableError extends DomainError {
  readonly status = 406
  get title() {
    return 'Not acceptable'
  }
  constructor(detail: string) {
    super('not-acceptable', detail)
  }
}

/** 409: the request conflicts with what is stored. */
export class ConflictError extends DomainError {
  readonly status = 409
  get title() {
    return 'Conflict with the current state'
  }
}

/** 413: the body is over `CONCORD_BODY_LIMIT`. */
export class PayloadTooLargeError extends DomainError {
  readonly status = 413
  get title() {
    return 'Request body too large'
  }
  constructor(limitBytes: number) {
    super('payload-too-large', `The request body is larger than the broker accepts (${limitBytes} bytes). Send a smaller body or raise CONCORD_BODY_LIMIT.`)
  }
}

/** 415: the body's content type is not one this resource reads. */
export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415
  get title() {
    return 'Unsupported media type'
  }
  constructor(detail: string) {
    super('unsupported-media-type', detail)
  }
}

/** 422: well-formed, but the state change it asks for is not allowed. */
export class UnprocessableError extends DomainError {
  readonly status = 422
  get title() {
    return 'The request cannot be processed'
  }
}

/** 429: too many failed authentications from one client address. */
export class TooManyRequestsError extends DomainError {
  readonly status = 429
  get title() {
    return 'Too many requests'
  }
  constructor(
    readonly retryAfterSeconds: number,
    detail: string,
  ) {
    super('too-many-failed-authentications', detail)
  }
}

/** 503: a dependency (the database) is not ready. */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503
  get title() {
    return 'Service unavailable'
  }
  constructor(detail: string) {
    super('service-unavailable', detail)
  }
}
