import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get, post, put } from '../support/http.js'
import { base64Json, pactDocument, publishBody } from '../support/pact-documents.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { countRows as rowsIn } from '../support/row-count.js'

async function countRows(broker: TestBroker) {
  const count = (table: 'pacticipants' | 'versions' | 'pact_versions' | 'pact_publications' | 'tags' | 'branch_versions' | 'integrations') =>
    rowsIn(broker.deps.db, table)
  return {
    pacticipants: await count('pacticipants'),
    versions: await count('versions'),
    pactVersions: await count('pact_versions'),
    publications: await count('pact_publications'),
    tags: await count('tags'),
    branchVersions: await count('branch_versions'),
    integrations: await count('integrations'),
  }
}

for (const database of DATABASES) {
  describe(`publish contracts (${database.name})`, () => {
    let broker: TestBroker
    const events: unknown[] = []
    beforeAll(async () => {
      broker = await startTestBroker(database)
      broker.deps.events.on('contract.published', (event) => events.push(event))
    })
    afterAll(() => broker?.close())

    it('publishes a pact with branch, tags and build URL and answers with what the CLI parses', async () => {
      const pact = pactDocument('web', 'users', ['get a user'])
      const res = await post(
        `${broker.url}/contracts/publish`,
        publishBody({ pact, version: '1.0.0', branch: 'main', tags: ['dev', 'prod'], buildUrl: 'https://ci/build/1' }),
      )
      expect(res.status).toBe(200)
      expect(res.contentType).toMatch(/^application\/hal\+json/)
      expect(res.body._embedded.pacticipant).toEqual({ name: 'web', _links: { self: { href: `${broker.url}/pacticipants/web` } } })
      expect(res.body._embedded.version).toEqual({
        number: '1.0.0',
        _links: { self: { title: 'Version', name: '1.0.0', href: `${broker.url}/pacticipants/web/versions/1.0.0` } },
      })
      expect(res.body._links['pb:pacticipant']).toEqual({ title: 'Pacticipant', name: 'web', href: `${broker.url}/pacticipants/web` })
      expect(res.body._links['pb:pacticipant-version']).toMatchObject({ name: '1.0.0', href: `${broker.url}/pacticipants/web/versions/1.0.0` })
      expect(res.body._links['pb:pacticipant-version-tags'].map((t: any) => t.name)).toEqual(['dev', 'prod'])
      expect(res.body._links['pb:contracts']).toEqual([
        { title: 'Pact', name: 'Pact between web (1.0.0) and users', href: `${broker.url}/pacts/provider/users/consumer/web/version/1.0.0` },
      ])
      expect(res.body.notices).toContainEqual({ type: 'debug', text: 'Created web version 1.0.0 with branch main and tags dev, prod' })
      expect(res.body.notices).toContainEqual({ type: 'success', text: 'Pact successfully published for web version 1.0.0 and provider users.' })
      for (const log of res.body.logs) expect(Object.keys(log).sort()).toEqual(['deprecationWarning', 'level', 'message'])

      const row = await broker.deps.db.selectFrom('versions').select(['build_url']).where('number', '=', '1.0.0').executeTakeFirstOrThrow()
      expect(row.build_url).toBe('https://ci/build/1')
      const branch = await broker.deps.db.selectFrom('branch_versions').select('branch_name').executeTakeFirstOrThrow()
      expect(branch.branch_name).toBe('main')
      expect(events.at(-1)).toMatchObject({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', contentChanged: true })

      const fetched = await get(`${broker.url}/pacts/provider/users/consumer/web/version/1.0.0`)
      expect(fetched.status).toBe(200)
      expect(fetched.body.interactions[0].description).toBe('get a user')
      expect(fetched.body.interactions[0]._id).toMatch(/^[0-9a-f]{40}$/)
    })

    it('keeps pb:pacticipant-version-tags an array when there are no tags', async () => {
      const res = await post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument('web', 'orders'), version: '1.0.0' }))
      expect(res.status).toBe(200)
      expect(res.body._links['pb:pacticipant-version-tags']).toEqual([])
      expect(res.body.notices[0]).toEqual({ type: 'debug', text: 'Updated web version 1.0.0' })
    })

    it('is idempotent for identical content, whatever metadata the client adds', async () => {
      const pact = pactDocument('app', 'api', ['one', 'two'])
      const first = await post(`${broker.url}/contracts/publish`, publishBody({ pact, version: '2.0.0' }))
      expect(first.status).toBe(200)
      const before = await countRows(broker)
      // The Rust CLI injects metadata.pactRust and may reorder interactions: still the same content.
      const reshuffled = { ...pact, interactions: [...pact.interactions].reverse(), metadata: { ...pact.metadata, pactRust: { models: '1.2.3' } } }
      const again = await post(`${broker.url}/contracts/publish`, publishBody({ pact: reshuffled, version: '2.0.0' }))
      expect(again.status).toBe(200)
      expect(again.body.notices).toContainEqual({
        type: 'success',
        text: 'Pact successfully republished for app version 2.0.0 and provider api with no content changes.',
      })
      expect(await countRows(broker)).toEqual(before)

      // Same content for a new consumer version: a new publication, the same pact version.
      const next = await post(`${broker.url}/contracts/publish`, publishBody({ pact: reshuffled, version: '2.0.1' }))
      expect(next.status).toBe(200)
      const after = await countRows(broker)
      expect(after.pactVersions).toBe(before.pactVersions)
      expect(after.publications).toBe(before.publications + 1)
      const a = await get(`${broker.url}/pacts/provider/api/consumer/app/version/2.0.0`)
      const b = await get(`${broker.url}/pacts/provider/api/consumer/app/version/2.0.1`)
      expect(a.body._links['pb:pact-version'].name).toBe(b.body._links['pb:pact-version'].name)
    })

    it('refuses different content for an existing consumer version with 409 and changes nothing', async () => {
      await post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument('shop', 'stock', ['count']), version: '3.0.0' }))
      const before = await countRows(broker)
      for (const onConflict of ['overwrite', 'merge'] as const) {
        const res = await post(
          `${broker.url}/contracts/publish`,
          publishBody({ pact: pactDocument('shop', 'stock', ['count', 'reserve']), version: '3.0.0', tags: ['new-tag'], onConflict }),
        )
        expect(res.status).toBe(409)
        expect(res.body.type).toBe(`${broker.url}/problems/pact-content-conflict`)
        expect(res.body.detail).toMatch(/^Cannot change the content of the pact for shop version 3\.0\.0 and provider stock, as race conditions/)
        expect(res.body.notices[0]).toMatchObject({ type: 'error' })
        expect(res.body.notices[1]).toEqual({ type: 'info', text: 'Compared with the published pact: 1 interaction(s) added, 0 removed, 0 changed.' })
      }
      // The tag in the rejected request was rolled back with everything else.
      expect(await countRows(broker)).toEqual(before)
    })

    it('reports every invalid field with a JSON pointer', async () => {
      const res = await post(`${broker.url}/contracts/publish`, {
        pacticipantName: 'web',
        pacticipantVersionNumber: '',
        tags: ['ok', ''],
        contracts: [{ consumerName: 'web', providerName: 'users', specification: 'openapi', contentType: 'text/plain', content: 'e30=' }],
      })
      expect(res.status).toBe(400)
      expect(res.body.type).toBe(`${broker.url}/problems/validation-error`)
      const pointers = res.body.errors.map((e: any) => e.pointer).sort()
      expect(pointers).toEqual(['/contracts/0/contentType', '/contracts/0/specification', '/pacticipantVersionNumber', '/tags/1'])

      const missing = await post(`${broker.url}/contracts/publish`, {})
      expect(missing.status).toBe(400)
      expect(missing.body.errors).toContainEqual({ pointer: '/contracts', detail: 'is required' })
    })

    it('checks the decoded content: base64, JSON, pact shape, names and specification version', async () => {
      const contract = (content: string, consumerName = 'web', providerName = 'users') => ({
        pacticipantName: 'web',
        pacticipantVersionNumber: '9',
        contracts: [{ consumerName, providerName, specification: 'pact', contentType: 'application/json', content }],
      })
      const cases: [Record<string, unknown>, string, RegExp][] = [
        [contract('not base64!'), '/contracts/0/content', /not valid Base64/],
        [contract(Buffer.from('{nope').toString('base64')), '/contracts/0/content', /not valid JSON/],
        [contract(base64Json({ consumer: { name: 'web' }, provider: { name: 'users' } })), '/contracts/0/content/interactions', /interactions/],
        [
          contract(base64Json(pactDocument('web', 'users', ['x'], '9.0.0'))),
          '/contracts/0/content/metadata/pactSpecification/version',
          /'9\.0\.0' is not a pact specification version/,
        ],
        [contract(base64Json(pactDocument('other', 'users'))), '/contracts/0/content/consumer/name', /must match/],
        [contract(base64Json(pactDocument('web', 'users')), 'mobile'), '/contracts/0/consumerName', /must match pacticipantName/],
      ]
      const before = await countRows(broker)
      for (const [body, pointer, detail] of cases) {
        const res = await post(`${broker.url}/contracts/publish`, body)
        expect(res.status, pointer).toBe(400)
        const error = res.body.errors.find((e: any) => e.pointer === pointer)
        expect(error, JSON.stringify(res.body.errors)).toBeDefined()
        expect(error.detail).toMatch(detail)
      }
      expect(await countRows(broker)).toEqual(before)
    })

    it('refuses a pact a verifier could not run, on POST /contracts/publish and the legacy PUT, pointing at the interaction and field', async () => {
      const broken = pactDocument('kiosk', 'users', ['get a user', 'list users'])
      broken.interactions[1] = { description: 'list users', request: { method: 'GET' }, response: { status: 'abc' } }
      const before = await countRows(broker)
      const published = await post(`${broker.url}/contracts/publish`, publishBody({ pact: broken, version: '1.0.0' }))
      expect(published.status).toBe(400)
      expect(published.body).toMatchObject({ type: `${broker.url}/problems/validation-error`, status: 400 })
      expect(published.body.errors).toEqual([
        { pointer: '/contracts/0/content/interactions/1/request/path', detail: "is required: the request path, starting with '/' (interaction 'list users')" },
        {
          pointer: '/contracts/0/content/interactions/1/response/status',
          detail: 'must be an HTTP status code (an integer from 100 to 599), got "abc" (interaction \'list users\')',
        },
      ])
      const legacy = await put(`${broker.url}/pacts/provider/users/consumer/kiosk/version/1.0.0`, broken)
      expect(legacy.status).toBe(400)
      expect(legacy.body.errors.map((e: any) => e.pointer)).toEqual(['/interactions/1/request/path', '/interactions/1/response/status'])
      const empty = await put(`${broker.url}/pacts/provider/users/consumer/kiosk/version/1.0.0`, { ...broken, interactions: [] })
      expect(empty.status).toBe(400)
      expect(empty.body.errors).toEqual([
        { pointer: '/interactions', detail: 'must not be empty: a pact with no interactions or messages gives the provider nothing to verify' },
      ])
      expect(await countRows(broker)).toEqual(before)
      expect((await get(`${broker.url}/pacticipants/kiosk`)).status).toBe(404)
    })

    it('accepts V4 pacts and message pacts', async () => {
      const v4: Record<string, any> = pactDocument('web', 'events', ['an http call'], '4.0')
      // A V4 body is { content, contentType, encoded }.
      v4.interactions = v4.interactions.map((i: any) => ({
        ...i,
        type: 'Synchronous/HTTP',
        response: { ...i.response, body: { content: i.response.body, contentType: 'application/json', encoded: false } },
      }))
      const message = {
        consumer: { name: 'worker' },
        provider: { name: 'events' },
        messages: [{ description: 'a created event', contents: { id: 1 } }],
        metadata: { pactSpecification: { version: '3.0.0' } },
      }
      expect((await post(`${broker.url}/contracts/publish`, publishBody({ pact: v4, version: '4.0.0' }))).status).toBe(200)
      expect((await post(`${broker.url}/contracts/publish`, publishBody({ pact: message, version: '1.0.0' }))).status).toBe(200)
      const fetched = await get(`${broker.url}/pacts/provider/events/consumer/worker/latest`)
      expect(fetched.body.messages[0]).toMatchObject({ description: 'a created event', _id: expect.stringMatching(/^[0-9a-f]{40}$/) })
    })

    it('publishes several contracts of one consumer version in one request', async () => {
      const res = await post(
        `${broker.url}/contracts/publish`,
        publishBody({ pact: [pactDocument('portal', 'billing'), pactDocument('portal', 'search')], version: '5.0.0' }),
      )
      expect(res.status).toBe(200)
      expect(res.body._links['pb:contracts'].map((c: any) => c.name)).toEqual([
        'Pact between portal (5.0.0) and billing',
        'Pact between portal (5.0.0) and search',
      ])
    })
  })

  describe(`publish contracts with content modification allowed (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database, { env: { CONCORD_ALLOW_CONTRACT_MODIFICATION: 'true' } })
    })
    afterAll(() => broker?.close())

    it('stores changed content as a new revision, and merges interactions on request', async () => {
      await post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument('web', 'users', ['a']), version: '1' }))
      const overwritten = await post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument('web', 'users', ['b']), version: '1' }))
      expect(overwritten.status).toBe(200)
      expect(overwritten.body.notices.some((n: any) => n.type === 'warning' && /revision 2/.test(n.text))).toBe(true)
      let pact = await get(`${broker.url}/pacts/provider/users/consumer/web/version/1`)
      expect(pact.body.interactions.map((i: any) => i.description)).toEqual(['b'])

      const merged = await post(
        `${broker.url}/contracts/publish`,
        publishBody({ pact: pactDocument('web', 'users', ['c']), version: '1', onConflict: 'merge' }),
      )
      expect(merged.status).toBe(200)
      pact = await get(`${broker.url}/pacts/provider/users/consumer/web/version/1`)
      expect(pact.body.interactions.map((i: any) => i.description)).toEqual(['b', 'c'])
      const revisions = await broker.deps.db.selectFrom('pact_publications').select('revision_number').orderBy('revision_number').execute()
      expect(revisions.map((r) => r.revision_number)).toEqual([1, 2, 3])
    })
  })

  describe(`legacy pact publishing (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
    })
    afterAll(() => broker?.close())

    it('PUT creates (201), republishes (200) and refuses changes (409)', async () => {
      const url = `${broker.url}/pacts/provider/users/consumer/web/version/1.0.0`
      const created = await put(url, pactDocument('web', 'users', ['a']))
      expect(created.status).toBe(201)
      expect(created.headers.get('location')).toBe(url)
      expect(created.body._links.self.href).toBe(url)
      expect((await put(url, pactDocument('web', 'users', ['a']))).status).toBe(200)
      const changed = await put(url, pactDocument('web', 'users', ['b']))
      expect(changed.status).toBe(409)
      expect(changed.body.detail).toMatch(/Cannot change the content of the pact for web version 1\.0\.0 and provider users/)
    })

    it('PUT refuses a pact whose names differ from the URL', async () => {
      const res = await put(`${broker.url}/pacts/provider/users/consumer/web/version/2`, pactDocument('mobile', 'users'))
      expect(res.status).toBe(400)
      expect(res.body.errors).toEqual([{ pointer: '/consumer/name', detail: expect.stringMatching(/URL names consumer 'web'/) }])
    })
  })
}
