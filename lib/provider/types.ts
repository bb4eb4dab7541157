/**
 * @module provider/types
 * Options and the structured result of `verifyProvider`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { DeprecationHeadersSeen } from '../broker-client/client.js'
import type { ConsumerVersionSelector } from '../broker-client/types.js'

export type { ConsumerVersionSelector }

/** Parameters the consumer gave a provider state (`given('a user', { id: 1 })` → `{ id: 1 }`). */
export type ProviderStateParams = Record<string, unknown>

/** Sets up (and optionally tears down) a provider state. A setup may return values injected into the request (`fromProviderState`). */
export type StateHandler =
  | ((params: ProviderStateParams) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void)
  | {
      setup?: (params: ProviderStateParams) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void
      teardown?: (params: ProviderStateParams) => Promise<void> | void
    }

/** Produces one asynchronous message for verification (its provider states are set up first). */
export type MessageProducer = (message: { description: string; providerStates?: Array<{ name: string; params?: Record<string, unknown> }> }) => unknown

/** Express-style middleware run before each request reaches the provider (e.g. to add an Authorization header). */
export type RequestFilter = (
  req: IncomingMessage & { headers: Record<string, string | string[] | undefined> },
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void

/** A Node request listener: an Express app, or `(req, res) => …`. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

export interface BrokerSource {
  /** The broker's base URL. */
  url: string
  token?: string
  username?: string
  password?: string
  /** Which consumer versions' pacts to verify (empty or left out: the broker's defaults). */
  selectors?: ConsumerVersionSelector[]
  /** Ask the broker which pacts are pending, so their failures do not fail the verification. */
  enablePending?: boolean
  /** Also verify work-in-progress pacts published since this date (`YYYY-MM-DD` or a Date). */
  includeWipPactsSince?: string | Date
}

export interface VerifyProviderOptions {
  /** The provider's name as the pacts state it. */
  provider: string
  /** Where the running provider answers (give this or `app`). */
  baseUrl?: string
  /** The provider as a request listener (an Express app): started on a free 127.0.0.1 port and stopped afterwards. */
  app?: RequestListener
  /** Fetch the pacts from a broker. */
  broker?: BrokerSource
  /** Verify these pact files or URLs (instead of asking the broker which pacts to verify). */
  pactUrls?: string[]
  /** Provider states by name. */
  stateHandlers?: Record<string, StateHandler>
  requestFilter?: RequestFilter
  /**
   * Asynchronous messages the provider produces, by the description the consumer expects them under: each
   * returns the message content (JSON) the provider would publish.
   */
  messages?: Record<string, MessageProducer>
  /** The provider version (required to publish; default: explicit → CONCORD_APP_VERSION → package.json + git sha). */
  version?: string
  /** The provider's git branch (default: environment, then git). Used for pending/WIP and recorded when publishing. */
  branch?: string
  /** Tags added to the provider version when publishing. */
  tags?: string[]
  /** CI build URL recorded with published results (default: from the CI environment). */
  buildUrl?: string
  /** Publish the results to the broker (default false: publish from CI only). */
  publish?: boolean
  /**
   * Send the `Deprecation` / `Sunset` headers the provider answered with to the broker, which proposes the
   * deprecations for the provider team to accept (default: true when results are published to a `broker`;
   * false never sends them). An unreachable broker only warns.
   */
  reportDeprecations?: boolean
  /** Log level of pact's verifier (default `'warn'`). */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error'
  /** Timeout of each request to the provider, in ms (default 30 000). */
  timeoutMs?: number
  /** Directory and environment for version/branch detection (default cwd and process.env). */
  cwd?: string
  env?: Record<string, string | undefined>
}

/** One difference between what the consumer expects and what the provider did. */
export interface Mismatch {
  /** `status`, `header`, `body`, `query`, `path`, `method`, `metadata` or `error` (the request could not be made or a state failed). */
  kind: 'status' | 'header' | 'body' | 'query' | 'path' | 'method' | 'metadata' | 'error' | 'other'
  /** Where: a JSON path (`$.name`), a header or query name. */
  at?: string
  expected?: string
  actual?: string
  /** Pact's description of the mismatch. */
  detail: string
}

export type InteractionStatus = 'passed' | 'failed' | 'pending' | 'not-run'

export interface InteractionResult {
  description: string
  providerStates: string[]
  /** `pending`: it failed, but its pact is pending, so the failure does not fail the verification. */
  status: InteractionStatus
  mismatches: Mismatch[]
}

export interface PactResult {
  consumer: string
  provider: string
  /** Where the pact came from (broker URL or file). */
  source: string
  /** The broker's description of why it is verified (e.g. "latest from main branch"). */
  shortDescription?: string
  pending: boolean
  wip: boolean
  /** True when no interaction failed (pending failures included: a pending pact can be unsuccessful without failing the run). */
  success: boolean
  interactions: InteractionResult[]
}

/**
 * A `Deprecation` or `Sunset` header the provider sent while being verified (RFC 9745 / RFC 8594): the same shape
 * the broker client reports to the broker as a deprecation proposal.
 */
export type DeprecationSeen = DeprecationHeadersSeen

export interface VerificationReport {
  provider: string
  /** False when any interaction of a non-pending pact failed. */
  success: boolean
  pacts: PactResult[]
  /** Notices the broker attached to the pacts (why each is verified, pending explanations). */
  notices: string[]
  deprecations: DeprecationSeen[]
  /** True when `deprecations` were sent to the broker as deprecation proposals. */
  deprecationsReported: boolean
  /** True when the results were published to the broker. */
  published: boolean
  /** A person-readable summary naming each failed interaction and its mismatches. */
  summary: string
  /** Pact's verifier output (without colours). */
  output: string
}
