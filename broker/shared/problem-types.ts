/**
 * Every problem type the broker can answer with: slug → one-line meaning. The slug is the last segment of the
 * problem's `type` URI (`${baseUrl}/problems/<slug>`). docs/errors.md documents each one, and
 * test/docs/problem-types.test.ts fails when the two disagree. Add a slug here before throwing it.
 */
export const PROBLEM_TYPES = {
  'validation-error': 'A field of the request (body or query) is missing or invalid; `errors` lists each one with a JSON pointer.',
  'invalid-json': 'The request body is not valid JSON.',
  unauthorized: 'Credentials are missing or wrong.',
  forbidden: 'The credentials may not do this.',
  'not-found': 'No resource at this URL.',
  'pacticipant-not-found': 'The request names a pacticipant the broker does not know.',
  'version-not-found': 'The request names a version of a pacticipant that the broker does not know.',
  'environment-not-found': 'The request names an environment the broker does not know.',
  'method-not-allowed': 'The resource exists but does not take this HTTP method; `Allow` lists the ones it takes.',
  'environment-name-taken': 'Another environment already has this name.',
  'payload-too-large': 'The request body is larger than CONCORD_BODY_LIMIT.',
  'unsupported-media-type': 'The request body is not JSON.',
  'service-unavailable': 'The database did not answer the readiness check.',
  'server-error': 'An unexpected failure; the body holds only a reference id, and the broker log has the details under it.',
} as const satisfies Record<string, string>

export type ProblemSlug = keyof typeof PROBLEM_TYPES
