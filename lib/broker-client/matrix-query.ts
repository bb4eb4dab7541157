/**
 * Matrix query strings. Brackets are sent literally (`q[][pacticipant]=Foo`) in argument order, as the Rust
 * Pact CLI sends them, because the broker parses them with Rack's "append to the last hash" rule.
 */
import type { CanIDeployInput, MatrixQuery } from './types.js'

const enc = encodeURIComponent

/**
 * @example matrixQueryString({ selectors: [{ pacticipant: 'web', version: '1' }], latestby: 'cvp', latest: true })
 * // q[][pacticipant]=web&q[][version]=1&latestby=cvp&latest=true
 */
export function matrixQueryString(query: MatrixQuery): string {
  const parts: string[] = []
  for (const s of query.selectors) {
    parts.push(`q[][pacticipant]=${enc(s.pacticipant)}`)
    if (s.version !== undefined) parts.push(`q[][version]=${enc(s.version)}`)
    if (s.latest !== undefined && s.latest !== false) {
      parts.push('q[][latest]=true')
      if (typeof s.latest === 'string') parts.push(`q[][tag]=${enc(s.latest)}`)
    }
    if (s.branch !== undefined) parts.push(`q[][branch]=${enc(s.branch)}`)
    if (s.tag !== undefined) parts.push(`q[][tag]=${enc(s.tag)}`)
    if (s.mainBranch) parts.push('q[][mainBranch]=true')
    if (s.environment !== undefined) parts.push(`q[][environment]=${enc(s.environment)}`)
    if (s.semver !== undefined) parts.push(`q[][semver]=${enc(s.semver)}`)
  }
  for (const i of query.ignore ?? []) {
    parts.push(`ignore[][pacticipant]=${enc(i.pacticipant)}`)
    if (i.version !== undefined) parts.push(`ignore[][version]=${enc(i.version)}`)
  }
  if (query.tag !== undefined) parts.push(`tag=${enc(query.tag)}`)
  if (query.latestby) parts.push(`latestby=${query.latestby}`)
  if (query.environment !== undefined) parts.push(`environment=${enc(query.environment)}`)
  if (query.latest) parts.push('latest=true')
  if (query.mainBranch) parts.push('mainBranch=true')
  if (query.limit !== undefined) parts.push(`limit=${query.limit}`)
  if (query.failOnSunset !== undefined) parts.push(`failOnSunset=${query.failOnSunset}`)
  return parts.join('&')
}

/**
 * The matrix query can-i-deploy sends, with the Pact CLI 0.8 rules: `latestby=cvpv` when an environment is
 * given or several selectors are, else `cvp`; `latest=true` when there is one selector and no environment.
 * @example canIDeployQuery({ selectors: [{ pacticipant: 'web', version: '1' }], toEnvironment: 'production' })
 */
export function canIDeployQuery(input: CanIDeployInput): MatrixQuery {
  const single = input.selectors.length === 1
  return {
    selectors: input.selectors,
    ignore: input.ignore,
    tag: input.to,
    latestby: input.toEnvironment !== undefined || !single ? 'cvpv' : 'cvp',
    environment: input.toEnvironment,
    latest: input.toEnvironment === undefined && single ? true : undefined,
    mainBranch: input.mainBranch,
    failOnSunset: input.failOnSunset,
  }
}
