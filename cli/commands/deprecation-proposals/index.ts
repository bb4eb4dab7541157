/**
 * `concord deprecations proposals --provider P`: what the provider's own signals (Deprecation / Sunset headers
 * seen in verification, `deprecated: true` in its OpenAPI description) propose deprecating, and who would be
 * affected; `concord deprecations accept UUID` turns one into a deprecation, `dismiss UUID` sets it aside.
 */
import type { DeprecationProposal, DeprecationUsage } from '../../../lib/broker-client/index.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { renderTable } from '../../output/table.js'
import { deprecationJson, sunsetWords } from '../deprecate/index.js'
import { stillUsedBy } from '../deprecations/index.js'
import type { DecideOptions, ProposalsOptions } from './options.js'

/** The stable JSON of a proposal (`--output json`). */
function proposalJson(p: DeprecationProposal) {
  return {
    uuid: p.uuid,
    provider: p.provider,
    status: p.status,
    item: p.item,
    sources: p.sources,
    providerVersions: p.providerVersions,
    seenBy: p.seenBy ?? [],
    sunset: p.sunset ?? null,
    reportCount: p.reportCount,
    deprecation: p.deprecation ?? null,
    ...(p.usage ? { usage: p.usage } : {}),
  }
}

export async function list(o: ProposalsOptions, ctx: CommandContext): Promise<CommandResult> {
  const client = ctx.client()
  const body = await client.listDeprecationProposals(o.provider, { status: o.status })
  // Usage (who would be affected) is worked out for open proposals, in the timeline.
  const usage = new Map<string, DeprecationUsage>()
  if ((o.status ?? 'open') === 'open' || o.status === 'all') {
    const timeline = await client.deprecationTimeline(o.provider)
    for (const p of timeline.proposed ?? []) if (p.usage) usage.set(p.uuid, p.usage)
  }
  const proposals = body.proposals.map((p) => ({ ...p, ...(usage.has(p.uuid) ? { usage: usage.get(p.uuid) } : {}) }))
  const data = { provider: body.provider, proposals: proposals.map(proposalJson) }
  if (!proposals.length) return { data, text: `${body.provider} has no ${o.status && o.status !== 'all' ? o.status : 'open'} deprecation proposals.` }
  const table = renderTable(
    ['UUID', 'ITEM', 'STATUS', 'FROM', 'SUNSET', 'WOULD AFFECT'],
    proposals.map((p) => [
      p.uuid,
      p.item,
      p.status,
      `${p.sources.join('+')} (${p.providerVersions.join(', ')})`,
      p.sunset ? `${p.sunset} (${sunsetWords(p.daysToSunset ?? 0)})` : '-',
      p.usage ? stillUsedBy(p.usage) : '-',
    ]),
    { boxed: ctx.boxed },
  )
  return {
    data,
    text: [
      table,
      '',
      `Accept one: concord deprecations accept UUID [--removed-in V] [--sunset YYYY-MM-DD]; set one aside: concord deprecations dismiss UUID`,
    ].join('\n'),
  }
}

export async function accept(o: DecideOptions, ctx: CommandContext): Promise<CommandResult> {
  const body = await ctx.client().acceptDeprecationProposal(o.uuid, o.fields, { actor: o.actor })
  const d = body._embedded.deprecation
  const lines = [
    ctx.style.green(`Accepted: ${d.provider} deprecates ${d.item}`),
    `  deprecated in ${d.deprecatedIn}, sunset ${d.sunset} (${sunsetWords(d.daysToSunset)})`,
    `  ${d.phaseDescription ?? `phase ${d.phase}${d.removedIn ? `; removal scheduled in ${d.removedIn}` : ''}`}`,
    `  deprecation uuid ${d.uuid}`,
    `  See who still uses it: concord deprecations --provider ${d.provider}`,
  ]
  return { data: { proposal: proposalJson(body), deprecation: deprecationJson(d) }, text: lines.join('\n') }
}

export async function dismiss(o: DecideOptions, ctx: CommandContext): Promise<CommandResult> {
  const body = await ctx.client().dismissDeprecationProposal(o.uuid, { actor: o.actor, reason: o.reason })
  return {
    data: proposalJson(body),
    text: ctx.style.green(`Dismissed the proposal to deprecate ${body.item} (${body.provider}); later reports of it stay dismissed.`),
  }
}
