/**
 * `td`: a fluent test-data builder over the broker's real HTTP API (the Pact Broker's `TestDataBuilder`, but
 * through HTTP so that every step goes through the same validation, services and transactions as a client).
 *
 * Each step is queued and run in order when the chain is awaited; a non-2xx answer fails the step with the
 * method, URL, status and body, so a broken setup says exactly what went wrong.
 *
 * @example
 * await td(broker)
 *   .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', branch: 'main' })
 *   .verify({ provider: 'users', providerVersion: '2.0.0', branch: 'main', success: true })
 *   .recordDeployment('users', '2.0.0', 'production')
 *
 * // the awaited value is the state: sha of each pact, urls, environments
 * const state = await td(broker).publishPact({ consumer: 'web', consumerVersion: '1', provider: 'users' })
 * state.lastPact?.sha
 */
import { request, type JsonResponse } from './http.js'

/** What `td(...)` needs from a broker: its base URL (a TestBroker fits). */
export interface TdTarget {
  url: string
}

export interface TdOptions {
  /** Sent with every request, e.g. `{ authorization: 'Bearer …' }` against a broker with auth on. */
  headers?: Record<string, string>
}

export interface PublishPactInput {
  consumer: string
  consumerVersion: string
  provider: string
  branch?: string
  tags?: string[]
  buildUrl?: string
  /**
   * The pact's interactions. A string is shorthand for one interaction whose description is that string: use
   * different strings to publish different content, the same string to publish identical content.
   * Default: one interaction named after the consumer and provider (so identical across consumer versions).
   */
  interactions?: unknown[] | string
  /** Whole pact document override (consumer/provider names are filled in if absent). */
  content?: Record<string, unknown>
  onConflict?: 'overwrite' | 'merge'
}

export interface VerifyInput {
  provider: string
  providerVersion: string
  success: boolean
  /** Which pact to verify; default: the last pact published in this chain for `provider`. */
  consumer?: string
  consumerVersion?: string
  branch?: string
  tags?: string[]
  buildUrl?: string
}

export interface PublishedPact {
  consumer: string
  consumerVersion: string
  provider: string
  /** The pact document as served by the broker for that consumer version. */
  url: string
  /** The content SHA (pact version), from the `pb:pact-version` link. */
  sha: string | null
  publishVerificationResultsUrl: string
}

export interface RecordedVerification {
  consumer: string
  consumerVersion: string
  provider: string
  providerVersion: string
  success: boolean
  url: string | null
}

export interface TdState {
  pacts: PublishedPact[]
  verifications: RecordedVerification[]
  /** Environment name → uuid, for environments seen or created by this chain. */
  environments: Map<string, string>
  /** Deployed/released version uuids in recording order. */
  deployments: { pacticipant: string; version: string; environment: string; uuid: string | null }[]
  releases: { pacticipant: string; version: string; environment: string; uuid: string | null }[]
  lastPact: PublishedPact | undefined
  lastResponse: JsonResponse | undefined
}

type Step = (state: TdState) => Promise<void>

/** A queued chain of setup steps; await it to run them. */
export class TestData implements PromiseLike<TdState> {
  private readonly steps: Step[] = []
  private readonly state: TdState = {
    pacts: [],
    verifications: [],
    environments: new Map(),
    deployments: [],
    releases: [],
    lastPact: undefined,
    lastResponse: undefined,
  }

  constructor(
    private readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** Any request, checked for 2xx. */
  private async call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<JsonResponse> {
    const res = await request(method, url, body, { ...this.headers, ...headers })
    this.state.lastResponse = res
    if (res.status < 200 || res.status > 299) {
      throw new Error(`td: ${method} ${url} answered ${res.status}: ${typeof res.body === 'string' ? res.body : JSON.stringify(res.body)}`)
    }
    return res
  }

  private step(fn: Step): this {
    this.steps.push(fn)
    return this
  }

  private pacticipantUrl(name: string): string {
    return `${this.base}/pacticipants/${encodeURIComponent(name)}`
  }

  private versionUrl(name: string, version: string): string {
    return `${this.pacticipantUrl(name)}/versions/${encodeURIComponent(version)}`
  }

  /** Create (or update) a pacticipant, optionally with a main branch. */
  createPacticipant(name: string, options: { mainBranch?: string; displayName?: string } = {}): this {
    return this.step(async () => {
      await this.call('POST', `${this.base}/pacticipants`, { name, ...options })
    })
  }

  /** Set a pacticipant's main branch (PATCH, merge-patch). */
  setMainBranch(name: string, mainBranch: string): this {
    return this.step(async () => {
      await this.call('PATCH', this.pacticipantUrl(name), { mainBranch }, { 'content-type': 'application/merge-patch+json' })
    })
  }

  /** Publish one pact with `POST /contracts/publish`, as the CLI does. */
  publishPact(input: PublishPactInput): this {
    return this.step(async (state) => {
      const content = pactContent(input)
      const body: Record<string, unknown> = {
        pacticipantName: input.consumer,
        pacticipantVersionNumber: input.consumerVersion,
        contracts: [
          {
            consumerName: input.consumer,
            providerName: input.provider,
            specification: 'pact',
            contentType: 'application/json',
            content: Buffer.from(JSON.stringify(content)).toString('base64'),
            onConflict: input.onConflict ?? 'overwrite',
          },
        ],
      }
      if (input.branch !== undefined) body.branch = input.branch
      if (input.tags !== undefined) body.tags = input.tags
      if (input.buildUrl !== undefined) body.buildUrl = input.buildUrl
      await this.call('POST', `${this.base}/contracts/publish`, body)
      const url = `${this.base}/pacts/provider/${encodeURIComponent(input.provider)}/consumer/${encodeURIComponent(input.consumer)}/version/${encodeURIComponent(input.consumerVersion)}`
      const pact = (await this.call('GET', url)).body
      const links = pact?._links ?? {}
      const publishUrl = links['pb:publish-verification-results']?.href
      if (typeof publishUrl !== 'string') throw new Error(`td: the pact at ${url} has no pb:publish-verification-results link`)
      const pactVersionHref: string | undefined = links['pb:pact-version']?.href
      const sha = pactVersionHref ? decodeURIComponent(/\/pact-version\/([^/]+)/.exec(pactVersionHref)?.[1] ?? '') || null : null
      const published: PublishedPact = {
        consumer: input.consumer,
        consumerVersion: input.consumerVersion,
        provider: input.provider,
        url,
        sha,
        publishVerificationResultsUrl: publishUrl,
      }
      state.pacts.push(published)
      state.lastPact = published
    })
  }

  /**
   * Publish a verification result for a pact, as the verifier does: provider branch PUT, tag PUTs, then the POST.
   * Without `consumer`/`consumerVersion` it verifies the last pact this chain published for `provider`.
   */
  verify(input: VerifyInput): this {
    return this.step(async (state) => {
      const pact = await this.findPact(state, input)
      if (input.branch)
        await this.call(
          'PUT',
          `${this.pacticipantUrl(input.provider)}/branches/${encodeURIComponent(input.branch)}/versions/${encodeURIComponent(input.providerVersion)}`,
          {},
        )
      for (const tag of input.tags ?? [])
        await this.call('PUT', `${this.versionUrl(input.provider, input.providerVersion)}/tags/${encodeURIComponent(tag)}`, {})
      const body: Record<string, unknown> = {
        success: input.success,
        providerApplicationVersion: input.providerVersion,
        verifiedBy: { implementation: 'concord-td', version: '1' },
        testResults: [],
      }
      if (input.buildUrl) body.buildUrl = input.buildUrl
      const res = await this.call('POST', pact.publishVerificationResultsUrl, body)
      state.verifications.push({
        consumer: pact.consumer,
        consumerVersion: pact.consumerVersion,
        provider: input.provider,
        providerVersion: input.providerVersion,
        success: input.success,
        url: res.headers.get('location') ?? res.body?._links?.self?.href ?? null,
      })
    })
  }

  private async findPact(state: TdState, input: VerifyInput): Promise<PublishedPact> {
    if (input.consumer && input.consumerVersion) {
      const known = state.pacts.find((p) => p.provider === input.provider && p.consumer === input.consumer && p.consumerVersion === input.consumerVersion)
      if (known) return known
      const url = `${this.base}/pacts/provider/${encodeURIComponent(input.provider)}/consumer/${encodeURIComponent(input.consumer)}/version/${encodeURIComponent(input.consumerVersion)}`
      const pact = (await this.call('GET', url)).body
      const publishUrl = pact?._links?.['pb:publish-verification-results']?.href
      if (typeof publishUrl !== 'string') throw new Error(`td: the pact at ${url} has no pb:publish-verification-results link`)
      return {
        consumer: input.consumer,
        consumerVersion: input.consumerVersion,
        provider: input.provider,
        url,
        sha: null,
        publishVerificationResultsUrl: publishUrl,
      }
    }
    const candidates = state.pacts.filter((p) => p.provider === input.provider && (!input.consumer || p.consumer === input.consumer))
    const last = candidates[candidates.length - 1]
    if (!last) throw new Error(`td: verify(${input.provider}) needs a pact: publish one earlier in the chain or name consumer and consumerVersion`)
    return last
  }

  /** Tag a version (creating pacticipant and version if needed). */
  tag(pacticipant: string, version: string, tag: string): this {
    return this.step(async () => {
      await this.call('PUT', `${this.versionUrl(pacticipant, version)}/tags/${encodeURIComponent(tag)}`, {})
    })
  }

  /**
   * Make sure a version exists without giving it a branch or tag (the API has no version PUT: this puts a
   * throw-away tag and deletes it again). Record-deployment and record-release need an existing version.
   */
  createVersion(pacticipant: string, version: string): this {
    return this.step(async () => {
      const tagUrl = `${this.versionUrl(pacticipant, version)}/tags/td-create-version`
      await this.call('PUT', tagUrl, {})
      await this.call('DELETE', tagUrl)
    })
  }

  /** Put a version on a branch (creating pacticipant, version and branch if needed). */
  branch(pacticipant: string, branch: string, version: string): this {
    return this.step(async () => {
      await this.call('PUT', `${this.pacticipantUrl(pacticipant)}/branches/${encodeURIComponent(branch)}/versions/${encodeURIComponent(version)}`, {})
    })
  }

  /** Create an environment (no-op if one with that name exists). */
  createEnvironment(name: string, options: { production?: boolean; displayName?: string } = {}): this {
    return this.step(async (state) => {
      await this.environmentUuid(state, name, options)
    })
  }

  private async environmentUuid(state: TdState, name: string, options: { production?: boolean; displayName?: string } = {}): Promise<string> {
    const cached = state.environments.get(name)
    if (cached) return cached
    const found = (await this.call('GET', `${this.base}/environments?name=${encodeURIComponent(name)}`)).body
    const existing = (found?._embedded?.environments ?? []).find((e: { name: string }) => e.name === name)
    let uuid: string
    if (existing) {
      uuid = existing.uuid
    } else {
      const created = await this.call('POST', `${this.base}/environments`, {
        name,
        production: options.production ?? name === 'production',
        ...(options.displayName ? { displayName: options.displayName } : {}),
      })
      uuid = created.body.uuid
    }
    state.environments.set(name, uuid)
    return uuid
  }

  /** Record a deployment of a version to an environment (created if missing). */
  recordDeployment(pacticipant: string, version: string, environment: string, options: { applicationInstance?: string } = {}): this {
    return this.step(async (state) => {
      const uuid = await this.environmentUuid(state, environment)
      const body = options.applicationInstance ? { applicationInstance: options.applicationInstance } : {}
      const res = await this.call('POST', `${this.versionUrl(pacticipant, version)}/deployed-versions/environment/${encodeURIComponent(uuid)}`, body)
      state.deployments.push({ pacticipant, version, environment, uuid: res.body?.uuid ?? null })
    })
  }

  /** Mark the currently deployed versions of a pacticipant in an environment as undeployed (as the CLI does). */
  recordUndeployment(pacticipant: string, environment: string): this {
    return this.step(async (state) => {
      const uuid = await this.environmentUuid(state, environment)
      const list = (
        await this.call(
          'GET',
          `${this.base}/environments/${encodeURIComponent(uuid)}/deployed-versions/currently-deployed?pacticipant=${encodeURIComponent(pacticipant)}`,
        )
      ).body
      for (const item of list?._embedded?.deployedVersions ?? []) {
        await this.call('PATCH', item._links.self.href, { currentlyDeployed: false }, { 'content-type': 'application/merge-patch+json' })
      }
    })
  }

  /** Record a release of a version to an environment (created if missing). */
  recordRelease(pacticipant: string, version: string, environment: string): this {
    return this.step(async (state) => {
      const uuid = await this.environmentUuid(state, environment)
      const res = await this.call('POST', `${this.versionUrl(pacticipant, version)}/released-versions/environment/${encodeURIComponent(uuid)}`, {})
      state.releases.push({ pacticipant, version, environment, uuid: res.body?.uuid ?? null })
    })
  }

  /** Mark a released version as no longer supported in an environment. */
  recordSupportEnded(pacticipant: string, version: string, environment: string): this {
    return this.step(async (state) => {
      const uuid = await this.environmentUuid(state, environment)
      const list = (
        await this.call(
          'GET',
          `${this.base}/environments/${encodeURIComponent(uuid)}/released-versions/currently-supported?pacticipant=${encodeURIComponent(pacticipant)}`,
        )
      ).body
      for (const item of list?._embedded?.releasedVersions ?? []) {
        if (item?._embedded?.version?.number === version) {
          await this.call('PATCH', item._links.self.href, { currentlySupported: false }, { 'content-type': 'application/merge-patch+json' })
        }
      }
    })
  }

  /** Run any custom step in order (e.g. a raw request). */
  custom(fn: (state: TdState) => Promise<void> | void): this {
    return this.step(async (state) => {
      await fn(state)
    })
  }

  /** Runs the queued steps in order; resolves with the (plain, non-thenable) state. */
  async run(): Promise<TdState> {
    const steps = this.steps.splice(0)
    for (const step of steps) await step(this.state)
    return this.state
  }

  then<A = TdState, B = never>(
    onFulfilled?: ((value: TdState) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.run().then(onFulfilled, onRejected)
  }
}

/** Start a chain against a broker. */
export function td(broker: TdTarget | string, options: TdOptions = {}): TestData {
  return new TestData(typeof broker === 'string' ? broker : broker.url, options.headers)
}

/** The pact document td publishes. */
export function pactContent(input: Pick<PublishPactInput, 'consumer' | 'provider' | 'interactions' | 'content'>): Record<string, unknown> {
  if (input.content) return { consumer: { name: input.consumer }, provider: { name: input.provider }, ...input.content }
  const interactions =
    typeof input.interactions === 'string' || input.interactions === undefined
      ? [
          {
            description: input.interactions ?? `a request from ${input.consumer} to ${input.provider}`,
            request: { method: 'GET', path: '/things' },
            response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { things: [] } },
          },
        ]
      : input.interactions
  return { consumer: { name: input.consumer }, provider: { name: input.provider }, interactions, metadata: { pactSpecification: { version: '2.0.0' } } }
}
