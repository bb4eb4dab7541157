/**
 * `concord diff --pacticipant users 1.0.0 2.0.0`: every change between two provider versions' published API
 * descriptions, whether it breaks and for which consumers, and the semver bump it needs (from the broker's
 * `concord:provider-contracts-diff`). Exit 0; `--fail-on-breaking` exits 1 when a change breaks a
 * consumer.
 */
import type { ProviderContractsDiff } from '../../../lib/broker-client/index.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { EXIT } from '../../errors.js'
import type { Style } from '../../output/style.js'
import type { DiffOptions } from './options.js'

/** The change list for people: breaking first, consumers named. */
export function changeLines(body: ProviderContractsDiff, s: Style): string[] {
  const sorted = [...body.changes].sort((a, b) => Number(b.breaking) - Number(a.breaking) || b.usedBy.length - a.usedBy.length)
  return sorted.map((c) => {
    const mark = c.breaking ? s.red('breaking') : c.bump === 'minor' ? s.green('minor   ') : 'patch   '
    return `  ${mark}  ${c.message}${c.usedBy.length ? s.yellow(` — used by ${c.usedBy.join(', ')}`) : ''}  [${c.kind}]`
  })
}

export async function run(options: DiffOptions, ctx: CommandContext): Promise<CommandResult> {
  const body = await ctx.client().providerContractsDiff(options.pacticipant, options.from, options.to)
  const s = ctx.style
  const headline = body.changes.length
    ? `${body.provider} ${body.from} → ${body.to}: ${body.changes.length} change${body.changes.length === 1 ? '' : 's'}, needs a ${body.bump} bump${body.brokenConsumers.length ? `; breaks ${body.brokenConsumers.join(', ')}` : ''}`
    : `${body.provider} ${body.from} → ${body.to}: no changes to the API description`
  const text = [headline, ...changeLines(body, s), ...(body.semver ? ['', body.semver.ok ? s.green(body.semver.message) : s.red(body.semver.message)] : [])]
  const exitCode = options.failOnBreaking && body.brokenConsumers.length ? EXIT.no : EXIT.ok
  return { exitCode, data: body, text: text.join('\n') }
}
