import { describe, expect, it } from 'vitest'
import { ValidationError } from '../shared/errors.js'
import { parseCanIDeployQuery, parseMatrixQuery } from './matrix.schemas.js'
import { parseNestedQuery } from './query-string.js'

function errorsOf(fn: () => unknown): { pointer: string; detail: string }[] {
  try {
    fn()
  } catch (error) {
    if (error instanceof ValidationError) return error.errors
    throw error
  }
  throw new Error('expected a ValidationError')
}

const matrix = (q: string) => parseMatrixQuery(parseNestedQuery(q), { defaultLimit: 100 })

describe('failOnSunset (one reading for /matrix, /can-i-deploy and /deprecations/gate)', () => {
  it('reads true and false, and leaves it out when absent', () => {
    expect(matrix('q[][pacticipant]=A&q[][version]=1&environment=production&failOnSunset=true').failOnSunset).toBe(true)
    expect(parseCanIDeployQuery(parseNestedQuery('pacticipant=A&version=1&environment=production&failOnSunset=false')).failOnSunset).toBe(false)
    expect(matrix('q[][pacticipant]=A&q[][version]=1&environment=production')).not.toHaveProperty('failOnSunset')
  })

  it('refuses anything else with a pointer to it', () => {
    expect(errorsOf(() => matrix('q[][pacticipant]=A&q[][version]=1&failOnSunset=yes'))).toEqual([
      { pointer: '#/query/failOnSunset', detail: 'must be true or false' },
    ])
    expect(errorsOf(() => parseCanIDeployQuery(parseNestedQuery('pacticipant=A&version=1&to=prod&failOnSunset=1')))).toEqual([
      { pointer: '#/query/failOnSunset', detail: 'must be true or false' },
    ])
  })
})

describe('parseMatrixQuery', () => {
  it('reads what the 0.8.x CLI sends for --to-environment', () => {
    expect(matrix('q[][pacticipant]=Foo&q[][version]=1.2.3&latestby=cvpv&environment=production')).toEqual({
      selectors: [{ pacticipant: 'Foo', version: '1.2.3' }],
      ignore: [],
      latest: false,
      mainBranch: false,
      latestby: 'cvpv',
      environment: 'production',
      limit: 100,
    })
  })

  it('reads latest/tag/branch/mainBranch/semver selectors and ignore selectors', () => {
    const q = matrix(
      'q[][pacticipant]=A&q[][latest]=true&q[][branch]=main&q[][pacticipant]=B&q[][mainBranch]=true&q[][pacticipant]=C&q[][semver]=^2.0.0&ignore[][pacticipant]=D&ignore[][version]=4&success[]=true&limit=5',
    )
    expect(q.selectors).toEqual([
      { pacticipant: 'A', latest: true, branch: 'main' },
      { pacticipant: 'B', mainBranch: true },
      { pacticipant: 'C', semver: '^2.0.0' },
    ])
    expect(q.ignore).toEqual([{ pacticipant: 'D', version: '4' }])
    expect(q.success).toEqual([true])
    expect(q.limit).toBe(5)
  })

  it.each([
    ['', [{ pointer: '#/query/q', detail: 'Please provide 1 or more version selectors.' }]],
    ['q[][version]=1', [{ pointer: '#/query/q/0/pacticipant', detail: 'Please specify the pacticipant name' }]],
    [
      'q[][pacticipant]=Foo&q[][version]=1&q[][latest]=true',
      [{ pointer: '#/query/q/0/latest', detail: 'A version number and latest flag cannot both be specified for Foo' }],
    ],
    ['q[][pacticipant]=Foo&ignore[][version]=1', [{ pointer: '#/query/ignore/0/pacticipant', detail: 'Please specify the pacticipant name to ignore' }]],
    [
      'q[][pacticipant]=Foo&tag=prod&environment=production',
      [{ pointer: '#/query', detail: 'Cannot specify more than one of tag, environment and mainBranch.' }],
    ],
    ['q[][pacticipant]=Foo&latest=true&environment=production', [{ pointer: '#/query/latest', detail: 'Cannot specify both latest=true and an environment.' }]],
    ['q[][pacticipant]=Foo&limit=0', [{ pointer: '#/query/limit', detail: 'The limit must be 1 or greater.' }]],
    ['q[][pacticipant]=Foo&latestby=xyz', [{ pointer: '#/query/latestby', detail: "must be one of 'cvp', 'cvpv' or 'cp'" }]],
    ['q[][pacticipant]=Foo&q[][semver]=not-a-range', [{ pointer: '#/query/q/0/semver', detail: expect.stringContaining('not a valid semver range') }]],
  ])('rejects %j', (query, expected) => {
    expect(errorsOf(() => matrix(query))).toEqual(expected)
  })
})

describe('parseCanIDeployQuery', () => {
  it('translates environment to latestby=cvpv and to to a latest tag', () => {
    expect(parseCanIDeployQuery(parseNestedQuery('pacticipant=Foo&version=1&environment=production&ignore[]=Bar'))).toMatchObject({
      selectors: [{ pacticipant: 'Foo', version: '1' }],
      environment: 'production',
      latestby: 'cvpv',
      ignore: [{ pacticipant: 'Bar' }],
    })
    expect(parseCanIDeployQuery(parseNestedQuery('pacticipant=Foo&version=1&to=prod'))).toMatchObject({
      tag: 'prod',
      latest: true,
      latestby: 'cvp',
      form: 'can-i-deploy',
    })
  })

  it('needs a pacticipant, a version and exactly one of environment and to', () => {
    expect(errorsOf(() => parseCanIDeployQuery(parseNestedQuery('to=prod&environment=production')))).toEqual([
      { pointer: '#/query/pacticipant', detail: 'is required' },
      { pointer: '#/query/version', detail: 'is required' },
      { pointer: '#/query', detail: "Must specify either an environment or a 'to' tag." },
    ])
  })
})
