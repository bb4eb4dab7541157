/**
 * @module provider
 * `verifyProvider` runs pact's Verifier against a provider and returns what happened per pact and interaction.
 * Before verifying it reads the pacts itself (from the broker's pacts-for-verification, or the given files/URLs) —
 * that is what lets the report name each pact's consumer, pending/WIP status and interactions, and what turns a
 * wrong broker URL into one clear error instead of a verifier crash.
 */
import fs from 'node:fs/promises'
import http, { type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { Verifier, type VerifierOptions } from '@pact-foundation/pact'
import { createBrokerClient, type BrokerClient } from '../broker-client/client.js'
import { authorizationHeader, brokerCredentials } from '../broker-client/http.js'
import { BrokerApiError, ConfigurationError, VerificationError } from '../errors.js'
import { detectBranch, detectBuildUrl, resolveMetadata } from '../metadata/metadata.js'
import { buildPactResults, type ExpectedPact, formatSummary, parseVerifierJson, plainOutput } from './report.js'
import type { DeprecationSeen, MessageProducer, RequestFilter, StateHandler, VerificationReport, VerifyProviderOptions } from './types.js'

const STATE_PATH = '/_pactSetup'
const MESSAGE_PATH = '/_messages'

/**
 * Verifies a provider against its consumers' pacts and returns a structured report (it does not throw because
 * a pact failed: check `report.success`, or call `assertVerified(report)`).
 *
 * @example
 * const report = await verifyProvider({
 *   provider: 'users', app: createUsersApp(),
 *   broker: { url: 'http://localhost:9292', selectors: [{ mainBranch: true }, { deployedOrReleased: true }], enablePending: true },
 *   stateHandlers: { 'a user exists': async ({ id }) => { store.add({ id, name: 'Ann' }) } },
 *   version: '1.2.0', branch: 'main', publish: process.env.CI === 'true',
 * })
 * assertVerified(report)
 */
export async function verifyProvider(options: VerifyProviderOptions): Promise<VerificationReport> {
  const provider = checkOptions(options)
  const env = options.env ?? process.env
  const cwd = options.cwd ?? process.cwd()
  const branch = detectBranch({ ...(options.branch !== undefined ? { branch: options.branch } : {}), env, cwd })
  const buildUrl = detectBuildUrl({ ...(options.buildUrl !== undefined ? { buildUrl: options.buildUrl } : {}), env })
  // Credentials not passed come from PACT_BROKER_TOKEN / PACT_BROKER_USERNAME / PACT_BROKER_PASSWORD, as in the official clients.
  const broker = options.broker && { ...options.broker, ...brokerCredentials(options.broker, env) }
  const wipSince = broker?.includeWipPactsSince instanceof Date ? broker.includeWipPactsSince.toISOString().slice(0, 10) : broker?.includeWipPactsSince
  if (broker && !options.pactUrls && (broker.enablePending || wipSince) && !branch && !options.tags?.length) {
    throw new ConfigurationError(
      `Pending and WIP pacts are worked out per provider branch, and no branch is known for ${provider}: pass \`branch\` (or set CONCORD_APP_BRANCH, or run inside a git checkout)`,
    )
  }
  const version = options.publish
    ? resolveMetadata({ ...(options.version !== undefined ? { version: options.version } : {}), env, cwd }).version
    : options.version
  const client = broker
    ? createBrokerClient({ baseUrl: broker.url, token: broker.token, username: broker.username, password: broker.password, env })
    : undefined

  const expected = options.pactUrls
    ? await readPactUrls(options.pactUrls, broker)
    : await readPactsForVerification(client!, provider, {
        selectors: broker!.selectors ?? [],
        pending: broker!.enablePending ?? false,
        ...(wipSince ? { wipSince } : {}),
        ...(branch ? { branch } : {}),
        tags: options.tags ?? [],
      })
  const notices = expected.flatMap((p) => p.notices)
  if (!expected.length) {
    const empty = { provider, success: true, pacts: [], deprecations: [] }
    return { ...empty, notices, deprecationsReported: false, published: false, output: '', summary: formatSummary(empty) }
  }

  const deprecations: DeprecationSeen[] = []
  const running = options.app ? await listen(options.app) : undefined
  try {
    const verifierOptions: VerifierOptions = {
      provider,
      providerBaseUrl: running?.url ?? options.baseUrl!,
      logLevel: options.logLevel ?? 'warn',
      timeout: options.timeoutMs ?? 30_000,
      stateHandlers: toPactStateHandlers(options.stateHandlers ?? {}),
      requestFilter: recordingDeprecations(deprecations, options.requestFilter) as VerifierOptions['requestFilter'],
      ...(options.messages ? { messageProviders: toPactMessageProviders(options.messages) } : {}),
      ...(options.pactUrls
        ? { pactUrls: options.pactUrls.map((u) => (isUrl(u) ? u : path.resolve(cwd, u))) }
        : {
            pactBrokerUrl: client!.baseUrl,
            consumerVersionSelectors: broker!.selectors ?? [],
            enablePending: broker!.enablePending ?? false,
            ...(wipSince ? { includeWipPactsSince: wipSince } : {}),
          }),
      ...(broker?.token ? { pactBrokerToken: broker.token } : {}),
      ...(broker?.username ? { pactBrokerUsername: broker.username, pactBrokerPassword: broker.password ?? '' } : {}),
      ...(branch ? { providerVersionBranch: branch } : {}),
      ...(options.tags?.length ? { providerVersionTags: options.tags } : {}),
      ...(options.publish ? { publishVerificationResult: true, providerVersion: version!, ...(buildUrl ? { buildUrl } : {}) } : {}),
    }
    const raw = await new Verifier(verifierOptions).verifyProvider().then(
      (text) => String(text),
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error)
        if (parseVerifierJson(message)) return message
        throw new VerificationError(`Pact's verifier could not verify ${provider}: ${message}`, undefined, { cause: error })
      },
    )
    const json = parseVerifierJson(raw)
    if (!json) throw new VerificationError(`Pact's verifier gave no result for ${provider}: ${raw.slice(0, 500)}`)
    const pacts = buildPactResults(expected, json)
    const ours = pacts.every((p) => p.interactions.every((i) => i.status !== 'failed' && i.status !== 'not-run'))
    // pact-core also adds a broker source from PACT_BROKER_BASE_URL on its own; never report success when pact's
    // verifier failed, even on pacts we were not told about.
    const report = { provider, success: ours && json.result, pacts, deprecations: attribute(dedupe(deprecations), expected) }
    const unattributed =
      ours && !json.result ? `\n  ✗ pact's verifier reported failures outside the pacts above (is PACT_BROKER_BASE_URL set?): see output` : ''
    const sendDeprecations = client !== undefined && report.deprecations.length > 0 && (options.reportDeprecations ?? Boolean(options.publish))
    const deprecationsReported = sendDeprecations ? await reportDeprecationHeaders(client, provider, version, report.deprecations, notices) : false
    return {
      ...report,
      notices,
      deprecationsReported,
      published: Boolean(options.publish),
      output: plainOutput(json),
      summary: formatSummary(report) + unattributed,
    }
  } finally {
    await running?.close()
  }
}

/**
 * Throws a VerificationError carrying the report when verification failed; its message names each failed
 * interaction and mismatch.
 * @example assertVerified(await verifyProvider(options))
 */
export function assertVerified(report: VerificationReport): VerificationReport {
  if (!report.success) throw new VerificationError(report.summary, report)
  return report
}

function checkOptions(options: VerifyProviderOptions): string {
  if (!options || typeof options.provider !== 'string' || !options.provider.trim()) {
    throw new ConfigurationError("verifyProvider needs `provider`: the provider's name as the pacts state it (e.g. provider: 'users')")
  }
  const provider = options.provider.trim()
  if (options.baseUrl && options.app) throw new ConfigurationError(`Give ${provider} as \`baseUrl\` or as \`app\`, not both`)
  if (!options.baseUrl && !options.app)
    throw new ConfigurationError(`verifyProvider needs \`baseUrl\` (where ${provider} runs) or \`app\` (an Express app to start)`)
  if (options.baseUrl && !isUrl(options.baseUrl)) throw new ConfigurationError(`baseUrl '${options.baseUrl}' is not an http(s) URL`)
  if (!options.broker && !options.pactUrls?.length) {
    throw new ConfigurationError(`verifyProvider needs pacts: pass \`broker: { url }\` to verify the pacts the broker holds for ${provider}, or \`pactUrls\``)
  }
  if (options.broker && (typeof options.broker.url !== 'string' || !options.broker.url.trim())) {
    throw new ConfigurationError('broker.url is empty: pass the broker base URL (e.g. http://localhost:9292)')
  }
  if (options.publish && !options.broker && !options.pactUrls?.every(isUrl)) {
    throw new ConfigurationError('publish: true needs `broker`, or `pactUrls` that are broker URLs: results are published to the broker the pacts came from')
  }
  return provider
}

function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value)
}

interface PactWithNotices extends ExpectedPact {
  notices: string[]
}

async function readPactsForVerification(
  client: BrokerClient,
  provider: string,
  query: { selectors: NonNullable<VerifyProviderOptions['broker']>['selectors']; pending: boolean; wipSince?: string; branch?: string; tags: string[] },
): Promise<PactWithNotices[]> {
  await client.index() // unreachable or not a broker: one clear error, before anything else
  let listed
  try {
    listed = await client.pactsForVerification(provider, {
      consumerVersionSelectors: query.selectors ?? [],
      includePendingStatus: query.pending,
      ...(query.wipSince ? { includeWipPactsSince: query.wipSince } : {}),
      ...(query.branch ? { providerVersionBranch: query.branch } : {}),
      ...(query.tags.length ? { providerVersionTags: query.tags } : {}),
    })
  } catch (error) {
    // The broker does not know the provider yet: nothing to verify (not an error for a new provider).
    if (error instanceof BrokerApiError && error.status === 404) return []
    throw error
  }
  return Promise.all(
    listed.pacts.map(async (p) => {
      const doc = (await client.getPact(p._links.self.href)) as unknown as PactDocument
      return {
        ...describePact(doc, p._links.self.href),
        shortDescription: p.shortDescription,
        pending: p.verificationProperties?.pending === true,
        wip: p.verificationProperties?.wip === true,
        notices: (p.verificationProperties?.notices ?? []).filter((n) => n.when === 'before_verification' && n.text).map((n) => n.text!),
      }
    }),
  )
}

async function readPactUrls(urls: string[], broker: VerifyProviderOptions['broker']): Promise<PactWithNotices[]> {
  return Promise.all(
    urls.map(async (source) => {
      let doc: PactDocument
      if (isUrl(source)) {
        const headers: Record<string, string> = { accept: 'application/hal+json, application/json' }
        const authorization = broker && authorizationHeader(broker)
        if (authorization) headers.authorization = authorization
        const res = await fetch(source, { headers }).catch((error: unknown) => {
          throw new ConfigurationError(`Could not fetch the pact at ${source}: ${error instanceof Error ? error.message : String(error)}`)
        })
        if (!res.ok) throw new ConfigurationError(`Could not fetch the pact at ${source}: ${res.status} ${res.statusText}`)
        doc = (await res.json()) as PactDocument
      } else {
        const text = await fs.readFile(path.resolve(source), 'utf8').catch(() => {
          throw new ConfigurationError(`No pact file at ${path.resolve(source)}`)
        })
        doc = JSON.parse(text) as PactDocument
      }
      return { ...describePact(doc, source), pending: false, wip: false, notices: [] }
    }),
  )
}

interface PactDocument {
  consumer?: { name?: string }
  provider?: { name?: string }
  interactions?: Array<{
    description?: string
    key?: string
    type?: string
    providerStates?: Array<{ name?: string }>
    providerState?: string
    request?: { method?: string; path?: string }
  }>
  messages?: Array<{ description?: string; providerStates?: Array<{ name?: string }>; providerState?: string }>
}

function describePact(doc: PactDocument, source: string): ExpectedPact {
  const all: Array<{
    description?: string
    key?: string
    providerStates?: Array<{ name?: string }>
    providerState?: string
    request?: { method?: string; path?: string }
  }> = [...(doc.interactions ?? []), ...(doc.messages ?? [])]
  const interactions = all.map((i) => ({
    description: i.description ?? '',
    ...(typeof i.key === 'string' ? { key: i.key } : {}),
    providerStates: i.providerStates?.map((s) => s.name ?? '') ?? (i.providerState ? [i.providerState] : []),
    ...(typeof i.request?.method === 'string' && typeof i.request.path === 'string' ? { method: i.request.method.toUpperCase(), path: i.request.path } : {}),
  }))
  return { consumer: doc.consumer?.name ?? '?', provider: doc.provider?.name ?? '?', source, pending: false, wip: false, interactions }
}

type PactStateFunc = (params?: unknown) => Promise<Record<string, unknown> | undefined>

function toPactStateHandlers(handlers: Record<string, StateHandler>): VerifierOptions['stateHandlers'] {
  const wrap =
    (fn: (params: Record<string, unknown>) => unknown): PactStateFunc =>
    async (params) =>
      ((await fn((params ?? {}) as Record<string, unknown>)) ?? undefined) as Record<string, unknown> | undefined
  // Interactions without a state still trigger a state call (named ''): answer it quietly.
  const out: Record<string, PactStateFunc | { setup?: PactStateFunc; teardown?: PactStateFunc }> = { '': () => Promise.resolve(undefined) }
  for (const [name, handler] of Object.entries(handlers)) {
    out[name] =
      typeof handler === 'function'
        ? wrap(handler)
        : { ...(handler.setup ? { setup: wrap(handler.setup) } : {}), ...(handler.teardown ? { teardown: wrap(handler.teardown) } : {}) }
  }
  return out as VerifierOptions['stateHandlers']
}

function toPactMessageProviders(producers: Record<string, MessageProducer>): NonNullable<VerifierOptions['messageProviders']> {
  const out: Record<string, (descriptor: unknown) => Promise<unknown>> = {}
  for (const [description, produce] of Object.entries(producers)) {
    // a producer returns the message or a promise of it (and may throw): the verifier gets a promise either way
    out[description] = async (descriptor) => await produce(descriptor as Parameters<MessageProducer>[0])
  }
  return out
}

/** Wraps the user's request filter so responses carrying Deprecation/Sunset headers are noted on the way back. */
function recordingDeprecations(seen: DeprecationSeen[], filter: RequestFilter | undefined): RequestFilter {
  return (req, res, next) => {
    const url = req.url ?? '/'
    if (!url.startsWith(STATE_PATH) && !url.startsWith(MESSAGE_PATH)) {
      res.once('finish', () => {
        const deprecation = res.getHeader('deprecation')
        const sunset = res.getHeader('sunset')
        if (deprecation === undefined && sunset === undefined) return
        const link = res.getHeader('link')
        seen.push({
          method: req.method ?? 'GET',
          path: url.split('?')[0]!,
          ...(deprecation !== undefined ? { deprecation: String(deprecation) } : {}),
          ...(sunset !== undefined ? { sunset: String(sunset) } : {}),
          ...(link !== undefined ? { link: String(link) } : {}),
        })
      })
    }
    if (filter) filter(req, res, next)
    else next()
  }
}

/** Names, for each response seen, the interactions whose request had that method and path. */
function attribute(seen: DeprecationSeen[], expected: ExpectedPact[]): DeprecationSeen[] {
  return seen.map((d) => {
    const seenBy = expected.flatMap((pact) =>
      pact.interactions
        .filter((i) => i.method === d.method.toUpperCase() && i.path !== undefined && i.path.split('?')[0] === d.path)
        .map((i) => ({ consumer: pact.consumer, interaction: i.description })),
    )
    return seenBy.length ? { ...d, seenBy } : d
  })
}

/**
 * Sends the headers seen to the broker as deprecation proposals. The verification stands whatever happens
 * here: a broker that cannot take them (unreachable, older, refusing) is a warning, in the report's notices too.
 */
async function reportDeprecationHeaders(
  client: BrokerClient,
  provider: string,
  version: string | undefined,
  seen: DeprecationSeen[],
  notices: string[],
): Promise<boolean> {
  const warn = (why: string) => {
    const line = `[concord] Could not report the Deprecation/Sunset headers ${provider} sent to the broker: ${why}`
    console.warn(line)
    notices.push(line)
    return false
  }
  if (!version) return warn('no provider version is known (pass `version`, or publish the results)')
  try {
    const { results } = await client.reportDeprecationHeaders(provider, { providerVersion: version, deprecations: seen })
    const fresh = results.filter((r) => r.outcome === 'created').map((r) => r.item)
    if (fresh.length)
      notices.push(
        `The broker proposes deprecating ${fresh.join(', ')} of ${provider} (from the headers it sent): accept or dismiss with concord deprecations proposals --provider ${provider}`,
      )
    return true
  } catch (error) {
    return warn(error instanceof Error ? error.message : String(error))
  }
}

function dedupe(seen: DeprecationSeen[]): DeprecationSeen[] {
  const byKey = new Map<string, DeprecationSeen>()
  for (const d of seen) byKey.set(`${d.method} ${d.path} ${d.deprecation} ${d.sunset}`, d)
  return [...byKey.values()]
}

async function listen(app: NonNullable<VerifyProviderOptions['app']>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = http.createServer(app)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
