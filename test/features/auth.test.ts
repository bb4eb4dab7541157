/**
 * Who may do what, over real HTTP: the open posture, basic-auth users, bearer tokens (roles, scope, expiry,
 * revocation, last use), 401/403 problems, the failed-authentication limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../broker/shared/clock.js'
import { DATABASES } from '../support/databases.js'
import { del, get, post } from '../support/http.js'
import { pactContent, td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const ADMIN_TOKEN = 'admin-secret-for-tests-0123456789'
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })

function publishBody(consumer: string, provider: string, version: string) {
  const pact = pactContent({ consumer: consumer, provider: provider })
  return {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    contracts: [
      {
        consumerName: consumer,
        providerName: provider,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify(pact)).toString('base64'),
      },
    ],
  }
}

async function createToken(broker: TestBroker, body: Record<string, unknown>): Promise<string> {
  const res = await post(`${broker.url}/settings/tokens`, body, admin)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.value
}

for (const database of DATABASES) {
  describe(`an open broker (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
    })
    afterAll(() => broker?.close())

    it('lets anonymous callers read and write, as today, and ignores credentials it cannot check', async () => {
      expect((await post(`${broker.url}/contracts/publish`, publishBody('web', 'api', '1'))).status).toBe(200)
      expect((await post(`${broker.url}/contracts/publish`, publishBody('web', 'api', '2'), bearer('stale-ci-token'))).status).toBe(200)
      expect((await get(`${broker.url}/pacticipants`)).status).toBe(200)
    })

    it('refuses to create tokens that would protect nothing', async () => {
      const res = await post(`${broker.url}/settings/tokens`, { name: 'ci', role: 'write' })
      expect(res.status).toBe(409)
      expect(res.body.type).toBe(`${broker.url}/problems/auth-not-enabled`)
      expect(res.body.detail).toContain('CONCORD_ADMIN_TOKEN')
    })
  })

  describe(`a broker with credentials (${database.name})`, () => {
    let broker: TestBroker
    let clockNow = new Date('2026-12-07T09:00:00Z')
    beforeAll(async () => {
      broker = await startTestBroker(database, {
        clock: { now: () => new Date(clockNow) },
        env: {
          CONCORD_ADMIN_TOKEN: ADMIN_TOKEN,
          PACT_BROKER_BASIC_AUTH_USERNAME: 'ci',
          PACT_BROKER_BASIC_AUTH_PASSWORD: 'ci-password',
          PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME: 'dev',
          PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD: 'dev-password',
          CONCORD_AUTH_FAILURE_LIMIT: '1000',
        },
      })
      await td(broker, { headers: admin })
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users' })
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'orders' })
    })
    afterAll(() => broker?.close())

    it('answers anonymous callers 401 problem+json with WWW-Authenticate and a message saying what to send', async () => {
      for (const res of [await get(`${broker.url}/pacticipants`), await post(`${broker.url}/contracts/publish`, publishBody('web', 'users', '2'))]) {
        expect(res.status).toBe(401)
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="Concord broker", Basic realm=/)
        expect(res.body).toMatchObject({ status: 401, type: `${broker.url}/problems/unauthorized`, title: 'Authentication required' })
        expect(res.body.detail).toMatch(/needs credentials with the (read|write) role\. Send a bearer token \(PACT_BROKER_TOKEN\)/)
      }
      const problem = await get(`${broker.url}/pacticipants`, { accept: 'application/problem+json' })
      expect(problem.contentType).toMatch(/^application\/problem\+json/)
    })

    it('keeps the heartbeat private unless PACT_BROKER_PUBLIC_HEARTBEAT is set', async () => {
      expect((await get(`${broker.url}/diagnostic/status/heartbeat`)).status).toBe(401)
      const open = await startTestBroker(database, { env: { CONCORD_ADMIN_TOKEN: ADMIN_TOKEN, PACT_BROKER_PUBLIC_HEARTBEAT: 'true' } })
      try {
        expect((await get(`${open.url}/diagnostic/status/heartbeat`)).status).toBe(200)
        expect((await get(`${open.url}/pacticipants`)).status).toBe(401)
      } finally {
        await open.close()
      }
    })

    it('lets anonymous callers read, never write, with PACT_BROKER_ALLOW_PUBLIC_READ', async () => {
      const open = await startTestBroker(database, {
        env: { PACT_BROKER_BASIC_AUTH_USERNAME: 'ci', PACT_BROKER_BASIC_AUTH_PASSWORD: 'pw', PACT_BROKER_ALLOW_PUBLIC_READ: 'true' },
      })
      try {
        expect((await get(`${open.url}/pacticipants`)).status).toBe(200)
        expect((await post(`${open.url}/pacts/provider/users/for-verification`, {})).status).not.toBe(401)
        expect((await post(`${open.url}/contracts/publish`, publishBody('web', 'users', '9'))).status).toBe(401)
        expect((await post(`${open.url}/contracts/publish`, publishBody('web', 'users', '9'), basic('ci', 'pw'))).status).toBe(200)
      } finally {
        await open.close()
      }
    })

    it("takes the Pact Broker's basic-auth users: read/write does everything, read-only reads", async () => {
      expect((await post(`${broker.url}/contracts/publish`, publishBody('web', 'users', '1.1.0'), basic('ci', 'ci-password'))).status).toBe(200)
      expect((await post(`${broker.url}/environments`, { name: 'staging', production: false }, basic('ci', 'ci-password'))).status).toBe(201)
      expect((await get(`${broker.url}/pacticipants`, basic('dev', 'dev-password'))).status).toBe(200)
      expect((await post(`${broker.url}/pacts/provider/users/for-verification`, {}, basic('dev', 'dev-password'))).status).toBe(200)
      const refused = await post(`${broker.url}/contracts/publish`, publishBody('web', 'users', '1.2.0'), basic('dev', 'dev-password'))
      expect(refused.status).toBe(403)
      expect(refused.body.detail).toBe(
        "POST /contracts/publish needs the write role; the user 'dev' has the read role. Use credentials with the write role, or ask an admin for a token that has it.",
      )
      const wrong = await get(`${broker.url}/pacticipants`, basic('ci', 'nope'))
      expect(wrong.status).toBe(401)
      expect(wrong.body.detail).toContain('basic-auth username or password is wrong')
      expect(JSON.stringify(wrong.body)).not.toContain('nope')
    })

    it('creates tokens shown once and stored as a hash; lists them with their last use; roles decide', async () => {
      const created = await post(`${broker.url}/settings/tokens`, { name: 'web-ci', role: 'write' }, admin)
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ name: 'web-ci', description: 'web-ci', role: 'write', readOnly: false, createdBy: 'admin-token' })
      expect(created.body.value).toMatch(/^concord_[A-Za-z0-9_-]{43}$/)
      expect(created.headers.get('location')).toBe(created.body._links.self.href)
      const secret: string = created.body.value
      const stored = await broker.deps.db
        .withTables<{ api_tokens: { secret_hash: string; name: string } }>()
        .selectFrom('api_tokens')
        .select('secret_hash')
        .where('name', '=', 'web-ci')
        .executeTakeFirstOrThrow()
      expect(stored.secret_hash).toMatch(/^[0-9a-f]{64}$/)
      expect(stored.secret_hash).not.toContain(secret.slice(8, 20))

      expect((await post(`${broker.url}/contracts/publish`, publishBody('web', 'users', '2.0.0'), bearer(secret))).status).toBe(200)
      const listed = await get(`${broker.url}/settings/tokens`, admin)
      const item = listed.body._embedded.items.find((t: any) => t.name === 'web-ci')
      expect(item.value).toBeUndefined()
      expect(item.prefix).toBe(secret.slice(0, 12))
      expect(item.lastUsedAt).toBe('2026-12-07T09:00:00+00:00')

      const duplicate = await post(`${broker.url}/settings/tokens`, { name: 'web-ci', role: 'read' }, admin)
      expect(duplicate.status).toBe(409)
      expect(duplicate.body.type).toBe(`${broker.url}/problems/token-name-taken`)

      const reader = await createToken(broker, { name: 'laptop', role: 'read' })
      expect((await get(`${broker.url}/pacticipants`, bearer(reader))).status).toBe(200)
      const refused = await post(`${broker.url}/contracts/publish`, publishBody('web', 'users', '3'), bearer(reader))
      expect(refused.status).toBe(403)
      expect(refused.body.type).toBe(`${broker.url}/problems/forbidden`)
      expect(refused.body.detail).toContain("the token 'laptop' has the read role")
      // write is below admin: environments and tokens are the admin's
      expect((await post(`${broker.url}/environments`, { name: 'qa', production: false }, bearer(secret))).status).toBe(403)
      expect((await get(`${broker.url}/settings/tokens`, bearer(secret))).status).toBe(403)
    })

    it('keeps a scoped write token to its pacticipants: a provider cannot publish results for another provider', async () => {
      const usersCi = await createToken(broker, { name: 'users-ci', role: 'write', pacticipants: ['users'] })
      const pact = (await get(`${broker.url}/pacts/provider/users/consumer/web/version/1.0.0`, admin)).body
      const ordersPact = (await get(`${broker.url}/pacts/provider/orders/consumer/web/version/1.0.0`, admin)).body
      const result = { success: true, providerApplicationVersion: '5.0.0' }
      expect((await post(pact._links['pb:publish-verification-results'].href, result, bearer(usersCi))).status).toBe(201)
      const refused = await post(ordersPact._links['pb:publish-verification-results'].href, result, bearer(usersCi))
      expect(refused.status).toBe(403)
      expect(refused.body.detail).toContain("The token 'users-ci' may only write for 'users', and this change (verification.published) concerns 'orders'")
      // nothing of the refused write stayed behind (the check runs in its transaction)
      expect((await get(`${broker.url}/pacticipants/orders/versions/5.0.0`, admin)).status).toBe(404)
      // a pact belongs to its consumer
      expect((await post(`${broker.url}/contracts/publish`, publishBody('web', 'users', '7'), bearer(usersCi))).status).toBe(403)
      // scope is for write tokens only
      const bad = await post(`${broker.url}/settings/tokens`, { name: 'x', role: 'admin', pacticipants: ['users'] }, admin)
      expect(bad.status).toBe(400)
      expect(bad.body.errors[0].pointer).toBe('/pacticipants')
    })

    it('stops a revoked or expired token at once, with a message saying which', async () => {
      const created = await post(`${broker.url}/settings/tokens`, { name: 'short-lived', role: 'read', expiresAt: '2026-12-07T10:00:00Z' }, admin)
      const secret = created.body.value
      expect((await get(`${broker.url}/pacticipants`, bearer(secret))).status).toBe(200)
      clockNow = new Date('2026-12-07T10:00:01Z')
      const expired = await get(`${broker.url}/pacticipants`, bearer(secret))
      expect(expired.status).toBe(401)
      expect(expired.body.detail).toBe("The token 'short-lived' expired at 2026-12-07T10:00:00.000Z. Ask an admin for a new one (concord token create).")

      const other = await post(`${broker.url}/settings/tokens`, { name: 'to-revoke', role: 'read' }, admin)
      expect((await del(`${broker.url}/settings/tokens/${other.body.uuid}`, admin)).status).toBe(204)
      const revoked = await get(`${broker.url}/pacticipants`, bearer(other.body.value))
      expect(revoked.status).toBe(401)
      expect(revoked.body.detail).toContain("The token 'to-revoke' was revoked")
      expect((await del(`${broker.url}/settings/tokens/${other.body.uuid}`, admin)).status).toBe(204)
      expect((await get(`${broker.url}/settings/tokens`, admin)).body._embedded.items.map((t: any) => t.name)).not.toContain('to-revoke')
      const all = await get(`${broker.url}/settings/tokens?includeRevoked=true`, admin)
      expect(all.body._embedded.items.find((t: any) => t.name === 'to-revoke')).toMatchObject({ revokedBy: 'admin-token' })
      // the name is free again
      expect((await post(`${broker.url}/settings/tokens`, { name: 'to-revoke', role: 'read' }, admin)).status).toBe(201)
      expect((await del(`${broker.url}/settings/tokens/00000000-0000-4000-8000-000000000000`, admin)).body.type).toBe(`${broker.url}/problems/token-not-found`)
      const unknown = await get(`${broker.url}/pacticipants`, bearer('concord_not-a-token'))
      expect(unknown.body.detail).toContain('not known to this broker')
      const garbled = await get(`${broker.url}/pacticipants`, { authorization: 'Digest abc' })
      expect(garbled.status).toBe(401)
      expect(garbled.body.detail).toContain('Authorization header is not understood')
    })
  })

  describe(`failed authentications (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database, {
        clock: fixedClock('2026-12-07T09:00:00Z'),
        env: { CONCORD_ADMIN_TOKEN: ADMIN_TOKEN, CONCORD_AUTH_FAILURE_LIMIT: '3' },
      })
    })
    afterAll(() => broker?.close())

    it('are limited per client address: past the limit even the right token waits, with Retry-After', async () => {
      for (let i = 0; i < 3; i++) expect((await get(`${broker.url}/pacticipants`, bearer(`wrong-${i}`))).status).toBe(401)
      const limited = await get(`${broker.url}/pacticipants`, admin)
      expect(limited.status).toBe(429)
      expect(limited.headers.get('retry-after')).toBe('60')
      expect(limited.body.type).toBe(`${broker.url}/problems/too-many-failed-authentications`)
      // reads without credentials are not authentication attempts
      expect((await get(`${broker.url}/pacticipants`)).status).toBe(401)
    })
  })
}
