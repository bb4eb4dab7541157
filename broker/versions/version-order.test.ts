import { describe, expect, it } from 'vitest'
import { compareVersionOrder, effectiveOrder, orderKeyFor, semverOrderKey } from './version-order.js'

describe('semverOrderKey', () => {
  // The precedence example from semver.org §11, ascending.
  const ascending = [
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
    '1.0.1',
    '1.1.0',
    '1.10.0',
    '2.0.0',
    '10.0.0',
  ]

  it('sorts byte-wise in semver precedence order', () => {
    const keys = ascending.map((v) => semverOrderKey(v)!)
    const sorted = [...keys].sort()
    expect(sorted).toEqual(keys)
  })

  it('ignores build metadata', () => {
    expect(semverOrderKey('1.4.0+3f2a9c1')).toBe(semverOrderKey('1.4.0'))
  })

  it('returns null for versions that are not semver', () => {
    expect(semverOrderKey('abc123')).toBeNull()
    expect(semverOrderKey('1.0')).toBeNull()
  })

  it('orders numeric pre-release identifiers below alphanumeric ones, and shorter lists first', () => {
    expect(semverOrderKey('1.0.0-1')! < semverOrderKey('1.0.0-a')!).toBe(true)
    expect(semverOrderKey('1.0.0-a')! < semverOrderKey('1.0.0-a.0')!).toBe(true)
    expect(semverOrderKey('1.0.0-a-b')! < semverOrderKey('1.0.0-ab')!).toBe(true)
  })
})

describe('version order', () => {
  it('uses semver in auto mode only when every version is semver', () => {
    expect(effectiveOrder('auto', true)).toBe('semver')
    expect(effectiveOrder('auto', false)).toBe('creation')
    expect(effectiveOrder('creation', true)).toBe('creation')
    expect(effectiveOrder('semver', false)).toBe('semver')
  })

  it('breaks ties by creation (id)', () => {
    const a = { order_key: orderKeyFor('1.0.0+a', 'semver'), id: 1 }
    const b = { order_key: orderKeyFor('1.0.0+b', 'semver'), id: 2 }
    expect(compareVersionOrder(a, b)).toBeLessThan(0)
    expect(compareVersionOrder({ order_key: '', id: 5 }, { order_key: '', id: 3 })).toBeGreaterThan(0)
  })
})
