/**
 * Every problem type the broker can answer with: slug → one-line meaning. The slug is the last segment of the
 * problem's `type` URI (`${baseUrl}/problems/<slug>`). docs/errors.md documents each one, and
 * test/docs/problem-types.test.ts fails when the two disagree. Add a slug here before throwing it.
 */
export const PROBLEM_TYPES = {
  'validation-error': 'A field of the request (body or query) is missing or invalid; `errors` lists each one with a JSON pointer.',
  'invalid-json': 'The request body is not valid JSON.',
  unauthorized: 'Credentials are missing or wrong.',
  forbidden: 'The credentials may not do this: their role is below what the route needs, or a scoped token writes for another pacticipant.',
  'too-many-failed-authentications': 'Too many failed authentications from this client address; wait for `Retry-After` seconds.',
  'token-not-found': 'The request names a bearer token (by uuid) that the broker does not know.',
  'token-name-taken': 'A live token already has this name; revoke it or pick another name.',
  'auth-not-enabled': 'Tokens cannot be created while the broker is open (no credentials configured); set CONCORD_ADMIN_TOKEN first.',
  'not-found': 'No resource at this URL.',
  'pacticipant-not-found': 'The request names a pacticipant the broker does not know.',
  'label-not-found': 'The request names a label the pacticipant does not have.',
  'version-not-found': 'The request names a version of a pacticipant that the broker does not know.',
  'environment-not-found': 'The request names an environment the broker does not know.',
  'pact-not-found': 'The request names a pact (consumer, provider, consumer version, tag, branch or content SHA) the broker does not have.',
  'pact-content-conflict':
    'A pact with different content is already published for this consumer version and provider (set CONCORD_ALLOW_CONTRACT_MODIFICATION to allow it).',
  'pact-merge-conflict':
    'A PATCH of a published pact has an interaction with the description and provider state of a published one but a different request; a PATCH may only add interactions.',
  'verification-not-found': 'The request names a verification result the broker does not have.',
  'pacticipant-name-taken': 'Another pacticipant already has this name (POST /pacticipants); update it with PATCH instead.',
  'branch-not-found': 'The request names a branch of a pacticipant (or a version on that branch) that the broker does not know.',
  'tag-not-found': 'The request names a tag of a pacticipant version that the broker does not know.',
  'deployed-version-not-found': 'The request names a deployed version (by uuid) that the broker does not know.',
  'released-version-not-found': 'The request names a released version (by uuid) that the broker does not know.',
  'deployment-immutable':
    'A deployed version cannot be marked as currently deployed again, nor a released version as supported again by PATCH; record a new deployment or release instead.',
  'deprecation-not-found': 'The request names a deprecation (by uuid) that the broker does not know.',
  'deprecation-exists': 'The provider already has a live deprecation of the same item; update that one (PATCH) instead.',
  'deprecation-proposal-not-found': 'The request names a deprecation proposal (by uuid) that the broker does not know.',
  'deprecation-proposal-decided': 'The deprecation proposal was already accepted (or dismissed) and cannot be accepted or dismissed now.',
  'method-not-allowed': 'The resource exists but does not take this HTTP method; `Allow` lists the ones it takes.',
  'not-acceptable': 'The URL is a page for people (text/html) and the Accept header rules HTML out; it has no JSON form.',
  'environment-name-taken': 'Another environment already has this name.',
  'payload-too-large': 'The request body is larger than CONCORD_BODY_LIMIT.',
  'unsupported-media-type': 'The request body is not JSON.',
  'service-unavailable': 'The database did not answer the readiness check.',
  'provider-contract-invalid':
    'A provider contract (OpenAPI / JSON Schema description) cannot be read: not JSON/YAML, not base64, or not OpenAPI 3 nor a JSON Schema.',
  'provider-contract-not-found': 'The provider version has no provider contract (API description) published.',
  'concurrent-change':
    'Something the request refers to was deleted or changed by another request while this one ran (for example its pacticipant was deleted); retry the request.',
  'request-header-too-large': 'The request line and headers exceed 16 KiB (for example a very long URL); answered before the request reaches the broker.',
  'request-timeout': 'The client did not send the whole request in time (CONCORD_HEADERS_TIMEOUT_MS / CONCORD_REQUEST_TIMEOUT_MS).',
  'malformed-http':
    'The request is not valid HTTP/1.1 (raw control or non-ASCII bytes in the request line or a header); answered before the request reaches the broker.',
  'webhook-not-found': 'The request names a webhook (by uuid) that the broker does not know.',
  'triggered-webhook-not-found': 'The request names a triggered webhook (a delivery, by uuid) that the broker does not know.',
  'webhook-destination-refused':
    "A webhook's method, scheme or host is outside the allow-lists (CONCORD_WEBHOOK_*_ALLOWLIST), or its host resolves to a loopback, link-local or cloud metadata address that CONCORD_WEBHOOK_ALLOWED_ADDRESSES does not allow.",
  'server-error': 'An unexpected failure; the body holds only a reference id, and the broker log has the details under it.',
} as const satisfies Record<string, string>

export type ProblemSlug = keyof typeof PROBLEM_TYPES
