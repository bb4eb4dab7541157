/**
 * Webhooks over HTTP on every database: the Pact Broker's API (create, read with secrets masked, scoped lists,
 * PUT create-or-update keeping masked secrets, delete), its validation, the allow-lists and address refusals, and
 * delivery to a real receiver on loopback: which events fire for which provider versions, templates, retries on
 * a short schedule with their logs, the delivery id, and a refusal logged at delivery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../broker/config.js'
import { createWebhook } from '../../broker/webhooks/webhooks.service.js'
import { webhookSchema } from '../../broker/webhooks/webhooks.schemas.js'
import { DATABASES } from '../support/databases.js'
import { del, get, post, put } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { startReceiver, WEBHOOK_TEST_ENV, type Receiver } from '../support/webhook-receiver.js'

const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 8000): Promise<T> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

for (const database of DATABASES) {
  describe(`webhooks (${database.name})`, () => {
    let broker: TestBroker
    let receiver: Receiver
    const hook = (body: Record<string, unknown>) => post(`${broker.url}/webhooks`, body)

    beforeAll(async () => {
      broker = await startTestBroker(database, { env: WEBHOOK_TEST_ENV })
      receiver = await startReceiver([200])
      await td(broker).createPacticipant('web').createPacticipant('users', { mainBranch: 'main' }).createPacticipant('orders')
    })
    afterAll(async () => {
      await broker?.close()
      await receiver?.close()
    })

    it('creates a webhook, answers it with secrets masked and links the CLI follows, and lists it in its scopes', async () => {
      const created = await hook({
        description: 'users CI',
        consumer: { name: 'web' },
        provider: { name: 'users' },
        events: [{ name: 'contract_content_changed' }],
        request: {
          method: 'post',
          url: receiver.url('/ci?v=${pactbroker.consumerVersionNumber}'),
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer top-secret-1' },
          body: { pact: '${pactbroker.pactUrl}' },
          username: 'ci',
          password: 'hunter22',
        },
      })
      expect(created.status).toBe(201)
      const uuid: string = created.body.uuid
      expect(uuid).toMatch(/^[A-Za-z0-9_-]{22}$/)
      expect(created.headers.get('location')).toBe(`${broker.url}/webhooks/${uuid}`)
      expect(created.body).toMatchObject({
        description: 'users CI',
        enabled: true,
        consumer: { name: 'web' },
        provider: { name: 'users' },
        events: [{ name: 'contract_content_changed' }],
        request: { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: '**********' }, username: 'ci', password: '**********' },
      })
      expect(created.body._links['pb:execute'].href).toBe(`${broker.url}/webhooks/${uuid}/execute`)
      expect(created.body._links['pb:pact-webhooks'].href).toBe(`${broker.url}/webhooks/provider/users/consumer/web`)
      expect(JSON.stringify((await get(`${broker.url}/webhooks/${uuid}`)).body)).not.toContain('top-secret-1')
      // Stored encrypted, not in the clear.
      const stored = await broker.deps.db.selectFrom('webhooks').select(['headers', 'password_encrypted']).where('uuid', '=', uuid).executeTakeFirstOrThrow()
      expect(JSON.stringify(stored)).not.toMatch(/top-secret-1|hunter22/)

      const all = await get(`${broker.url}/webhooks`)
      expect(all.body._links['pb:webhooks']).toContainEqual({
        title: 'A webhook for the pact between web and users',
        name: 'users CI',
        href: `${broker.url}/webhooks/${uuid}`,
      })
      expect((await get(`${broker.url}/webhooks/provider/users/consumer/web`)).body._links['pb:webhooks']).toHaveLength(1)
      expect((await get(`${broker.url}/pacts/provider/users/consumer/web/webhooks`)).body._links['pb:webhooks']).toHaveLength(1)
      expect((await get(`${broker.url}/webhooks/provider/users`)).body._links['pb:webhooks']).toHaveLength(0)
      expect((await get(`${broker.url}/webhooks/provider/nobody`)).status).toBe(404)

      // PUT back what GET shows: the masked secrets keep their stored values.
      const shown = (await get(`${broker.url}/webhooks/${uuid}`)).body
      const replaced = await put(`${broker.url}/webhooks/${uuid}`, { ...shown, description: 'users CI (renamed)' })
      expect(replaced.status).toBe(200)
      const after = await broker.deps.db.selectFrom('webhooks').select(['headers', 'password_encrypted']).where('uuid', '=', uuid).executeTakeFirstOrThrow()
      expect(after).toEqual(stored)

      expect((await del(`${broker.url}/webhooks/${uuid}`)).status).toBe(204)
      expect((await get(`${broker.url}/webhooks/${uuid}`)).body.type).toMatch(/\/problems\/webhook-not-found$/)
    })

    it('PUT creates under a given uuid (201) and then updates (200); refuses a uuid the Pact Broker refuses', async () => {
      const body = { events: [{ name: 'contract_published' }], request: { url: receiver.url('/put'), method: null } }
      expect((await put(`${broker.url}/webhooks/my-webhook-uuid-0001`, body)).status).toBe(201)
      const updated = await put(`${broker.url}/webhooks/my-webhook-uuid-0001`, { ...body, enabled: false })
      expect(updated.status).toBe(200)
      expect(updated.body).toMatchObject({ enabled: false, request: { method: 'POST' } })
      const bad = await put(`${broker.url}/webhooks/short`, body)
      expect(bad.status).toBe(400)
      expect(bad.body.errors[0].detail).toContain('must be 16 or more characters')
      await del(`${broker.url}/webhooks/my-webhook-uuid-0001`)
    })

    it('explains what is wrong with a webhook body', async () => {
      const res = await hook({ consumer: { name: 'nobody' }, events: [{ name: 'contract_deployed' }], request: { url: receiver.url('/x') } })
      expect(res.status).toBe(400)
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/events/0/name'])
      const unknown = await hook({ consumer: { name: 'nobody' }, request: { url: receiver.url('/x') } })
      expect(unknown.body.errors).toEqual([{ pointer: '/consumer/name', detail: "does not match an existing pacticipant ('nobody')" }])
      const both = await hook({ consumer: { name: 'web', label: 'team-a' }, request: { url: receiver.url('/x') } })
      expect(both.body.errors[0]).toMatchObject({ pointer: '/consumer', detail: 'must have exactly one of name or label' })
    })

    it('refuses destinations outside the allow-lists, templated hosts and loopback, link-local and metadata addresses', async () => {
      const refused = async (request: Record<string, unknown>) => {
        const res = await hook({ request })
        expect(res.status, JSON.stringify(request)).toBe(400)
        expect(res.body.type).toMatch(/\/problems\/webhook-destination-refused$/)
        return res.body.errors.map((e: { detail: string }) => e.detail).join(' | ')
      }
      expect(await refused({ method: 'GET', url: receiver.url('/x') })).toContain('must be POST')
      expect(await refused({ url: 'ftp://ci.example.invalid/x' })).toContain('scheme must be http, https')
      expect(await refused({ url: 'https://${pactbroker.consumerName}.example.invalid/x' })).toContain('cannot have a template parameter in the host')
      expect(await refused({ url: 'http://169.254.169.254/latest/meta-data/' })).toContain('which is link-local')
      expect(await refused({ url: 'http://[::1]:9/x' })).toContain('which is loopback')
      expect(await refused({ url: 'http://127.0.0.2:9/x' })).toContain('which is loopback')
      expect(await refused({ url: 'http://0.0.0.0:9/x' })).toContain('which is unspecified')
      expect(await refused({ url: 'http://[::ffff:169.254.169.254]/x' })).toContain('which is link-local')
      expect(await refused({ url: 'http://100.100.100.200/x' })).toContain('a cloud metadata endpoint')
      // 127.0.0.1 is allowed by this broker's CONCORD_WEBHOOK_ALLOWED_ADDRESSES.
      expect((await hook({ events: [{ name: 'contract_published' }], request: { url: receiver.url('/ok') }, enabled: false })).status).toBe(201)
    })

    it('fires contract_requiring_verification_published once per provider version that must verify, with the templates expanded', async () => {
      const uuid = (
        await hook({
          provider: { name: 'users' },
          events: [{ name: 'contract_requiring_verification_published' }],
          request: {
            url: receiver.url('/verify/${pactbroker.providerVersionNumber}?pact=${pactbroker.pactUrl}'),
            headers: { 'X-Branch': '${pactbroker.providerVersionBranch}' },
            body: {
              why: '${pactbroker.providerVersionDescriptions}',
              consumer: '${pactbroker.consumerName} ${pactbroker.consumerVersionNumber}',
              event: '${pactbroker.eventName}',
            },
          },
        })
      ).body.uuid as string
      // users: main-branch head 3.0.0 (verified 2.0.0 earlier), 2.0.0 deployed to production and released to
      // app-store (one provider version, both reasons), 1.0.0 deployed to staging; 2.5.0 on a feature branch.
      await td(broker)
        .publishPact({ consumer: 'web', consumerVersion: '0.9.0', provider: 'users', branch: 'main', interactions: 'old' })
        .verify({ provider: 'users', providerVersion: '1.0.0', branch: 'main', success: true })
        .verify({ provider: 'users', providerVersion: '2.0.0', branch: 'main', success: true })
        .createVersion('users', '2.5.0')
        .branch('users', 'feat-x', '2.5.0')
        .createVersion('users', '3.0.0')
        .branch('users', 'main', '3.0.0')
        .createEnvironment('staging')
        .createEnvironment('prod-env', { production: true })
        .createEnvironment('app-store', { production: true })
        .recordDeployment('users', '1.0.0', 'staging')
        .recordDeployment('users', '2.0.0', 'prod-env')
        .recordRelease('users', '2.0.0', 'app-store')
      receiver.requests.length = 0
      await td(broker).publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', branch: 'main', interactions: 'changed' })
      const requests = await receiver.waitFor(3)
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(receiver.requests).toHaveLength(3)
      const byVersion = Object.fromEntries(requests.map((r) => [r.path.split('?')[0]!.replace('/verify/', ''), r]))
      expect(Object.keys(byVersion).sort()).toEqual(['1.0.0', '2.0.0', '3.0.0'])
      expect(JSON.parse(byVersion['3.0.0']!.body)).toEqual({
        why: 'latest from main branch',
        consumer: 'web 1.0.0',
        event: 'contract_requiring_verification_published',
      })
      expect(byVersion['3.0.0']!.headers['x-branch']).toBe('main')
      expect(JSON.parse(byVersion['2.0.0']!.body).why).toBe('deployed in prod-env, released in app-store')
      expect(JSON.parse(byVersion['1.0.0']!.body).why).toBe('deployed in staging')
      const pactUrl = decodeURIComponent(new URL(byVersion['1.0.0']!.path, 'http://x').searchParams.get('pact')!)
      expect((await get(pactUrl)).body.interactions[0].description).toBe('changed')

      // The deliveries of that consumer version, and a verification by 3.0.0 removes it from the next publication's.
      const triggered = await get(`${broker.url}/pacts/provider/users/consumer/web/version/1.0.0/triggered-webhooks`)
      expect(
        triggered.body._embedded.triggeredWebhooks.filter((t: { eventName: string }) => t.eventName === 'contract_requiring_verification_published'),
      ).toHaveLength(3)
      await del(`${broker.url}/webhooks/${uuid}`)
    })

    it('retries a failing receiver on the schedule, logs each attempt with secrets masked, and keeps one delivery id', async () => {
      const flaky = await startReceiver([500, 503, 202])
      try {
        const uuid = (
          await hook({
            consumer: { name: 'orders' },
            events: [{ name: 'contract_published' }],
            request: { url: flaky.url('/flaky'), headers: { 'X-Api-Key': 'key-abcdef-123' }, body: 'pact ${pactbroker.consumerVersionNumber}' },
          })
        ).body.uuid as string
        await td(broker).publishPact({ consumer: 'orders', consumerVersion: '7.0.0', provider: 'users' })
        const requests = await flaky.waitFor(3)
        expect(requests.map((r) => r.body)).toEqual(['pact 7.0.0', 'pact 7.0.0', 'pact 7.0.0'])
        expect(requests[0]!.headers['x-api-key']).toBe('key-abcdef-123')
        expect(new Set(requests.map((r) => r.headers['x-concord-delivery-id'])).size).toBe(1)
        // The 0.2 s schedule: the second attempt waited for it.
        expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(150)
        const list = await eventually(
          () => get(`${broker.url}/pacts/provider/users/consumer/orders/version/7.0.0/triggered-webhooks`),
          (res) => res.body._embedded.triggeredWebhooks[0]?.status === 'success',
        )
        const delivery = list.body._embedded.triggeredWebhooks[0]
        expect(delivery).toMatchObject({
          status: 'success',
          attemptsMade: 3,
          attemptsRemaining: 0,
          eventName: 'contract_published',
          uuid: requests[0]!.headers['x-concord-delivery-id'],
        })
        const logs = await get(delivery._links['pb:logs'].href)
        expect(logs.body.executions.map((e: { status: number; success: boolean }) => [e.status, e.success])).toEqual([
          [500, false],
          [503, false],
          [202, true],
        ])
        expect(logs.body.executions[0].logs).toContain('next attempt in 0.2 s')
        expect(logs.body.executions[2].logs).toContain('Delivered')
        expect(JSON.stringify(logs.body)).not.toContain('key-abcdef-123')
        expect(logs.body.executions[0].logs).toContain('X-Api-Key: **********')
        const text = await fetch(delivery._links['pb:logs'].href, { headers: { accept: 'text/plain' } })
        expect(text.headers.get('content-type')).toMatch(/^text\/plain/)
        expect(await text.text()).toContain('Attempt 3 of 3')
        const status = await get(`${broker.url}/pacts/provider/users/consumer/orders/webhooks/status`)
        expect(status.body.summary).toEqual({ successful: 1, failed: 0, retrying: 0, notRun: 0 })
        await del(`${broker.url}/webhooks/${uuid}`)
      } finally {
        await flaky.close()
      }
    })

    it('gives up after the last attempt', async () => {
      const down = await startReceiver([500])
      try {
        const uuid = (await hook({ consumer: { name: 'orders' }, events: [{ name: 'contract_published' }], request: { url: down.url('/down') } })).body
          .uuid as string
        await td(broker).publishPact({ consumer: 'orders', consumerVersion: '7.1.0', provider: 'users' })
        await down.waitFor(3)
        const list = await eventually(
          () => get(`${broker.url}/pacts/provider/users/consumer/orders/version/7.1.0/triggered-webhooks`),
          (res) => res.body._embedded.triggeredWebhooks[0]?.status === 'failure',
        )
        expect(list.body._embedded.triggeredWebhooks[0]).toMatchObject({ status: 'failure', attemptsMade: 3, attemptsRemaining: 0 })
        await new Promise((resolve) => setTimeout(resolve, 400))
        expect(down.requests).toHaveLength(3)
        await del(`${broker.url}/webhooks/${uuid}`)
      } finally {
        await down.close()
      }
    })

    it('fires provider_verification_published and _succeeded or _failed when a result is published', async () => {
      const results = await startReceiver([200])
      try {
        const uuid = (
          await hook({
            provider: { name: 'orders' },
            events: [{ name: 'provider_verification_succeeded' }, { name: 'provider_verification_failed' }, { name: 'provider_verification_published' }],
            request: {
              url: results.url('/status'),
              body: { event: '${pactbroker.eventName}', state: '${pactbroker.githubVerificationStatus}', url: '${pactbroker.verificationResultUrl}' },
            },
          })
        ).body.uuid as string
        await td(broker)
          .publishPact({ consumer: 'web', consumerVersion: '2.0.0', provider: 'orders' })
          .verify({ provider: 'orders', providerVersion: '9.0.0', success: false })
        const got = (await results.waitFor(2)).map((r) => JSON.parse(r.body))
        expect(got.map((b) => b.event).sort()).toEqual(['provider_verification_failed', 'provider_verification_published'])
        expect(got.every((b) => b.state === 'failure')).toBe(true)
        const verification = (await get(got[0].url)).body
        expect(verification.success).toBe(false)
        // The verification links to the deliveries its publication caused, as the Pact Broker's does.
        expect(verification._links['pb:triggered-webhooks']).toEqual({
          title: 'Webhooks triggered by the publication of this verification result',
          href: `${got[0].url}/triggered-webhooks`,
        })
        const triggered = (await get(verification._links['pb:triggered-webhooks'].href)).body._embedded.triggeredWebhooks
        expect(triggered.map((t: { eventName: string }) => t.eventName).sort()).toEqual(['provider_verification_failed', 'provider_verification_published'])
        await del(`${broker.url}/webhooks/${uuid}`)
      } finally {
        await results.close()
      }
    })

    it("matches label-scoped webhooks on the labels of the pact's pacticipants", async () => {
      const labelled = await startReceiver([200])
      try {
        await put(`${broker.url}/pacticipants/orders/labels/team-b`)
        const byLabel = await hook({
          provider: { label: 'team-b' },
          events: [{ name: 'contract_published' }],
          request: { url: labelled.url('/label'), body: '${pactbroker.providerLabels}' },
        })
        const otherLabel = await hook({ provider: { label: 'team-z' }, events: [{ name: 'contract_published' }], request: { url: labelled.url('/other') } })
        expect(byLabel.body.provider).toEqual({ label: 'team-b' })
        await td(broker).publishPact({ consumer: 'web', consumerVersion: '3.0.0', provider: 'orders' })
        const [request] = await labelled.waitFor(1)
        expect(request).toMatchObject({ path: '/label', body: 'team-b' })
        await new Promise((resolve) => setTimeout(resolve, 300))
        expect(labelled.requests).toHaveLength(1)
        await del(`${broker.url}/webhooks/${byLabel.body.uuid}`)
        await del(`${broker.url}/webhooks/${otherLabel.body.uuid}`)
      } finally {
        await labelled.close()
      }
    })

    it('refuses at delivery, with a log, what the broker would refuse now', async () => {
      // A webhook saved under a more permissive configuration (or a name that resolved elsewhere then): this
      // broker's workers refuse to connect to localhost when its address comes out as loopback.
      const lenient = loadConfig({ ...WEBHOOK_TEST_ENV, CONCORD_WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.0/8, ::1' })
      const strict = await startTestBroker(database, { env: { ...WEBHOOK_TEST_ENV, CONCORD_WEBHOOK_ALLOWED_ADDRESSES: '' } })
      try {
        await td(strict).createPacticipant('web')
        const input = webhookSchema.parse({
          consumer: { name: 'web' },
          events: [{ name: 'contract_published' }],
          request: { url: receiver.url('/later').replace('127.0.0.1', 'localhost') },
        })
        await createWebhook({ ...strict.deps, config: lenient }, input)
        const before = receiver.requests.length
        await td(strict).publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users' })
        const list = await eventually(
          () => get(`${strict.url}/pacts/provider/users/consumer/web/version/1.0.0/triggered-webhooks`),
          (res) => res.body._embedded.triggeredWebhooks[0]?.status === 'failure',
        )
        expect(list.body._embedded.triggeredWebhooks[0]).toMatchObject({ status: 'failure', attemptsMade: 1 })
        const logs = await get(list.body._embedded.triggeredWebhooks[0]._links['pb:logs'].href)
        expect(logs.body.executions[0].logs).toMatch(/refused: localhost resolves to (127\.0\.0\.1|::1), which is loopback/)
        expect(logs.body.executions[0].logs).toContain('not retried (refused)')
        expect(receiver.requests.length).toBe(before)
      } finally {
        await strict.close()
      }
    })
  })
}
