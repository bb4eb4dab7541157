/**
 * The client's deprecation calls (Concord's own API, docs/deprecations.md): declare and withdraw deprecations,
 * read a provider's timeline and what a consumer uses that is going away, and list, accept or dismiss the
 * proposals a provider's own signals raise. Each follows a `concord:*` relation of the index, then the links of
 * the resources it reads.
 */
import { ConfigurationError } from '../errors.js'
import type { HalResource } from './hal.js'
import type { BrokerNotice } from './types.js'
import { type ActorOption, actorHeaders, type Navigator } from './navigator.js'
import { linkOf } from './hal.js'

/** A deprecation as the broker serializes it (`GET /deprecations/{uuid}`). */
export interface Deprecation extends HalResource {
  uuid: string
  provider: string
  kind: string
  item: string
  deprecatedIn: string
  sunset: string
  removedIn?: string
  replacement?: string
  phase: string
  /** What is true now, in words ("removal scheduled in 3.0.0"); brokers before this field leave it out. */
  phaseDescription?: string
  daysToSunset: number
  withdrawn: boolean
}

/** A consumer version that uses a deprecated item. */
export interface DeprecationUserRef {
  consumer: string
  version: string
  branch?: string
}

/** Who uses an item where: deployed and released per environment, the main branch, other branches. */
export interface DeprecationUsage {
  consumers: string[]
  environments: { name: string; deployed: DeprecationUserRef[]; released: DeprecationUserRef[] }[]
  mainBranch: DeprecationUserRef[]
  otherBranches: DeprecationUserRef[]
}

export interface DeprecationProposal extends HalResource {
  uuid: string
  provider: string
  status: string
  item: string
  sources: string[]
  providerVersions: string[]
  seenBy?: { consumer: string; interaction: string }[]
  sunset?: string
  daysToSunset?: number
  reportCount: number
  deprecation?: string
  usage?: DeprecationUsage
}

export interface DeprecationTimeline extends HalResource {
  provider: string
  deprecations: (Deprecation & { usage: DeprecationUsage })[]
  /** Open proposals (from the provider's own signals): shown, not enforced. Older brokers leave it out. */
  proposed?: DeprecationProposal[]
}

export interface DeprecationsInUse extends HalResource {
  consumer: string
  deprecations: (Deprecation & { versions: { version: string; where: string[]; interactions: string[] }[] })[]
  notices: BrokerNotice[]
}

/** What `concord deprecate` declares (the body of `POST concord:deprecations`). */
export interface DeprecationInput {
  kind: 'operation' | 'field' | 'message'
  method?: string
  path?: string
  pointer?: string
  location?: string
  description?: string
  deprecatedIn: string
  sunset: string
  removedIn?: string
  replacement?: string
  reason?: string
  link?: string
}

/** What accepting a proposal may add or change (the API's field names). */
export interface AcceptProposalInput {
  deprecatedIn?: string
  sunset?: string
  removedIn?: string
  replacement?: string
  reason?: string
  link?: string
  path?: string
}

/** A response that carried `Deprecation` / `Sunset` headers while a provider version was verified. */
export interface DeprecationHeadersSeen {
  method: string
  /** The concrete request path (the broker works out the operation's template). */
  path: string
  deprecation?: string
  sunset?: string
  link?: string
  /** The consumer interactions whose requests got this response. */
  seenBy?: Array<{ consumer: string; interaction: string }>
}

export interface DeprecationReportResult {
  /** One per item: a new proposal, an update of a known one, or an item the provider already deprecates. */
  results: Array<{ outcome: 'created' | 'updated' | 'already-deprecated'; item: string; proposal?: { uuid: string; status: string } }>
}

function embedded<T>(resource: HalResource, key: string): T[] {
  const list = resource._embedded?.[key]
  return Array.isArray(list) ? (list as T[]) : []
}

export function deprecationMethods(nav: Navigator) {
  /** The proposal's accept or dismiss link; a decided proposal has none, and the message says what became of it. */
  async function decisionLink(uuid: string, rel: 'concord:accept' | 'concord:dismiss'): Promise<string> {
    const proposal = await nav.request<DeprecationProposal>('GET', await nav.relation('concord:deprecation-proposal', { proposal: uuid }))
    const link = linkOf(proposal, rel)
    if (link) return link.href
    const verb = rel === 'concord:accept' ? 'accepted' : 'dismissed'
    throw new ConfigurationError(
      `The proposal to deprecate ${proposal.item} of ${proposal.provider} is ${proposal.status}${proposal.deprecation ? ` (deprecation ${proposal.deprecation})` : ''}, so it cannot be ${verb}: only open proposals can.`,
    )
  }

  return {
    /**
     * Declares a provider's deprecation (`POST concord:deprecations`).
     * @example await client.declareDeprecation('users', { kind: 'operation', method: 'GET', path: '/users/{id}', deprecatedIn: '2.0.0', sunset: '2027-06-30' })
     */
    async declareDeprecation(provider: string, input: DeprecationInput, options?: ActorOption): Promise<Deprecation> {
      return nav.request<Deprecation>('POST', await nav.relation('concord:deprecations', { provider }), { body: input, headers: actorHeaders(options) })
    },

    /** Withdraws a deprecation (`DELETE concord:deprecation`); its history is kept. */
    async withdrawDeprecation(uuid: string, options?: ActorOption): Promise<Deprecation> {
      return nav.request<Deprecation>('DELETE', await nav.relation('concord:deprecation', { deprecation: uuid }), { headers: actorHeaders(options) })
    },

    /** A provider's deprecations with who still uses each where, and its open proposals. */
    async deprecationTimeline(provider: string): Promise<DeprecationTimeline> {
      return nav.request<DeprecationTimeline>('GET', await nav.relation('concord:deprecation-timeline', { provider }))
    },

    /** What a consumer's versions use that their providers deprecate. */
    async deprecationsInUse(consumer: string): Promise<DeprecationsInUse> {
      return nav.request<DeprecationsInUse>('GET', await nav.relation('concord:deprecations-in-use', { consumer }))
    },

    /** A provider's deprecation proposals: `open` (the broker's default), `accepted`, `dismissed` or `all`. */
    async listDeprecationProposals(
      provider: string,
      options: { status?: string | undefined } = {},
    ): Promise<{ provider: string; proposals: DeprecationProposal[] }> {
      const body = await nav.request<HalResource & { provider: string }>('GET', await nav.relation('concord:deprecation-proposals', { provider }), {
        query: { status: options.status },
      })
      return { provider: body.provider, proposals: embedded<DeprecationProposal>(body, 'proposals') }
    },

    /** Accepts an open proposal: GET it (`concord:deprecation-proposal`), POST its `concord:accept` link. */
    async acceptDeprecationProposal(
      uuid: string,
      input: AcceptProposalInput = {},
      options?: ActorOption,
    ): Promise<DeprecationProposal & { _embedded: { deprecation: Deprecation } }> {
      return nav.request('POST', await decisionLink(uuid, 'concord:accept'), { body: input, headers: actorHeaders(options) })
    },

    /** Dismisses an open proposal (its `concord:dismiss` link); later reports of the item stay dismissed. */
    async dismissDeprecationProposal(uuid: string, options: ActorOption & { reason?: string | undefined } = {}): Promise<DeprecationProposal> {
      return nav.request('POST', await decisionLink(uuid, 'concord:dismiss'), {
        body: options.reason ? { reason: options.reason } : {},
        headers: actorHeaders(options),
      })
    },

    /**
     * Reports the `Deprecation` / `Sunset` headers a provider version sent while being verified (`POST
     * concord:deprecation-proposals`): the broker proposes the deprecations, for the provider team to accept or dismiss.
     */
    async reportDeprecationHeaders(
      provider: string,
      input: { providerVersion: string; deprecations: DeprecationHeadersSeen[] },
    ): Promise<DeprecationReportResult> {
      const body = await nav.request<Partial<DeprecationReportResult>>('POST', await nav.relation('concord:deprecation-proposals', { provider }), {
        body: input,
      })
      return { results: Array.isArray(body.results) ? body.results : [] }
    },
  }
}
