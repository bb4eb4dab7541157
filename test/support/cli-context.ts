/**
 * A CommandContext for running `concord` commands in-process in tests: no environment, plain (unstyled, unboxed)
 * table output, no progress lines. Commands connect with the options they are given, never through `client`.
 * @example const result = await run(options, quietCommandContext())
 */
import type { CommandContext } from '../../cli/context.js'
import { createStyle } from '../../cli/output/style.js'

export function quietCommandContext(): CommandContext {
  return {
    env: {},
    cwd: process.cwd(),
    style: createStyle(false),
    boxed: false,
    output: 'table',
    client: () => {
      throw new Error('not used')
    },
    progress: () => {},
    waitForStop: () => new Promise(() => {}),
  }
}
