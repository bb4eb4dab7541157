/**
 * Walks the route table with auth on: every route has an access level, every route above `public` refuses an
 * anonymous caller (401), every write route refuses a read token (403) and every admin route a write token
 * (403), and each refused write leaves one `write.refused` audit event. Paths are filled with names that do
 * not exist: the check runs before any handler, so a refusal never depends on the data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCESS_LEVELS, methodsOf } from '../../broker/http/route-table.js'
import { ROUTES } from '../../broker/http/routes.js'
import { DATABASES } from '../support/databases.js'
import { get, post, request } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const ADMIN_TOKEN = 'route-walk-admin-secret-0123456789'
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }

/** `/pacticipants/:pacticipant{/metadata/:m}` → `/pacticipants/no-such-x` (optional parts dropped). */
function concretePath(path: string): string {
  return path.replace(/\{[^}]*\}/g, '').replace(/[:*]([A-Za-z0-9_]+)/g, 'no-such-$1')
}

const cases = ROUTES.flatMap((route) => methodsOf(route).map((method) => ({ method, path: route.path, access: route.access })))

it('every route of the table has an access level', () => {
  expect(cases.filter((c) => !ACCESS_LEVELS.includes(c.access))).toEqual([])
  expect(cases.length).toBeGreaterThan(50)
})

for (const database of DATABASES) {
  describe(`the route table with auth on (${database.name})`, () => {
    let broker: TestBroker
    const tokens: Record<string, string> = {}
    beforeAll(async () => {
      broker = await startTestBroker(database, { env: { CONCORD_ADMIN_TOKEN: ADMIN_TOKEN, CONCORD_AUTH_FAILURE_LIMIT: '100000' } })
      for (const role of ['read', 'write'] as const)
        tokens[role] = (await post(`${broker.url}/settings/tokens`, { name: `${role}-walker`, role }, admin)).body.value
    })
    afterAll(() => broker?.close())

    it('refuses anonymous callers on every route above public, and records each refused write', async () => {
      const wrong: string[] = []
      const writes: string[] = []
      for (const c of cases) {
        const res = await request(c.method, `${broker.url}${concretePath(c.path)}`, c.method === 'GET' ? undefined : {})
        const refused = res.status === 401
        if (c.access === 'public' ? refused : !refused) wrong.push(`${c.method} ${c.path} (${c.access}) answered ${res.status}`)
        if ((c.access === 'write' || c.access === 'admin') && c.method !== 'GET') writes.push(res.headers.get('x-request-id')!)
      }
      expect(wrong).toEqual([])
      const recorded = new Set<string>()
      for (let url: string | undefined = `${broker.url}/audit?outcome=refused&actor=anonymous`; url;) {
        const page: { body: any } = await get(url, admin)
        // A refused sign-in (the public form, posted here without its CSRF token) is recorded too, on purpose.
        for (const e of page.body.events) if (e.payload.form !== 'sign-in') recorded.add(e.requestId)
        url = page.body._links.next?.href
      }
      expect(writes.filter((id) => !recorded.has(id))).toEqual([])
      expect(recorded.size).toBe(writes.length)
    })

    it('refuses a read token on every write route, and a write token on every admin route', async () => {
      const wrong: string[] = []
      for (const c of cases.filter((c) => c.access === 'write' || c.access === 'admin')) {
        for (const role of c.access === 'admin' ? (['read', 'write'] as const) : (['read'] as const)) {
          const res = await request(c.method, `${broker.url}${concretePath(c.path)}`, c.method === 'GET' ? undefined : {}, {
            authorization: `Bearer ${tokens[role]}`,
          })
          if (res.status !== 403) wrong.push(`${c.method} ${c.path} (${c.access}) with a ${role} token answered ${res.status}`)
        }
      }
      expect(wrong).toEqual([])
    })
  })
}
