/**
 * verifyProvider against pacts fetched from our broker: consumer version selectors, pending pacts (a failure that
 * does not fail the run), WIP pacts from a feature branch, published results visible in the matrix, and a
 * non-pending failure that names the interaction and the mismatch.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consumer, createBrokerClient, Matchers, publishContracts, verifyProvider, type ConsumerContract } from '../../lib/index.js'
import { createUsersApp, UserStore } from '../../docs/examples/users/app.js'
import { verifyUsers } from '../../docs/examples/users/verify.js'
import { interactions, usersContract } from '../../docs/examples/web/users.contract.js'
import { DATABASES } from '../support/databases.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

process.env.PACT_DO_NOT_TRACK = 'true'

let root: string
/** web's pact as in the examples. */
let basePacts: string
/** …plus an interaction users does not satisfy (a nickname users does not have). */
let nicknamePacts: string
/** …plus a passing interaction, published from a feature branch (a WIP candidate). */
let featurePacts: string

async function writeContract(dir: string, extra?: (users: ConsumerContract) => Promise<unknown>): Promise<string> {
  const users = usersContract(dir)
  for (const interaction of Object.values(interactions)) await interaction(users)
  if (extra) await extra(users)
  return dir
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-verify-broker-'))
  basePacts = await writeContract(path.join(root, 'base'))
  nicknamePacts = await writeContract(path.join(root, 'nickname'), (users) =>
    users
      .given('a user exists', { id: 1, name: 'Ann' })
      .uponReceiving('a request for the nickname of user 1')
      .withRequest({ method: 'GET', path: '/users/1', headers: { Accept: 'application/json' } })
      .willRespondWith({ status: 200, body: { nickname: Matchers.string('annie') } })
      .executeTest(async (ms) => (await fetch(`${ms.url}/users/1`, { headers: { Accept: 'application/json' } })).json()),
  )
  featurePacts = await writeContract(path.join(root, 'feature'), (users) =>
    users
      .given('a user exists', { id: 1, name: 'Ann' })
      .uponReceiving('a request for user 1 by a feature')
      .withRequest({ method: 'GET', path: '/users/1', headers: { Accept: 'application/json', 'X-Feature': 'on' } })
      .willRespondWith({ status: 200, body: Matchers.like({ id: 1, name: 'Ann' }) })
      .executeTest(async (ms) => (await fetch(`${ms.url}/users/1`, { headers: { Accept: 'application/json', 'X-Feature': 'on' } })).json()),
  )
})
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

for (const database of DATABASES) {
  describe(`verifyProvider with a broker (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
    })
    afterAll(async () => broker?.close())

    const publish = (pactDir: string, version: string, branch: string) => publishContracts({ brokerUrl: broker.url, pactDir, version, branch, env: {} })

    it('verifies the main-branch pact (pending the first time), publishes the result, and the matrix shows it', async () => {
      await publish(basePacts, '1.0.0', 'main')
      const report = await verifyUsers({ brokerUrl: broker.url, version: '2.0.0', branch: 'main', publish: true })
      expect(report.success).toBe(true)
      expect(report.published).toBe(true)
      expect(report.pacts).toHaveLength(1)
      expect(report.pacts[0]).toMatchObject({
        consumer: 'web',
        provider: 'users',
        pending: true,
        wip: false,
        success: true,
        shortDescription: 'latest from main branch',
      })
      expect(report.pacts[0]!.source).toContain(`${broker.url}/pacts/provider/users/consumer/web/pact-version/`)
      expect(report.pacts[0]!.interactions.every((i) => i.status === 'passed')).toBe(true)
      expect(report.notices.join('\n')).toContain("latest version from the main branch 'main' (1.0.0)")

      const matrix = await createBrokerClient({ baseUrl: broker.url }).matrix({ selectors: [{ pacticipant: 'web', version: '1.0.0' }], latestby: 'cvp' })
      expect(matrix.matrix).toHaveLength(1)
      expect(matrix.matrix[0]!.provider.version?.number).toBe('2.0.0')
      expect(matrix.matrix[0]!.verificationResult?.success).toBe(true)
    })

    it('publishes results for a pact given by its broker URL (pactUrls instead of selectors)', async () => {
      const report = await verifyUsers({
        pactUrls: [`${broker.url}/pacts/provider/users/consumer/web/version/1.0.0`],
        version: '1.9.0',
        branch: 'hotfix',
        publish: true,
      })
      expect(report).toMatchObject({ success: true, published: true })
      const matrix = await createBrokerClient({ baseUrl: broker.url }).matrix({
        selectors: [
          { pacticipant: 'web', version: '1.0.0' },
          { pacticipant: 'users', version: '1.9.0' },
        ],
      })
      expect(matrix.matrix.map((row) => row.verificationResult?.success)).toEqual([true])
    })

    it('reports a failure in a pending pact as pending without failing the run', async () => {
      await publish(nicknamePacts, '1.1.0', 'main')
      const report = await verifyUsers({ brokerUrl: broker.url, version: '2.0.1', branch: 'main', publish: true })
      expect(report.success).toBe(true)
      expect(report.pacts).toHaveLength(1)
      const [pact] = report.pacts
      expect(pact).toMatchObject({ pending: true, success: false })
      const nickname = pact!.interactions.find((i) => i.description === 'a request for the nickname of user 1')!
      expect(nickname.status).toBe('pending')
      expect(nickname.mismatches[0]).toMatchObject({ kind: 'body' })
      expect(nickname.mismatches[0]!.detail).toContain('nickname')
      expect(report.summary).toContain('1 pending failures')
    })

    it('includes a work-in-progress pact from a feature branch when asked', async () => {
      await publish(featurePacts, '1.2.0-feat', 'feat-x')
      const report = await verifyProvider({
        provider: 'users',
        app: createUsersApp(new UserStore()),
        broker: { url: broker.url, selectors: [{ mainBranch: true }], enablePending: true, includeWipPactsSince: '2020-01-01' },
        stateHandlers: { 'a user exists': () => undefined, 'no user exists': () => undefined },
        messages: { 'a user-created event': () => ({ type: 'user.created', user: { id: 3, name: 'Cy', email: 'cy@example.com' } }) },
        requestFilter: (req, _res, next) => {
          req.headers.authorization = 'Bearer let-me-in'
          next()
        },
        branch: 'main',
      })
      const wip = report.pacts.filter((p) => p.wip)
      expect(wip).toHaveLength(1)
      expect(wip[0]!.pending).toBe(true)
      expect(wip[0]!.interactions.map((i) => i.description)).toContain('a request for user 1 by a feature')
      expect(report.pacts.filter((p) => !p.wip).map((p) => p.shortDescription)).toEqual(['latest from main branch'])
    })

    it('fails (without pending) naming the interaction and the mismatch', async () => {
      const report = await verifyProvider({
        provider: 'users',
        app: createUsersApp(new UserStore()), // no state handlers: user 1 does not exist, so GET /users/1 is a 404
        broker: { url: broker.url, selectors: [{ branch: 'main' }] },
        messages: { 'a user-created event': () => ({ type: 'user.created', user: { id: 3, name: 'Cy', email: 'cy@example.com' } }) },
        requestFilter: (req, _res, next) => {
          req.headers.authorization = 'Bearer let-me-in'
          next()
        },
      })
      expect(report.success).toBe(false)
      const failed = report.pacts.flatMap((p) => p.interactions.filter((i) => i.status === 'failed'))
      expect(failed.map((i) => i.description)).toContain('a request for user 1')
      const userOne = failed.find((i) => i.description === 'a request for user 1')!
      expect(userOne.mismatches).toContainEqual(expect.objectContaining({ kind: 'status', expected: '200', actual: '404' }))
      expect(report.summary).toContain(`✗ failed: "a request for user 1" given 'a user exists'`)
      expect(report.summary).toMatch(/status: .*200.*404/)
    })

    it('never reports success when pact-core also verified broker pacts on its own (PACT_BROKER_BASE_URL set)', async () => {
      const mobile = consumer('mobile').hasPactWith('users', { dir: path.join(root, 'mobile') })
      await mobile
        .uponReceiving('a request for a user that was never created')
        .withRequest({ method: 'GET', path: '/users/12345' })
        .willRespondWith({ status: 404 })
        .executeTest(async (ms) => fetch(`${ms.url}/users/12345`))
      process.env.PACT_BROKER_BASE_URL = broker.url
      try {
        const report = await verifyProvider({ provider: 'users', app: createUsersApp(new UserStore()), pactUrls: [mobile.pactFile] })
        expect(report.pacts.map((p) => [p.consumer, p.success])).toEqual([['mobile', true]])
        expect(report.success).toBe(false)
        expect(report.summary).toContain("pact's verifier reported failures outside the pacts above")
      } finally {
        delete process.env.PACT_BROKER_BASE_URL
      }
    })

    it('returns an empty, successful report for a provider the broker has no pacts for', async () => {
      const report = await verifyProvider({ provider: 'nobody-uses-me', app: createUsersApp(new UserStore()), broker: { url: broker.url } })
      expect(report).toMatchObject({ success: true, pacts: [], summary: 'No pacts to verify for nobody-uses-me' })
    })
  })
}
