/**
 * Notices about deprecated items a consumer's contract uses, in the Pact Broker's `{type, text}` shape (the
 * official clients print them: the consumer's CI shows them on publish). Pure: no I/O.
 */
import type { Notice } from '../shared/errors.js'
import { daysToSunset, type Deprecation, isPastSunset, itemLabel } from './deprecation.js'
import type { Use } from './usage-matching.js'

export interface NoticeSubject {
  consumer: string
  consumerVersion?: string
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

function interactionsText(uses: Use[]): string {
  const names = [...new Set(uses.map((u) => `'${u.interaction}'`))]
  const shown = names.slice(0, 3).join(', ')
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown
}

/** "Sunset on 2027-01-31 (in 70 days)" / "sunset was 2026-11-01 (21 days ago)". */
export function sunsetText(sunset: string, now: Date): string {
  const days = daysToSunset(sunset, now)
  if (days > 0) return `sunset on ${sunset} (in ${plural(days, 'day')})`
  if (days === 0) return `sunset today (${sunset})`
  return `sunset was ${sunset} (${plural(-days, 'day')} ago)`
}

/**
 * One notice for one deprecated item a consumer uses: a warning before the sunset date, an error from it on.
 * @example deprecationNotice(d, uses, clock.now(), { consumer: 'web', consumerVersion: '1.2.3' })
 * // { type: 'warning', text: "Deprecated: web version 1.2.3 uses GET /users/{id} of api (interaction 'get a user') …" }
 */
export function deprecationNotice(d: Deprecation, uses: Use[], now: Date, subject: NoticeSubject): Notice {
  const past = isPastSunset(d.sunset, now)
  const who = subject.consumerVersion ? `${subject.consumer} version ${subject.consumerVersion}` : subject.consumer
  const parts = [
    `${past ? 'Past sunset' : 'Deprecated'}: ${who} uses ${itemLabel(d)} of ${d.provider} (${uses.length === 1 ? 'interaction' : 'interactions'} ${interactionsText(uses)}),`,
    `deprecated in ${d.provider} ${d.deprecatedIn}; ${sunsetText(d.sunset, now)}${d.removedIn ? `; removed in ${d.provider} ${d.removedIn}` : ''}.`,
  ]
  if (past) parts.push(`${d.provider} may remove it at any time.`)
  parts.push(d.replacement ? `Use ${d.replacement} instead.` : 'No replacement is named.')
  if (d.reason) parts.push(`Reason: ${d.reason}.`.replace(/\.\.$/, '.'))
  if (d.link) parts.push(`See ${d.link}`)
  return { type: past ? 'error' : 'warning', text: parts.join(' ') }
}
