/**
 * The client's provider-contract calls (Concord's schema-level compatibility, docs/api/provider-contracts.md):
 * the diff of two versions' API descriptions and the semver check of one version against a baseline. Each follows
 * a `concord:*` relation of the index.
 */
import type { HalResource } from './hal.js'
import type { Navigator } from './navigator.js'

export type SemverBump = 'major' | 'minor' | 'patch'

/** One change between two API descriptions: whether it breaks, the bump it needs, and whose pacts use it. */
export interface ProviderContractChange {
  kind: string
  breaking: boolean
  bump: string
  operation: string
  path: string
  message: string
  usedBy: string[]
}

/** The broker's answer to a diff or a semver check. */
export interface ProviderContractsDiff extends HalResource {
  provider: string
  from: string
  to: string
  baseline?: string
  bump: SemverBump | null
  bumpForConsumers: SemverBump | null
  breaking: boolean
  brokenConsumers: string[]
  semver?: { ok: boolean; actual: string | null; needed: string | null; suggested: string | null; message: string } | null
  changes: ProviderContractChange[]
  /**
   * The consumer versions whose pacts the changes were checked against: the latest of each consumer and those deployed
   * or released in each environment (`usedBy` and `brokenConsumers` name them by `label`). Older brokers leave it out.
   */
  consumerVersions?: ConsumerVersionChecked[]
}

export interface ConsumerVersionChecked {
  /** `web 1.4.0`, as in `usedBy` and `brokenConsumers`. */
  label: string
  consumer: string
  version: string
  latest: boolean
  environments: { name: string; deployed: boolean; released: boolean }[]
}

export interface SemverCheckInput {
  version: string
  /** Compare with this version … */
  against?: string | undefined
  /** … or with the version deployed in this environment … */
  environment?: string | undefined
  /** … or with the latest earlier version on this branch (default: the main branch). */
  branch?: string | undefined
}

export function providerContractMethods(nav: Navigator) {
  return {
    /**
     * Compares two provider versions' published API descriptions (`GET concord:provider-contracts-diff`).
     * @example const { changes, brokenConsumers } = await client.providerContractsDiff('users', '2.0.0', '2.1.0')
     */
    async providerContractsDiff(provider: string, from: string, to: string): Promise<ProviderContractsDiff> {
      return nav.request<ProviderContractsDiff>('GET', await nav.relation('concord:provider-contracts-diff', { provider }), { query: { from, to } })
    },

    /** Whether a version's number states how its API description changed from a baseline (`GET concord:provider-contracts-semver-check`). */
    async providerContractsSemverCheck(provider: string, input: SemverCheckInput): Promise<ProviderContractsDiff> {
      return nav.request<ProviderContractsDiff>('GET', await nav.relation('concord:provider-contracts-semver-check', { provider }), {
        query: { version: input.version, against: input.against, environment: input.environment, branch: input.branch },
      })
    },
  }
}
