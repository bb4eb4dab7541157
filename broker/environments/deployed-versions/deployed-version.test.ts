import { describe, expect, it } from 'vitest'
import { applicationInstanceOf } from './deployed-version.js'

describe('applicationInstanceOf', () => {
  it('prefers applicationInstance, falls back to target (older CLIs), and stores none as an empty string', () => {
    expect(applicationInstanceOf({ applicationInstance: 'blue', target: 'green' })).toBe('blue')
    expect(applicationInstanceOf({ target: 'production' })).toBe('production')
    expect(applicationInstanceOf({ applicationInstance: null, target: 'green' })).toBe('green')
    expect(applicationInstanceOf({})).toBe('')
    expect(applicationInstanceOf({ applicationInstance: null, target: null })).toBe('')
  })
})
