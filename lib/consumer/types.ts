/**
 * @module consumer/types
 * The steps of the consumer DSL, one interface per step (type-state, as pact-js `src/v4/http/types.ts`): each
 * method returns the interface of the next step, so `withRequest` before `uponReceiving`, or `executeTest` before
 * `willRespondWith`, does not compile.
 *
 * HTTP:    contract → given* → uponReceiving → withRequest → willRespondWith → executeTest
 * Message: contract → given* → expectsToReceive → withContent → withMetadata? → executeTest
 */
import type { Matcher, StatusCodeMatcher } from '@pact-foundation/pact'

/** Pact specification version of the written pact file. */
export type SpecVersion = 'V3' | 'V4'

/** Where and how a contract is written and its mock server run. */
export interface ContractOptions {
  /** Directory the pact file is written to (default `./pacts`, relative to the working directory). */
  dir?: string
  /** Pact specification of the file: `'V4'` (default) or `'V3'` (HTTP interactions only). */
  spec?: SpecVersion
  /** Log level of pact's core (default `'warn'`). */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error'
  /** Interface the mock server binds (default `127.0.0.1`). */
  host?: string
  /** Port of the mock server (default: a free port per test, so tests can run in parallel). */
  port?: number
  /**
   * Check each passing interaction against the provider's deprecations on a broker (`POST /deprecations/check`)
   * before anything is published. `true` uses `CONCORD_BROKER_URL` (and `CONCORD_BROKER_TOKEN`) with `'warn'`.
   * Default: no check.
   */
  deprecations?: boolean | DeprecationCheckOptions
}

/** Where to check for deprecations, and what to do when an interaction uses a deprecated item. */
export interface DeprecationCheckOptions {
  /** The broker's base URL (default `CONCORD_BROKER_URL`). */
  brokerUrl?: string
  /** Bearer token (default `CONCORD_BROKER_TOKEN`). */
  token?: string
  /**
   * `'warn'` (default): `console.warn` one line per notice; a broker that cannot be reached only gives a warning.
   * `'fail'`: the test fails with a DeprecatedUsageError (code `deprecated-usage`); an unreachable broker fails it too.
   */
  onDeprecated?: 'warn' | 'fail'
}

/** Parameters of a provider state (JSON values). */
export type StateParams = Record<string, JsonValue>
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** Header values: a string, a matcher, or a list of them. */
export type HeadersTemplate = Record<string, string | Matcher<string> | Array<string | Matcher<string>>>
/** Query parameters: a value, a matcher, or a list of them. */
export type QueryTemplate = Record<string, string | Matcher<string | number | boolean> | Array<string | Matcher<string | number | boolean>>>

/** The request the consumer sends. `body` is JSON (values or matchers) unless a non-JSON content-type header says otherwise. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | (string & {})
  path: string | Matcher<string>
  query?: QueryTemplate
  headers?: HeadersTemplate
  body?: unknown
}

/** The response the consumer expects. */
export interface ResponseSpec {
  status: number | StatusCodeMatcher<number>
  headers?: HeadersTemplate
  body?: unknown
}

/** The running mock server handed to an HTTP test. */
export interface MockServer {
  /** Base URL, e.g. `http://127.0.0.1:41235`. */
  url: string
  port: number
}

/** The message handed to a message test: the example contents (matchers replaced by their examples) and metadata. */
export interface ReceivedMessage<T = unknown> {
  contents: T
  metadata: Record<string, unknown>
}

/** Start of an interaction: add provider states, then describe an HTTP request or a message. */
export interface InteractionStart {
  /** A provider state the interaction needs (repeatable), with optional parameters. */
  given(state: string, params?: StateParams): InteractionStart
  /** Describes an HTTP interaction (the description must be unique within the contract). */
  uponReceiving(description: string): HttpInteraction
  /** Describes an asynchronous message the consumer expects to receive. */
  expectsToReceive(description: string): MessageInteraction
}

/** A contract between one consumer and one provider; every interaction starts here. */
export interface ConsumerContract extends InteractionStart {
  readonly consumer: string
  readonly provider: string
  /** Resolved options (directory, spec version). */
  readonly options: Readonly<Required<Pick<ContractOptions, 'dir' | 'spec'>>> & ContractOptions
  /** Absolute path of the pact file this contract writes (`<dir>/<consumer>-<provider>.json`). */
  readonly pactFile: string
}

export interface HttpInteraction {
  withRequest(request: RequestSpec): HttpInteractionWithRequest
}

export interface HttpInteractionWithRequest {
  willRespondWith(response: ResponseSpec): HttpInteractionReady
}

export interface HttpInteractionReady {
  /**
   * Starts a mock server for this one interaction, runs `test` against it and, when the test passes and the
   * server received exactly the expected request, adds the interaction to the pact file. Rejects with pact's
   * mismatch report otherwise.
   */
  executeTest<T>(test: (mockServer: MockServer) => Promise<T>): Promise<T>
}

export interface MessageInteraction {
  /** The message body (JSON values or matchers), with optional metadata. */
  withContent(content: unknown, metadata?: MessageMetadata): MessageInteractionReady
}

/** Message metadata values: strings or string matchers (e.g. `{ 'content-type': 'application/json' }`). */
export type MessageMetadata = Record<string, string | Matcher<string>>

export interface MessageInteractionReady {
  withMetadata(metadata: MessageMetadata): MessageInteractionReady
  /** Runs `handler` with the example message; when it resolves, the message is added to the pact file. */
  executeTest<T>(handler: (message: ReceivedMessage) => Promise<T>): Promise<T>
}
