/**
 * `concord deprecations --provider P` (the timeline) and `--consumer C` (what it uses that is going away).
 */
import { createHttp } from '../../../lib/broker-client/http.js'
import type { BrokerNotice } from '../../../lib/errors.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { formatNotices } from '../../output/notices.js'
import type { Style } from '../../output/style.js'
import { renderTable } from '../../output/table.js'
import { type DeprecationJson, deprecationJson, sunsetWords } from '../deprecate/index.js'
import type { DeprecationsOptions } from './options.js'

interface Ref {
  consumer: string
  version: string
  branch?: string
}

interface TimelineJson {
  provider: string
  deprecations: (DeprecationJson & {
    usage: { consumers: string[]; environments: { name: string; deployed: Ref[]; released: Ref[] }[]; mainBranch: Ref[]; otherBranches: Ref[] }
  })[]
  /** Open proposals (from the provider's own signals): shown, not enforced. Older brokers leave it out. */
  proposed?: { uuid: string; item: string }[]
}

interface InUseJson {
  consumer: string
  deprecations: (DeprecationJson & { versions: { version: string; where: string[]; interactions: string[] }[] })[]
  notices: BrokerNotice[]
}

function phaseText(phase: string, style: Style): string {
  if (phase === 'past-sunset' || phase === 'removed') return style.red(phase)
  if (phase === 'deprecated') return style.yellow(phase)
  return phase
}

const refs = (list: Ref[]) => list.map((r) => `${r.consumer} ${r.version}`).join(', ')

/** "production: mobile 5.0.0, web 1.0.0 | app-store (released): ios 3.1 | main: web 1.1.0 | 2 other branches". */
export function stillUsedBy(usage: TimelineJson['deprecations'][number]['usage']): string {
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
  const http = createHttp(o.connection)
  if (o.provider !== undefined) {
    const { body } = await http.send<TimelineJson>({
      method: 'GET',
      url: `${http.baseUrl}/pacticipants/${encodeURIComponent(o.provider)}/deprecations/timeline`,
    })
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
  const { body } = await http.send<InUseJson>({ method: 'GET', url: `${http.baseUrl}/pacticipants/${encodeURIComponent(o.consumer)}/deprecations/in-use` })
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
