import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { del, get, patch, post, put, request } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

for (const database of DATABASES) {
  describe(`pacticipants (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
    })
    afterAll(() => broker?.close())

    it('creates a pacticipant with POST and reads it back with every link the clients follow', async () => {
      const created = await post(`${broker.url}/pacticipants`, { name: 'order-service', mainBranch: 'main', repositoryUrl: 'https://git.example/order' })
      expect(created.status).toBe(201)
      expect(created.contentType).toMatch(/^application\/hal\+json/)
      expect(created.headers.get('location')).toBe(`${broker.url}/pacticipants/order-service`)
      expect(created.body).toMatchObject({
        name: 'order-service',
        displayName: 'Order Service',
        mainBranch: 'main',
        repositoryUrl: 'https://git.example/order',
      })
      expect(created.body.repositoryName).toBeUndefined()

      const res = await get(`${broker.url}/pacticipants/order-service`)
      expect(res.status).toBe(200)
      const self = `${broker.url}/pacticipants/order-service`
      expect(res.body._links.self.href).toBe(self)
      expect(res.body._links['pb:versions'].href).toBe(`${self}/versions`)
      expect(res.body._links['pb:branches'].href).toBe(`${self}/branches`)
      expect(res.body._links['pb:version']).toMatchObject({ href: `${self}/versions/{version}`, templated: true })
      expect(res.body._links['pb:version-tag']).toMatchObject({ href: `${self}/versions/{version}/tags/{tag}`, templated: true })
      expect(res.body._links['pb:branch-version']).toMatchObject({ href: `${self}/branches/{branch}/versions/{version}`, templated: true })
      expect(res.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
      expect(res.body._embedded.latestVersion).toBeUndefined()
    })

    it('embeds the latest version once the pacticipant has versions', async () => {
      await put(`${broker.url}/pacticipants/order-service/versions/1.2.0`, {})
      await put(`${broker.url}/pacticipants/order-service/versions/1.10.0`, {})
      await put(`${broker.url}/pacticipants/order-service/versions/1.9.0`, {})
      const res = await get(`${broker.url}/pacticipants/order-service`)
      expect(res.body._embedded.latestVersion).toMatchObject({
        number: '1.10.0',
        _links: { self: { href: `${broker.url}/pacticipants/order-service/versions/1.10.0` } },
      })
    })

    it('refuses to POST a name that exists (409) and points at bad fields (400)', async () => {
      const dup = await post(`${broker.url}/pacticipants`, { name: 'order-service' })
      expect(dup.status).toBe(409)
      expect(dup.body.type).toBe(`${broker.url}/problems/pacticipant-name-taken`)
      const bad = await post(`${broker.url}/pacticipants`, { displayName: '', mainBranch: 'has space', repositoryUrl: 'a\nb' })
      expect(bad.status).toBe(400)
      expect(bad.body.errors).toEqual(
        expect.arrayContaining([
          { pointer: '/name', detail: 'is required' },
          { pointer: '/displayName', detail: 'must not be blank' },
          { pointer: '/mainBranch', detail: 'must not contain spaces' },
          { pointer: '/repositoryUrl', detail: 'repositoryUrl must be on a single line' },
        ]),
      )
      expect((await get(`${broker.url}/pacticipants`)).body.pacticipants.map((p: any) => p.name)).toEqual(['order-service'])
    })

    it('merge-patches only the fields sent, clears a field sent as null, and creates an unknown name (201)', async () => {
      const patched = await patch(`${broker.url}/pacticipants/order-service`, { name: 'order-service', displayName: 'Orders', repositoryUrl: null })
      expect(patched.status).toBe(200)
      expect(patched.body).toMatchObject({ name: 'order-service', displayName: 'Orders', mainBranch: 'main' })
      expect(patched.body.repositoryUrl).toBeUndefined()

      const created = await patch(`${broker.url}/pacticipants/payments`, { mainBranch: 'develop' })
      expect(created.status).toBe(201)
      expect(created.headers.get('location')).toBe(`${broker.url}/pacticipants/payments`)
      expect(created.body).toMatchObject({ name: 'payments', displayName: 'Payments', mainBranch: 'develop' })

      const renamed = await patch(`${broker.url}/pacticipants/payments`, { name: 'other' })
      expect(renamed.status).toBe(400)
      expect(renamed.body.errors[0].pointer).toBe('/name')
    })

    it('replaces every field with PUT and answers 404 for an unknown name', async () => {
      const replaced = await put(`${broker.url}/pacticipants/payments`, { repositoryName: 'payments-repo' })
      expect(replaced.status).toBe(200)
      expect(replaced.body).toMatchObject({ name: 'payments', displayName: 'Payments', repositoryName: 'payments-repo' })
      expect(replaced.body.mainBranch).toBeUndefined()
      const unknown = await put(`${broker.url}/pacticipants/nobody`, {})
      expect(unknown.status).toBe(404)
      expect(unknown.body.type).toBe(`${broker.url}/problems/pacticipant-not-found`)
    })

    it('lists pacticipants in both the embedded and the deprecated top-level collection, filtered and paged', async () => {
      await post(`${broker.url}/pacticipants`, { name: 'Billing' })
      const res = await get(`${broker.url}/pacticipants`)
      expect(res.status).toBe(200)
      expect(res.body._embedded.pacticipants.map((p: any) => p.name)).toEqual(['Billing', 'order-service', 'payments'])
      expect(res.body.pacticipants.map((p: any) => [p.name, p.displayName])).toEqual([
        ['Billing', 'Billing'],
        ['order-service', 'Orders'],
        ['payments', 'Payments'],
      ])
      expect(res.body._links['pb:pacticipants'][0]).toEqual({ title: 'Pacticipant', name: 'Billing', href: `${broker.url}/pacticipants/Billing` })

      expect((await get(`${broker.url}/pacticipants?q=PAY`)).body.pacticipants.map((p: any) => p.name)).toEqual(['payments'])
      const page = await get(`${broker.url}/pacticipants?size=2&page=2`)
      expect(page.body.pacticipants.map((p: any) => p.name)).toEqual(['payments'])
      expect(page.body.page).toEqual({ number: 2, size: 2, totalElements: 3, totalPages: 2 })
      expect(page.body._links.previous.href).toBe(`${broker.url}/pacticipants?size=2&page=1`)
      expect(page.body._links.next).toBeUndefined()
      const bad = await get(`${broker.url}/pacticipants?size=0`)
      expect(bad.status).toBe(400)
      expect(bad.body.errors[0].pointer).toBe('#/query/size')
    })

    it('deletes a pacticipant with its versions (204), then 404', async () => {
      await put(`${broker.url}/pacticipants/Billing/versions/1.0.0`, {})
      expect((await del(`${broker.url}/pacticipants/Billing`)).status).toBe(204)
      expect((await get(`${broker.url}/pacticipants/Billing`)).status).toBe(404)
      expect((await del(`${broker.url}/pacticipants/Billing`)).status).toBe(404)
      const versions = await broker.database.db.selectFrom('versions').select('number').where('number', '=', '1.0.0').execute()
      expect(versions).toEqual([])
    })

    it('serves names with spaces and encoded slashes, and answers 405 with Allow', async () => {
      const created = await patch(`${broker.url}/pacticipants/${encodeURIComponent('My App')}`, {})
      expect(created.status).toBe(201)
      expect(created.body._links.self.href).toBe(`${broker.url}/pacticipants/My%20App`)
      expect((await get(`${broker.url}/pacticipants/My%20App`)).body.displayName).toBe('My App')
      const res = await request('POST', `${broker.url}/pacticipants/My%20App`, {})
      expect(res.status).toBe(405)
      expect(res.headers.get('allow')).toBe('GET, PUT, PATCH, DELETE, HEAD')
    })
  })
}
