import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { del, get, post, put, request } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

for (const database of DATABASES) {
  describe(`environments (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
    })
    afterAll(() => broker?.close())

    it('has test and production on a fresh broker', async () => {
      const res = await get(`${broker.url}/environments`)
      expect(res.status).toBe(200)
      expect(res.contentType).toMatch(/^application\/hal\+json/)
      const names = res.body._embedded.environments.map((e: any) => [e.name, e.displayName, e.production])
      expect(names).toEqual([
        ['production', 'Production', true],
        ['test', 'Test', false],
      ])
    })

    it('creates, reads, replaces and deletes an environment', async () => {
      const created = await post(`${broker.url}/environments`, {
        name: 'uat-eu',
        production: false,
        contacts: [{ name: 'Team A', details: { emailAddress: 'a@example.com' } }],
      })
      expect(created.status).toBe(201)
      expect(created.body.displayName).toBe('Uat Eu')
      expect(created.headers.get('location')).toBe(created.body._links.self.href)
      const uuid = created.body.uuid
      expect((await get(`${broker.url}/environments/${uuid}`)).body.contacts).toEqual([{ name: 'Team A', details: { emailAddress: 'a@example.com' } }])

      const replaced = await put(`${broker.url}/environments/${uuid}`, { name: 'uat', displayName: 'UAT', production: true })
      expect(replaced.status).toBe(200)
      expect(replaced.body).toMatchObject({ name: 'uat', displayName: 'UAT', production: true })
      expect(replaced.body.contacts).toBeUndefined()

      expect((await get(`${broker.url}/environments?name=uat`)).body._embedded.environments).toHaveLength(1)
      expect((await del(`${broker.url}/environments/${uuid}`)).status).toBe(204)
      expect((await get(`${broker.url}/environments/${uuid}`)).status).toBe(404)
    })

    it('refuses a duplicate name with 409 problem+json', async () => {
      const res = await post(`${broker.url}/environments`, { name: 'production', production: true }, { accept: 'application/problem+json' })
      expect(res.status).toBe(409)
      expect(res.contentType).toMatch(/^application\/problem\+json/)
      expect(res.body).toMatchObject({ status: 409, type: `${broker.url}/problems/environment-name-taken` })
      expect(res.body.detail).toContain("'production' already exists")
    })

    it('points at each bad field', async () => {
      const res = await post(`${broker.url}/environments`, { name: 'has space', production: 'yes' })
      expect(res.status).toBe(400)
      expect(res.body.errors).toEqual([
        { pointer: '/name', detail: expect.stringContaining('spaces') },
        { pointer: '/production', detail: 'must be true or false' },
      ])
    })

    it('answers 415 for a non-JSON body and 405 for an unsupported method', async () => {
      expect((await request('POST', `${broker.url}/environments`, 'name=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415)
      const res = await request('PATCH', `${broker.url}/environments`, {})
      expect(res.status).toBe(405)
      expect(res.headers.get('allow')).toBe('GET, POST, HEAD')
    })
  })
}
