/**
 * Prints the broker's notices (`{type, text}`) the way the Pact CLI does: success green, warning and prompt
 * yellow, error and danger red, debug dimmed, everything else plain.
 */
import type { BrokerNotice } from '../../lib/errors.js'
import type { Style } from './style.js'

export function formatNotice(notice: BrokerNotice, style: Style): string {
  switch (notice.type) {
    case 'success':
      return style.green(notice.text)
    case 'warning':
    case 'prompt':
      return style.yellow(notice.text)
    case 'error':
    case 'danger':
      return style.red(notice.text)
    case 'debug':
      return style.dim(notice.text)
    default:
      return notice.text
  }
}

export function formatNotices(notices: readonly BrokerNotice[] | undefined, style: Style): string[] {
  return (notices ?? []).map((n) => formatNotice(n, style))
}
