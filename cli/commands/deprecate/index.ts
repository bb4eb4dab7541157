/**
 * `concord deprecate`: declare (or withdraw) a provider's deprecation on the broker.
 */
import type { Deprecation } from '../../../lib/broker-client/index.js'
import type { CommandContext, CommandResult } from '../../context.js'
import type { DeprecateOptions } from './options.js'

/** The stable JSON of a deprecation (`--output json`). */
export function deprecationJson(d: Deprecation) {
  return {
    uuid: d.uuid,
    provider: d.provider,
    kind: d.kind,
    item: d.item,
    deprecatedIn: d.deprecatedIn,
    sunset: d.sunset,
    removedIn: d.removedIn ?? null,
    replacement: d.replacement ?? null,
    phase: d.phase,
    phaseDescription: d.phaseDescription ?? null,
    daysToSunset: d.daysToSunset,
    withdrawn: d.withdrawn,
  }
}

export function sunsetWords(days: number): string {
  if (days > 0) return `in ${days} day${days === 1 ? '' : 's'}`
  if (days === 0) return 'today'
  return `${-days} day${days === -1 ? '' : 's'} ago`
}

export async function run(o: DeprecateOptions, ctx: CommandContext): Promise<CommandResult> {
  const client = ctx.client()
  if (o.withdraw) {
    const body = await client.withdrawDeprecation(o.withdraw, { actor: o.actor })
    return { data: deprecationJson(body), text: ctx.style.green(`Withdrew the deprecation of ${body.item} (${body.provider}); its history is kept.`) }
  }
  const { provider, body: input } = o.declaration!
  const body = await client.declareDeprecation(provider, input, { actor: o.actor })
  const timeline = `deprecated in ${body.deprecatedIn}, sunset ${body.sunset} (${sunsetWords(body.daysToSunset)})`
  const lines = [
    ctx.style.green(`Declared: ${body.provider} deprecates ${body.item}`),
    `  ${timeline}`,
    // The broker's phase description says what is true now ("removal scheduled in 3.0.0"), not just the phase name.
    `  ${body.phaseDescription ?? `phase ${body.phase}${body.removedIn ? `; removal scheduled in ${body.removedIn}` : ''}`}`,
    ...(body.replacement ? [`  replacement: ${body.replacement}`] : []),
    `  uuid ${body.uuid}`,
    `  See who still uses it: concord deprecations --provider ${body.provider}`,
  ]
  return { data: deprecationJson(body), text: lines.join('\n') }
}
