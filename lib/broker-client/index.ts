/**
 * @module broker-client
 * A typed client for the Pact Broker HTTP API (and so for Concord's broker): it starts from the HAL index and
 * follows links, maps error responses to BrokerApiError, and retries transient failures.
 *
 * @example
 * import { createBrokerClient } from './broker-client/index.js'
 * const client = createBrokerClient({ baseUrl: 'http://localhost:9292' })
 * const answer = await client.canIDeploy({ selectors: [{ pacticipant: 'web', version: '1.0.0' }], toEnvironment: 'production' })
 */
export { createBrokerClient } from './client.js'
export type {
  ApiToken,
  AuditEvent,
  AuditQuery,
  BrokerClient,
  BrokerClientOptions,
  CreateTokenInput,
  DeprecationCheckInput,
  DeprecationCheckResult,
  PactsForVerificationResult,
  RecordDeploymentInput,
  RecordReleaseInput,
  RecordUndeploymentInput,
} from './client.js'
export type {
  AcceptProposalInput,
  Deprecation,
  DeprecationHeadersSeen,
  DeprecationInput,
  DeprecationProposal,
  DeprecationReportResult,
  DeprecationsInUse,
  DeprecationTimeline,
  DeprecationUsage,
  DeprecationUserRef,
} from './deprecations.js'
export type { ActorOption } from './navigator.js'
export type { BrokerWebhook, RetriggerInput, RetriggerResult, WebhookDefinition, WebhookScope } from './webhooks.js'
export type { ReleasePlan, ReleasePlanInput, ReleasePlanStep } from './release-plans.js'
export type { ConsumerVersionChecked, ProviderContractChange, ProviderContractsDiff, SemverBump, SemverCheckInput } from './provider-contracts.js'
export { expand, linkOf, linksOf, resolveHref } from './hal.js'
export type { HalLink, HalResource } from './hal.js'
export type { FetchLike } from './http.js'
export { canIDeployQuery, matrixQueryString } from './matrix-query.js'
export { contractsByConsumer, findPactFiles, readPactFile } from './pact-files.js'
export type { PactFile } from './pact-files.js'
export type * from './types.js'
