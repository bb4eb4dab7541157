/**
 * @module consumer
 * The consumer DSL: `consumer('web').hasPactWith('users')` starts a contract; each interaction is built step by
 * step (see ./types.ts) as an immutable draft, and only `executeTest` touches pact-js: it creates a PactV4 for
 * that one interaction, runs the test against pact's mock server and lets pact write (merge into) the pact file.
 * Nothing is shared between tests, so a contract object can be reused across `it` blocks and test files.
 */
import path from 'node:path'
import { PactV4, SpecificationVersion } from '@pact-foundation/pact'
import { checkInteractionDeprecations, type ResolvedDeprecationCheck, resolveDeprecationCheck } from './deprecations.js'
import type {
  ConsumerContract,
  ContractOptions,
  HeadersTemplate,
  HttpInteraction,
  HttpInteractionReady,
  HttpInteractionWithRequest,
  InteractionStart,
  MessageInteraction,
  MessageInteractionReady,
  MessageMetadata,
  MockServer,
  ReceivedMessage,
  RequestSpec,
  ResponseSpec,
  StateParams,
} from './types.js'

export interface Consumer {
  readonly name: string
  /** Starts the contract this consumer has with `provider`. */
  hasPactWith(provider: string, options?: ContractOptions): ConsumerContract
}

/**
 * Names the consumer whose expectations the tests record.
 *
 * @example
 * const users = consumer('web').hasPactWith('users')
 * await users.given('a user exists', { id: 1 }).uponReceiving('a request for user 1')
 *   .withRequest({ method: 'GET', path: '/users/1' })
 *   .willRespondWith({ status: 200, body: Matchers.like({ id: 1, name: 'Ann' }) })
 *   .executeTest(async (mockServer) => expect(await getUser(mockServer.url, 1)).toEqual({ id: 1, name: 'Ann' }))
 */
export function consumer(name: string): Consumer {
  const consumerName = requireName(name, 'consumer')
  return Object.freeze({
    name: consumerName,
    hasPactWith(provider: string, options: ContractOptions = {}): ConsumerContract {
      const providerName = requireName(provider, 'provider')
      const spec = options.spec ?? 'V4'
      if (spec !== 'V4' && spec !== 'V3') throw new TypeError(`spec must be 'V4' or 'V3', got '${String(spec)}'`)
      const resolved = Object.freeze({ ...options, dir: path.resolve(options.dir ?? './pacts'), spec })
      const deprecations = resolveDeprecationCheck(options.deprecations)
      const contract: Contract = { consumer: consumerName, provider: providerName, options: resolved, ...(deprecations ? { deprecations } : {}) }
      return Object.freeze({
        ...contract,
        pactFile: path.join(resolved.dir, `${consumerName}-${providerName}.json`),
        // given / uponReceiving / expectsToReceive: closures over the contract, so spreading them keeps them bound
        ...interactionStart(contract, []),
      })
    },
  })
}

interface Contract {
  consumer: string
  provider: string
  options: ContractOptions & { dir: string; spec: 'V3' | 'V4' }
  /** Set when passing interactions are checked against the broker's deprecations. */
  deprecations?: ResolvedDeprecationCheck
}

/** After a passing test (pact has written the file): the deprecation check, when the contract asks for it. */
async function afterPass<T>(contract: Contract, description: string, value: T): Promise<T> {
  if (contract.deprecations) {
    const pactFile = path.join(contract.options.dir, `${contract.consumer}-${contract.provider}.json`)
    await checkInteractionDeprecations(contract.deprecations, pactFile, contract, description)
  }
  return value
}

interface State {
  description: string
  params?: StateParams
}

function interactionStart(contract: Contract, states: readonly State[]): InteractionStart {
  return Object.freeze({
    given: (description: string, params?: StateParams) =>
      interactionStart(contract, [...states, { description: requireName(description, 'provider state'), ...(params ? { params } : {}) }]),
    uponReceiving: (description: string) => httpInteraction(contract, states, requireName(description, 'interaction description')),
    expectsToReceive: (description: string) => messageInteraction(contract, states, requireName(description, 'message description')),
  })
}

function httpInteraction(contract: Contract, states: readonly State[], description: string): HttpInteraction {
  return Object.freeze({
    withRequest: (request: RequestSpec): HttpInteractionWithRequest =>
      Object.freeze({
        willRespondWith: (response: ResponseSpec): HttpInteractionReady =>
          Object.freeze({
            executeTest: <T>(test: (mockServer: MockServer) => Promise<T>) => runHttpInteraction(contract, states, description, request, response, test),
          }),
      }),
  })
}

function messageInteraction(contract: Contract, states: readonly State[], description: string): MessageInteraction {
  const ready = (content: unknown, metadata: MessageMetadata): MessageInteractionReady =>
    Object.freeze({
      withMetadata: (more: MessageMetadata) => ready(content, { ...metadata, ...more }),
      executeTest: <T>(handler: (message: ReceivedMessage) => Promise<T>) => runMessageInteraction(contract, states, description, content, metadata, handler),
    })
  return Object.freeze({ withContent: (content: unknown, metadata: MessageMetadata = {}) => ready(content, metadata) })
}

function newPact(contract: Contract): PactV4 {
  return new PactV4({
    consumer: contract.consumer,
    provider: contract.provider,
    dir: contract.options.dir,
    spec: contract.options.spec === 'V3' ? SpecificationVersion.SPECIFICATION_VERSION_V3 : SpecificationVersion.SPECIFICATION_VERSION_V4,
    logLevel: contract.options.logLevel ?? 'warn',
    ...(contract.options.host ? { host: contract.options.host } : {}),
    ...(contract.options.port ? { port: contract.options.port } : {}),
  })
}

async function runHttpInteraction<T>(
  contract: Contract,
  states: readonly State[],
  description: string,
  request: RequestSpec,
  response: ResponseSpec,
  test: (mockServer: MockServer) => Promise<T>,
): Promise<T> {
  const pact = newPact(contract)
  let interaction = pact.addInteraction()
  for (const state of states) interaction = interaction.given(state.description, state.params)
  const result = await interaction
    .uponReceiving(description)
    .withRequest(request.method.toUpperCase(), request.path, (builder) => {
      if (request.query) builder.query(request.query)
      if (request.headers) builder.headers(request.headers)
      applyBody(builder, request.body, request.headers)
    })
    .willRespondWith(response.status, (builder) => {
      if (response.headers) builder.headers(response.headers)
      applyBody(builder, response.body, response.headers)
    })
    .executeTest(async (server) => {
      const value = await test({ url: server.url, port: server.port })
      await settleMockServer(pact, server.port)
      return value
    })
    .catch((error: unknown) => {
      // pact's mock-server report lists the requests but not which interaction they belong to: say it first.
      if (error instanceof Error && error.message.startsWith('Test failed for the following reasons')) {
        throw new Error(
          `Interaction "${description}" of ${contract.consumer} → ${contract.provider} did not match: ${error.message.replace(/^Test failed for the following reasons:\s*/, '')}`,
          { cause: error },
        )
      }
      throw error
    })
  return afterPass(contract, description, result as T)
}

async function runMessageInteraction<T>(
  contract: Contract,
  states: readonly State[],
  description: string,
  content: unknown,
  metadata: MessageMetadata,
  handler: (message: ReceivedMessage) => Promise<T>,
): Promise<T> {
  if (contract.options.spec === 'V3') {
    throw new TypeError(`Message interactions need a V4 pact: '${contract.consumer}' has a V3 contract with '${contract.provider}' (drop spec: 'V3')`)
  }
  let message = newPact(contract).addAsynchronousInteraction()
  for (const state of states) message = message.given(state.description, state.params)
  const result = await message
    .expectsToReceive(description, (builder) => {
      builder.withJSONContent(content)
      if (Object.keys(metadata).length) builder.withMetadata(metadata)
    })
    .executeTest((message) => handler({ contents: message.contents.content, metadata: message.metadata ?? {} }))
  return afterPass(contract, description, result as T)
}

const SETTLE_LIMIT_MS = 250

/**
 * Works around a race in pact's mock server (pact-reference#535, pact-js#1835, since pact-js 16.3): it can answer
 * a request before it records the match, so pact-js, which checks right after the test resolves, sometimes
 * reports a request it answered as "expected but not received". After a passing test we wait (briefly, only
 * while the server does not yet report a full match) for the bookkeeping to catch up. The check reads pact's
 * consumer handle, which PactV4 keeps private; if that ever changes we simply skip the wait.
 */
async function settleMockServer(pact: PactV4, port: number): Promise<void> {
  const core = (pact as unknown as { pact?: { mockServerMatchedSuccessfully?: (port: number) => boolean } }).pact
  if (typeof core?.mockServerMatchedSuccessfully !== 'function') return
  const deadline = Date.now() + SETTLE_LIMIT_MS
  while (!core.mockServerMatchedSuccessfully(port) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2))
}

/** JSON unless a non-JSON content type is declared for a string or Buffer body. */
/** The part of pact's request and response builders that sets a body. */
interface BodyBuilder {
  jsonBody(body: unknown): unknown
  body(contentType: string, body: Buffer): unknown
}

function applyBody(builder: BodyBuilder, body: unknown, headers: HeadersTemplate | undefined): void {
  if (body === undefined) return
  const contentType = headerValue(headers, 'content-type')
  if (Buffer.isBuffer(body)) builder.body(contentType ?? 'application/octet-stream', body)
  else if (typeof body === 'string' && contentType && !/[/+]json\b/i.test(contentType)) builder.body(contentType, Buffer.from(body))
  else builder.jsonBody(body)
}

function headerValue(headers: HeadersTemplate | undefined, name: string): string | undefined {
  if (!headers) return undefined
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name)
  const value = Array.isArray(entry?.[1]) ? entry[1][0] : entry?.[1]
  return typeof value === 'string' ? value : undefined
}

function requireName(value: string, what: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new TypeError(`A ${what} must be a non-empty string`)
  return value.trim()
}
