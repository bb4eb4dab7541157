/**
 * @module matrix/schemas
 * Turns a parsed `/matrix` or `/can-i-deploy` query (Rack nested form, see query-string.ts) into a MatrixQuery,
 * with the Pact Broker's validation messages (`matrix/service.rb#validate_selectors`). Every problem is
 * collected, each with a JSON pointer into the query (`#/query/q/0/pacticipant`), and thrown as one
 * ValidationError. Checks that need the database (unknown pacticipant, unknown environment) live in the service.
 */
import semver from 'semver'
import { z } from 'zod'
import { type FieldError, ValidationError } from '../shared/errors.js'
import { lastText, listOf, type NestedHash, type NestedValue } from './query-string.js'
import type { IgnoreSelector, MatrixQuery, UnresolvedSelector } from './selectors.js'

/** The largest `limit` accepted: PostgreSQL's largest integer (a larger one failed in the database with a 500). */
const MAX_LIMIT = 2_147_483_647

const SELECTOR_KEYS = ['pacticipant', 'version', 'latest', 'tag', 'branch', 'mainBranch', 'environment', 'semver'] as const

function parseSelector(raw: NestedValue, index: number, errors: FieldError[]): UnresolvedSelector | undefined {
  const pointer = `#/query/q/${index}`
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push({ pointer, detail: 'Please specify the pacticipant name' })
    return undefined
  }
  const hash = raw
  const pacticipant = lastText(hash.pacticipant)
  const selector: UnresolvedSelector = { pacticipant: pacticipant ?? '' }
  const version = lastText(hash.version)
  if (version !== undefined) selector.version = version
  if (lastText(hash.latest) === 'true') selector.latest = true
  const tag = lastText(hash.tag)
  if (tag !== undefined) selector.tag = tag
  const branch = lastText(hash.branch)
  if (branch !== undefined) selector.branch = branch
  if (lastText(hash.mainBranch) === 'true') selector.mainBranch = true
  const environment = lastText(hash.environment)
  if (environment !== undefined) selector.environment = environment
  const range = lastText(hash.semver)
  if (range !== undefined) selector.semver = range

  if (pacticipant === undefined) {
    errors.push({ pointer: `${pointer}/pacticipant`, detail: 'Please specify the pacticipant name' })
    return undefined
  }
  if (selector.version !== undefined && selector.latest) {
    errors.push({ pointer: `${pointer}/latest`, detail: `A version number and latest flag cannot both be specified for ${pacticipant}` })
  }
  if (selector.semver !== undefined) {
    if (semver.validRange(selector.semver) === null) {
      errors.push({ pointer: `${pointer}/semver`, detail: `'${selector.semver}' is not a valid semver range (for example ^2.0.0 or >=1.2.0 <2.0.0)` })
    }
    const others = (['version', 'latest', 'tag', 'branch', 'mainBranch', 'environment'] as const).filter((k) => selector[k] !== undefined)
    if (others.length > 0)
      errors.push({ pointer: `${pointer}/semver`, detail: `A semver range cannot be combined with ${others.join(', ')} for ${pacticipant}` })
  }
  for (const key of Object.keys(hash)) {
    if (!(SELECTOR_KEYS as readonly string[]).includes(key))
      errors.push({ pointer: `${pointer}/${key}`, detail: `is not a selector key (use ${SELECTOR_KEYS.join(', ')})` })
  }
  return selector
}

function parseIgnore(raw: NestedValue, index: number, errors: FieldError[]): IgnoreSelector | undefined {
  const pointer = `#/query/ignore/${index}`
  // `ignore[]=Foo` (the /can-i-deploy form) names a pacticipant directly.
  if (typeof raw === 'string') {
    const name = lastText(raw)
    if (name === undefined) {
      errors.push({ pointer, detail: 'Please specify the pacticipant name to ignore' })
      return undefined
    }
    return { pacticipant: name }
  }
  if (Array.isArray(raw)) return parseIgnore(raw[raw.length - 1] ?? '', index, errors)
  const pacticipant = lastText(raw.pacticipant)
  if (pacticipant === undefined) {
    errors.push({ pointer: `${pointer}/pacticipant`, detail: 'Please specify the pacticipant name to ignore' })
    return undefined
  }
  const version = lastText(raw.version)
  if (version !== undefined && lastText(raw.latest) === 'true') {
    errors.push({ pointer: `${pointer}/latest`, detail: `A version number and latest flag cannot both be specified for ${pacticipant} to ignore` })
  }
  return version === undefined ? { pacticipant } : { pacticipant, version }
}

/**
 * `failOnSunset=true|false`, the one reading of the flag: `/matrix`, `/can-i-deploy` and `/deprecations/gate`
 * all parse it with this schema. Anything else is a validation error.
 * @example failOnSunsetSchema.parse('true') // true
 */
export const failOnSunsetSchema = z
  .enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) })
  .transform((value) => value === 'true')
  .optional()

function parseFailOnSunset(params: NestedHash, query: MatrixQuery, errors: FieldError[]): void {
  const parsed = failOnSunsetSchema.safeParse(lastText(params.failOnSunset))
  if (!parsed.success) errors.push({ pointer: '#/query/failOnSunset', detail: 'must be true or false' })
  else if (parsed.data !== undefined) query.failOnSunset = parsed.data
}

function parseSuccess(value: NestedValue | undefined, errors: FieldError[]): (boolean | null)[] | undefined {
  if (value === undefined) return undefined
  const values = Array.isArray(value) ? value : [value]
  const out: (boolean | null)[] = []
  values.forEach((v, i) => {
    if (v === 'true') out.push(true)
    else if (v === 'false') out.push(false)
    else if (v === '') out.push(null)
    else errors.push({ pointer: `#/query/success/${i}`, detail: "must be 'true', 'false' or '' (unverified)" })
  })
  return out
}

/**
 * Reads a `/matrix` query.
 * @example parseMatrixQuery(parseNestedQuery('q[][pacticipant]=web&q[][version]=1&latestby=cvpv&environment=production'))
 */
export function parseMatrixQuery(params: NestedHash, options: { defaultLimit?: number } = {}): MatrixQuery {
  const errors: FieldError[] = []
  const selectors = listOf(params.q)
    .map((raw, i) => parseSelector(raw, i, errors))
    .filter((s): s is UnresolvedSelector => s !== undefined)
  const ignore = listOf(params.ignore)
    .map((raw, i) => parseIgnore(raw, i, errors))
    .filter((s): s is IgnoreSelector => s !== undefined)
  if (listOf(params.q).length === 0) errors.push({ pointer: '#/query/q', detail: 'Please provide 1 or more version selectors.' })

  const query: MatrixQuery = { selectors, ignore, latest: lastText(params.latest) === 'true', mainBranch: lastText(params.mainBranch) === 'true' }
  const latestby = lastText(params.latestby)
  if (latestby !== undefined) {
    if (latestby === 'cvp' || latestby === 'cvpv' || latestby === 'cp') query.latestby = latestby
    else errors.push({ pointer: '#/query/latestby', detail: "must be one of 'cvp', 'cvpv' or 'cp'" })
  }
  const tag = lastText(params.tag)
  if (tag !== undefined) query.tag = tag
  const environment = lastText(params.environment)
  if (environment !== undefined) query.environment = environment
  const success = parseSuccess(params.success, errors)
  if (success !== undefined) query.success = success
  parseFailOnSunset(params, query, errors)

  const limitText = lastText(params.limit) ?? (options.defaultLimit !== undefined ? String(options.defaultLimit) : undefined)
  if (limitText !== undefined) {
    const limit = Number(limitText)
    if (!Number.isInteger(limit)) errors.push({ pointer: '#/query/limit', detail: 'The limit must be a whole number.' })
    else if (limit < 1) errors.push({ pointer: '#/query/limit', detail: 'The limit must be 1 or greater.' })
    // The database takes a 32-bit row count; anything larger asks for more rows than any broker has.
    else if (limit > MAX_LIMIT) errors.push({ pointer: '#/query/limit', detail: `The limit must be ${MAX_LIMIT} or less, got ${limitText}.` })
    else query.limit = limit
  }

  if ([query.tag, query.environment, query.mainBranch || undefined].filter((v) => v !== undefined).length > 1) {
    errors.push({ pointer: '#/query', detail: 'Cannot specify more than one of tag, environment and mainBranch.' })
  }
  if (query.latest && query.environment !== undefined) errors.push({ pointer: '#/query/latest', detail: 'Cannot specify both latest=true and an environment.' })

  if (errors.length > 0) throw new ValidationError(errors)
  return query
}

/**
 * Reads a `/can-i-deploy` query (`pacticipant`, `version`, `to` or `environment`, `ignore[]`) and translates it
 * to the matrix question the Pact Broker asks (`parse_can_i_deploy_query.rb`).
 */
export function parseCanIDeployQuery(params: NestedHash): MatrixQuery {
  const errors: FieldError[] = []
  const pacticipant = lastText(params.pacticipant)
  const version = lastText(params.version)
  const to = lastText(params.to)
  const environment = lastText(params.environment)
  if (pacticipant === undefined) errors.push({ pointer: '#/query/pacticipant', detail: 'is required' })
  if (version === undefined) errors.push({ pointer: '#/query/version', detail: 'is required' })
  if ((to === undefined) === (environment === undefined)) errors.push({ pointer: '#/query', detail: "Must specify either an environment or a 'to' tag." })
  const ignore = listOf(params.ignore)
    .map((raw, i) => parseIgnore(raw, i, errors))
    .filter((s): s is IgnoreSelector => s !== undefined)
  const query: MatrixQuery = { selectors: [{ pacticipant: pacticipant!, version: version! }], ignore, latest: false, mainBranch: false, form: 'can-i-deploy' }
  parseFailOnSunset(params, query, errors)
  if (errors.length > 0) throw new ValidationError(errors)

  if (environment !== undefined) {
    query.environment = environment
    query.latestby = 'cvpv'
  } else {
    query.tag = to!
    query.latest = true
    query.latestby = 'cvp'
  }
  return query
}
