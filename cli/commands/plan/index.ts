/**
 * `concord plan`: asks the broker for a release plan (`concord:release-plan`) and prints its steps. Exit 0 when a
 * plan exists, 1 when none does; bad input is 2, as everywhere.
 */
import type { CommandContext, CommandResult } from '../../context.js'
import { EXIT } from '../../errors.js'
import type { PlanOptions } from './options.js'

export async function run(options: PlanOptions, ctx: CommandContext): Promise<CommandResult> {
  const plan = await ctx.client().releasePlan(options)
  const s = ctx.style
  const text: string[] = [
    plan.possible
      ? s.green(`A plan for ${plan.environment} in ${plan.steps.length} step(s):`)
      : s.red(`No plan takes these versions to ${plan.environment} with it deployable after every step:`),
  ]
  for (const step of plan.steps) {
    const versions = step.versions.map((v) => `${v.pacticipant} ${v.version}${v.replaces.length ? ` (replacing ${v.replaces.join(', ')})` : ''}`)
    const flags = [step.deployable ? '' : s.red('not deployable'), step.rollback.safe ? 'rollback safe' : s.yellow('rollback unsafe')].filter(Boolean)
    text.push('', `${step.step}. ${versions.join(' + ')}  [${flags.join(', ')}]`)
    for (const reason of step.reasons) text.push(`     ${reason}`)
    for (const reason of step.rollback.reasons) text.push(`     ${reason}`)
  }
  if (plan.impossible.length > 0) {
    text.push('', s.red('Impossible:'))
    for (const entry of plan.impossible) {
      text.push(`  ${entry.versions.map((v) => `${v.pacticipant} ${v.version}`).join(' with ')}:`)
      for (const reason of entry.reasons) text.push(`     ${reason}`)
    }
  }
  const { _links: _ignored, ...data } = plan
  return { exitCode: plan.possible ? EXIT.ok : EXIT.no, data, text: text.join('\n') }
}
