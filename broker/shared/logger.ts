/**
 * @module shared/logger
 * The broker's levelled logger, built on pino: one line per event, as JSON (`CONCORD_LOG_FORMAT=json`, for log
 * shippers) or as readable text through pino-pretty (the default). Passed in as a dependency so tests can
 * silence or capture it; nothing in broker/ logs through a global.
 *
 * Secrets are redacted by pino before a line is written, whatever a caller passes: credentials in headers
 * (`authorization`, `cookie`, `set-cookie`, `proxy-authorization`) and any field named like a secret
 * (`password`, `secret`, `token`, and the same under one level of nesting, such as `webhook.secret`).
 */
import pino from 'pino'
import { prettyFactory } from 'pino-pretty'
import type { LogFormat, LogLevel } from '../config.js'

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

const SECRET_KEYS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'password', 'secret', 'token', 'apiKey']

/** The pino `redact` paths: each secret key at the top level, one level down, and inside `headers` objects. */
export const REDACTED_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => {
  const k = /^[A-Za-z_]\w*$/.test(key) ? key : `["${key}"]`
  const dot = k.startsWith('[') ? '' : '.'
  return [k, `*${dot}${k}`, `headers${dot}${k}`, `*.headers${dot}${k}`]
})

export interface LoggerOptions {
  /** `pretty` (default): readable lines; `json`: one JSON object per line. */
  format?: LogFormat
}

/**
 * @example const logger = createLogger('info', (line) => process.stdout.write(line + '\n'), { format: 'json' }); logger.info('listening', { port: 9292 })
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  { format = 'pretty' }: LoggerOptions = {},
): Logger {
  // Formatting happens in this thread, synchronously (no transport worker), so a line is written before the call
  // returns: a crash right after still leaves its log line, and tests can read what was logged at once.
  const pretty = format === 'pretty' ? prettyFactory({ colorize: false, singleLine: true, translateTime: 'SYS:standard', ignore: 'pid,hostname' }) : undefined
  const destination = { write: (chunk: string) => write((pretty ? pretty(chunk) : chunk).replace(/\n$/, '')) }
  const base = pino(
    {
      level,
      base: undefined,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    },
    destination,
  )
  return {
    debug: (message, fields) => base.debug(fields ?? {}, message),
    info: (message, fields) => base.info(fields ?? {}, message),
    warn: (message, fields) => base.warn(fields ?? {}, message),
    error: (message, fields) => base.error(fields ?? {}, message),
  }
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
