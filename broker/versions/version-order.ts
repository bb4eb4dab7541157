/**
 * Version order: how "latest" is decided among a pacticipant's versions. Pure functions, no I/O.
 *
 * Rule (docs/domain.md#version-order): when every version of a pacticipant is a valid semantic version, versions
 * are ordered by semver precedence (build metadata ignored, as the semver spec says; ties broken by creation);
 * otherwise by creation time, as the Pact Broker does. CONCORD_VERSION_ORDER=semver|creation forces either.
 *
 * The order is stored as a byte-ordered sort key (`versions.order_key`, collation "C") so that the database can
 * index and compare it: "latest" is the highest (order_key, id).
 */
import semver from 'semver'
import type { VersionOrder } from '../config.js'

const NUMBER_WIDTH = 16

function encodeNumber(value: number): string {
  return String(value).padStart(NUMBER_WIDTH, '0')
}

/**
 * The sort key of a valid semantic version, or null when `number` is not one.
 * Keys compare byte-wise exactly as semver precedence does:
 * - major.minor.patch as fixed-width numbers;
 * - a release ('~') sorts after any of its pre-releases ('!' …);
 * - pre-release identifiers compare numerically ('0' + fixed width) below alphanumerics ('1' + text), each
 *   followed by a space, which sorts below every identifier character, so a shorter list sorts first.
 * @example semverOrderKey('1.2.3-rc.1') < semverOrderKey('1.2.3') // true
 */
export function semverOrderKey(number: string): string | null {
  const parsed = semver.parse(number, { loose: false })
  if (!parsed) return null
  const core = [parsed.major, parsed.minor, parsed.patch].map(encodeNumber).join('.')
  if (parsed.prerelease.length === 0) return `${core}~`
  const pre = parsed.prerelease.map((id) => (typeof id === 'number' ? `0${encodeNumber(id)} ` : `1${id} `)).join('')
  return `${core}!${pre}`
}

export function isSemver(number: string): boolean {
  return semver.valid(number) !== null
}

/** How a pacticipant's versions are ordered, given the setting and whether all its versions are semver. */
export function effectiveOrder(setting: VersionOrder, allSemver: boolean): 'semver' | 'creation' {
  if (setting === 'auto') return allSemver ? 'semver' : 'creation'
  return setting
}

/** The stored key for `number` under `order`: '' in creation order (ties fall back to creation, the id). */
export function orderKeyFor(number: string, order: 'semver' | 'creation'): string {
  return order === 'semver' ? (semverOrderKey(number) ?? '') : ''
}

/** Compares two versions as the database does: by (order_key, id). */
export function compareVersionOrder(a: { order_key: string; id: number }, b: { order_key: string; id: number }): number {
  if (a.order_key !== b.order_key) return a.order_key < b.order_key ? -1 : 1
  return a.id - b.id
}
