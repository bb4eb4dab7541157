/**
 * What a command receives besides its options, and what it returns. Commands never print results or exit:
 * they return data (for `--output json`) and text (for people); `cli/index.ts` prints one of them and
 * chooses the exit code.
 */
import type { BrokerClient } from '../lib/broker-client/index.js'
import type { Style } from './output/style.js'

export type Env = Record<string, string | undefined>

export interface CommandContext {
  env: Env
  cwd: string
  /** Colours (off when piped or NO_COLOR). */
  style: Style
  /** Box-drawn tables (terminal) or plain columns (piped). */
  boxed: boolean
  output: 'table' | 'json'
  /** The broker client from --broker-url/… or the environment; commands without a broker must not call it. */
  client(): BrokerClient
  /** Progress and hints for people: stderr, never mixed into the result on stdout. */
  progress(line: string): void
  /** Resolves with the signal name when the user asks to stop (SIGINT/SIGTERM); for long-running commands only
   * (calling it replaces the default "exit at once" handling of those signals). */
  waitForStop(): Promise<string>
}

export interface CommandResult {
  /** 0 unless the command's answer is "no" (can-i-deploy: 1). Errors are thrown, not returned. */
  exitCode?: number
  /** The stable JSON printed with `--output json` (documented in docs/cli.md). */
  data: unknown
  /** What people read (may contain colour codes from ctx.style). */
  text: string
}

export interface CommandModule<O> {
  run(options: O, ctx: CommandContext): Promise<CommandResult>
}
