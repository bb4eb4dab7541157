/**
 * The deprecation gate of can-i-deploy, as pure rules over usage the service has loaded.
 *
 * - A provider version at or above a deprecation's `removedIn` is refused for an environment while any consumer
 *   version deployed or released there uses the item, whether or not any verification has run.
 * - A consumer version that uses an item past its sunset gets a warning, or a refusal when the broker's sunset
 *   policy is `fail` or the caller asked `failOnSunset`.
 * - A consumer version that uses an item the provider has removed in a version deployed or released in that
 *   environment is refused.
 */
import { atOrAbove, type Deprecation, isPastSunset, itemLabel } from './deprecation.js'
import { sunsetText } from './notices.js'
import type { VersionUse } from './usage.js'
import type { Use } from './usage-matching.js'

export interface DeprecationReason {
  /** error: the deployment is refused; warning: it may go ahead. */
  level: 'error' | 'warning'
  deprecation: string
  text: string
  /**
   * The versions now in the environment that the reason is about (the consumers still using a removed item, or the
   * provider versions that removed it). can-i-deploy drops the reason when its question replaces all of them
   * (several versions deployed together, matrix.service.ts); absent when the reason is about the version alone.
   */
  concerns?: { pacticipant: string; version: string }[]
}

function interactions(uses: Use[]): string {
  return [...new Set(uses.map((u) => `'${u.interaction}'`))].join(', ')
}

/**
 * Reasons to refuse deploying `providerVersion` of a provider to `environment`: each removed item that a
 * consumer version there still uses.
 * @example providerRemovalReasons('3.0.0', 'production', [{ deprecation, users }])
 */
export function providerRemovalReasons(
  providerVersion: string,
  environment: string,
  usage: { deprecation: Deprecation; users: VersionUse[] }[],
): DeprecationReason[] {
  const reasons: DeprecationReason[] = []
  for (const { deprecation: d, users } of usage) {
    if (d.withdrawn || !d.removedIn || !atOrAbove(providerVersion, d.removedIn) || users.length === 0) continue
    const who = users.map((u) => `${u.consumer} ${u.version} (${interactions(u.uses)})`).join(', ')
    reasons.push({
      level: 'error',
      deprecation: d.uuid,
      text: `${d.provider} ${providerVersion} removes ${itemLabel(d)} (removed in ${d.removedIn}), which ${users.length === 1 ? 'is' : 'are'} still used in ${environment} by ${who}. Deploy consumer versions that no longer use it first.`,
      concerns: users.map((u) => ({ pacticipant: u.consumer, version: u.version })),
    })
  }
  return reasons
}

export interface ConsumerUse {
  deprecation: Deprecation
  uses: Use[]
  /** Versions of the deprecation's provider deployed or released in the target environment. */
  providerVersionsThere: string[]
}

/**
 * Reasons about the items a consumer version uses: refused when the provider version in the environment has
 * removed one; past sunset → warning, or error when `failOnSunset`.
 */
export function consumerReasons(
  consumer: string,
  version: string,
  environment: string,
  used: ConsumerUse[],
  options: { now: Date; failOnSunset: boolean },
): DeprecationReason[] {
  const reasons: DeprecationReason[] = []
  for (const { deprecation: d, uses, providerVersionsThere } of used) {
    if (d.withdrawn || uses.length === 0) continue
    const removing = d.removedIn ? providerVersionsThere.filter((v) => atOrAbove(v, d.removedIn!)) : []
    if (removing.length > 0) {
      reasons.push({
        level: 'error',
        deprecation: d.uuid,
        text: `${consumer} ${version} uses ${itemLabel(d)} of ${d.provider} (${interactions(uses)}), which ${d.provider} ${removing.join(', ')} in ${environment} no longer provides (removed in ${d.removedIn}).${d.replacement ? ` Use ${d.replacement} instead.` : ''}`,
        concerns: removing.map((v) => ({ pacticipant: d.provider, version: v })),
      })
    } else if (isPastSunset(d.sunset, options.now)) {
      reasons.push({
        level: options.failOnSunset ? 'error' : 'warning',
        deprecation: d.uuid,
        text: `${consumer} ${version} uses ${itemLabel(d)} of ${d.provider} (${interactions(uses)}), whose ${sunsetText(d.sunset, options.now)}.${d.replacement ? ` Use ${d.replacement} instead.` : ''}`,
      })
    }
  }
  return reasons
}
