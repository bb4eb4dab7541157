/**
 * Debian's Chromium driven by playwright-core (no browser download): /usr/bin/chromium, headless, no sandbox
 * (CI runs as root), nothing fetched from the network. `.ci/run` installs the `chromium` package when missing.
 *
 * @example const browser = await launchChromium(); const page = await browser.newPage()
 */
import { type Browser, chromium } from 'playwright-core'

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
