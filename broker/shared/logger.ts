/**
 * @module shared/logger
 * A minimal levelled logger writing one line per event to stderr/stdout. Passed in as a dependency so tests
 * can silence or capture it.
 */
import type { LogLevel } from '../config.js'

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

/** @example const logger = createLogger('info'); logger.info('listening', { port: 9292 }) */
export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const emit = (at: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => {
    if (RANK[at] < RANK[level]) return
    const extra = fields && Object.keys(fields).length ? ' ' + JSON.stringify(fields) : ''
    write(`${new Date().toISOString()} ${at.toUpperCase()} ${message}${extra}`)
  }
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  }
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
