/**
 * `concord diff --pacticipant users 1.0.0 2.0.0`: every change between two provider versions' published API
 * descriptions, whether it breaks and for which consumer versions (the latest of each consumer and those deployed
 * or released in each environment, which a breaking change would hurt), and the semver bump it needs (from the broker's
 * `concord:provider-contracts-diff`). Exit 0; `--fail-on-breaking` exits 1 when a change breaks a
 * consumer.
 */
import type { ConsumerVersionChecked, ProviderContractsDiff } from '../../../lib/broker-client/index.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { EXIT } from '../../errors.js'
import type { Style } from '../../output/style.js'
import type { DiffOptions } from './options.js'

/** Where a consumer version is: "latest", "deployed in production", "released in app-store". */
export function whereText(checked: ConsumerVersionChecked): string {
  const places = checked.environments.flatMap((e) => [...(e.deployed ? [`deployed in ${e.name}`] : []), ...(e.released ? [`released in ${e.name}`] : [])])
  return [...(checked.latest ? ['latest'] : []), ...places].join(', ')
}

/**
 * A `usedBy` label with where that version runs: "web 1.3.0 (deployed in production)"; a version that is only its
 * consumer's latest stays "web 1.4.0" in the change list (`always` adds "(latest)" too).
 */
function labelled(body: ProviderContractsDiff, label: string, always = false): string {
  const checked = body.consumerVersions?.find((c) => c.label === label)
  if (!checked || (!always && !checked.environments.length)) return label
  return `${label} (${whereText(checked)})`
}

/** The change list for people: breaking first, consumer versions named with where they run. */
export function changeLines(body: ProviderContractsDiff, s: Style): string[] {
  const sorted = [...body.changes].sort((a, b) => Number(b.breaking) - Number(a.breaking) || b.usedBy.length - a.usedBy.length)
  return sorted.map((c) => {
    const mark = c.breaking ? s.red('breaking') : c.bump === 'minor' ? s.green('minor   ') : 'patch   '
    const users = c.usedBy.map((label) => labelled(body, label))
    return `  ${mark}  ${c.message}${users.length ? s.yellow(` — used by ${users.join(', ')}`) : ''}  [${c.kind}]`
  })
}

/** "Checked against: web 1.4.0 (latest), web 1.3.0 (deployed in production)", or nothing from an older broker. */
export function checkedLine(body: ProviderContractsDiff): string[] {
  const checked = body.consumerVersions ?? []
  if (!body.consumerVersions) return []
  if (!checked.length) return ['No consumer has a pact with this provider: nothing to break.']
  return [`Checked against the pacts of: ${checked.map((c) => labelled(body, c.label, true)).join(', ')}`]
}

export async function run(options: DiffOptions, ctx: CommandContext): Promise<CommandResult> {
  const body = await ctx.client().providerContractsDiff(options.pacticipant, options.from, options.to)
  const s = ctx.style
  const headline = body.changes.length
    ? `${body.provider} ${body.from} → ${body.to}: ${body.changes.length} change${body.changes.length === 1 ? '' : 's'}, needs a ${body.bump} bump${body.brokenConsumers.length ? `; breaks ${body.brokenConsumers.join(', ')}` : ''}`
    : `${body.provider} ${body.from} → ${body.to}: no changes to the API description`
  const text = [
    headline,
    ...changeLines(body, s),
    ...checkedLine(body),
    ...(body.semver ? ['', body.semver.ok ? s.green(body.semver.message) : s.red(body.semver.message)] : []),
  ]
  const exitCode = options.failOnBreaking && body.brokenConsumers.length ? EXIT.no : EXIT.ok
  return { exitCode, data: body, text: text.join('\n') }
}
