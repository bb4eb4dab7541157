/**
 * How an error reads on the command line: what went wrong in plain words and what to fix, never the broker's
 * JSON pointers (`#/query/q/0/pacticipant`), which name the option instead ("the 1st --pacticipant"). The exit
 * code and the `--output json` document come from here too; cli/index.ts only catches and prints.
 */
import { BrokerApiError, type BrokerFieldError, BrokerUnreachableError, ConcordError } from '../../lib/errors.js'
import { EXIT, ExitError, UsageError } from '../errors.js'
import { formatNotices } from './notices.js'
import type { Style } from './style.js'

export interface ErrorReport {
  /** Lines for stderr. */
  lines: string[]
  exitCode: number
  /** The `--output json` document (`{"error": {…}}`, docs/cli.md). */
  json: Record<string, unknown>
}

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

/** The matrix's selector keys → the CLI options that set them (`q[][environment]` has no option of its own). */
const SELECTOR_OPTIONS: Record<string, string> = {
  pacticipant: '--pacticipant',
  version: '--version',
  latest: '--latest',
  tag: '--tag',
  branch: '--branch',
  mainBranch: '--main-branch',
  semver: '--semver',
}
/** Query parameters of the matrix / can-i-deploy → their options. */
const QUERY_OPTIONS: Record<string, string> = { environment: '--to-environment', tag: '--to', latestby: '--latestby', limit: '--limit' }

/**
 * The option a broker field error is about, in words, or undefined when the pointer names none.
 * @example optionOf('#/query/q/0/pacticipant') // 'the 1st --pacticipant'
 */
export function optionOf(pointer: string | undefined): string | undefined {
  if (!pointer) return undefined
  const tokens = pointer.replace(/^#?\//, '').split('/')
  if (tokens[0] === 'query') {
    if ((tokens[1] === 'q' || tokens[1] === 'ignore') && tokens[2] !== undefined && /^\d+$/.test(tokens[2])) {
      const n = ordinal(Number(tokens[2]) + 1)
      if (tokens[1] === 'ignore') return `the ${n} --ignore`
      const key = tokens[3]
      const option = key ? SELECTOR_OPTIONS[key] : undefined
      return option === '--pacticipant' || !option ? `the ${n} --pacticipant` : `${option} of the ${n} --pacticipant`
    }
    return tokens[1] ? (QUERY_OPTIONS[tokens[1]] ?? `--${kebab(tokens[1])}`) : undefined
  }
  // A body field (`#/body/deprecatedIn`, or `/sunset` as some routes write it): the option of the same name.
  const field = tokens[0] === 'body' ? tokens[1] : tokens.length === 1 ? tokens[0] : undefined
  return field && /^[A-Za-z]+$/.test(field) ? `--${kebab(field)}` : undefined
}

/** One field error in words: the broker's sentence, then the option to fix. */
function fieldLine(e: BrokerFieldError): string {
  const option = optionOf(e.pointer)
  const detail = e.detail.replace(/\.$/, '')
  const hint = /^pacticipant .* not found$/i.test(detail) ? ` ('concord pacticipant list' shows the applications the broker knows)` : ''
  return option ? `${detail}: check ${option}${hint}.` : `${detail}${hint}.`
}

/** The error's message without pointers, for people and for the JSON document alike. */
export function plainMessage(error: BrokerApiError): string {
  if (!error.errors.some((e) => e.pointer)) return error.message
  return error.errors.map(fieldLine).join(' ')
}

/**
 * @example const { lines, exitCode } = errorReport(error, { style, verbose: false, command: 'can-i-deploy', version: '0.1.0' })
 */
export function errorReport(error: unknown, context: { style: Style; verbose: boolean; command: string | undefined; version: string }): ErrorReport {
  const { style, verbose, command } = context
  const lines: string[] = []
  let exitCode: number = EXIT.error
  let json: Record<string, unknown>
  if (error instanceof UsageError) {
    lines.push(`${style.red('error:')} ${error.message}`)
    if (!error.message.includes('--help')) lines.push(`Run 'concord ${command ? `${command} ` : ''}--help' for usage.`)
    json = { code: error.code, message: error.message }
  } else if (error instanceof BrokerApiError) {
    const request = `${error.method} ${new URL(error.url).pathname}`
    if (error.errors.some((e) => e.pointer)) {
      // A request the broker found invalid: its sentences, each with the option to fix; the HTTP details only with --verbose.
      lines.push(`${style.red('error:')} ${plainMessage(error)}`)
      if (verbose) lines.push(style.dim(`(the broker answered ${error.status} ${error.code} to ${request})`))
    } else {
      lines.push(`${style.red('error:')} the broker answered ${error.status} (${error.code}) to ${request}: ${error.message}`)
    }
    const notices = error.notices.filter((n) => !error.message.includes(n.text))
    if (notices.length) lines.push(...formatNotices(notices, style))
    json = { code: error.code, message: plainMessage(error), status: error.status, errors: error.errors, notices: error.notices }
  } else if (error instanceof BrokerUnreachableError || error instanceof ConcordError) {
    lines.push(`${style.red('error:')} ${error.message}`)
    json = { code: error.code, message: error.message }
  } else if (error instanceof ExitError) {
    lines.push(`${style.red('error:')} ${error.message}`)
    exitCode = error.exitCode
    json = { code: 'failed', message: error.message }
  } else {
    exitCode = EXIT.internal
    const message = error instanceof Error ? error.message : String(error)
    lines.push(
      `${style.red('internal error:')} ${message}`,
      `This is a bug in concord ${context.version}. ${verbose ? 'Please report it with the stack trace below.' : 'Rerun with --verbose for the stack trace and report it.'}`,
    )
    json = { code: 'internal-error', message }
  }
  if (verbose && error instanceof Error && error.stack) lines.push(style.dim(error.stack))
  return { lines, exitCode, json: { error: json } }
}
