/**
 * @module errors
 * The errors the library and the CLI throw on purpose. Each has a stable machine-readable `code`, so callers
 * branch on `error.code` (or `instanceof`) rather than on message text.
 *
 * | class                  | code                              | when                                               |
 * |------------------------|-----------------------------------|----------------------------------------------------|
 * | ConfigurationError     | `configuration-error`             | a missing or invalid option (no broker URL, …)     |
 * | NotABrokerError        | `not-a-broker`                    | the URL answers, but not with a Pact broker index  |
 * | BrokerUnreachableError | `broker-unreachable`              | nothing answered at the broker URL                 |
 * | BrokerApiError         | the broker's problem slug         | the broker answered with an error status           |
 * | VerificationError      | `verification-failed`             | a provider failed verification                     |
 * | DeprecatedUsageError   | `deprecated-usage`                | a consumer test uses a deprecated item (`onDeprecated: 'fail'`) |
 */

/** A notice as the broker sends it (`{type, text}`): printed to the user, coloured by type. */
export interface BrokerNotice {
  type: string
  text: string
  [extra: string]: unknown
}

/** One field the broker rejected. `pointer` is a JSON pointer (problem+json) or the Pact field path (`{errors}` bodies). */
export interface BrokerFieldError {
  pointer?: string
  detail: string
}

export type ConcordErrorCode = 'configuration-error' | 'not-a-broker' | 'broker-unreachable' | 'verification-failed' | (string & {})

/** Base class: every deliberate error of lib/ and cli/ has a stable `code`. */
export abstract class ConcordError extends Error {
  abstract readonly code: ConcordErrorCode
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/**
 * A missing or invalid option; the message says which one and how to set it.
 * @example throw new ConfigurationError('No broker URL: pass --broker-url or set CONCORD_BROKER_URL')
 */
export class ConfigurationError extends ConcordError {
  readonly code: ConcordErrorCode = 'configuration-error'
}

/**
 * The URL answered, but `GET /` did not return a HAL index with `_links`: it is not a Pact broker (wrong
 * port, a web page, a proxy error page).
 */
export class NotABrokerError extends ConfigurationError {
  override readonly code: ConcordErrorCode = 'not-a-broker'
  constructor(
    readonly url: string,
    what: string,
  ) {
    super(`${url} is not a Pact broker: ${what}. Check the broker URL (--broker-url, CONCORD_BROKER_URL or PACT_BROKER_BASE_URL).`)
  }
}

/** Nothing answered at the broker URL (connection refused, DNS failure, timeout). */
export class BrokerUnreachableError extends ConcordError {
  readonly code: ConcordErrorCode = 'broker-unreachable'
  constructor(
    readonly url: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The broker at ${url} did not answer (${reason}): is it running? Set CONCORD_BROKER_URL (or pass --broker-url) to its address.`, options)
  }
}

/**
 * The broker answered with an error status. `code` is the problem slug (`validation-error`, `not-found`,
 * `environment-name-taken`, …); for brokers that answer with the Pact `{errors}` shape it is derived from
 * the status (400 `validation-error`, 401 `unauthorized`, 403 `forbidden`, 404 `not-found`, 409 `conflict`,
 * 422 `unprocessable`, 5xx `server-error`, otherwise `http-<status>`).
 */
export class BrokerApiError extends ConcordError {
  readonly code: ConcordErrorCode
  readonly status: number
  /** The broker's own message (problem `detail`, or the joined Pact errors). */
  readonly detail: string
  readonly errors: BrokerFieldError[]
  readonly notices: BrokerNotice[]
  readonly method: string
  readonly url: string
  /** The parsed response body (or its text when it was not JSON). */
  readonly body: unknown

  constructor(init: {
    status: number
    code: string
    detail: string
    errors?: BrokerFieldError[]
    notices?: BrokerNotice[]
    method: string
    url: string
    body?: unknown
  }) {
    const errors = init.errors ?? []
    const extra = errors.map((e) => (e.pointer ? `${e.pointer}: ${e.detail}` : e.detail)).filter((line) => !init.detail.includes(line))
    super([init.detail, ...extra.map((line) => `  - ${line}`)].join('\n'))
    this.code = init.code
    this.status = init.status
    this.detail = init.detail
    this.errors = errors
    this.notices = init.notices ?? []
    this.method = init.method
    this.url = init.url
    this.body = init.body
  }
}

/**
 * A provider failed verification against one or more pacts. `result` carries the structured outcome
 * (per pact and interaction) for callers that want more than the message.
 */
export class VerificationError<R = unknown> extends ConcordError {
  readonly code: ConcordErrorCode = 'verification-failed'
  constructor(
    message: string,
    readonly result?: R,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/**
 * A consumer interaction uses an item its provider has deprecated, and the contract was told to fail on that
 * (`deprecations: { onDeprecated: 'fail' }`). `notices` are the broker's notices (`POST /deprecations/check`).
 */
export class DeprecatedUsageError extends ConcordError {
  readonly code: ConcordErrorCode = 'deprecated-usage'
  constructor(
    message: string,
    readonly notices: BrokerNotice[],
  ) {
    super(message)
  }
}

/** True for any deliberate lib/cli error (as opposed to a bug). */
export function isConcordError(error: unknown): error is ConcordError {
  return error instanceof ConcordError
}
