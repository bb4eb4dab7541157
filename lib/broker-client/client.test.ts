import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../../test/support/databases.js'
import { startTestBroker, type TestBroker } from '../../test/support/test-broker.js'
import { BrokerApiError, BrokerUnreachableError, ConfigurationError, NotABrokerError } from '../errors.js'
import { createBrokerClient } from './client.js'
import { expand, resolveHref } from './hal.js'
import { canIDeployQuery, matrixQueryString } from './matrix-query.js'

/** A scripted HTTP server on loopback: each request gets the next handler. */
async function scriptedServer(handlers: ((req: IncomingMessage, res: ServerResponse) => void)[]) {
  const seen: { method: string; url: string; headers: IncomingMessage['headers'] }[] = []
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    const handler = handlers[Math.min(seen.length - 1, handlers.length - 1)]!
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, seen, closeAll: () => server.closeAllConnections(), close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/hal+json', ...headers })
    res.end(JSON.stringify(body))
  }

describe('broker client helpers', () => {
  it('expands templates with percent-encoding and leaves unknown placeholders', () => {
    expect(expand('http://b/pacticipants/{pacticipant}/versions/{version}', { pacticipant: 'my app', version: '1/2' })).toBe(
      'http://b/pacticipants/my%20app/versions/1%2F2',
    )
    expect(expand('http://b/x/{other}', {})).toBe('http://b/x/{other}')
  })

  it('keeps the path of an href but uses the configured origin and context path', () => {
    expect(resolveHref('http://127.0.0.1:9999', 'http://broker.internal/pacticipants/web?x=1')).toBe('http://127.0.0.1:9999/pacticipants/web?x=1')
    expect(resolveHref('http://proxy/broker', 'http://internal/pacticipants/web')).toBe('http://proxy/broker/pacticipants/web')
    expect(resolveHref('http://proxy/broker', 'http://proxy/broker/pacticipants/web')).toBe('http://proxy/broker/pacticipants/web')
  })

  it("sends Concord's semver range selector and failOnSunset", () => {
    expect(matrixQueryString({ selectors: [{ pacticipant: 'users', semver: '>=1.2.0 <2.0.0' }] })).toBe(
      'q[][pacticipant]=users&q[][semver]=%3E%3D1.2.0%20%3C2.0.0',
    )
    expect(matrixQueryString(canIDeployQuery({ selectors: [{ pacticipant: 'web', version: '1' }], toEnvironment: 'production', failOnSunset: true }))).toBe(
      'q[][pacticipant]=web&q[][version]=1&latestby=cvpv&environment=production&failOnSunset=true',
    )
  })

  it('builds can-i-deploy queries as the Pact CLI 0.8 does', () => {
    const one = matrixQueryString(canIDeployQuery({ selectors: [{ pacticipant: 'Foo', version: '1.2.3' }], toEnvironment: 'production' }))
    expect(one).toBe('q[][pacticipant]=Foo&q[][version]=1.2.3&latestby=cvpv&environment=production')
    const noEnv = matrixQueryString(canIDeployQuery({ selectors: [{ pacticipant: 'Foo', version: '1.2.3' }] }))
    expect(noEnv).toBe('q[][pacticipant]=Foo&q[][version]=1.2.3&latestby=cvp&latest=true')
    const two = matrixQueryString(
      canIDeployQuery({
        selectors: [
          { pacticipant: 'Foo', version: '1' },
          { pacticipant: 'Bar', latest: 'prod' },
        ],
        ignore: [{ pacticipant: 'Baz' }],
      }),
    )
    expect(two).toBe('q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar&q[][latest]=true&q[][tag]=prod&ignore[][pacticipant]=Baz&latestby=cvpv')
  })

  it('rejects a missing or malformed base URL up front', () => {
    expect(() => createBrokerClient({ baseUrl: '' })).toThrow(ConfigurationError)
    expect(() => createBrokerClient({ baseUrl: 'localhost:9292' })).toThrow(/must start with http/)
    expect(() => createBrokerClient({ baseUrl: 'http://x', retries: -1 })).toThrow(/retries/)
  })
})

describe('broker client HTTP behaviour', () => {
  it('names the URL when nothing answers', async () => {
    const server = await scriptedServer([json(200, {})])
    await server.close() // the port is now closed
    const client = createBrokerClient({ baseUrl: server.url, retries: 0 })
    const error = await client.index().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BrokerUnreachableError)
    expect((error as BrokerUnreachableError).code).toBe('broker-unreachable')
    expect((error as Error).message).toContain(`The broker at ${server.url} did not answer (connection refused)`)
    expect((error as Error).message).toContain('is it running? Set CONCORD_BROKER_URL')
  })

  it('says so when the URL is not a broker', async () => {
    const server = await scriptedServer([
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end('<html>hello</html>')
      },
    ])
    try {
      const error = await createBrokerClient({ baseUrl: server.url })
        .listEnvironments()
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(NotABrokerError)
      expect((error as NotABrokerError).code).toBe('not-a-broker')
      expect((error as Error).message).toBe(
        `${server.url} is not a Pact broker: GET / answered text/html without HAL _links. Check the broker URL (--broker-url, CONCORD_BROKER_URL or PACT_BROKER_BASE_URL).`,
      )
    } finally {
      await server.close()
    }
  })

  it('retries 503 and 429 (honouring Retry-After) and sends the bearer token', async () => {
    const server = await scriptedServer([
      json(503, { errors: ['busy'] }),
      json(429, { errors: ['slow down'] }, { 'retry-after': '0' }),
      json(200, { _links: { self: { href: 'x' } } }),
    ])
    try {
      const index = await createBrokerClient({ baseUrl: server.url, token: 's3cret', retryDelayMs: 1 }).index()
      expect(index._links).toEqual({ self: { href: 'x' } })
      expect(server.seen.map((r) => r.method)).toEqual(['GET', 'GET', 'GET'])
      expect(server.seen.every((r) => r.headers.authorization === 'Bearer s3cret')).toBe(true)
    } finally {
      await server.close()
    }
  })

  it('gives up after the configured retries with the last error', async () => {
    const server = await scriptedServer([json(502, { errors: { '': ['upstream down'] } })])
    try {
      const error = await createBrokerClient({ baseUrl: server.url, retries: 2, retryDelayMs: 1 })
        .index()
        .catch((e: unknown) => e)
      expect(server.seen).toHaveLength(3)
      expect(error).toBeInstanceOf(BrokerApiError)
      expect(error).toMatchObject({ status: 502, code: 'server-error', detail: 'upstream down' })
    } finally {
      await server.close()
    }
  })

  it('gives up on a broker that does not answer in time', async () => {
    const server = await scriptedServer([() => undefined]) // never responds
    try {
      const error = await createBrokerClient({ baseUrl: server.url, timeoutMs: 200, retries: 1, retryDelayMs: 1 })
        .index()
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(BrokerUnreachableError)
      expect((error as Error).message).toContain('did not answer (no response within 0.2s to GET /)')
      expect(server.seen).toHaveLength(2) // retried once
    } finally {
      server.closeAll()
      await server.close()
    }
  })

  it('maps Pact {errors} bodies and sends basic auth when there is no token', async () => {
    const server = await scriptedServer([
      json(200, { _links: { 'pb:environments': { href: 'http://elsewhere/environments' } } }),
      json(400, { errors: { name: ['must not contain spaces'] }, notices: [{ type: 'error', text: 'bad name' }] }),
    ])
    try {
      const client = createBrokerClient({ baseUrl: server.url, username: 'ci', password: 'pw' })
      const error = (await client.createEnvironment({ name: 'a b', production: false }).catch((e: unknown) => e)) as BrokerApiError
      expect(error).toBeInstanceOf(BrokerApiError)
      expect(error).toMatchObject({
        status: 400,
        code: 'validation-error',
        detail: 'name: must not contain spaces',
        errors: [{ pointer: 'name', detail: 'must not contain spaces' }],
      })
      expect(error.notices).toEqual([{ type: 'error', text: 'bad name' }])
      // the href pointed at another host: the client stayed on the configured broker
      expect(server.seen[1]).toMatchObject({ method: 'POST', url: '/environments' })
      expect(server.seen[1]!.headers.authorization).toBe(`Basic ${Buffer.from('ci:pw').toString('base64')}`)
    } finally {
      await server.close()
    }
  })
})

for (const database of DATABASES) {
  describe(`broker client against the broker (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
    })
    afterAll(async () => {
      await broker?.close()
    })

    it('creates, lists, reads, updates and deletes environments through the index links', async () => {
      const client = createBrokerClient({ baseUrl: broker.url })
      const created = await client.createEnvironment({ name: 'staging', displayName: 'Staging', production: false })
      expect(created).toMatchObject({ name: 'staging', displayName: 'Staging', production: false })
      expect((await client.listEnvironments()).map((e) => e.name)).toContain('staging')
      expect(await client.getEnvironment(created.uuid)).toMatchObject({ uuid: created.uuid, name: 'staging' })
      expect((await client.environmentByName('staging')).uuid).toBe(created.uuid)
      const updated = await client.updateEnvironment(created.uuid, { name: 'staging', displayName: 'Stage', production: true })
      expect(updated).toMatchObject({ displayName: 'Stage', production: true })
      await client.deleteEnvironment(created.uuid)
      const error = await client.getEnvironment(created.uuid).catch((e: unknown) => e)
      expect(error).toMatchObject({ status: 404, code: 'not-found' })
    })

    it('maps the broker problem+json to BrokerApiError with its slug and pointers', async () => {
      const client = createBrokerClient({ baseUrl: broker.url })
      await client.createEnvironment({ name: 'prod', production: true })
      const taken = (await client.createEnvironment({ name: 'prod', production: true }).catch((e: unknown) => e)) as BrokerApiError
      expect(taken).toBeInstanceOf(BrokerApiError)
      expect(taken).toMatchObject({ status: 409, code: 'environment-name-taken' })
      expect(taken.detail).toContain("'prod'")
      const invalid = (await client.createEnvironment({ name: 'has space', production: true }).catch((e: unknown) => e)) as BrokerApiError
      expect(invalid).toMatchObject({ status: 400, code: 'validation-error' })
      expect(invalid.errors.map((e) => e.pointer)).toContain('/name')
    })

    it('publishes contracts, lists pacts for verification, publishes a result with branch and tags, and answers can-i-deploy', async () => {
      const client = createBrokerClient({ baseUrl: broker.url })
      const pact = (path: string) => ({
        consumer: { name: 'web' },
        provider: { name: 'users' },
        interactions: [{ description: `get ${path}`, request: { method: 'GET', path }, response: { status: 200 } }],
        metadata: { pactSpecification: { version: '3.0.0' } },
      })
      const published = await client.publishContracts({
        pacticipantName: 'web',
        pacticipantVersionNumber: '1.0.0',
        branch: 'main',
        tags: ['dev'],
        contracts: [{ consumerName: 'web', providerName: 'users', content: pact('/a') }],
      })
      expect(published.notices.map((n) => n.text)).toContain('Pact successfully published for web version 1.0.0 and provider users.')

      const changed = (await client
        .publishContracts({
          pacticipantName: 'web',
          pacticipantVersionNumber: '1.0.0',
          contracts: [{ consumerName: 'web', providerName: 'users', content: JSON.stringify(pact('/b')) }],
        })
        .catch((e: unknown) => e)) as BrokerApiError
      expect(changed).toBeInstanceOf(BrokerApiError)
      expect(changed.status).toBe(409)
      expect(changed.notices.length).toBeGreaterThan(0)

      const { pacts } = await client.pactsForVerification('users', {
        consumerVersionSelectors: [{ mainBranch: true }],
        includePendingStatus: true,
        providerVersionBranch: 'main',
      })
      expect(pacts).toHaveLength(1)
      expect(pacts[0]!._links.self.href).toContain('/pacts/provider/users/consumer/web/pact-version/')

      const result = await client.publishVerificationResult({
        pactUrl: pacts[0]!._links.self.href,
        success: true,
        providerApplicationVersion: '2.0.0',
        providerBranch: 'main',
        providerTags: ['prod'],
      })
      expect(result.success).toBe(true)
      expect((await client.getLatestVersion('users', 'prod')).number).toBe('2.0.0')
      expect((await client.getLatestVersion('users')).number).toBe('2.0.0')

      const answer = await client.canIDeploy({
        selectors: [
          { pacticipant: 'web', version: '1.0.0' },
          { pacticipant: 'users', version: '2.0.0' },
        ],
      })
      expect(answer.summary.deployable).toBe(true)
      expect(answer.matrix).toHaveLength(1)
      const raw = await client.matrix({ selectors: [{ pacticipant: 'web' }], latestby: 'cvp' })
      expect(raw.matrix[0]!.verificationResult?.success).toBe(true)
    })

    it('creates or updates pacticipants and tags versions', async () => {
      const client = createBrokerClient({ baseUrl: broker.url })
      expect(await client.findPacticipant('admin')).toBeUndefined()
      expect((await client.createOrUpdatePacticipant({ name: 'admin', repositoryUrl: 'https://git/admin' })).created).toBe(true)
      const { pacticipant, created } = await client.createOrUpdatePacticipant({ name: 'admin', mainBranch: 'trunk' })
      expect(created).toBe(false)
      expect(pacticipant).toMatchObject({ name: 'admin', mainBranch: 'trunk', repositoryUrl: 'https://git/admin' })
      expect((await client.updatePacticipant('admin', { displayName: 'Admin UI' })).displayName).toBe('Admin UI')
      expect((await client.listPacticipants()).map((p) => p.name)).toContain('admin')
      expect((await client.tagVersion('admin', '0.1.0', 'beta')).name).toBe('beta')
      expect((await client.findVersion('admin', '0.1.0'))?.number).toBe('0.1.0')
      expect(await client.findVersion('admin', '9')).toBeUndefined()
      await client.addVersionToBranch('admin', 'trunk', '0.2.0')
      expect((await client.getVersion('admin', '0.2.0')).number).toBe('0.2.0')
    })

    it('records deployments, undeployments, releases and support ended by following links', async () => {
      const client = createBrokerClient({ baseUrl: broker.url })
      await client.tagVersion('billing', '1.0.0', 'main')
      await client.tagVersion('billing', '1.1.0', 'main')
      const first = await client.recordDeployment({ pacticipant: 'billing', version: '1.0.0', environment: 'test' })
      expect(first.currentlyDeployed).toBe(true)
      await client.recordDeployment({ pacticipant: 'billing', version: '1.1.0', environment: 'test' }) // replaces 1.0.0
      const undeployed = await client.recordUndeployment({ pacticipant: 'billing', environment: 'test' })
      expect(undeployed).toHaveLength(1)
      expect(undeployed[0]!.currentlyDeployed).toBe(false)
      expect(await client.recordUndeployment({ pacticipant: 'billing', environment: 'test' })).toEqual([])

      const released = await client.recordRelease({ pacticipant: 'billing', version: '1.0.0', environment: 'production' })
      expect(released.currentlySupported).toBe(true)
      const ended = await client.recordSupportEnded({ pacticipant: 'billing', version: '1.0.0', environment: 'production' })
      expect(ended.map((r) => r.currentlySupported)).toEqual([false])
      expect(await client.recordSupportEnded({ pacticipant: 'billing', version: '1.0.0', environment: 'production' })).toEqual([])

      const noEnv = await client.recordDeployment({ pacticipant: 'billing', version: '1.0.0', environment: 'mars' }).catch((e: unknown) => e)
      expect(noEnv).toBeInstanceOf(ConfigurationError)
      expect((noEnv as Error).message).toContain("No environment named 'mars'")
    })

    it('names the known environments when one does not exist', async () => {
      const client = createBrokerClient({ baseUrl: broker.url })
      const error = await client.environmentByName('nowhere').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConfigurationError)
      expect((error as Error).message).toMatch(/No environment named 'nowhere' exists on the broker \(it has: .*prod/)
    })
  })
}
