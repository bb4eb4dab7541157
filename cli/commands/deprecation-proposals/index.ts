/**
 * `concord deprecations proposals --provider P`: what the provider's own signals (Deprecation / Sunset headers
 * seen in verification, `deprecated: true` in its OpenAPI description) propose deprecating, and who would be
 * affected; `concord deprecations accept UUID` turns one into a deprecation, `dismiss UUID` sets it aside.
 */
import { createHttp } from '../../../lib/broker-client/http.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { renderTable } from '../../output/table.js'
import { type DeprecationJson, deprecationJson, sunsetWords } from '../deprecate/index.js'
import { stillUsedBy } from '../deprecations/index.js'
import type { DecideOptions, ProposalsOptions } from './options.js'

interface Ref {
  consumer: string
  version: string
  branch?: string
}

type Usage = { consumers: string[]; environments: { name: string; deployed: Ref[]; released: Ref[] }[]; mainBranch: Ref[]; otherBranches: Ref[] }

/** The broker's proposal resource, as far as the CLI reads it. */
interface ProposalJson {
  uuid: string
  provider: string
  status: string
  item: string
  sources: string[]
  providerVersions: string[]
  seenBy?: { consumer: string; interaction: string }[]
  sunset?: string
  daysToSunset?: number
  reportCount: number
  deprecation?: string
  usage?: Usage
}

/** The stable JSON of a proposal (`--output json`). */
function proposalJson(p: ProposalJson) {
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

const proposalsUrl = (base: string, provider: string) => `${base}/pacticipants/${encodeURIComponent(provider)}/deprecations/proposals`

export async function list(o: ProposalsOptions, ctx: CommandContext): Promise<CommandResult> {
  const http = createHttp(o.connection)
  const { body } = await http.send<{ provider: string; _embedded: { proposals: ProposalJson[] } }>({
    method: 'GET',
    url: `${proposalsUrl(http.baseUrl, o.provider)}${o.status ? `?status=${encodeURIComponent(o.status)}` : ''}`,
  })
  // Usage (who would be affected) is worked out for open proposals, in the timeline.
  const usage = new Map<string, Usage>()
  if ((o.status ?? 'open') === 'open' || o.status === 'all') {
    const timeline = await http.send<{ proposed?: ProposalJson[] }>({
      method: 'GET',
      url: `${http.baseUrl}/pacticipants/${encodeURIComponent(o.provider)}/deprecations/timeline`,
    })
    for (const p of timeline.body.proposed ?? []) if (p.usage) usage.set(p.uuid, p.usage)
  }
  const proposals = body._embedded.proposals.map((p) => ({ ...p, ...(usage.has(p.uuid) ? { usage: usage.get(p.uuid) } : {}) }))
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
  const http = createHttp({ ...o.connection, headers: o.actor ? { 'X-Concord-Actor': o.actor } : undefined })
  const { body } = await http.send<ProposalJson & { _embedded: { deprecation: DeprecationJson } }>({
    method: 'POST',
    url: `${http.baseUrl}/deprecation-proposals/${encodeURIComponent(o.uuid)}/accept`,
    body: o.fields,
  })
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
  const http = createHttp({ ...o.connection, headers: o.actor ? { 'X-Concord-Actor': o.actor } : undefined })
  const { body } = await http.send<ProposalJson>({
    method: 'POST',
    url: `${http.baseUrl}/deprecation-proposals/${encodeURIComponent(o.uuid)}/dismiss`,
    body: o.reason ? { reason: o.reason } : {},
  })
  return {
    data: proposalJson(body),
    text: ctx.style.green(`Dismissed the proposal to deprecate ${body.item} (${body.provider}); later reports of it stay dismissed.`),
  }
}
