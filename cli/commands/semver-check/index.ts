/**
 * `concord semver-check --pacticipant users --version 2.1.0 [--against 2.0.0 | --to-environment production |
 * --branch main]`: compares the version's API description with a baseline and fails (exit 1) when the version
 * number understates the change ("2.1.0 … removes `email`, used by web 1.4.0: needs 3.0.0").
 */
import type { CommandContext, CommandResult } from '../../context.js'
import { EXIT } from '../../errors.js'
import { changeLines } from '../diff/index.js'
import type { SemverCheckOptions } from './options.js'

export async function run(options: SemverCheckOptions, ctx: CommandContext): Promise<CommandResult> {
  const body = await ctx.client().providerContractsSemverCheck(options.pacticipant, options)
  const s = ctx.style
  const semver = body.semver
  const ok = semver ? semver.ok : true
  const text = [
    semver
      ? ok
        ? s.green(`✔ ${semver.message}`)
        : s.red(`✘ ${semver.message}`)
      : s.yellow(`${body.from} or ${body.to} is not a semantic version: nothing to check`),
    ...(body.changes.length ? ['', `Changes from ${body.baseline ?? body.from}:`, ...changeLines(body, s)] : []),
  ]
  return { exitCode: ok ? EXIT.ok : EXIT.no, data: { ok, baseline: body.baseline ?? body.from, ...body }, text: text.join('\n') }
}
