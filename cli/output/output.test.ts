import { describe, expect, it } from 'vitest'
import { formatNotices } from './notices.js'
import { colourEnabled, createStyle, stripAnsi } from './style.js'
import { renderTable } from './table.js'

describe('colour', () => {
  it('is on for a TTY only, off with NO_COLOR or TERM=dumb, forced by FORCE_COLOR', () => {
    expect(colourEnabled({ isTTY: true }, {})).toBe(true)
    expect(colourEnabled({ isTTY: false }, {})).toBe(false)
    expect(colourEnabled({}, {})).toBe(false)
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false)
    expect(colourEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false)
    expect(colourEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true)
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false)
  })

  it('wraps text in ANSI codes only when enabled', () => {
    expect(createStyle(true).red('x')).toBe('\u001b[31mx\u001b[39m')
    expect(createStyle(false).red('x')).toBe('x')
    expect(stripAnsi(createStyle(true).bold(createStyle(true).green('ok')))).toBe('ok')
  })

  it('colours notices by type', () => {
    const style = createStyle(true)
    const [success, warning, error, info] = formatNotices(
      [
        { type: 'success', text: 'a' },
        { type: 'warning', text: 'b' },
        { type: 'error', text: 'c' },
        { type: 'info', text: 'd' },
      ],
      style,
    )
    expect([success, warning, error, info]).toEqual([style.green('a'), style.yellow('b'), style.red('c'), 'd'])
  })
})

describe('renderTable', () => {
  it('aligns plain columns with two spaces when piped', () => {
    expect(
      renderTable(
        ['NAME', 'PROD'],
        [
          ['production', 'yes'],
          ['test', 'no'],
        ],
        { boxed: false },
      ),
    ).toBe('NAME        PROD\nproduction  yes\ntest        no')
  })

  it('draws boxes on a terminal, measuring width without colour codes', () => {
    const green = createStyle(true).green('yes')
    const table = renderTable(['NAME', 'OK'], [['web', green]], { boxed: true })
    expect(stripAnsi(table)).toBe(['┌──────┬─────┐', '│ NAME │ OK  │', '├──────┼─────┤', '│ web  │ yes │', '└──────┴─────┘'].join('\n'))
  })
})
