import { describe, expect, it } from 'vitest'
import { atOrAbove, daysToSunset, type Deprecation, itemLabel, phaseDescription, phaseOf, type RunningVersion } from './deprecation.js'
import { deprecationNotice, sunsetText } from './notices.js'

const base = { withdrawn: false, deprecatedIn: '2.0.0', sunset: '2026-12-01', removedIn: '3.0.0' }
const at = (iso: string) => new Date(iso)

const staging3: RunningVersion = { environment: 'staging', production: false, version: '3.0.0', since: at('2026-11-20T09:00:00Z') }
const production3: RunningVersion = { environment: 'production', production: true, version: '3.1.0', since: at('2026-12-03T09:00:00Z') }
const production2: RunningVersion = { ...production3, version: '2.5.0' }

describe('phaseOf', () => {
  it('moves announced → deprecated → past-sunset → removed', () => {
    expect(phaseOf(base, { now: at('2026-11-22T12:00:00Z'), highestProviderVersion: null })).toBe('announced')
    expect(phaseOf(base, { now: at('2026-11-22T12:00:00Z'), highestProviderVersion: '1.9.9' })).toBe('announced')
    expect(phaseOf(base, { now: at('2026-11-22T12:00:00Z'), highestProviderVersion: '2.0.0' })).toBe('deprecated')
    expect(phaseOf(base, { now: at('2026-11-30T23:59:59Z'), highestProviderVersion: '2.5.0' })).toBe('deprecated')
    expect(phaseOf(base, { now: at('2026-12-01T00:00:00Z'), highestProviderVersion: '2.5.0' })).toBe('past-sunset')
    // A published 3.0.0 removes nothing: only one running in production does.
    expect(phaseOf(base, { now: at('2026-11-22T12:00:00Z'), highestProviderVersion: '3.0.0' })).toBe('deprecated')
    expect(phaseOf(base, { now: at('2026-11-22T12:00:00Z'), highestProviderVersion: '3.0.0', running: [staging3] })).toBe('deprecated')
    expect(phaseOf(base, { now: at('2026-11-22T12:00:00Z'), highestProviderVersion: '3.0.0', running: [production3] })).toBe('removed')
    expect(phaseOf({ ...base, removedIn: null }, { now: at('2027-01-01T00:00:00Z'), highestProviderVersion: '9.0.0' })).toBe('past-sunset')
    expect(phaseOf({ ...base, withdrawn: true }, { now: at('2027-01-01T00:00:00Z'), highestProviderVersion: '9.0.0' })).toBe('withdrawn')
  })

  it('describes what is true: scheduled until a version without the item runs in production, then where and since when', () => {
    const now = at('2026-11-22T12:00:00Z')
    const say = (
      highest: string | null,
      running: RunningVersion[],
      d: typeof base | (Omit<typeof base, 'removedIn'> & { removedIn: string | null }) = base,
      when = now,
    ) => phaseDescription(d, phaseOf(d, { now: when, highestProviderVersion: highest, running }), { now: when, highestProviderVersion: highest, running })
    expect(say(null, [])).toBe('announced: 2.0.0, the version that deprecates it, is not published yet; removal scheduled in 3.0.0')
    expect(say('2.5.0', [production2])).toBe('deprecated since 2.0.0; sunset 2026-12-01; removal scheduled in 3.0.0')
    expect(say('3.0.0', [production2])).toBe(
      'deprecated since 2.0.0; sunset 2026-12-01; removal scheduled in 3.0.0, which is published but not yet in production',
    )
    expect(say('3.0.0', [production2, staging3])).toBe(
      'deprecated since 2.0.0; sunset 2026-12-01; removed in staging since 2026-11-20 (3.0.0); removal scheduled in 3.0.0, which is published but not yet in production',
    )
    expect(say('3.1.0', [production2, staging3], base, at('2026-12-02T00:00:00Z'))).toBe(
      'past its sunset (2026-12-01): the provider may remove it; removed in staging since 2026-11-20 (3.0.0); removal scheduled in 3.0.0, which is published but not yet in production',
    )
    expect(say('3.1.0', [production3, { ...production2, environment: 'production-eu' }], base, at('2026-12-04T00:00:00Z'))).toBe(
      'removed in production since 2026-12-03 (3.1.0); still present in production-eu',
    )
    expect(say('9.0.0', [], { ...base, removedIn: null }, at('2027-01-01T00:00:00Z'))).toBe('past its sunset (2026-12-01): the provider may remove it')
    expect(say('9.0.0', [production3], { ...base, withdrawn: true })).toBe('withdrawn: consumers are no longer told about it')
  })

  it('counts days to the sunset date in UTC', () => {
    expect(daysToSunset('2026-12-01', at('2026-11-22T23:30:00Z'))).toBe(9)
    expect(daysToSunset('2026-12-01', at('2026-11-30T00:00:00Z'))).toBe(1)
    expect(daysToSunset('2026-12-01', at('2026-12-01T18:00:00Z'))).toBe(0)
    expect(daysToSunset('2026-12-01', at('2026-12-04T01:00:00Z'))).toBe(-3)
    expect(sunsetText('2026-12-01', at('2026-12-04T01:00:00Z'))).toBe('sunset was 2026-12-01 (3 days ago)')
    expect(sunsetText('2026-12-01', at('2026-11-30T01:00:00Z'))).toBe('sunset on 2026-12-01 (in 1 day)')
  })

  it('compares semantic versions only', () => {
    expect(atOrAbove('3.0.0', '3.0.0')).toBe(true)
    expect(atOrAbove('3.0.0-rc.1', '3.0.0')).toBe(false)
    expect(atOrAbove('10.0.0', '9.0.0')).toBe(true)
    expect(atOrAbove('abc123', '1.0.0')).toBe(false)
  })
})

describe('labels and notices', () => {
  const d: Deprecation = {
    id: 1,
    uuid: 'u',
    providerId: 1,
    provider: 'api',
    kind: 'field',
    method: 'GET',
    path: '/users/{id}',
    pointer: '/address/street',
    location: 'response',
    description: null,
    deprecatedIn: '2.0.0',
    sunset: '2026-12-01',
    removedIn: '3.0.0',
    replacement: '/address/lines',
    reason: 'addresses are international',
    link: 'https://example.com/adr/7',
    withdrawn: false,
    createdAt: new Date(),
    updatedAt: new Date(),
  }

  it('names each kind of item', () => {
    expect(itemLabel(d)).toBe('response field /address/street of GET /users/{id}')
    expect(itemLabel({ ...d, location: 'query', pointer: '/sort' })).toBe("query parameter 'sort' of GET /users/{id}")
    expect(itemLabel({ ...d, kind: 'operation' })).toBe('GET /users/{id}')
    expect(itemLabel({ ...d, kind: 'message', description: 'a user event' })).toBe("message 'a user event'")
  })

  it('warns before the sunset and errs from it on, naming item, date and replacement', () => {
    const uses = [{ interaction: 'get a user', detail: '' }]
    const warning = deprecationNotice(d, uses, at('2026-11-22T00:00:00Z'), { consumer: 'web', consumerVersion: '1.0.0' })
    expect(warning).toEqual({
      type: 'warning',
      text: "Deprecated: web version 1.0.0 uses response field /address/street of GET /users/{id} of api (interaction 'get a user'), deprecated in api 2.0.0; sunset on 2026-12-01 (in 9 days); removed in api 3.0.0. Use /address/lines instead. Reason: addresses are international. See https://example.com/adr/7",
    })
    const error = deprecationNotice({ ...d, replacement: null, reason: null, link: null }, uses, at('2026-12-02T00:00:00Z'), { consumer: 'web' })
    expect(error.type).toBe('error')
    expect(error.text).toContain('Past sunset: web uses')
    expect(error.text).toContain('sunset was 2026-12-01 (1 day ago)')
    expect(error.text).toContain('api may remove it at any time. No replacement is named.')
  })
})
