/**
 * `concord deprecations --provider P` (the timeline) and `--consumer C` (what it uses that is going away).
 */
import type { DeprecationTimeline, DeprecationUserRef } from '../../../lib/broker-client/index.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { formatNotices } from '../../output/notices.js'
import type { Style } from '../../output/style.js'
import { renderTable } from '../../output/table.js'
import { deprecationJson, sunsetWords } from '../deprecate/index.js'
import type { DeprecationsOptions } from './options.js'

function phaseText(phase: string, style: Style): string {
  if (phase === 'past-sunset' || phase === 'removed') return style.red(phase)
  if (phase === 'deprecated') return style.yellow(phase)
  return phase
}

const refs = (list: DeprecationUserRef[]) => list.map((r) => `${r.consumer} ${r.version}`).join(', ')

/** "production: mobile 5.0.0, web 1.0.0 | app-store (released): ios 3.1 | main: web 1.1.0 | 2 other branches". */
export function stillUsedBy(usage: DeprecationTimeline['deprecations'][number]['usage']): string {
  const parts: string[] = []
  for (const env of usage.environments) {
    if (env.deployed.length) parts.push(`${env.name}: ${refs(env.deployed)}`)
    if (env.released.length) parts.push(`${env.name} (released): ${refs(env.released)}`)
  }
  if (usage.mainBranch.length) parts.push(`main: ${refs(usage.mainBranch)}`)
  if (usage.otherBranches.length) parts.push(`${usage.otherBranches.length} on other branches`)
  return parts.join(' | ') || '-'
}

export async function run(o: DeprecationsOptions, ctx: CommandContext): Promise<CommandResult> {
  const client = ctx.client()
  if (o.provider !== undefined) {
    const body = await client.deprecationTimeline(o.provider)
    const proposed = body.proposed ?? []
    const data = {
      provider: body.provider,
      deprecations: body.deprecations.map((d) => ({ ...deprecationJson(d), usage: d.usage })),
      proposed: proposed.map((p) => ({ uuid: p.uuid, item: p.item })),
    }
    const proposals = proposed.length
      ? [
          `${proposed.length} open proposal${proposed.length === 1 ? '' : 's'} (${proposed.map((p) => p.item).join('; ')}): concord deprecations proposals --provider ${body.provider}`,
        ]
      : []
    if (!body.deprecations.length)
      return {
        data,
        text: [
          `${body.provider} has no deprecations. Declare one with: concord deprecate --provider ${body.provider} --operation "GET /path" …`,
          ...proposals,
        ].join('\n'),
      }
    const table = renderTable(
      ['ITEM', 'PHASE', 'SUNSET', 'REMOVED IN', 'STILL USED BY'],
      body.deprecations.map((d) => [
        d.item,
        phaseText(d.phase, ctx.style),
        `${d.sunset} (${sunsetWords(d.daysToSunset)})`,
        d.removedIn ?? '-',
        stillUsedBy(d.usage),
      ]),
      { boxed: ctx.boxed },
    )
    return { data, text: [table, ...(proposals.length ? ['', ...proposals] : [])].join('\n') }
  }
  const body = await client.deprecationsInUse(o.consumer)
  const data = {
    consumer: body.consumer,
    deprecations: body.deprecations.map((d) => ({
      ...deprecationJson(d),
      versions: d.versions.map((v) => ({ version: v.version, where: v.where, interactions: v.interactions })),
    })),
    notices: body.notices,
  }
  if (!body.deprecations.length) return { data, text: ctx.style.green(`Nothing ${body.consumer} uses is deprecated.`) }
  const table = renderTable(
    ['PROVIDER', 'ITEM', 'PHASE', 'SUNSET', 'USED BY', 'REPLACEMENT'],
    body.deprecations.map((d) => [
      d.provider,
      d.item,
      phaseText(d.phase, ctx.style),
      `${d.sunset} (${sunsetWords(d.daysToSunset)})`,
      d.versions.map((v) => `${v.version} (${v.where.join(', ')})`).join('; '),
      d.replacement ?? '-',
    ]),
    { boxed: ctx.boxed },
  )
  return { data, text: [table, '', ...formatNotices(body.notices, ctx.style)].join('\n') }
}
