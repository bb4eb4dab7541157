/**
 * @module consumer/matchers
 * The one matcher namespace of the library (`Matchers.like`, `Matchers.eachLike`, …). Each function is pact-js's
 * V3 matcher under the name we document, so pact files stay exactly what pact-js would write; nothing here
 * re-implements matching. Import it as `import { Matchers } from 'concord-contracts'`.
 *
 * @example
 * body: Matchers.like({ id: Matchers.integer(1), name: 'Ann', tags: Matchers.eachLike('admin') })
 */
import { HTTPResponseStatusClass, MatchersV3, type Matcher as PactMatcher, type StatusCodeMatcher } from '@pact-foundation/pact'

/** A matcher standing for a value of type T (what request and response templates accept in place of a value). */
export type Matcher<T> = PactMatcher<T>

/** Status classes accepted by `Matchers.status`. */
export type StatusClass = 'information' | 'success' | 'redirect' | 'clientError' | 'serverError' | 'nonError' | 'error'

/** Matches any value of the same type (objects: recursively, by key). @example Matchers.like({ id: 1 }) */
export const like = MatchersV3.like
/** An array whose every element looks like `template` (at least `min`, default 1). @example Matchers.eachLike({ id: 1 }) */
export const eachLike = MatchersV3.eachLike
/** An array of at least one element like `template`. @example Matchers.atLeastOneLike('a') */
export const atLeastOneLike = MatchersV3.atLeastOneLike
/** An array of at least `min` elements like `template`. @example Matchers.atLeastLike({ id: 1 }, 2) */
export const atLeastLike = MatchersV3.atLeastLike
/** An array of at most `max` elements like `template`. @example Matchers.atMostLike({ id: 1 }, 5) */
export const atMostLike = MatchersV3.atMostLike
/** An array with between `min` and `max` elements like `template`. @example Matchers.constrainedArrayLike('a', 1, 3) */
export const constrainedArrayLike = MatchersV3.constrainedArrayLike
/** An array containing (in any order) elements matching each variant. @example Matchers.arrayContaining(Matchers.like({ role: 'admin' })) */
export const arrayContaining = MatchersV3.arrayContaining
/** An object whose keys all look like `keyExample` and whose values look like `template`. @example Matchers.eachKeyLike('en', 'Hello') */
export const eachKeyLike = MatchersV3.eachKeyLike
/** Object keys matching the given matchers. @example Matchers.eachKeyMatches({ en: 'Hi' }, Matchers.regex(/^[a-z]{2}$/, 'en')) */
export const eachKeyMatches = MatchersV3.eachKeyMatches
/** Object values matching the given matchers. @example Matchers.eachValueMatches({ a: 1 }, Matchers.integer(1)) */
export const eachValueMatches = MatchersV3.eachValueMatches
/** Exactly this value (turns off an enclosing `like`). @example Matchers.equal('active') */
export const equal = MatchersV3.equal
/** Any boolean. @example Matchers.boolean(true) */
export const boolean = MatchersV3.boolean
/** Any integer. @example Matchers.integer(42) */
export const integer = MatchersV3.integer
/** Any number with a fractional part. @example Matchers.decimal(9.99) */
export const decimal = MatchersV3.decimal
/** Any number. @example Matchers.number(1.5) */
export const number = MatchersV3.number
/** Any string. @example Matchers.string('Ann') */
export const string = MatchersV3.string
/** A string matching a regular expression, with an example. @example Matchers.regex(/^\d{4}$/, '2026') */
export const regex = MatchersV3.regex
/** A string containing `value`. @example Matchers.includes('Ann') */
export const includes = MatchersV3.includes
/** A null value. @example Matchers.nullValue() */
export const nullValue = MatchersV3.nullValue
/** A UUID (lower or upper case). @example Matchers.uuid('ce118b6e-d8e1-11e7-9296-cec278b6b50a') */
export const uuid = MatchersV3.uuid
/** A date-time in a Java DateTimeFormatter pattern. @example Matchers.datetime("yyyy-MM-dd'T'HH:mm:ss.SSSX", '2026-11-22T06:00:00.000Z') */
export const datetime = MatchersV3.datetime
/** A timestamp in a Java DateTimeFormatter pattern. @example Matchers.timestamp('yyyy-MM-dd HH:mm:ss', '2026-11-22 06:00:00') */
export const timestamp = MatchersV3.timestamp
/** A date in a Java DateTimeFormatter pattern. @example Matchers.date('yyyy-MM-dd', '2026-11-22') */
export const date = MatchersV3.date
/** A time in a Java DateTimeFormatter pattern. @example Matchers.time('HH:mm', '06:00') */
export const time = MatchersV3.time
/** A URL ending in the given path fragments (regexes allowed), whatever the host. @example Matchers.url(['users', Matchers.regex(/\d+/, '1')]) */
export const url = MatchersV3.url
/** A content type header value (V4). @example Matchers.contentType('application/json') */
export const contentType = MatchersV3.contentType
/** An HTTP status of a class (`'success'`, `'clientError'`, …) or list. @example Matchers.status(200, 'success') */
export function status(example: number, allowed: StatusClass | number[]): StatusCodeMatcher<number> {
  return MatchersV3.matchStatus(example, Array.isArray(allowed) ? allowed : (allowed as HTTPResponseStatusClass))
}
/** A value the provider state handler injects (`${id}` expression) with an example. @example Matchers.fromProviderState('/users/${id}', '/users/1') */
export const fromProviderState = MatchersV3.fromProviderState
/** The example value a template stands for (matchers replaced by their examples). @example Matchers.reify(Matchers.like({ id: 1 })) // { id: 1 } */
export const reify = MatchersV3.reify
