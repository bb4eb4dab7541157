/**
 * `concord matrix`: the raw matrix rows for the given selectors, as a table.
 */
import type { MatrixOptions } from './options.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { integrationJson, matrixTable } from '../../output/matrix.js'

export async function run(options: MatrixOptions, ctx: CommandContext): Promise<CommandResult> {
  const response = await ctx.client().matrix({
    selectors: options.selectors,
    environment: options.toEnvironment,
    latestby: options.latestby,
    limit: options.limit,
  })
  return {
    data: { summary: response.summary ?? null, integrations: response.matrix.map(integrationJson) },
    text: [matrixTable(response.matrix, ctx.style, ctx.boxed), '', `${response.matrix.length} row(s)`].join('\n'),
  }
}
