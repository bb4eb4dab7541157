/**
 * @module release-plans/schemas
 * `GET /release-plan?environment=production&q[][pacticipant]=web&q[][version]=1.4.0&q[][pacticipant]=users&q[][version]=2.1.0`:
 * the query (Rack nested form, as `/matrix` reads it) → a ReleasePlanQuery, every problem collected with a JSON
 * pointer and thrown as one ValidationError. Unknown pacticipants and environments are the service's to find.
 */
import { failOnSunsetSchema } from '../matrix/matrix.schemas.js'
import { lastText, listOf, type NestedHash } from '../matrix/query-string.js'
import { type FieldError, ValidationError } from '../shared/errors.js'
import type { ReleasePlanQuery } from './release-plans.service.js'

/**
 * @example parseReleasePlanQuery(parseNestedQuery('environment=production&q[][pacticipant]=web&q[][version]=1.4.0'))
 * // { environment: 'production', versions: [{ pacticipant: 'web', version: '1.4.0' }] }
 */
export function parseReleasePlanQuery(params: NestedHash): ReleasePlanQuery {
  const errors: FieldError[] = []
  const environment = lastText(params.environment)
  if (environment === undefined) errors.push({ pointer: '#/query/environment', detail: 'Name the environment the train goes to (environment=production)' })
  const selectors = listOf(params.q)
  if (selectors.length === 0) errors.push({ pointer: '#/query/q', detail: 'Name at least one version: q[][pacticipant]=web&q[][version]=1.4.0' })
  const versions = selectors.flatMap((raw, i) => {
    const hash = typeof raw === 'object' && !Array.isArray(raw) ? raw : {}
    const pacticipant = lastText(hash.pacticipant)
    const version = lastText(hash.version)
    if (pacticipant === undefined) errors.push({ pointer: `#/query/q/${i}/pacticipant`, detail: 'Please specify the pacticipant name' })
    if (version === undefined)
      errors.push({
        pointer: `#/query/q/${i}/version`,
        detail: `Please specify the version of ${pacticipant ?? 'the pacticipant'} (a train holds exact versions)`,
      })
    for (const key of Object.keys(hash))
      if (key !== 'pacticipant' && key !== 'version')
        errors.push({ pointer: `#/query/q/${i}/${key}`, detail: 'is not a key of a train version (use pacticipant, version)' })
    return pacticipant !== undefined && version !== undefined ? [{ pacticipant, version }] : []
  })
  const failOnSunset = failOnSunsetSchema.safeParse(lastText(params.failOnSunset))
  if (!failOnSunset.success) errors.push({ pointer: '#/query/failOnSunset', detail: 'must be true or false' })
  for (const key of Object.keys(params))
    if (!['environment', 'q', 'failOnSunset'].includes(key))
      errors.push({ pointer: `#/query/${key}`, detail: 'is not a parameter of a release plan (use environment, q[], failOnSunset)' })
  if (errors.length > 0) throw new ValidationError(errors)
  return { environment: environment!, versions, ...(failOnSunset.data === undefined ? {} : { failOnSunset: failOnSunset.data }) }
}
