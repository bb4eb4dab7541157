/**
 * `concord can-i-deploy`: asks the broker's matrix, optionally re-asking while the answer is unknown, and
 * returns exit code 0 (deployable), 1 (not, or still unknown) — 0 either way with --dry-run.
 */
import type { CanIDeployInput, MatrixResponse } from '../../../lib/broker-client/index.js'
import type { CanIDeployOptions } from './options.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { EXIT } from '../../errors.js'
import { integrationJson, matrixTable } from '../../output/matrix.js'
import { formatNotices } from '../../output/notices.js'

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export function answerOf(deployable: boolean | null): 'yes' | 'no' | 'unknown' {
  return deployable === true ? 'yes' : deployable === false ? 'no' : 'unknown'
}

export async function run(options: CanIDeployOptions, ctx: CommandContext): Promise<CommandResult> {
  const input: CanIDeployInput = {
    selectors: options.selectors,
    ignore: options.ignore,
    toEnvironment: options.toEnvironment,
    to: options.to,
    failOnSunset: options.failOnSunset,
  }
  const client = ctx.client()
  const maxAttempts = 1 + options.retryWhileUnknown
  let response: MatrixResponse = await client.canIDeploy(input)
  let attempts = 1
  while (response.summary.deployable === null && attempts < maxAttempts) {
    ctx.progress(
      `Waiting for verification results: ${response.summary.unknown} unknown (attempt ${attempts} of ${maxAttempts}); asking again in ${options.retryIntervalSeconds}s…`,
    )
    await sleep(options.retryIntervalSeconds * 1000)
    response = await client.canIDeploy(input)
    attempts++
  }
  if (attempts > 1) ctx.progress(`Answer after ${attempts} attempt(s): ${answerOf(response.summary.deployable)}`)

  const { summary } = response
  const answer = answerOf(summary.deployable)
  const s = ctx.style
  const headline =
    answer === 'yes'
      ? s.green('Computer says yes \\o/')
      : answer === 'no'
        ? s.red('Computer says no ¯\\_(ツ)_/¯')
        : s.yellow('Computer says no: not every verification result is known yet ¯\\_(ツ)_/¯')
  const text = [
    ...(options.dryRun ? [s.yellow('Dry run: the exit code is 0 whatever the answer.')] : []),
    headline,
    '',
    matrixTable(response.matrix, s, ctx.boxed),
    '',
    ...(summary.reason ? summary.reason.split('\n') : []),
    ...formatNotices(
      (response.notices ?? []).filter((n) => !summary.reason?.includes(n.text)),
      s,
    ),
  ]
  const exitCode = options.dryRun || summary.deployable === true ? EXIT.ok : EXIT.no
  return {
    exitCode,
    data: {
      deployable: summary.deployable,
      answer,
      reason: summary.reason ?? null,
      summary,
      notices: response.notices ?? [],
      integrations: response.matrix.map(integrationJson),
      attempts,
      dryRun: options.dryRun,
    },
    text: text.join('\n'),
  }
}
