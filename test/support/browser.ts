/**
 * Debian's Chromium driven by playwright-core (no browser download): /usr/bin/chromium, headless, no sandbox
 * (CI runs as root), nothing fetched from the network. `.ci/run` installs the `chromium` package when missing.
 *
 * @example const browser = await launchChromium(); const page = await browser.newPage()
 */
import { type Browser, chromium, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

/**
 * Records what a page should never show a person: console errors and uncaught page errors go to `problems`;
 * dialogs (an `alert` from injected script, say) are dismissed and their messages go to `dialogs`.
 * @example const problems: string[] = [], dialogs: string[] = []; watchPage(page, problems, dialogs)
 */
export function watchPage(page: Page, problems: string[], dialogs: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message())
    await dialog.dismiss()
  })
}
