import { describe, expect, it } from 'vitest'
import { parse } from '../../http/validate.js'
import { ValidationError } from '../../shared/errors.js'
import { pactsForVerificationSchema, selectorProblems, toQuery } from './for-verification.schemas.js'
import type { RequestSelector } from './selectors.js'

function errorsOf(body: unknown) {
  try {
    parse(pactsForVerificationSchema, body)
  } catch (error) {
    if (error instanceof ValidationError) return error.errors
    throw error
  }
  return []
}

describe('selectorProblems', () => {
  it.each<[RequestSelector, { providerVersionBranch?: string }, string]>([
    [{ consumer: 'web' }, {}, 'must specify a value for environment or tag or branch'],
    [{ mainBranch: true, tag: 'x' }, {}, 'cannot specify mainBranch=true with any other criteria apart from consumer'],
    [{ mainBranch: true, latest: false }, {}, 'cannot specify mainBranch=true with latest=false'],
    [{ matchingBranch: true }, {}, 'the providerVersionBranch must be specified when the selector matchingBranch=true is used'],
    [{ matchingBranch: true, tag: 'x' }, { providerVersionBranch: 'main' }, 'cannot specify matchingBranch=true with any other criteria apart from consumer'],
    [{ tag: 'x', branch: 'y' }, {}, 'cannot specify both a tag and a branch'],
    [{ branch: 'main', environment: 'production' }, {}, 'cannot specify the field branch with the field environment'],
    [{ tag: 'a', latest: true, deployed: true, environment: 'production' }, {}, 'cannot specify the fields latest/tag with the fields deployed/environment'],
    [{ tag: 'a', fallbackTag: 'b' }, {}, 'fallbackTag can only be set if latest is true'],
    [{ latest: true, fallbackTag: 'b' }, {}, 'a tag must be specified when a fallbackTag is specified'],
    [{ latest: true, fallbackBranch: 'b' }, {}, 'a branch must be specified when a fallbackBranch is specified'],
    [{ branch: 'a', latest: false }, {}, 'cannot specify a branch with latest=false'],
    [{ deployed: true, released: true }, {}, 'cannot specify both deployed=true and released=true'],
    [{ deployed: true, deployedOrReleased: true }, {}, 'cannot specify both deployed=true and deployedOrReleased=true'],
    [{ released: true, deployedOrReleased: true }, {}, 'cannot specify both released=true and deployedOrReleased=true'],
    [{ semver: '^1', branch: 'main' }, {}, 'cannot specify semver with any other criteria apart from consumer'],
  ])('%j is refused', (selector, parent, message) => {
    expect(selectorProblems(selector, parent).join(' | ')).toContain(message)
  })

  it.each<[RequestSelector]>([
    [{ mainBranch: true, consumer: 'web' }],
    [{ branch: 'feat', fallbackBranch: 'main' }],
    [{ tag: 'prod', latest: true, fallbackTag: 'main' }],
    [{ deployed: true, environment: 'production' }],
    [{ latest: true }],
    [{ semver: '^2.0.0', consumer: 'web' }],
  ])('%j is accepted', (selector) => {
    expect(selectorProblems(selector, {})).toEqual([])
  })
})

describe('pactsForVerificationSchema', () => {
  it('points at each bad field and selector', () => {
    expect(
      errorsOf({
        includePendingStatus: 'yes',
        includeWipPactsSince: 'soon',
        consumerVersionSelectors: [{ mainBranch: true }, { latest: 'true' }, { tag: 'a', branch: 'b' }],
      }),
    ).toEqual([
      { pointer: '/consumerVersionSelectors/1/latest', detail: 'must be true or false' },
      { pointer: '/includePendingStatus', detail: 'must be true or false' },
      { pointer: '/includeWipPactsSince', detail: 'must be a date, e.g. 2024-01-31' },
    ])
    expect(errorsOf({ consumerVersionSelectors: [{ mainBranch: true }, { latest: true }, { tag: 'a', branch: 'b' }] })).toEqual([
      { pointer: '/consumerVersionSelectors/2', detail: 'cannot specify both a tag and a branch' },
    ])
    expect(errorsOf({ consumerVersionSelectors: [{ mainBranch: false }, { semver: 'not a range' }] })).toEqual([
      { pointer: '/consumerVersionSelectors/0/mainBranch', detail: 'can only be true' },
      { pointer: '/consumerVersionSelectors/1/semver', detail: 'must be a semantic version range, e.g. ^2.0.0 or >=1.2.0 <2' },
    ])
  })

  it('refuses the empty provider branch pact-js sends when pending or WIP need a branch, as the Pact Broker does', () => {
    expect(errorsOf({ providerVersionBranch: '', includePendingStatus: true, consumerVersionSelectors: [] })).toEqual([
      {
        pointer: '/providerVersionBranch',
        detail: expect.stringMatching(
          /^when pending or WIP pacts are enabled and there are no tags provided, the provider version branch must not be an empty string/,
        ),
      },
    ])
    expect(errorsOf({ providerVersionBranch: '', includeWipPactsSince: '2024-01-01' })).toHaveLength(1)
    expect(errorsOf({ providerVersionBranch: '  ' })).toEqual([{ pointer: '/providerVersionBranch', detail: "can't be blank" }])
    // accepted otherwise, and then it means "no branch"
    expect(errorsOf({ providerVersionBranch: '', includePendingStatus: false })).toEqual([])
    expect(errorsOf({ providerVersionBranch: '', includePendingStatus: true, providerVersionTags: ['main'] })).toEqual([])
    expect(toQuery(parse(pactsForVerificationSchema, { providerVersionBranch: '', includePendingStatus: false })).providerVersionBranch).toBeUndefined()
  })

  it('applies defaults', () => {
    expect(toQuery(parse(pactsForVerificationSchema, {}))).toEqual({ providerVersionTags: [], consumerVersionSelectors: [], includePendingStatus: false })
    expect(toQuery(parse(pactsForVerificationSchema, { includeWipPactsSince: '2024-01-31', providerVersionBranch: 'main' })).includeWipPactsSince).toEqual(
      new Date('2024-01-31'),
    )
  })
})
