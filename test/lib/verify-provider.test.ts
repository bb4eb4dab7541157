/**
 * verifyProvider without a broker: local pact files, an Express app started for the run, the structured report
 * (passed / failed with the mismatch), Deprecation/Sunset headers seen, and one clear error for each bad
 * configuration (missing provider, unreachable broker, a URL that is not a broker).
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertVerified, ConfigurationError, VerificationError, verifyProvider, type RequestListener } from '../../lib/index.js'
import { createUsersApp, userCreatedEvent, UserStore } from '../../docs/examples/users/app.js'
import { interactions, usersContract } from '../../docs/examples/web/users.contract.js'

process.env.PACT_DO_NOT_TRACK = 'true'

let pactDir: string
let pactFile: string
beforeAll(async () => {
  pactDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-verify-'))
  const users = usersContract(pactDir)
  for (const interaction of Object.values(interactions)) await interaction(users)
  pactFile = users.pactFile
})
afterAll(() => fs.rmSync(pactDir, { recursive: true, force: true }))

function options(app: RequestListener, store: UserStore) {
  return {
    provider: 'users',
    app,
    pactUrls: [pactFile],
    stateHandlers: {
      'a user exists': (params: Record<string, unknown>) => {
        store.add({ id: Number(params.id), name: String(params.name), email: 'ann@example.com' })
      },
      'no user exists': () => store.clear(),
    },
    requestFilter: (req: http.IncomingMessage, _res: http.ServerResponse, next: () => void) => {
      req.headers.authorization = 'Bearer let-me-in'
      next()
    },
    messages: { 'a user-created event': () => userCreatedEvent({ id: 3, name: 'Cy', email: 'cy@example.com' }) },
  }
}

/** A users app whose GET /users/:id answers `name` as a number, and marks itself deprecated. */
function brokenDeprecatedUsersApp(store: UserStore): RequestListener {
  const inner = createUsersApp(store)
  return (req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/users/')) {
      res.setHeader('Deprecation', '@1767225600')
      res.setHeader('Sunset', 'Wed, 01 Jul 2026 00:00:00 GMT')
    }
    if (req.url === '/users/1') {
      res.setHeader('Content-Type', 'application/json; charset=utf-8')
      res.end(JSON.stringify({ id: 1, name: 42, email: 'ann@example.com' }))
      return
    }
    inner(req, res)
  }
}

describe('verifyProvider with local pact files', () => {
  it('starts the app, runs state handlers, request filter and message producers, and reports every interaction as passed', async () => {
    const store = new UserStore()
    const report = await verifyProvider(options(createUsersApp(store), store))
    expect(report.success).toBe(true)
    expect(report.published).toBe(false)
    expect(report.pacts).toHaveLength(1)
    expect(report.pacts[0]).toMatchObject({ consumer: 'web', provider: 'users', source: pactFile, pending: false, wip: false, success: true })
    expect(report.pacts[0]!.interactions.map((i) => [i.description, i.status]).sort()).toEqual([
      ['a request for a user that does not exist', 'passed'],
      ['a request for user 1', 'passed'],
      ['a request to create a user', 'passed'],
      ['a user-created event', 'passed'],
    ])
    expect(report.pacts[0]!.interactions.find((i) => i.description === 'a request for user 1')!.providerStates).toEqual(['a user exists'])
    expect(report.summary).toContain('✓ users passed verification: 4 of 4 interactions passed')
    expect(report.output).toContain('Verifying a pact between web and users')
    expect(report.deprecations).toEqual([])
    expect(assertVerified(report)).toBe(report)
  })

  it('reports a failing interaction with its mismatch, the Deprecation/Sunset headers it saw, and assertVerified throws naming both', async () => {
    const store = new UserStore()
    const report = await verifyProvider(options(brokenDeprecatedUsersApp(store), store))
    expect(report.success).toBe(false)
    const failed = report.pacts[0]!.interactions.filter((i) => i.status === 'failed')
    expect(failed.map((i) => i.description)).toEqual(['a request for user 1'])
    expect(failed[0]!.mismatches).toEqual([expect.objectContaining({ kind: 'body', at: '$.name', detail: expect.stringContaining('42') })])
    expect(report.pacts[0]!.interactions.filter((i) => i.status === 'passed')).toHaveLength(3)
    expect(report.deprecations).toEqual(
      expect.arrayContaining([
        {
          method: 'GET',
          path: '/users/1',
          deprecation: '@1767225600',
          sunset: 'Wed, 01 Jul 2026 00:00:00 GMT',
          seenBy: [{ consumer: 'web', interaction: 'a request for user 1' }],
        },
      ]),
    )

    const error = (() => {
      try {
        assertVerified(report)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(VerificationError)
    expect((error as VerificationError).code).toBe('verification-failed')
    expect((error as VerificationError).result).toBe(report)
    const message = (error as Error).message
    expect(message).toContain('✗ users failed verification: 1 of 4 interactions failed')
    expect(message).toContain(`✗ failed: "a request for user 1" given 'a user exists'`)
    expect(message).toMatch(/body \$\.name: .*42/)
    expect(message).toContain('! GET /users/1 answered Deprecation: @1767225600 Sunset: Wed, 01 Jul 2026 00:00:00 GMT')
  })

  it('verifies a provider already running at baseUrl', async () => {
    const store = new UserStore()
    const server = http.createServer(createUsersApp(store)).listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    try {
      const { app: _app, ...rest } = options(createUsersApp(store), store)
      const report = await verifyProvider({ ...rest, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })
      expect(report.success).toBe(true)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe('verifyProvider configuration errors', () => {
  const app = createUsersApp(new UserStore())

  async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
    return promise.then(
      () => {
        throw new Error('expected a rejection')
      },
      (e: Error & { code?: string }) => e,
    )
  }

  it('a missing provider name', async () => {
    const error = await failure(verifyProvider({ provider: ' ', app, pactUrls: [pactFile] }))
    expect(error).toBeInstanceOf(ConfigurationError)
    expect(error.message).toBe("verifyProvider needs `provider`: the provider's name as the pacts state it (e.g. provider: 'users')")
  })

  it('no provider to verify, or two', async () => {
    expect((await failure(verifyProvider({ provider: 'users', pactUrls: [pactFile] }))).message).toContain('needs `baseUrl`')
    expect((await failure(verifyProvider({ provider: 'users', app, baseUrl: 'http://127.0.0.1:1', pactUrls: [pactFile] }))).message).toBe(
      'Give users as `baseUrl` or as `app`, not both',
    )
    expect((await failure(verifyProvider({ provider: 'users', app }))).message).toContain('verifyProvider needs pacts')
  })

  it('an unreachable broker', async () => {
    const closed = http.createServer().listen(0, '127.0.0.1')
    await new Promise((resolve) => closed.once('listening', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const error = await failure(verifyProvider({ provider: 'users', app, branch: 'main', broker: { url: `http://127.0.0.1:${port}` } }))
    expect(error.code).toBe('broker-unreachable')
    expect(error.message).toContain(`The broker at http://127.0.0.1:${port} did not answer`)
  })

  it('a URL that is not a broker', async () => {
    const web = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>')).listen(0, '127.0.0.1')
    await new Promise((resolve) => web.once('listening', resolve))
    try {
      const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}`
      const error = await failure(verifyProvider({ provider: 'users', app, branch: 'main', broker: { url } }))
      expect(error.code).toBe('not-a-broker')
      expect(error).toBeInstanceOf(ConfigurationError)
      expect(error.message).toContain(`${url} is not a Pact broker`)
    } finally {
      web.closeAllConnections()
      await new Promise((resolve) => web.close(resolve))
    }
  })

  it('pending pacts without a provider branch', async () => {
    const error = await failure(
      verifyProvider({ provider: 'users', app, broker: { url: 'http://127.0.0.1:1', enablePending: true }, cwd: os.tmpdir(), env: {} }),
    )
    expect(error).toBeInstanceOf(ConfigurationError)
    expect(error.message).toContain('no branch is known for users')
  })
})
