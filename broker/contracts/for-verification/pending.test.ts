import { describe, expect, it } from 'vitest'
import { NO_FACTS, pendingStatusOf, type ScopedFacts, type VerificationFacts, wipStatusOf } from './pending.js'

const scoped = (over: Partial<ScopedFacts> = {}): ScopedFacts => ({
  success: false,
  successNonWip: false,
  otherBefore: false,
  otherBeforeNonWip: false,
  ...over,
})
const facts = (over: Partial<VerificationFacts> = {}): VerificationFacts => ({ anySuccess: true, anySuccessNonWip: true, tags: {}, ...over })

describe('pendingStatusOf', () => {
  it('with a provider branch: pending until that branch (or another branch before it existed) verified it', () => {
    expect(pendingStatusOf({ branch: 'main', tags: [] }, NO_FACTS)).toEqual({ pending: true, providerBranch: 'main', pendingTags: [], nonPendingTags: [] })
    expect(pendingStatusOf({ branch: 'main', tags: [] }, facts({ branch: scoped() })).pending).toBe(true)
    expect(pendingStatusOf({ branch: 'main', tags: [] }, facts({ branch: scoped({ success: true }) })).pending).toBe(false)
    expect(pendingStatusOf({ branch: 'feat', tags: [] }, facts({ branch: scoped({ otherBefore: true }) })).pending).toBe(false)
  })

  it('with provider tags: pending for each tag not yet verified; pending if any tag is', () => {
    const status = pendingStatusOf({ tags: ['dev', 'prod'] }, facts({ tags: { dev: scoped({ success: true }), prod: scoped() } }))
    expect(status).toEqual({ pending: true, pendingTags: ['prod'], nonPendingTags: ['dev'] })
    expect(pendingStatusOf({ tags: ['dev'] }, facts({ tags: { dev: scoped({ otherBefore: true }) } })).pending).toBe(false)
  })

  it('with neither: pending until any provider version verified it', () => {
    expect(pendingStatusOf({ tags: [] }, NO_FACTS).pending).toBe(true)
    expect(pendingStatusOf({ tags: [] }, facts()).pending).toBe(false)
  })
})

describe('wipStatusOf', () => {
  it('is WIP (and pending) until a non-WIP success from the provider branch', () => {
    expect(wipStatusOf({ branch: 'main', tags: [] }, NO_FACTS)).toEqual({ pending: true, providerBranch: 'main', pendingTags: [], nonPendingTags: [] })
    // a successful verification of the WIP pact itself does not end its WIP status
    expect(wipStatusOf({ branch: 'main', tags: [] }, facts({ branch: scoped({ success: true }) }))).toBeDefined()
    expect(wipStatusOf({ branch: 'main', tags: [] }, facts({ branch: scoped({ success: true, successNonWip: true }) }))).toBeUndefined()
    expect(wipStatusOf({ branch: 'feat', tags: [] }, facts({ branch: scoped({ otherBefore: true, otherBeforeNonWip: true }) }))).toBeUndefined()
  })

  it('with tags: WIP for the tags that have not verified it', () => {
    expect(wipStatusOf({ tags: ['dev', 'prod'] }, facts({ tags: { dev: scoped({ successNonWip: true, success: true }) } }))).toEqual({
      pending: true,
      pendingTags: ['prod'],
      nonPendingTags: [],
    })
    expect(wipStatusOf({ tags: ['dev'] }, facts({ tags: { dev: scoped({ successNonWip: true, success: true }) } }))).toBeUndefined()
  })

  it('never without a provider branch or tags', () => {
    expect(wipStatusOf({ tags: [] }, NO_FACTS)).toBeUndefined()
  })
})
