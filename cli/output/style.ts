/**
 * Colour for terminals only: on when the stream is a TTY, off when piped, when NO_COLOR is set (any value,
 * no-color.org) or TERM=dumb; FORCE_COLOR=1 turns it on anyway.
 */
import { stripVTControlCharacters } from 'node:util'

export interface Style {
  readonly enabled: boolean
  bold(s: string): string
  dim(s: string): string
  red(s: string): string
  green(s: string): string
  yellow(s: string): string
  cyan(s: string): string
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`

export function createStyle(enabled: boolean): Style {
  const id = (s: string) => s
  return {
    enabled,
    bold: enabled ? wrap(1, 22) : id,
    dim: enabled ? wrap(2, 22) : id,
    red: enabled ? wrap(31, 39) : id,
    green: enabled ? wrap(32, 39) : id,
    yellow: enabled ? wrap(33, 39) : id,
    cyan: enabled ? wrap(36, 39) : id,
  }
}

/** @example colourEnabled(process.stdout, process.env) */
export function colourEnabled(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true
  if (env.TERM === 'dumb') return false
  return stream.isTTY === true
}

/** Removes ANSI colour codes (to measure widths). */
export function stripAnsi(s: string): string {
  return stripVTControlCharacters(s)
}
