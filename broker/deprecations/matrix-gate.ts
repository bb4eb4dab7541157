/**
 * The deprecation gate folded into a can-i-deploy answer. For a question about an environment, each specified
 * version is checked with `deprecationBlockersOf`: an error makes the answer "no" (`deployable: false`, even when
 * no verification has run), and every reason is added to `summary.reason` and `notices` so the official CLIs
 * print it. Questions without an environment are returned unchanged.
 */
import type { MatrixResult } from '../matrix/matrix.service.js'
import { type DeprecationDeps, deprecationBlockersOf } from './deprecations.service.js'
import type { DeprecationReason } from './gate.js'

/**
 * @example sendHal(res, 200, toMatrixResource(await withDeprecationGate(deps, await findMatrix(deps, query), { failOnSunset }), links))
 */
export async function withDeprecationGate(deps: DeprecationDeps, result: MatrixResult, options: { failOnSunset?: boolean } = {}): Promise<MatrixResult> {
  // The matrix has resolved the environment, pacticipants and versions already.
  const { environment } = result
  if (environment === null) return result
  const checked = result.selectors.filter((s) => s.type === 'specified' && !s.ignore && s.versionExists && s.versionId !== null && s.versionNumber !== null)
  if (checked.length === 0) return result
  const reasons: DeprecationReason[] = []
  const seen = new Set<number>()
  for (const selector of checked) {
    if (seen.has(selector.versionId!)) continue
    seen.add(selector.versionId!)
    reasons.push(
      ...(await deprecationBlockersOf(deps, {
        pacticipant: { id: selector.pacticipantId, name: selector.pacticipantName },
        version: { id: selector.versionId, number: selector.versionNumber! },
        environment,
        ...(options.failOnSunset === undefined ? {} : { failOnSunset: options.failOnSunset }),
      })),
    )
  }
  if (reasons.length === 0) return result
  const { decision } = result
  const refused = reasons.some((r) => r.level === 'error')
  const texts = reasons.map((r) => r.text)
  return {
    ...result,
    decision: {
      ...decision,
      summary: {
        ...decision.summary,
        deployable: refused ? false : decision.summary.deployable,
        reason: [decision.summary.reason, ...texts].filter(Boolean).join('\n'),
      },
      notices: [...decision.notices, ...reasons.map((r) => ({ type: r.level, text: r.text }))],
    },
  }
}

/** `failOnSunset=true|false` from a parsed (Rack-style) query; undefined when absent or not a boolean. */
export function failOnSunsetFlag(query: Record<string, unknown>): boolean | undefined {
  const value = query.failOnSunset
  const last: unknown = Array.isArray(value) ? value[value.length - 1] : value
  return last === 'true' ? true : last === 'false' ? false : undefined
}
