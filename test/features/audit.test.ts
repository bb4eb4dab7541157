/**
 * The audit trail over real HTTP: a release flow leaves exactly one event per write, each naming who did it,
 * from where and under which request id; refused writes are recorded too; GET /audit filters and pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get, post, put, type JsonResponse } from '../support/http.js'
import { pactContent } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const ADMIN_TOKEN = 'audit-admin-secret-0123456789abcdef'
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

function publishBody(consumer: string, provider: string, version: string, branch: string) {
  const pact = pactContent({ consumer: consumer, provider: provider })
  return {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    branch,
    tags: ['main'],
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

async function allEvents(broker: TestBroker, query = ''): Promise<any[]> {
  const events: any[] = []
  let url: string | undefined = `${broker.url}/audit?pageSize=2${query}`
  while (url) {
    const res: JsonResponse = await get(url, admin)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    events.push(...res.body.events)
    url = res.body._links.next?.href
  }
  return events
}

for (const database of DATABASES) {
  describe(`the audit trail (${database.name})`, () => {
    let broker: TestBroker
    /** Every write the flow made: [request id, expected type, expected actor, outcome]. */
    const writes: Array<{ requestId: string; type: string; actor: string; outcome: string; status: number }> = []
    const track = (res: JsonResponse, type: string, actor: string) => {
      writes.push({
        requestId: res.headers.get('x-request-id')!,
        type,
        actor,
        outcome: res.status < 400 ? 'accepted' : res.status < 500 ? (res.status === 401 || res.status === 403 ? 'refused' : 'failed') : 'failed',
        status: res.status,
      })
      return res
    }

    beforeAll(async () => {
      broker = await startTestBroker(database, { env: { CONCORD_ADMIN_TOKEN: ADMIN_TOKEN } })
      const webToken = track(
        await post(`${broker.url}/settings/tokens`, { name: 'web-ci', role: 'write', pacticipants: ['web'] }, admin),
        'token.created',
        'admin-token',
      )
      const usersToken = track(
        await post(`${broker.url}/settings/tokens`, { name: 'users-ci', role: 'write', pacticipants: ['users'] }, admin),
        'token.created',
        'admin-token',
      )
      const web = bearer(webToken.body.value)
      const users = bearer(usersToken.body.value)

      // consumer CI publishes; provider CI verifies, deploys; consumer CI asks can-i-deploy and deploys
      expect(
        track(await post(`${broker.url}/contracts/publish`, publishBody('web', 'users', '1.0.0', 'main'), web), 'contracts.published', 'web-ci').status,
      ).toBe(200)
      const forVerification = await post(`${broker.url}/pacts/provider/users/for-verification`, { consumerVersionSelectors: [{ mainBranch: true }] }, users)
      const pactUrl = forVerification.body._embedded.pacts[0]._links.self.href
      const pact = (await get(pactUrl, users)).body
      const result = { success: true, providerApplicationVersion: '2.0.0', providerVersionBranch: 'main' }
      expect(track(await post(pact._links['pb:publish-verification-results'].href, result, users), 'verification.published', 'users-ci').status).toBe(201)
      const production = (await get(`${broker.url}/environments?name=production`, users)).body._embedded.environments[0].uuid
      const deploy = (p: string, v: string) => `${broker.url}/pacticipants/${p}/versions/${v}/deployed-versions/environment/${production}`
      expect(track(await post(deploy('users', '2.0.0'), {}, users), 'deployment.recorded', 'users-ci').status).toBe(201)
      const canIDeploy = await get(`${broker.url}/can-i-deploy?pacticipant=web&version=1.0.0&environment=production`, web)
      expect(canIDeploy.body.summary.deployable).toBe(true)
      expect(track(await post(deploy('web', '1.0.0'), {}, web), 'deployment.recorded', 'web-ci').status).toBe(201)
      expect(track(await put(`${broker.url}/pacticipants/web/versions/1.0.0/tags/prod`, {}, web), 'tag.added', 'web-ci').status).toBe(201)

      // refused: the consumer's token deploying the provider, an anonymous publication, a read-level question
      expect(track(await post(deploy('users', '2.0.0'), {}, web), 'write.refused', 'web-ci').status).toBe(403)
      expect(track(await post(`${broker.url}/contracts/publish`, publishBody('web', 'users', '1.0.1', 'main')), 'write.refused', 'anonymous').status).toBe(401)
      // failed: a write the service rejects (unknown environment) is recorded with its problem
      expect(
        track(await post(deploy('web', '1.0.0').replace(production, '00000000-0000-4000-8000-000000000000'), {}, web), 'write.failed', 'web-ci').status,
      ).toBe(404)
    })
    afterAll(() => broker?.close())

    it('leaves exactly one event per write, in order, with the right actor, request id and outcome', async () => {
      const events = await allEvents(broker)
      expect(events.map((e) => [e.requestId, e.type, e.actor, e.outcome])).toEqual(writes.map((w) => [w.requestId, w.type, w.actor, w.outcome]))
      const published = events.find((e) => e.type === 'contracts.published')
      expect(published).toMatchObject({
        actorKind: 'token',
        clientAddress: expect.stringMatching(/127\.0\.0\.1/),
        pacticipants: ['web'],
        payload: { method: 'POST', path: '/contracts/publish', version: '1.0.0', branch: 'main', tags: ['main'], providers: ['users'] },
      })
      expect(published.tokenUuid).toMatch(/^[0-9a-f-]{36}$/)
      expect(events.find((e) => e.type === 'verification.published').payload).toMatchObject({ consumer: 'web', providerVersion: '2.0.0', success: true })
      const refused = events.filter((e) => e.outcome === 'refused')
      expect(refused.map((e) => [e.actor, e.payload.status, e.payload.problem])).toEqual([
        ['web-ci', 403, 'forbidden'],
        ['anonymous', 401, 'unauthorized'],
      ])
      expect(events.find((e) => e.outcome === 'failed').payload).toMatchObject({ status: 404, problem: 'not-found' })
      // tokens never reach the trail
      const created = events.filter((e) => e.type === 'token.created')
      expect(JSON.stringify(events)).not.toMatch(/concord_[A-Za-z0-9_-]{20}/)
      expect(created[0].payload).toMatchObject({ name: 'web-ci', role: 'write', pacticipants: ['web'] })
    })

    it('filters by actor, pacticipant, type, outcome and time, newest first on request', async () => {
      const byActor = await allEvents(broker, '&actor=users-ci')
      expect(byActor.map((e) => e.type)).toEqual(['verification.published', 'deployment.recorded'])
      const aboutUsers = await allEvents(broker, '&pacticipant=users')
      expect(aboutUsers.map((e) => e.type)).toEqual(['verification.published', 'deployment.recorded'])
      expect((await allEvents(broker, '&type=deployment.recorded')).map((e) => e.actor)).toEqual(['users-ci', 'web-ci'])
      expect((await allEvents(broker, '&outcome=refused')).length).toBe(2)
      expect(await allEvents(broker, '&since=2999-01-01T00:00:00Z')).toEqual([])
      expect((await allEvents(broker, `&until=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).length).toBe(writes.length)
      const newestFirst = await allEvents(broker, '&sort=-timestamp')
      expect(newestFirst.map((e) => e.requestId)).toEqual(writes.map((w) => w.requestId).reverse())
    })

    it('pages by keyset: `from` continues after the last event read', async () => {
      const first = await get(`${broker.url}/audit?pageSize=3`, admin)
      expect(first.body.events).toHaveLength(3)
      const next = new URL(first.body._links.next.href)
      expect(next.searchParams.get('from')).toBe(first.body.events[2].uuid)
      const rest = await get(`${broker.url}/audit?from=${first.body.events[2].uuid}&pageSize=100`, admin)
      expect(rest.body.events.map((e: any) => e.requestId)).toEqual(writes.slice(3).map((w) => w.requestId))
      expect(rest.body._links.next).toBeUndefined()
      const bad = await get(`${broker.url}/audit?pageSize=500&from=nope`, admin)
      expect(bad.status).toBe(400)
      expect(bad.body.errors.map((e: any) => e.pointer).sort()).toEqual(['#/query/from', '#/query/pageSize'])
    })

    it('is for admins only, and reading it is not a write', async () => {
      const before = (await allEvents(broker)).length
      const users = await post(`${broker.url}/settings/tokens`, { name: 'reader', role: 'read' }, admin)
      const refused = await get(`${broker.url}/audit`, bearer(users.body.value))
      expect(refused.status).toBe(403)
      expect((await allEvents(broker)).length).toBe(before + 1) // the token creation only
      expect((await post(`${broker.url}/audit`, {}, admin)).status).toBe(405)
    })
  })
}
