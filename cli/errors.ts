/**
 * CLI-only errors. Commands throw these (or lib errors); `cli/index.ts` is the one place that turns any error
 * into a message and an exit code.
 */

/** Exit codes, documented in docs/cli.md. */
export const EXIT = {
  ok: 0,
  /** can-i-deploy: not deployable (or still unknown). */
  no: 1,
  /** Bad arguments, bad configuration, or the broker refused or could not be reached. */
  error: 2,
  /** A bug in concord: the message asks for a report. */
  internal: 3,
} as const

/** Bad command line: printed with a pointer to `--help`, exit 2. */
export class UsageError extends Error {
  readonly code = 'usage-error'
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message)
    this.name = 'UsageError'
  }
}

/** An expected failure with a message for the user and a chosen exit code. */
export class ExitError extends Error {
  readonly code = 'exit'
  constructor(
    message: string,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message)
    this.name = 'ExitError'
  }
}
