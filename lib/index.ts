/**
 * @module concord
 * The testing library's public API, as explicit named exports (our names only; pact-js stays an implementation
 * detail apart from the matcher functions under `Matchers`).
 *
 * @example
 * import { consumer, Matchers, publishContracts, verifyProvider, assertVerified } from 'concord-contracts'
 */

// Consumer side: the type-state DSL and the one matcher namespace.
export { consumer } from './consumer/consumer.js'
export type { Consumer } from './consumer/consumer.js'
export * as Matchers from './consumer/matchers.js'
export type {
  ConsumerContract,
  ContractOptions,
  DeprecationCheckOptions,
  HeadersTemplate,
  HttpInteraction,
  HttpInteractionReady,
  HttpInteractionWithRequest,
  InteractionStart,
  MessageInteraction,
  MessageInteractionReady,
  MessageMetadata,
  MockServer,
  QueryTemplate,
  ReceivedMessage,
  RequestSpec,
  ResponseSpec,
  SpecVersion,
  StateParams,
} from './consumer/types.js'

// Contract metadata pact-js does not manage.
export { detectBranch, detectBuildUrl, resolveMetadata } from './metadata/metadata.js'
export type { ContractMetadata, MetadataOptions, VersionSource } from './metadata/metadata.js'

// Publishing.
export { publishContracts } from './publish.js'
export type { PublishContractsOptions, PublishContractsResult, PublishedContract } from './publish.js'

// Provider side.
export { assertVerified, verifyProvider } from './provider/verify-provider.js'
export { formatSummary } from './provider/report.js'
export type {
  BrokerSource,
  ConsumerVersionSelector,
  DeprecationSeen,
  InteractionResult,
  InteractionStatus,
  MessageProducer,
  Mismatch,
  PactResult,
  ProviderStateParams,
  RequestFilter,
  RequestListener,
  StateHandler,
  VerificationReport,
  VerifyProviderOptions,
} from './provider/types.js'

// The typed broker client and the errors (owned by lib/broker-client and lib/errors.ts).
export { createBrokerClient } from './broker-client/client.js'
export type { BrokerClient, BrokerClientOptions } from './broker-client/client.js'
// The selectors of `client.canIDeploy` / `client.matrix` (with Concord's `semver` range and `failOnSunset`).
export type { CanIDeployInput, IgnoreSelector, MatrixQuery, MatrixResponse, MatrixSelector } from './broker-client/types.js'
export {
  BrokerApiError,
  BrokerUnreachableError,
  ConcordError,
  ConfigurationError,
  DeprecatedUsageError,
  NotABrokerError,
  VerificationError,
  isConcordError,
} from './errors.js'
export type { BrokerNotice } from './errors.js'
