/**
 * Webhook executions and delivery options against real HTTP receivers on loopback, on every database: the
 * retrigger endpoint (scope, dry run, validation, nothing left to fire once verified), executing an unsaved webhook
 * (`POST /webhooks/execute`, as the Pact Broker's `execute_unsaved_webhook`): sent once, nothing stored; redirects
 * not followed unless CONCORD_WEBHOOK_FOLLOW_REDIRECTS (then 307 keeps the method and body, credentials stay with
 * their origin); and timeouts per webhook (`timeoutMs`) and per broker (CONCORD_WEBHOOK_TIMEOUT_MS), in test
 * executions and in deliveries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { del, get, post } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { startReceiver, WEBHOOK_TEST_ENV, type Receiver } from '../support/webhook-receiver.js'
import { countRows } from '../support/row-count.js'

const count = (broker: TestBroker, table: 'webhooks' | 'triggered_webhooks' | 'webhook_executions') => countRows(broker.deps.db, table)

const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

for (const database of DATABASES) {
  describe(`webhook executions and delivery options (${database.name})`, () => {
    // `plain`: the test settings (broker timeout 2 s, redirects off, no host allow-list so responses are hidden).
    // `open`: redirects followed, a host allow-list (so execution responses are shown) and a 500 ms broker timeout.
    let plain: TestBroker
    let open: TestBroker
    let receiver: Receiver
    beforeAll(async () => {
      plain = await startTestBroker(database, { env: WEBHOOK_TEST_ENV })
      open = await startTestBroker(database, {
        env: { ...WEBHOOK_TEST_ENV, CONCORD_WEBHOOK_FOLLOW_REDIRECTS: 'true', CONCORD_WEBHOOK_HOST_ALLOWLIST: '127.0.0.1', CONCORD_WEBHOOK_TIMEOUT_MS: '500' },
      })
      receiver = await startReceiver([200])
      for (const broker of [plain, open]) await td(broker).createPacticipant('web').createPacticipant('users', { mainBranch: 'main' })
    })
    afterAll(async () => {
      await plain?.close()
      await open?.close()
      await receiver?.close()
    })

    it('POST /webhooks/retrigger: fires again for unverified pacts in scope, a dry run writes nothing, validation and unknown names', async () => {
      const uuid = (
        await post(`${plain.url}/webhooks`, {
          provider: { name: 'users' },
          events: [{ name: 'contract_requiring_verification_published' }],
          request: { url: receiver.url('/verify/${pactbroker.consumerName}/${pactbroker.providerVersionNumber}') },
        })
      ).body.uuid as string
      await td(plain)
        .createVersion('users', '1.0.0')
        .branch('users', 'main', '1.0.0')
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', branch: 'main' })
        .publishPact({ consumer: 'admin', consumerVersion: '4.0.0', provider: 'users', branch: 'main' })
      await receiver.waitFor(2)
      await settle()
      receiver.requests.length = 0

      const before = await count(plain, 'triggered_webhooks')
      const dry = await post(`${plain.url}/webhooks/retrigger`, { dryRun: true })
      expect(dry.status).toBe(200)
      expect(dry.body).toMatchObject({ pacts: 2, deliveries: 2, dryRun: true })
      expect(dry.body._links['pb:webhooks'].href).toBe(`${plain.url}/webhooks`)
      expect(await count(plain, 'triggered_webhooks')).toBe(before)

      const scoped = await post(`${plain.url}/webhooks/retrigger`, { consumer: 'admin' })
      expect(scoped.body).toMatchObject({ pacts: 1, deliveries: 1, dryRun: false })
      const [request] = await receiver.waitFor(1)
      await settle()
      expect(receiver.requests).toHaveLength(1)
      expect(request!.path).toBe('/verify/admin/1.0.0')
      const triggered = (await get(`${plain.url}/pacts/provider/users/consumer/admin/version/4.0.0/triggered-webhooks`)).body._embedded.triggeredWebhooks
      expect(triggered.map((t: { triggerType: string }) => t.triggerType)).toEqual(['resource_creation', 'retrigger'])

      const invalid = await post(`${plain.url}/webhooks/retrigger`, { provider: 5, dryRun: 'yes' })
      expect(invalid.status).toBe(400)
      expect(invalid.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/dryRun', '/provider'])
      const unknown = await post(`${plain.url}/webhooks/retrigger`, { provider: 'nobody' })
      expect(unknown.status).toBe(404)

      // Once the main-branch head has verified both pacts, nothing is left to fire.
      await td(plain)
        .verify({ provider: 'users', consumer: 'web', consumerVersion: '1.0.0', providerVersion: '1.0.0', branch: 'main', success: true })
        .verify({ provider: 'users', consumer: 'admin', consumerVersion: '4.0.0', providerVersion: '1.0.0', branch: 'main', success: false })
      expect((await post(`${plain.url}/webhooks/retrigger`, {})).body).toMatchObject({ pacts: 2, deliveries: 0 })
      await del(`${plain.url}/webhooks/${uuid}`)
    })

    it('POST /webhooks/execute sends an unsaved webhook once with the latest pact in its scope and stores nothing', async () => {
      await td(open).publishPact({ consumer: 'web', consumerVersion: '2.0.0', provider: 'users', branch: 'main' })
      const target = await startReceiver([201], { body: '{"queued":true}' })
      try {
        const stored = { webhooks: await count(open, 'webhooks'), deliveries: await count(open, 'triggered_webhooks') }
        const res = await post(`${open.url}/webhooks/execute`, {
          consumer: { name: 'web' },
          provider: { name: 'users' },
          events: [{ name: 'contract_content_changed' }],
          request: {
            method: 'POST',
            url: target.url('/run?v=${pactbroker.consumerVersionNumber}&token=trigger-secret'),
            headers: { 'Content-Type': 'application/json', 'X-Api-Key': 'plain-secret' },
            body: { pact: '${pactbroker.pactUrl}', event: '${pactbroker.eventName}' },
          },
        })
        expect(res.status).toBe(200)
        expect(res.body).toMatchObject({ success: true, response: { status: 201, body: { queued: true } } })
        expect(res.body.request.headers['X-Api-Key']).toBe('**********')
        expect(res.body.logs).not.toContain('plain-secret')
        // a credential in the URL's query (GitLab's trigger token) is masked in the answer and the log, but sent
        expect(res.body.request.url).toMatch(/\/run\?v=2\.0\.0&token=\*{10}$/)
        expect(res.body.logs).toContain('&token=**********')
        expect(res.body.logs).not.toContain('trigger-secret')
        expect(res.body._links['try-again'].href).toBe(`${open.url}/webhooks/execute`)
        const [request] = await target.waitFor(1)
        await settle()
        expect(target.requests).toHaveLength(1)
        expect(request!.path).toBe('/run?v=2.0.0&token=trigger-secret')
        expect(request!.headers['x-api-key']).toBe('plain-secret')
        const body = JSON.parse(request!.body) as { pact: string; event: string }
        expect(body.event).toBe('test')
        expect((await get(body.pact)).body.consumer.name).toBe('web')
        expect({ webhooks: await count(open, 'webhooks'), deliveries: await count(open, 'triggered_webhooks') }).toEqual(stored)

        // Validated as a create would be: a bad body and a refused destination are 400s, and nothing is sent.
        const bad = await post(`${open.url}/webhooks/execute`, { events: [{ name: 'nope' }], request: { url: target.url('/x') } })
        expect(bad.status).toBe(400)
        expect(bad.body.errors[0].pointer).toBe('/events/0/name')
        const refused = await post(`${open.url}/webhooks/execute`, { request: { url: 'http://169.254.169.254/latest/meta-data/' } })
        expect(refused.status).toBe(400)
        expect(refused.body.type).toMatch(/\/problems\/webhook-destination-refused$/)
        expect(target.requests).toHaveLength(1)
      } finally {
        await target.close()
      }
    })

    it('does not follow a redirect unless configured; when it does, 307 keeps method and body and credentials stay with their origin', async () => {
      const target = await startReceiver([200])
      const redirector = await startReceiver([302])
      try {
        const execute = async (broker: TestBroker, status: number) => {
          redirector.respond([status], { headers: { Location: target.url('/moved') } })
          return post(`${broker.url}/webhooks/execute`, {
            request: { url: redirector.url('/hook'), headers: { 'Content-Type': 'application/json', Authorization: 'Bearer redirect-secret' }, body: { a: 1 } },
          })
        }
        const notFollowed = await execute(plain, 302)
        expect(notFollowed.body.success).toBe(false)
        expect(notFollowed.body.logs).toContain(`redirected to ${target.url('/moved')} (CONCORD_WEBHOOK_FOLLOW_REDIRECTS is off)`)
        await settle()
        expect(target.requests).toHaveLength(0)

        const found = await execute(open, 302)
        expect(found.body).toMatchObject({ success: true, response: { status: 200 } })
        const [afterFound] = await target.waitFor(1)
        expect(afterFound!.method).toBe('GET')
        expect(afterFound!.body).toBe('')

        const temporary = await execute(open, 307)
        expect(temporary.body.success).toBe(true)
        const [, afterTemporary] = await target.waitFor(2)
        expect(afterTemporary!.method).toBe('POST')
        expect(JSON.parse(afterTemporary!.body)).toEqual({ a: 1 })
        // Another port is another origin: the Authorization header did not follow; it did reach the first hop.
        expect(afterTemporary!.headers.authorization).toBeUndefined()
        expect(redirector.requests.every((r) => r.headers.authorization === 'Bearer redirect-secret')).toBe(true)
      } finally {
        await target.close()
        await redirector.close()
      }
    })

    it('times out after the webhook timeoutMs, else the broker CONCORD_WEBHOOK_TIMEOUT_MS, in test executions and deliveries', async () => {
      const slow = await startReceiver([200], { delayMs: 1000 })
      try {
        const create = async (broker: TestBroker, timeoutMs?: number) =>
          (
            await post(`${broker.url}/webhooks`, {
              provider: { name: 'users' },
              events: [{ name: 'contract_published' }],
              request: { url: slow.url('/slow') },
              ...(timeoutMs ? { timeoutMs } : {}),
            })
          ).body.uuid as string
        const runs = async (broker: TestBroker, uuid: string) => (await post(`${broker.url}/webhooks/${uuid}/execute`)).body

        // plain: broker timeout 2 s, so a 1 s receiver answers in time, unless the webhook allows only 300 ms.
        const patient = await create(plain)
        const hasty = await create(plain, 300)
        expect((await runs(plain, patient)).success).toBe(true)
        const cut = await runs(plain, hasty)
        expect(cut.success).toBe(false)
        expect(cut.logs).toContain('timed out after 300 ms')

        // open: broker timeout 500 ms cuts the 1 s receiver; a webhook allowing 3 s gets its answer.
        const brokerWide = await create(open)
        const generous = await create(open, 3000)
        expect((await runs(open, brokerWide)).logs).toContain('timed out after 500 ms')
        expect((await runs(open, generous)).success).toBe(true)

        // Deliveries use the same timeouts: the hasty webhook's first attempt times out, the patient one succeeds.
        await del(`${plain.url}/webhooks/${patient}`)
        const patientAgain = await create(plain)
        await td(plain).publishPact({ consumer: 'web', consumerVersion: '9.0.0', provider: 'users', branch: 'main', interactions: 'slow' })
        const deliveries = async () =>
          (await get(`${plain.url}/pacts/provider/users/consumer/web/version/9.0.0/triggered-webhooks`)).body._embedded.triggeredWebhooks as {
            status: string
            attemptsMade: number
            _links: { 'pb:webhook': { href: string }; 'pb:logs': { href: string } }
          }[]
        const deadline = Date.now() + 15_000
        let list = await deliveries()
        while (Date.now() < deadline && !(list.length === 2 && list.every((d) => d.attemptsMade >= 1))) {
          await new Promise((resolve) => setTimeout(resolve, 100))
          list = await deliveries()
        }
        const of = (uuid: string) => list.find((d) => d._links['pb:webhook'].href.endsWith(`/webhooks/${uuid}`))!
        expect(of(patientAgain).status).toBe('success')
        const hastyLogs = (await get(of(hasty)._links['pb:logs'].href)).body.executions
        expect(hastyLogs[0]).toMatchObject({ success: false, error: 'timed out after 300 ms' })
        for (const uuid of [hasty, patientAgain]) await del(`${plain.url}/webhooks/${uuid}`)
        for (const uuid of [brokerWide, generous]) await del(`${open.url}/webhooks/${uuid}`)
      } finally {
        await slow.close()
      }
    })
  })
}
