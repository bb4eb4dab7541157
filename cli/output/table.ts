/**
 * Tables: box-drawn on a terminal, plain aligned columns when piped (greppable, no escape codes).
 */
import { stripAnsi } from './style.js'

export interface TableOptions {
  /** Box-drawing borders (terminal) or plain columns separated by two spaces (piped). */
  boxed: boolean
}

/**
 * @example renderTable(['NAME', 'PRODUCTION'], [['prod', 'yes']], { boxed: false })
 * // NAME  PRODUCTION
 * // prod  yes
 */
export function renderTable(header: string[], rows: string[][], options: TableOptions): string {
  const widths = header.map((h, i) => Math.max(stripAnsi(h).length, ...rows.map((r) => stripAnsi(r[i] ?? '').length)))
  const pad = (cell: string, i: number) => cell + ' '.repeat(widths[i]! - stripAnsi(cell).length)
  if (!options.boxed) {
    return [header, ...rows]
      .map((r) =>
        r
          .map((c, i) => pad(c ?? '', i))
          .join('  ')
          .trimEnd(),
      )
      .join('\n')
  }
  const line = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r
  const row = (cells: string[]) => '│' + cells.map((c, i) => ` ${pad(c ?? '', i)} `).join('│') + '│'
  return [line('┌', '┬', '┐'), row(header), line('├', '┼', '┤'), ...rows.map(row), line('└', '┴', '┘')].join('\n')
}
