/**
 * The resource shapes the client reads, as the Pact Broker documents them (only the fields we use are typed;
 * everything else the broker sends stays on the object).
 */
import type { BrokerNotice } from '../errors.js'
import type { HalResource } from './hal.js'

export type { BrokerNotice }

export interface Pacticipant extends HalResource {
  name: string
  displayName?: string
  mainBranch?: string
  repositoryUrl?: string
  createdAt?: string
  updatedAt?: string
}

export interface PacticipantInput {
  name: string
  displayName?: string | undefined
  mainBranch?: string | undefined
  repositoryUrl?: string | undefined
}

export interface Version extends HalResource {
  number: string
  buildUrl?: string
  createdAt?: string
}

export interface Tag extends HalResource {
  name: string
  createdAt?: string
}

export interface Environment extends HalResource {
  uuid: string
  name: string
  displayName: string
  production: boolean
  contacts?: EnvironmentContact[]
  createdAt?: string
}

export interface EnvironmentContact {
  name: string
  details?: Record<string, unknown>
}

export interface EnvironmentInput {
  name: string
  displayName?: string | undefined
  production: boolean
  contacts?: EnvironmentContact[] | undefined
}

export interface DeployedVersion extends HalResource {
  uuid: string
  currentlyDeployed: boolean
  applicationInstance?: string
  target?: string
  createdAt?: string
  undeployedAt?: string
}

export interface ReleasedVersion extends HalResource {
  uuid: string
  currentlySupported: boolean
  createdAt?: string
  supportEndedAt?: string
}

/** One contract to publish. `content` is the pact document (object or JSON text); the client base64-encodes it. */
export interface ContractToPublish {
  consumerName: string
  providerName: string
  content: Record<string, unknown> | string
  specification?: 'pact'
  contentType?: 'application/json'
  onConflict?: 'overwrite' | 'merge'
}

export interface PublishContractsInput {
  pacticipantName: string
  pacticipantVersionNumber: string
  branch?: string | undefined
  tags?: string[] | undefined
  buildUrl?: string | undefined
  contracts: ContractToPublish[]
}

export interface PublishContractsResult extends HalResource {
  notices: BrokerNotice[]
}

/** A version selector for the matrix / can-i-deploy (the `q[]` entries). */
export interface MatrixSelector {
  pacticipant: string
  version?: string | undefined
  /** `true`, or a tag name: the latest version (with that tag). */
  latest?: boolean | string | undefined
  branch?: string | undefined
  tag?: string | undefined
  mainBranch?: boolean | undefined
  environment?: string | undefined
  /**
   * Concord: a semver range (`^2.0.0`, `>=1.2.0 <2.0.0`), the highest version of the pacticipant in it. It combines
   * with no other version criterion (the broker answers 400).
   */
  semver?: string | undefined
}

export interface IgnoreSelector {
  pacticipant: string
  version?: string | undefined
}

export interface MatrixQuery {
  selectors: MatrixSelector[]
  /** `cvp`, `cvpv` or `cp`; left out = every row. */
  latestby?: 'cvp' | 'cvpv' | 'cp' | undefined
  latest?: boolean | undefined
  tag?: string | undefined
  environment?: string | undefined
  mainBranch?: boolean | undefined
  ignore?: IgnoreSelector[] | undefined
  limit?: number | undefined
  /** Concord: see CanIDeployInput.failOnSunset. */
  failOnSunset?: boolean | undefined
}

export interface CanIDeployInput {
  selectors: MatrixSelector[]
  toEnvironment?: string | undefined
  /** Deprecated Pact style: the tag of the target environment. */
  to?: string | undefined
  /** can-i-merge: check against the main branches. */
  mainBranch?: boolean | undefined
  ignore?: IgnoreSelector[] | undefined
  /**
   * Concord: refuse (true) or only warn about (false) the use of deprecated items past their sunset; left out,
   * the broker's CONCORD_SUNSET_POLICY decides.
   */
  failOnSunset?: boolean | undefined
}

export interface MatrixParticipantVersion {
  number: string
  branch?: string
  tags?: { name: string }[]
  [extra: string]: unknown
}

export interface MatrixRow {
  consumer: { name: string; version: MatrixParticipantVersion | null; [extra: string]: unknown }
  provider: { name: string; version: MatrixParticipantVersion | null; [extra: string]: unknown }
  pact?: { createdAt?: string; _links?: Record<string, { href: string }> } | null
  /**
   * A verification, or (Concord) a schema-level result standing in for one: `verifiedBy: 'schema'`, `status` the
   * schema result, `success` what the decision counted (null: unknown).
   */
  verificationResult: {
    success: boolean | null
    verifiedAt?: string | null
    verifiedBy?: string
    status?: string
    _links?: Record<string, { href: string }>
  } | null
  ignored?: boolean
  [extra: string]: unknown
}

export interface MatrixSummary {
  deployable: boolean | null
  reason: string
  success: number
  failed: number
  unknown: number
  ignored?: number
  [extra: string]: unknown
}

export interface MatrixResponse extends HalResource {
  summary: MatrixSummary
  notices?: BrokerNotice[]
  matrix: MatrixRow[]
}

export interface ConsumerVersionSelector {
  mainBranch?: boolean
  branch?: string
  matchingBranch?: boolean
  fallbackBranch?: string
  tag?: string
  fallbackTag?: string
  latest?: boolean
  consumer?: string
  deployed?: boolean
  released?: boolean
  deployedOrReleased?: boolean
  environment?: string
}

export interface PactsForVerificationInput {
  consumerVersionSelectors?: ConsumerVersionSelector[]
  providerVersionTags?: string[]
  providerVersionBranch?: string
  includePendingStatus?: boolean
  includeWipPactsSince?: string
}

export interface VerifiablePact {
  shortDescription: string
  verificationProperties?: { pending?: boolean; wip?: boolean; notices: Record<string, string>[] }
  _links: { self: { href: string; name?: string }; [rel: string]: unknown }
}

export interface VerificationTestResult {
  interactionId?: string
  interactionDescription?: string
  success: boolean
  mismatches?: { attribute: string; identifier?: string; description: string }[]
  exceptions?: { message: string }[]
  [extra: string]: unknown
}

export interface VerificationResultInput {
  /** The pact-version URL (`_links.self.href` of a verifiable pact, or a fetched pact's self link). */
  pactUrl: string
  success: boolean
  providerApplicationVersion: string
  testResults?: VerificationTestResult[]
  buildUrl?: string | undefined
  verifiedBy?: { implementation: string; version: string; [extra: string]: unknown }
  /** Added to the provider version before the result is published (as the Pact verifier does). */
  providerBranch?: string | undefined
  providerTags?: string[] | undefined
}

export interface VerificationResult extends HalResource {
  success: boolean
  providerApplicationVersion?: string
  verificationDate?: string
}
