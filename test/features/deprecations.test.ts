/**
 * Declaring, reading, editing and withdrawing deprecations over HTTP, with history, and the 400s that change
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findOrCreatePacticipant } from '../../broker/pacticipants/pacticipants.service.js'
import { fixedClock } from '../../broker/shared/clock.js'
import { findOrCreateVersion } from '../../broker/versions/versions.service.js'
import { DATABASES } from '../support/databases.js'
import { del, get, patch, post, request } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

for (const database of DATABASES) {
  describe(`deprecations (${database.name})`, () => {
    let broker: TestBroker
    let list: string
    beforeAll(async () => {
      broker = await startTestBroker(database, { clock: fixedClock('2026-11-22T10:00:00Z') })
      const api = await findOrCreatePacticipant(broker.deps, 'user-api')
      await findOrCreateVersion(broker.deps, api, '1.0.0')
      list = `${broker.url}/pacticipants/user-api/deprecations`
    })
    afterAll(() => broker?.close())

    const count = async () => (await get(`${list}?includeWithdrawn=true`)).body._embedded.deprecations.length

    it('declares an operation deprecation and reads it back with its phase', async () => {
      const res = await post(
        list,
        {
          method: 'get',
          path: '/users/{id}',
          deprecatedIn: '2.0.0',
          sunset: '2027-01-31',
          removedIn: '3.0.0',
          replacement: 'GET /v2/users/{id}',
          reason: 'v2 has paging',
          link: 'https://example.com/adr/7',
        },
        { 'x-concord-actor': 'alice' },
      )
      expect(res.status).toBe(201)
      expect(res.contentType).toMatch(/^application\/hal\+json/)
      expect(res.body).toMatchObject({
        provider: 'user-api',
        kind: 'operation',
        item: 'GET /users/{id}',
        method: 'GET',
        deprecatedIn: '2.0.0',
        sunset: '2027-01-31',
        removedIn: '3.0.0',
        withdrawn: false,
        // The broker knows only user-api 1.0.0: the deprecation is announced, not yet in effect.
        phase: 'announced',
        daysToSunset: 70,
        createdAt: '2026-11-22T10:00:00+00:00',
      })
      expect(res.headers.get('location')).toBe(res.body._links.self.href)
      const read = await get(res.body._links.self.href)
      expect(read.status).toBe(200)
      expect(read.body.uuid).toBe(res.body.uuid)
      const listed = await get(list)
      expect(listed.body._embedded.deprecations.map((d: any) => d.item)).toEqual(['GET /users/{id}'])
    })

    it('declares field and message deprecations, inferring the kind', async () => {
      const field = await post(list, { method: 'GET', path: '/users/{id}', pointer: '/address/street', deprecatedIn: '2.1.0', sunset: '2027-02-28' })
      expect(field.status).toBe(201)
      expect(field.body).toMatchObject({ kind: 'field', location: 'response', item: 'response field /address/street of GET /users/{id}' })
      const query = await post(list, {
        kind: 'field',
        method: 'GET',
        path: '/users',
        pointer: '/sort',
        location: 'query',
        deprecatedIn: '2.1.0',
        sunset: '2027-02-28',
      })
      expect(query.body.item).toBe("query parameter 'sort' of GET /users")
      const message = await post(list, { description: 'a user updated event', deprecatedIn: '2.1.0', sunset: '2027-02-28' })
      expect(message.body).toMatchObject({ kind: 'message', item: "message 'a user updated event'" })
    })

    it('refuses bad input with pointers and writes nothing', async () => {
      const before = await count()
      const cases: [string, unknown, { pointer: string; detail: RegExp }[]][] = [
        [
          '/pacticipants/nobody/deprecations',
          { method: 'GET', path: '/x', deprecatedIn: '1.0.0', sunset: '2027-01-01' },
          [{ pointer: '#/path/provider', detail: /No pacticipant named 'nobody'/ }],
        ],
        [
          '/pacticipants/user-api/deprecations',
          { method: 'GET', path: '/users/{id', deprecatedIn: '1.0.0', sunset: '2027-01-01' },
          [{ pointer: '/path', detail: /not a valid path template: it has a '\{' without a matching '\}'/ }],
        ],
        [
          '/pacticipants/user-api/deprecations',
          { method: 'GET', path: '/users', deprecatedIn: '2.0.0', sunset: '2027-01-01', removedIn: 'next' },
          [{ pointer: '/removedIn', detail: /'next' is not a semantic version/ }],
        ],
        [
          '/pacticipants/user-api/deprecations',
          { method: 'GET', path: '/users', deprecatedIn: 'v2', sunset: '31/01/2027' },
          [
            { pointer: '/deprecatedIn', detail: /not a semantic version/ },
            { pointer: '/sunset', detail: /not a date written YYYY-MM-DD/ },
          ],
        ],
        [
          '/pacticipants/user-api/deprecations',
          { method: 'GET', path: '/users', deprecatedIn: '2.0.0', sunset: '2027-02-30' },
          [{ pointer: '/sunset', detail: /not a date/ }],
        ],
        // user-api 1.0.0 was recorded on the broker today (real time), so a sunset in 2020 is before it.
        [
          '/pacticipants/user-api/deprecations',
          { method: 'GET', path: '/users', deprecatedIn: '1.0.0', sunset: '2020-01-01' },
          [{ pointer: '/sunset', detail: /before user-api 1\.0\.0 \(deprecatedIn\) was recorded/ }],
        ],
        [
          '/pacticipants/user-api/deprecations',
          { method: 'GET', path: '/users', deprecatedIn: '2.0.0', sunset: '2027-01-01', removedIn: '1.5.0' },
          [{ pointer: '/removedIn', detail: /must be later than deprecatedIn/ }],
        ],
        [
          '/pacticipants/user-api/deprecations',
          { path: '/users', description: 'x', deprecatedIn: '2.0.0', sunset: '2027-01-01', kind: 'operation' },
          [
            { pointer: '/method', detail: /is required for an operation/ },
            { pointer: '/description', detail: /must not be given/ },
          ],
        ],
        [
          '/pacticipants/user-api/deprecations',
          { kind: 'field', method: 'GET', path: '/users', deprecatedIn: '2.0.0', sunset: '2027-01-01' },
          [{ pointer: '/pointer', detail: /is required for a field/ }],
        ],
        [
          '/pacticipants/user-api/deprecations',
          { method: 'FETCH', path: '/users', deprecatedIn: '2.0.0', sunset: '2027-01-01', link: 'ftp://x' },
          [
            { pointer: '/method', detail: /'FETCH' is not an HTTP method/ },
            { pointer: '/link', detail: /http\(s\) URL/ },
          ],
        ],
      ]
      for (const [path, body, errors] of cases) {
        const res = await post(`${broker.url}${path}`, body)
        expect(res.status, JSON.stringify(body)).toBe(400)
        expect(res.contentType).toMatch(/^application\/(problem\+)?json/)
        expect(res.body.type).toBe(`${broker.url}/problems/validation-error`)
        expect(res.body.errors).toEqual(errors.map((e) => ({ pointer: e.pointer, detail: expect.stringMatching(e.detail) })))
      }
      expect(await count()).toBe(before)
    })

    it('refuses a second live deprecation of the same item with 409', async () => {
      const res = await post(list, { method: 'GET', path: '/users/{id}', deprecatedIn: '2.0.0', sunset: '2027-06-30' })
      expect(res.status).toBe(409)
      expect(res.body.type).toBe(`${broker.url}/problems/deprecation-exists`)
      expect(res.body.detail).toContain('already deprecates GET /users/{id}')
    })

    it('lets exactly one of several concurrent declarations of the same item through', async () => {
      const body = { method: 'PUT', path: '/users/{id}/avatar', deprecatedIn: '2.0.0', sunset: '2027-05-31' }
      const statuses = (await Promise.all(Array.from({ length: 5 }, () => post(list, body)))).map((r) => r.status).sort()
      expect(statuses).toEqual([201, 409, 409, 409, 409])
    })

    it('turns a field back into an operation when its pointer is cleared', async () => {
      const field = await post(list, { method: 'GET', path: '/users/{id}/settings', pointer: '/theme', deprecatedIn: '2.0.0', sunset: '2027-05-31' })
      const res = await patch(field.body._links.self.href, { pointer: null })
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ kind: 'operation', item: 'GET /users/{id}/settings' })
      expect(res.body.location).toBeUndefined()
    })

    it('edits with a merge patch, withdraws with DELETE and keeps the history', async () => {
      const created = await post(list, { method: 'DELETE', path: '/users/{id}', deprecatedIn: '2.0.0', sunset: '2027-03-31' }, { 'x-concord-actor': 'alice' })
      const self = created.body._links.self.href
      const edited = await patch(self, { sunset: '2027-04-30', replacement: 'POST /users/{id}/archive' }, { 'x-concord-actor': 'bob' })
      expect(edited.status).toBe(200)
      expect(edited.body).toMatchObject({ sunset: '2027-04-30', replacement: 'POST /users/{id}/archive' })
      const cleared = await patch(self, { replacement: null })
      expect(cleared.body.replacement).toBeUndefined()

      const bad = await patch(self, { path: '/users/{}', removedIn: '1.0.0' })
      expect(bad.status).toBe(400)
      expect(bad.body.errors.map((e: any) => e.pointer)).toEqual(['/path'])
      // The merged result is checked as a whole, as a POST would be.
      const early = await patch(self, { removedIn: '1.0.0' })
      expect(early.body.errors).toEqual([{ pointer: '/removedIn', detail: 'must be later than deprecatedIn (2.0.0)' }])
      expect((await get(self)).body.path).toBe('/users/{id}')
      expect((await patch(self, { color: 'red' })).status).toBe(400)

      const withdrawn = await del(self, { 'x-concord-actor': 'carol' })
      expect(withdrawn.status).toBe(200)
      expect(withdrawn.body).toMatchObject({ withdrawn: true, phase: 'withdrawn' })
      expect((await get(list)).body._embedded.deprecations.map((d: any) => d.uuid)).not.toContain(created.body.uuid)
      expect((await get(`${list}?includeWithdrawn=true`)).body._embedded.deprecations.map((d: any) => d.uuid)).toContain(created.body.uuid)
      // Withdrawing again changes nothing and adds no history.
      expect((await del(self)).status).toBe(200)

      const history = await get(`${self}/history`)
      expect(history.status).toBe(200)
      expect(history.body.history.map((h: any) => [h.action, h.actor])).toEqual([
        ['created', 'alice'],
        ['updated', 'bob'],
        ['updated', 'anonymous'],
        ['withdrawn', 'carol'],
      ])
      expect(history.body.history[0].changes).toEqual([
        { field: 'kind', from: null, to: 'operation' },
        { field: 'method', from: null, to: 'DELETE' },
        { field: 'path', from: null, to: '/users/{id}' },
        { field: 'deprecatedIn', from: null, to: '2.0.0' },
        { field: 'sunset', from: null, to: '2027-03-31' },
      ])
      expect(history.body.history[1].changes).toEqual([
        { field: 'sunset', from: '2027-03-31', to: '2027-04-30' },
        { field: 'replacement', from: null, to: 'POST /users/{id}/archive' },
      ])
      expect(history.body.history[3]).toEqual({
        action: 'withdrawn',
        actor: 'carol',
        at: '2026-11-22T10:00:00+00:00',
        changes: [{ field: 'withdrawn', from: false, to: true }],
      })

      // A withdrawn item may be declared again.
      expect((await post(list, { method: 'DELETE', path: '/users/{id}', deprecatedIn: '2.0.0', sunset: '2027-03-31' })).status).toBe(201)
    })

    it('answers 404 for unknown deprecations and providers, 405 for other methods', async () => {
      const missing = await get(`${broker.url}/deprecations/00000000-0000-0000-0000-000000000000`)
      expect(missing.status).toBe(404)
      expect(missing.body.type).toBe(`${broker.url}/problems/deprecation-not-found`)
      expect((await patch(`${broker.url}/deprecations/nope`, { sunset: '2027-01-01' })).status).toBe(404)
      expect((await get(`${broker.url}/pacticipants/nobody/deprecations`)).status).toBe(404)
      expect((await get(`${broker.url}/pacticipants/nobody/deprecations/timeline`)).status).toBe(404)
      const res = await request('PUT', list, {})
      expect(res.status).toBe(405)
      expect(res.headers.get('allow')).toBe('GET, POST, HEAD')
    })
  })
}
