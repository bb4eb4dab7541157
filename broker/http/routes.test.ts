import { describe, expect, it } from 'vitest'
import { ACCESS_LEVELS, methodsOf, relationsOf } from './route-table.js'
import { ROUTES } from './routes.js'

describe('the route table', () => {
  it('gives every route an access level', () => {
    const missing = ROUTES.filter((route) => !ACCESS_LEVELS.includes(route.access)).map((route) => `${String(route.method)} ${route.path}`)
    expect(missing).toEqual([])
  })

  it('keeps public access to the documentation pages only (the heartbeat is public by setting: PACT_BROKER_PUBLIC_HEARTBEAT)', () => {
    const publicPaths = ROUTES.filter((route) => route.access === 'public').map((route) => route.path)
    expect(publicPaths.every((path) => path.startsWith('/doc/'))).toBe(true)
  })

  it('needs write or admin access for every method that changes state, except queries sent as POST', () => {
    const queries = ['POST /pacts/provider/:provider/for-verification', 'POST /deprecations/check']
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
