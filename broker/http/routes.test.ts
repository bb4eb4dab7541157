import { describe, expect, it } from 'vitest'
import { ACCESS_LEVELS, methodsOf, relationsOf } from './route-table.js'
import { ROUTES } from './routes.js'

describe('the route table', () => {
  it('gives every route an access level', () => {
    const missing = ROUTES.filter((route) => !ACCESS_LEVELS.includes(route.access)).map((route) => `${String(route.method)} ${route.path}`)
    expect(missing).toEqual([])
  })

  it('keeps public access to the documentation pages, sign-in and sign-out, and the UI assets the sign-in page needs (the heartbeat is public by setting: PACT_BROKER_PUBLIC_HEARTBEAT)', () => {
    const publicRoutes = ROUTES.filter((route) => route.access === 'public').flatMap((route) => methodsOf(route).map((method) => `${method} ${route.path}`))
    const beyondDocs = publicRoutes.filter((route) => !route.startsWith('GET /doc/'))
    expect(beyondDocs.sort()).toEqual(['GET /sign-in', 'GET /ui/assets/:file', 'POST /sign-in', 'POST /sign-out'])
    expect(publicRoutes.length).toBeGreaterThan(beyondDocs.length)
  })

  it('needs write or admin access for every method that changes state, except queries sent as POST and the session forms', () => {
    // The session forms change only the caller's own session: an anonymous browser must reach sign-in, and they are
    // CSRF-protected and rate-limited instead (broker/ui/pages/sign-in.tsx).
    const queries = ['POST /pacts/provider/:provider/for-verification', 'POST /deprecations/check', 'POST /sign-in', 'POST /sign-out']
    const readWrites = ROUTES.flatMap((route) =>
      methodsOf(route)
        .filter((method) => method !== 'GET' && route.access !== 'write' && route.access !== 'admin')
        .map((method) => `${method} ${route.path}`),
    )
    expect(readWrites).toEqual(queries)
    expect(ROUTES.filter((route) => methodsOf(route).includes('DELETE')).every((route) => route.access === 'admin')).toBe(true)
  })

  it('has one row per method and path, and one route per relation', () => {
    const keys = ROUTES.flatMap((route) => methodsOf(route).map((method) => `${method} ${route.path}`))
    expect(new Set(keys).size).toBe(keys.length)
    const rels = relationsOf(ROUTES).map((r) => r.rel)
    expect(new Set(rels).size).toBe(rels.length)
  })
})
