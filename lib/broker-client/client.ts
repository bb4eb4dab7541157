/**
 * The typed broker client. Every call starts from the broker's HAL index (fetched once per client) and
 * follows links, as the official Pact clients do, so it works against any Pact-Broker-compatible server and
 * under a context path.
 */
import { BrokerApiError, type BrokerNotice, ConfigurationError, NotABrokerError } from '../errors.js'
import { expand, type HalResource, linkOf, linksOf, resolveHref } from './hal.js'
import { createHttp, type FetchLike, type Http } from './http.js'
import { canIDeployQuery, matrixQueryString } from './matrix-query.js'
import { deprecationMethods } from './deprecations.js'
import type { Navigator } from './navigator.js'
import { providerContractMethods } from './provider-contracts.js'
import { releasePlanMethods } from './release-plans.js'
import { webhookMethods } from './webhooks.js'
import type {
  CanIDeployInput,
  DeployedVersion,
  Environment,
  EnvironmentInput,
  MatrixQuery,
  MatrixResponse,
  Pacticipant,
  PacticipantInput,
  PactsForVerificationInput,
  PublishContractsInput,
  PublishContractsResult,
  ReleasedVersion,
  Tag,
  VerifiablePact,
  VerificationResult,
  VerificationResultInput,
  Version,
} from './types.js'

export interface BrokerClientOptions {
  /** The broker's base URL (its HAL index), e.g. http://localhost:9292. */
  baseUrl: string
  /**
   * Bearer token (wins over username/password, as in the Pact CLI). Without token and username, the client
   * reads CONCORD_BROKER_TOKEN / PACT_BROKER_TOKEN, else PACT_BROKER_USERNAME / PACT_BROKER_PASSWORD from `env`.
   */
  token?: string | undefined
  username?: string | undefined
  password?: string | undefined
  /** Where credentials not passed come from (default process.env). */
  env?: Record<string, string | undefined> | undefined
  /** A fetch implementation (default: global fetch). */
  fetch?: FetchLike | undefined
  /** Extra attempts after a transient failure (5xx, 408, 429, reset connection). Default 3. */
  retries?: number | undefined
  /** First retry delay in ms (doubles each time; `Retry-After` wins). Default 500. */
  retryDelayMs?: number | undefined
  userAgent?: string | undefined
  /** Per-request timeout in ms (default 30 000); a timed-out request counts as transient and is retried. */
  timeoutMs?: number | undefined
}

export interface CreateTokenInput {
  name: string
  role: 'read' | 'write' | 'admin'
  /** ISO-8601 date-time after which the token stops working. */
  expiresAt?: string | undefined
  /** Pacticipants a write token may write for (default: any). */
  pacticipants?: string[] | undefined
}

export interface ApiToken {
  uuid: string
  name: string
  role: 'read' | 'write' | 'admin'
  /** The secret: only in the answer to createToken. */
  value?: string
  prefix: string
  pacticipants?: string[]
  expiresAt?: string
  createdBy: string
  createdAt: string
  lastUsedAt?: string
  revokedAt?: string
  revokedBy?: string
}

export interface AuditQuery {
  since?: string | undefined
  until?: string | undefined
  actor?: string | undefined
  pacticipant?: string | undefined
  type?: string | undefined
  outcome?: 'accepted' | 'refused' | 'failed' | undefined
  /** uuid of the last event already read. */
  from?: string | undefined
  sort?: '+timestamp' | '-timestamp' | undefined
  pageSize?: number | undefined
}

export interface AuditEvent {
  uuid: string
  timestamp: string
  type: string
  outcome: 'accepted' | 'refused' | 'failed'
  actor: string
  actorKind: string
  tokenUuid: string | null
  clientAddress: string | null
  requestId: string | null
  pacticipants: string[]
  payload: Record<string, unknown> & { method?: string | null; path?: string | null; status?: number | null }
}

export interface RecordDeploymentInput {
  pacticipant: string
  version: string
  environment: string
  applicationInstance?: string | undefined
}

export interface RecordUndeploymentInput {
  pacticipant: string
  environment: string
  applicationInstance?: string | undefined
}

export interface RecordReleaseInput {
  pacticipant: string
  version: string
  environment: string
}

export interface PactsForVerificationResult {
  pacts: VerifiablePact[]
  body: HalResource
}

export interface DeprecationCheckInput {
  /** The pact document (as written to the pact file); `provider.name` is required. */
  pact: Record<string, unknown>
  consumerVersion?: string | undefined
}

export interface DeprecationCheckResult {
  usesDeprecatedItems: boolean
  /** True when an item the pact uses is past its sunset (its notice is an `error`). */
  pastSunset: boolean
  notices: BrokerNotice[]
}

export type { DeprecationHeadersSeen, DeprecationReportResult } from './deprecations.js'

export type BrokerClient = ReturnType<typeof createBrokerClient>

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function embedded<T>(resource: HalResource, key: string): T[] {
  const list = resource._embedded?.[key]
  return Array.isArray(list) ? (list as T[]) : []
}

function checkBaseUrl(raw: string): string {
  if (!raw || !raw.trim()) throw new ConfigurationError('No broker URL: pass --broker-url or set CONCORD_BROKER_URL (or PACT_BROKER_BASE_URL)')
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw new ConfigurationError(`The broker URL '${raw}' is not a URL: use the form http://host:port`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigurationError(`The broker URL '${raw}' must start with http:// or https://`)
  return raw.trim().replace(/\/+$/, '')
}

/**
 * Creates a client for one broker. Options are checked here; nothing is fetched until the first call.
 * @example
 * const client = createBrokerClient({ baseUrl: 'http://localhost:9292', token: process.env.CONCORD_BROKER_TOKEN })
 * const { notices } = await client.publishContracts({ pacticipantName: 'web', pacticipantVersionNumber: '1.0.0', contracts })
 */
export function createBrokerClient(options: BrokerClientOptions) {
  const baseUrl = checkBaseUrl(options.baseUrl)
  if (options.retries !== undefined && (!Number.isInteger(options.retries) || options.retries < 0)) {
    throw new ConfigurationError(`retries must be a whole number of 0 or more, got ${options.retries}`)
  }
  const http: Http = createHttp({ ...options, baseUrl })
  let indexPromise: Promise<HalResource> | undefined

  const at = (href: string) => resolveHref(baseUrl, href)
  const get = async <T>(href: string) => (await http.send<T>({ method: 'GET', url: at(href) })).body
  const post = async <T>(href: string, body: unknown) => (await http.send<T>({ method: 'POST', url: at(href), body })).body
  const put = async <T>(href: string, body: unknown) => (await http.send<T>({ method: 'PUT', url: at(href), body })).body
  const patch = async <T>(href: string, body: unknown) =>
    (await http.send<T>({ method: 'PATCH', url: at(href), body, contentType: 'application/merge-patch+json' })).body

  async function fetchIndex(): Promise<HalResource> {
    const res = await http.send<unknown>({ method: 'GET', url: baseUrl }).catch((error: unknown) => {
      if (error instanceof Error && 'status' in error && (error as { status: number }).status === 404) {
        throw new NotABrokerError(baseUrl, 'GET / answered 404 Not Found')
      }
      throw error
    })
    const contentType = res.headers.get('content-type') ?? 'no content type'
    if (!isRecord(res.body) || !isRecord(res.body._links)) {
      throw new NotABrokerError(baseUrl, `GET / answered ${contentType} without HAL _links`)
    }
    return res.body
  }

  /** The HAL index, fetched once per client (a failed fetch is retried on the next call). */
  function index(): Promise<HalResource> {
    indexPromise ??= fetchIndex().catch((error: unknown) => {
      indexPromise = undefined
      throw error
    })
    return indexPromise
  }

  async function relation(rel: string, values: Record<string, string> = {}): Promise<string> {
    const link = linkOf(await index(), rel)
    if (!link) throw new NotABrokerError(baseUrl, `its index has no '${rel}' link, so it does not support this operation`)
    return expand(link.href, values)
  }

  function requireLink(resource: HalResource, rel: string, what: string, values: Record<string, string> = {}): string {
    const link = linkOf(resource, rel)
    if (!link) throw new NotABrokerError(baseUrl, `${what} has no '${rel}' link`)
    return expand(link.href, values)
  }

  async function isNotFound<T>(promise: Promise<T>): Promise<T | undefined> {
    try {
      return await promise
    } catch (error) {
      if (isRecord(error) && (error as { status?: number }).status === 404) return undefined
      throw error
    }
  }

  async function environmentByName(name: string): Promise<Environment> {
    const all = await listEnvironments()
    const env = all.find((e) => e.name === name)
    if (!env) {
      const known = all.map((e) => e.name)
      throw new ConfigurationError(
        `No environment named '${name}' exists on the broker${known.length ? ` (it has: ${known.join(', ')})` : ' (it has none yet)'}. Create it with: concord environment create --name ${name}`,
      )
    }
    return env
  }

  async function listEnvironments(): Promise<Environment[]> {
    return embedded<Environment>(await get<HalResource>(await relation('pb:environments')), 'environments')
  }

  async function matrix(query: MatrixQuery): Promise<MatrixResponse> {
    const link = linkOf(await index(), 'pb:matrix')?.href ?? `${baseUrl}/matrix`
    const base = at(link).replace(/\?.*$/, '')
    try {
      return await get<MatrixResponse>(`${base}?${matrixQueryString(query)}`)
    } catch (error) {
      // An unknown target environment: say which ones exist, as recordDeployment does (environmentByName throws).
      if (query.environment !== undefined && error instanceof BrokerApiError && error.errors.some((e) => e.pointer === '#/query/environment'))
        await environmentByName(query.environment)
      throw error
    }
  }

  async function getVersion(pacticipant: string, version: string): Promise<Version> {
    return get<Version>(await relation('pb:pacticipant-version', { pacticipant, version }))
  }

  const nav: Navigator = {
    baseUrl,
    relation,
    link: requireLink,
    async request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', href: string, options: Parameters<Navigator['request']>[2] = {}) {
      const url = new URL(at(href))
      for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, value)
      return (await http.send<T>({ method, url: url.toString(), body: options.body, headers: options.headers })).body
    },
  }

  return {
    baseUrl,
    index,
    ...deprecationMethods(nav),
    ...providerContractMethods(nav),
    ...releasePlanMethods(nav),
    ...webhookMethods(nav),

    /** GETs any broker href (resolved against the base URL). */
    get: <T = HalResource>(href: string) => get<T>(href),

    /**
     * Publishes one consumer version's contracts (`POST pb:publish-contracts`); returns the broker's notices.
     * @example await client.publishContracts({ pacticipantName: 'web', pacticipantVersionNumber: '1', branch: 'main', contracts: [{ consumerName: 'web', providerName: 'users', content: pact }] })
     */
    async publishContracts(input: PublishContractsInput): Promise<PublishContractsResult> {
      if (!input.pacticipantName?.trim()) throw new ConfigurationError('publishContracts needs the consumer name (pacticipantName)')
      if (!input.pacticipantVersionNumber?.trim()) throw new ConfigurationError('publishContracts needs the consumer version (pacticipantVersionNumber)')
      if (!input.contracts.length) throw new ConfigurationError('publishContracts needs at least one contract')
      const body = {
        pacticipantName: input.pacticipantName,
        pacticipantVersionNumber: input.pacticipantVersionNumber,
        ...(input.branch ? { branch: input.branch } : {}),
        ...(input.tags?.length ? { tags: input.tags } : {}),
        ...(input.buildUrl ? { buildUrl: input.buildUrl } : {}),
        contracts: input.contracts.map((c) => ({
          consumerName: c.consumerName,
          providerName: c.providerName,
          specification: c.specification ?? 'pact',
          contentType: c.contentType ?? 'application/json',
          content: Buffer.from(typeof c.content === 'string' ? c.content : JSON.stringify(c.content), 'utf8').toString('base64'),
          ...(c.onConflict ? { onConflict: c.onConflict } : {}),
        })),
      }
      const result = await post<HalResource>(await relation('pb:publish-contracts'), body)
      return { ...result, notices: Array.isArray(result.notices) ? (result.notices as PublishContractsResult['notices']) : [] }
    },

    /** @example const web = await client.getPacticipant('web') // BrokerApiError 404 if unknown */
    async getPacticipant(name: string): Promise<Pacticipant> {
      return get<Pacticipant>(await relation('pb:pacticipant', { pacticipant: name }))
    },

    /** Like getPacticipant, but undefined when the broker does not know the name. */
    async findPacticipant(name: string): Promise<Pacticipant | undefined> {
      return isNotFound(get<Pacticipant>(await relation('pb:pacticipant', { pacticipant: name })))
    },

    async listPacticipants(): Promise<Pacticipant[]> {
      const body = await get<HalResource>(await relation('pb:pacticipants'))
      const list = embedded<Pacticipant>(body, 'pacticipants')
      return list.length || !Array.isArray(body.pacticipants) ? list : (body.pacticipants as Pacticipant[])
    },

    async createPacticipant(input: PacticipantInput): Promise<Pacticipant> {
      return post<Pacticipant>(await relation('pb:pacticipants'), compact(input))
    },

    /** Merge-patches the given fields onto an existing pacticipant. */
    async updatePacticipant(name: string, changes: Partial<PacticipantInput>): Promise<Pacticipant> {
      const current = await get<Pacticipant>(await relation('pb:pacticipant', { pacticipant: name }))
      return patch<Pacticipant>(requireLink(current, 'self', `pacticipant '${name}'`), compact({ name, ...changes }))
    },

    /**
     * The Pact CLI's create-or-update-pacticipant: PATCH when it exists, else POST.
     * @example const { created } = await client.createOrUpdatePacticipant({ name: 'web', mainBranch: 'main' })
     */
    async createOrUpdatePacticipant(input: PacticipantInput): Promise<{ pacticipant: Pacticipant; created: boolean }> {
      const current = await isNotFound(get<Pacticipant>(await relation('pb:pacticipant', { pacticipant: input.name })))
      if (current) return { pacticipant: await patch<Pacticipant>(requireLink(current, 'self', `pacticipant '${input.name}'`), compact(input)), created: false }
      return { pacticipant: await post<Pacticipant>(await relation('pb:pacticipants'), compact(input)), created: true }
    },

    getVersion,

    async findVersion(pacticipant: string, version: string): Promise<Version | undefined> {
      return isNotFound(getVersion(pacticipant, version))
    },

    /** The latest version of a pacticipant, optionally the latest with a tag. */
    async getLatestVersion(pacticipant: string, tag?: string): Promise<Version> {
      return tag
        ? get<Version>(await relation('pb:latest-tagged-version', { pacticipant, tag }))
        : get<Version>(await relation('pb:latest-version', { pacticipant }))
    },

    /** Tags a version (creating the pacticipant and version if needed). */
    async tagVersion(pacticipant: string, version: string, tag: string): Promise<Tag> {
      return put<Tag>(await relation('pb:pacticipant-version-tag', { pacticipant, version, tag }), {})
    },

    /** Adds a version to a branch (creating pacticipant, version and branch if needed). */
    async addVersionToBranch(pacticipant: string, branch: string, version: string): Promise<HalResource> {
      return put<HalResource>(await relation('pb:pacticipant-branch-version', { pacticipant, branch, version }), {})
    },

    listEnvironments,

    async getEnvironment(uuid: string): Promise<Environment> {
      return get<Environment>(await relation('pb:environment', { uuid }))
    },

    /** The environment with this name; ConfigurationError listing the known ones if there is none. */
    environmentByName,

    async createEnvironment(input: EnvironmentInput): Promise<Environment> {
      return post<Environment>(await relation('pb:environments'), compact(input))
    },

    /** Replaces an environment's fields (PUT, as the Pact CLI's update-environment). */
    async updateEnvironment(uuid: string, input: EnvironmentInput): Promise<Environment> {
      const current = await get<Environment>(await relation('pb:environment', { uuid }))
      return put<Environment>(requireLink(current, 'self', `environment ${uuid}`), compact(input))
    },

    async deleteEnvironment(uuid: string): Promise<void> {
      const current = await get<Environment>(await relation('pb:environment', { uuid }))
      await http.send({ method: 'DELETE', url: at(requireLink(current, 'self', `environment ${uuid}`)) })
    },

    /**
     * Records that a version is deployed to an environment: GET the version, POST to its `pb:record-deployment`
     * link named after the environment.
     * @example await client.recordDeployment({ pacticipant: 'users', version: '2.0.0', environment: 'production' })
     */
    async recordDeployment(input: RecordDeploymentInput): Promise<DeployedVersion> {
      const version = await getVersion(input.pacticipant, input.version)
      const link = linksOf(version, 'pb:record-deployment').find((l) => l.name === input.environment)
      if (!link) await environmentByName(input.environment) // throws naming the known environments
      if (!link)
        throw new NotABrokerError(baseUrl, `version ${input.version} of ${input.pacticipant} has no 'pb:record-deployment' link for ${input.environment}`)
      return post<DeployedVersion>(link.href, input.applicationInstance ? { applicationInstance: input.applicationInstance } : {})
    },

    /**
     * Marks the pacticipant's currently deployed version(s) in an environment as undeployed (only those with
     * the given application instance, or without one when none is given). Returns what it undeployed.
     */
    async recordUndeployment(input: RecordUndeploymentInput): Promise<DeployedVersion[]> {
      const env = await get<Environment>(requireLink(await environmentByName(input.environment), 'self', `environment ${input.environment}`))
      const href = linkOf(env, 'pb:currently-deployed-deployed-versions') ?? linkOf(env, 'pb:currently-deployed-versions')
      if (!href) throw new NotABrokerError(baseUrl, `environment ${input.environment} has no 'pb:currently-deployed-deployed-versions' link`)
      const url = new URL(at(href.href))
      url.searchParams.set('pacticipant', input.pacticipant)
      const deployed = embedded<DeployedVersion & { _embedded?: { pacticipant?: { name?: string } } }>(
        await get<HalResource>(url.toString()),
        'deployedVersions',
      )
      const matching = deployed.filter(
        (d) =>
          d._embedded?.pacticipant?.name === input.pacticipant &&
          (input.applicationInstance ? (d.applicationInstance ?? d.target) === input.applicationInstance : !d.applicationInstance && !d.target),
      )
      const undeployed: DeployedVersion[] = []
      for (const d of matching) undeployed.push(await patch<DeployedVersion>(requireLink(d, 'self', 'deployed version'), { currentlyDeployed: false }))
      return undeployed
    },

    /** Records that a version is released to an environment (`pb:record-release` link named after it). */
    async recordRelease(input: RecordReleaseInput): Promise<ReleasedVersion> {
      const version = await getVersion(input.pacticipant, input.version)
      const link = linksOf(version, 'pb:record-release').find((l) => l.name === input.environment)
      if (!link) await environmentByName(input.environment)
      if (!link) throw new NotABrokerError(baseUrl, `version ${input.version} of ${input.pacticipant} has no 'pb:record-release' link for ${input.environment}`)
      return post<ReleasedVersion>(link.href, {})
    },

    /** Ends support for a released version in an environment. Returns the released versions it changed. */
    async recordSupportEnded(input: RecordReleaseInput): Promise<ReleasedVersion[]> {
      const env = await get<Environment>(requireLink(await environmentByName(input.environment), 'self', `environment ${input.environment}`))
      const url = new URL(at(requireLink(env, 'pb:currently-supported-released-versions', `environment ${input.environment}`)))
      url.searchParams.set('pacticipant', input.pacticipant)
      const released = embedded<ReleasedVersion & { _embedded?: { pacticipant?: { name?: string }; version?: { number?: string } } }>(
        await get<HalResource>(url.toString()),
        'releasedVersions',
      )
      const matching = released.filter((r) => r._embedded?.pacticipant?.name === input.pacticipant && r._embedded?.version?.number === input.version)
      const ended: ReleasedVersion[] = []
      for (const r of matching) ended.push(await patch<ReleasedVersion>(requireLink(r, 'self', 'released version'), { currentlySupported: false }))
      return ended
    },

    /** The raw matrix for a query (`pb:matrix`, falling back to `/matrix` like the Pact CLI). */
    matrix,

    /**
     * The can-i-deploy answer (`summary.deployable` true, false or null for unknown).
     * @example const { summary } = await client.canIDeploy({ selectors: [{ pacticipant: 'web', version: '1' }], toEnvironment: 'production' })
     */
    async canIDeploy(input: CanIDeployInput): Promise<MatrixResponse> {
      if (!input.selectors.length) throw new ConfigurationError('can-i-deploy needs at least one pacticipant (--pacticipant NAME --version V)')
      return matrix(canIDeployQuery(input))
    },

    /**
     * The pacts a provider should verify, as the Pact verifier asks for them: GET the for-verification
     * resource, then POST the selectors to its self link.
     */
    async pactsForVerification(provider: string, input: PactsForVerificationInput = {}): Promise<PactsForVerificationResult> {
      const resource = await get<HalResource>(await relation('pb:provider-pacts-for-verification', { provider }))
      const self = linkOf(resource, 'self')?.href ?? (await relation('pb:provider-pacts-for-verification', { provider }))
      const body = await post<HalResource>(self, {
        consumerVersionSelectors: input.consumerVersionSelectors ?? [],
        includePendingStatus: input.includePendingStatus ?? false,
        ...(input.providerVersionTags?.length ? { providerVersionTags: input.providerVersionTags } : {}),
        ...(input.providerVersionBranch ? { providerVersionBranch: input.providerVersionBranch } : {}),
        ...(input.includeWipPactsSince ? { includeWipPactsSince: input.includeWipPactsSince } : {}),
      })
      return { pacts: embedded<VerifiablePact>(body, 'pacts'), body }
    },

    /**
     * The notices a pact would get on publication, without publishing it (`POST /deprecations/check`): one per
     * interaction that uses an item its provider has deprecated. The path is Concord's own (not in the HAL
     * index), relative to the base URL.
     */
    async checkDeprecations(input: DeprecationCheckInput): Promise<DeprecationCheckResult> {
      const body = await post<Partial<DeprecationCheckResult>>(`${baseUrl}/deprecations/check`, {
        pact: input.pact,
        ...(input.consumerVersion ? { consumerVersion: input.consumerVersion } : {}),
      })
      return {
        usesDeprecatedItems: body.usesDeprecatedItems === true,
        pastSunset: body.pastSunset === true,
        notices: Array.isArray(body.notices) ? body.notices : [],
      }
    },

    /** Creates a bearer token (admin only). The result's `value` is the secret, shown this once. */
    async createToken(input: CreateTokenInput): Promise<ApiToken> {
      return post<ApiToken>(`${baseUrl}/settings/tokens`, compact(input))
    },

    /** The broker's tokens (admin only); revoked ones too with `includeRevoked`. */
    async listTokens(options: { includeRevoked?: boolean } = {}): Promise<ApiToken[]> {
      const body = await get<HalResource>(`${baseUrl}/settings/tokens${options.includeRevoked ? '?includeRevoked=true' : ''}`)
      return embedded<ApiToken>(body, 'items')
    },

    /** Revokes a token by uuid (admin only); revoking twice is fine. */
    async revokeToken(uuid: string): Promise<void> {
      await http.send({ method: 'DELETE', url: `${baseUrl}/settings/tokens/${encodeURIComponent(uuid)}` })
    },

    /**
     * Audit events (admin only), one page at a time: pass the page's `next` back as `from` until it is null.
     * @example for (let from; ; ) { const page = await client.auditEvents({ from }); …; if (!page.next) break; from = page.next }
     */
    async auditEvents(query: AuditQuery = {}): Promise<{ events: AuditEvent[]; next: string | null }> {
      const params = new URLSearchParams()
      for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
      const body = await get<{ events?: AuditEvent[]; _links?: { next?: { href?: string } } }>(`${baseUrl}/audit${params.size ? `?${params}` : ''}`)
      const nextHref = body._links?.next?.href
      return { events: Array.isArray(body.events) ? body.events : [], next: nextHref ? new URL(nextHref).searchParams.get('from') : null }
    },

    /** Fetches a pact document by URL (e.g. a verifiable pact's self link). */
    async getPact(pactUrl: string): Promise<HalResource> {
      return get<HalResource>(pactUrl)
    },

    /**
     * Publishes a verification result for a pact, first adding the provider version to its branch and tags
     * (the Pact verifier's order: branch PUT → tag PUTs → result POST).
     */
    async publishVerificationResult(input: VerificationResultInput): Promise<VerificationResult> {
      if (!input.providerApplicationVersion?.trim())
        throw new ConfigurationError('publishing a verification result needs the provider version (providerApplicationVersion)')
      const pact = await get<HalResource>(input.pactUrl)
      if (input.providerBranch || input.providerTags?.length) {
        const provider = await get<HalResource>(requireLink(pact, 'pb:provider', 'the pact'))
        if (input.providerBranch) {
          await put(requireLink(provider, 'pb:branch-version', 'the provider', { branch: input.providerBranch, version: input.providerApplicationVersion }), {})
        }
        for (const tag of input.providerTags ?? [])
          await put(requireLink(provider, 'pb:version-tag', 'the provider', { version: input.providerApplicationVersion, tag }), {})
      }
      return post<VerificationResult>(requireLink(pact, 'pb:publish-verification-results', 'the pact'), {
        success: input.success,
        providerApplicationVersion: input.providerApplicationVersion,
        testResults: input.testResults ?? [],
        ...(input.buildUrl ? { buildUrl: input.buildUrl } : {}),
        verifiedBy: input.verifiedBy ?? { implementation: 'Concord', version: '0.1.0' },
      })
    },
  }
}

function compact<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>
}
