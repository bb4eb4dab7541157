import { describe, expect, it } from 'vitest'
import type { Deprecation } from './deprecation.js'
import { consumerReasons, providerRemovalReasons } from './gate.js'
import { computeUsage, groupUsage } from './usage.js'
import type { PlacedPact } from './usage.repository.js'

const d = (over: Partial<Deprecation> = {}): Deprecation => ({
  id: 1,
  uuid: 'd-1',
  providerId: 10,
  provider: 'api',
  kind: 'operation',
  method: 'GET',
  path: '/users/{id}',
  pointer: null,
  location: null,
  description: null,
  deprecatedIn: '2.0.0',
  sunset: '2026-12-01',
  removedIn: '3.0.0',
  replacement: null,
  reason: null,
  link: null,
  withdrawn: false,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...over,
})
const use = { interaction: 'get a user', detail: '' }
const user = { consumer: 'web', version: '1.0.0', places: [{ kind: 'deployed' as const, environment: 'production' }], uses: [use] }

describe('providerRemovalReasons', () => {
  it('refuses versions at or above removedIn while someone uses the item', () => {
    expect(providerRemovalReasons('2.9.9', 'production', [{ deprecation: d(), users: [user] }])).toEqual([])
    expect(providerRemovalReasons('3.0.0', 'production', [{ deprecation: d(), users: [] }])).toEqual([])
    expect(providerRemovalReasons('3.1.0', 'production', [{ deprecation: d({ withdrawn: true }), users: [user] }])).toEqual([])
    expect(providerRemovalReasons('3.1.0', 'production', [{ deprecation: d({ removedIn: null }), users: [user] }])).toEqual([])
    expect(providerRemovalReasons('main-abc123', 'production', [{ deprecation: d(), users: [user] }])).toEqual([])
    expect(providerRemovalReasons('3.1.0', 'production', [{ deprecation: d(), users: [user] }])).toEqual([
      {
        level: 'error',
        deprecation: 'd-1',
        text: "api 3.1.0 removes GET /users/{id} (removed in 3.0.0), which is still used in production by web 1.0.0 ('get a user'). Deploy consumer versions that no longer use it first.",
        concerns: [{ pacticipant: 'web', version: '1.0.0' }],
      },
    ])
  })
})

describe('consumerReasons', () => {
  const before = { now: new Date('2026-11-30T12:00:00Z'), failOnSunset: true }
  const after = { now: new Date('2026-12-02T12:00:00Z'), failOnSunset: false }
  it('warns past sunset, refuses when asked, refuses when the provider there removed the item', () => {
    expect(consumerReasons('web', '1.0.0', 'production', [{ deprecation: d(), uses: [use], providerVersionsThere: ['2.5.0'] }], before)).toEqual([])
    expect(
      consumerReasons('web', '1.0.0', 'production', [{ deprecation: d(), uses: [use], providerVersionsThere: ['2.5.0'] }], after).map((r) => r.level),
    ).toEqual(['warning'])
    expect(
      consumerReasons('web', '1.0.0', 'production', [{ deprecation: d(), uses: [use], providerVersionsThere: [] }], { ...after, failOnSunset: true }).map(
        (r) => r.level,
      ),
    ).toEqual(['error'])
    const removed = consumerReasons(
      'web',
      '1.0.0',
      'production',
      [{ deprecation: d({ replacement: 'GET /v2/users/{id}' }), uses: [use], providerVersionsThere: ['3.0.0', '2.0.0'] }],
      before,
    )
    expect(removed).toEqual([
      {
        level: 'error',
        deprecation: 'd-1',
        text: "web 1.0.0 uses GET /users/{id} of api ('get a user'), which api 3.0.0 in production no longer provides (removed in 3.0.0). Use GET /v2/users/{id} instead.",
        concerns: [{ pacticipant: 'api', version: '3.0.0' }],
      },
    ])
  })
})

describe('computeUsage and groupUsage', () => {
  const pact = { interactions: [{ description: 'get a user', request: { method: 'GET', path: '/users/1' }, response: { status: 200 } }] }
  const other = { interactions: [{ description: 'list users', request: { method: 'GET', path: '/users' }, response: { status: 200 } }] }
  const row = (over: Partial<PlacedPact>): PlacedPact => ({
    consumerId: 1,
    consumer: 'web',
    providerId: 10,
    versionId: 100,
    version: '1.0.0',
    pactVersionId: 1,
    place: 'deployed',
    environment: 'production',
    branch: null,
    mainBranch: 'main',
    ...over,
  })
  it('finds the placed versions whose pacts use each item, grouped by where they are', () => {
    const placed = [
      row({}),
      row({ place: 'branch', environment: null, branch: 'main' }),
      row({ versionId: 101, version: '1.1.0', place: 'branch', environment: null, branch: 'feat' }),
      row({ consumerId: 2, consumer: 'admin', versionId: 200, pactVersionId: 2 }),
      row({ consumerId: 3, consumer: 'ios', versionId: 300, pactVersionId: 1, place: 'released', environment: 'app-store' }),
      row({ providerId: 11, pactVersionId: 1, consumer: 'elsewhere', versionId: 400 }),
    ]
    const usage = computeUsage(
      [d()],
      placed,
      new Map<number, unknown>([
        [1, pact],
        [2, other],
      ]),
    )
    const grouped = groupUsage(usage.get(1)!)
    expect(grouped.consumers).toEqual(['ios', 'web'])
    expect(grouped.environments).toEqual([
      { name: 'app-store', deployed: [], released: [{ consumer: 'ios', version: '1.0.0', interactions: ['get a user'] }] },
      { name: 'production', deployed: [{ consumer: 'web', version: '1.0.0', interactions: ['get a user'] }], released: [] },
    ])
    expect(grouped.mainBranch).toEqual([{ consumer: 'web', version: '1.0.0', branch: 'main', interactions: ['get a user'] }])
    expect(grouped.otherBranches).toEqual([{ consumer: 'web', version: '1.1.0', branch: 'feat', interactions: ['get a user'] }])
  })
})
