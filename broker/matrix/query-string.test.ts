import { describe, expect, it } from 'vitest'
import { ValidationError } from '../shared/errors.js'
import { parseNestedQuery, rawQueryOf } from './query-string.js'

describe('parseNestedQuery (Rack semantics)', () => {
  it.each([
    ['q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar', { q: [{ pacticipant: 'Foo', version: '1' }, { pacticipant: 'Bar' }] }],
    ['q%5B%5D%5Bpacticipant%5D=Foo&q%5B%5D%5Bversion%5D=1.2.3', { q: [{ pacticipant: 'Foo', version: '1.2.3' }] }],
    [
      'q[]pacticipant=Foo&q[]version=1&q[]pacticipant=Bar&q[]latest=true',
      {
        q: [
          { pacticipant: 'Foo', version: '1' },
          { pacticipant: 'Bar', latest: 'true' },
        ],
      },
    ],
    ['q[][pacticipant]=My+App&q[][version]=a%2Fb', { q: [{ pacticipant: 'My App', version: 'a/b' }] }],
    ['success[]=true&success[]=', { success: ['true', ''] }],
    ['latestby=cvp&latestby=cvpv', { latestby: 'cvpv' }],
    ['ignore[][pacticipant]=Baz&ignore[][version]=3&ignore[][pacticipant]=Qux', { ignore: [{ pacticipant: 'Baz', version: '3' }, { pacticipant: 'Qux' }] }],
    ['a[b]=1&a[c]=2', { a: { b: '1', c: '2' } }],
    ['flag&x=', { flag: '', x: '' }],
    ['bad=%E0%A4%A', { bad: '%E0%A4%A' }],
  ])('%s', (query, expected) => {
    expect(parseNestedQuery(query)).toEqual(expected)
  })

  it('rejects a key used both as a list and a single value', () => {
    expect(() => parseNestedQuery('q=1&q[][pacticipant]=Foo')).toThrow(ValidationError)
  })

  it('takes the raw query of a URL', () => {
    expect(rawQueryOf('/matrix?q[][pacticipant]=Foo')).toBe('q[][pacticipant]=Foo')
    expect(rawQueryOf('/matrix')).toBe('')
  })
})
