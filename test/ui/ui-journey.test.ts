/**
 * The UI in a real browser (Debian's Chromium via playwright-core) over data seeded with the official
 * `pact-broker` CLI: dashboard → map → pacticipant → integration → can-i-deploy, clicked through and checked for
 * content, under the pages' strict Content-Security-Policy, with no console errors; a hostile pacticipant name
 * shows as text. Screenshots go to docs/ui/ when UPDATE_SCREENSHOTS=1 (else to a temporary folder).
 *
 * One database only (PostgreSQL when TEST_DATABASE_URL is set, else PGlite): the pages read through the same
 * services either way (test/features/ui-pages.test.ts runs on both), and a browser suite per database would
 * double the slowest suite's time for no new coverage.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, watchPage } from '../support/browser.js'
import { DATABASES } from '../support/databases.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { HOSTILE_NAME, seedUiStory } from '../support/ui-seed.js'

const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/ui/', import.meta.url)) : mkdtempSync(path.join(tmpdir(), 'concord-ui-shots-'))
const database = DATABASES[DATABASES.length - 1]!

describe(`the UI in Chromium (${database.name})`, () => {
  let broker: TestBroker
  let browser: Browser
  let page: Page
  const problems: string[] = []
  const dialogs: string[] = []

  beforeAll(async () => {
    ;[broker, browser] = await Promise.all([startTestBroker(database), launchChromium()])
    await seedUiStory(broker.url)
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
    watchPage(page, problems, dialogs)
  })
  afterAll(async () => {
    await browser?.close()
    await broker?.close()
  })

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) })
  /** The text of the first element `selector` matches, once there is one. */
  const text = (selector: string | Locator) => (typeof selector === 'string' ? page.locator(selector) : selector).first().innerText()
  /** Waits until `selector`'s text is `expected` (filters update the page as the input changes). */
  const waitForText = (selector: string, expected: string) =>
    page.waitForFunction(([s, e]) => document.querySelector(s)?.textContent === e, [selector, expected] as const)

  it('dashboard: every integration, failing first, with who verified and where each side runs', async () => {
    await page.goto(`${broker.url}/`)
    expect(await text('h1')).toBe('Integrations')
    const rows = page.locator('table tbody tr')
    expect(await rows.count()).toBe(4)
    expect(await text(rows.first().locator('.status'))).toBe('Failed')
    const verified = rows.filter({ has: page.locator('.status-verified') })
    expect(await text(verified)).toContain('users 2.1.0')
    expect(await text(verified)).toContain('production')
    expect(await text('.attention')).toContain('Needs attention')
    // Using a deprecated item ranks right after failing, before unverified and verified (the ranking is done in SQL).
    expect(await text('.attention')).toContain('2 failing, 1 unverified, 3 using deprecated items')
    expect(await text(rows.nth(1))).toContain('Failed')
    for (const n of [2, 3]) expect(await text(rows.nth(n))).toContain('1 deprecated in use')
    await shot('dashboard')

    await page.fill('#q', 'orders')
    await Promise.all([page.waitForURL(/\?q=orders/), page.click('button[type=submit]')])
    expect(await page.locator('table tbody tr').count()).toBe(1)
    expect(await text('table tbody')).toContain('orders')
  })

  it('shows a hostile name as text and runs nothing it carries', async () => {
    await page.goto(`${broker.url}/`)
    expect(await text('table')).toContain(HOSTILE_NAME)
    expect(await page.locator('main img').count()).toBe(0)
    await Promise.all([page.waitForURL(/\/pacticipants\/%3Cimg/), page.locator('table a', { hasText: HOSTILE_NAME }).click()])
    expect(await text('h1')).toBe(HOSTILE_NAME)
    expect(await page.locator('main img').count()).toBe(0)
    expect(dialogs).toEqual([])
  })

  it('map: lays the graph out, filters it, and opens a service when its node is clicked', async () => {
    await page.goto(`${broker.url}/`)
    await Promise.all([page.waitForURL(/\/map$/), page.click('nav >> text=Map')])
    await page.waitForSelector('main[data-ready="true"]')
    await waitForText('#map-status', '5 services and 4 integrations shown (of 5 and 4).')
    await shot('map')

    await page.selectOption('#map-environment', 'production')
    await waitForText('#map-status', '2 services and 1 integrations shown (of 5 and 4).')
    await page.uncheck('input[name=status][value=verified]')
    await waitForText('#map-status', '2 services and 0 integrations shown (of 5 and 4).')
    await page.selectOption('#map-environment', '')
    await page.check('input[name=status][value=verified]')
    // A team's services and what they talk to: orders (labelled checkout-team) and its consumer web.
    await page.selectOption('#map-label', 'checkout-team')
    await waitForText('#map-status', '2 services and 1 integrations shown (of 5 and 4).')
    await page.selectOption('#map-label', '')
    await waitForText('#map-status', '5 services and 4 integrations shown (of 5 and 4).')

    const web = page.locator('#map-services li[data-name="web"]')
    const [x, y] = [Number(await web.getAttribute('data-x')), Number(await web.getAttribute('data-y'))]
    await page.mouse.click(x, y)
    await page.waitForURL(`${broker.url}/pacticipants/web`)
  })

  it('pacticipant: versions in order with branches and environments, integrations both ways', async () => {
    expect(await text('h1')).toBe('web')
    const versions = page.locator('#versions + p + .table-wrap tbody tr')
    expect(await text(versions.nth(0))).toContain('1.1.0')
    expect(await text(versions.nth(0))).toContain('staging')
    expect(await text(versions.nth(1))).toContain('1.0.0')
    expect(await text(versions.nth(1))).toContain('production')
    expect(await text('#deprecations + .table-wrap')).toContain('response field /email of GET /users/{id}')
    await shot('pacticipant')
    await page.click('text=web 1.1.0 → users')
    await page.waitForURL(/\/integrations\/provider\/users\/consumer\/web$/)
  })

  it('integration: the pact for people, a diff between versions, verifications and the matrix', async () => {
    expect(await text(page.locator('.interaction h3').first())).toContain('a request for user 1')
    expect(await text(page.locator('.interaction').first())).toContain('user 1 exists')
    await page.locator('.interaction summary').first().click()
    expect(await text(page.locator('.interaction').first())).toContain('$.id: integer')
    expect(await text(page.locator('#verifications ~ .table-wrap').first())).toContain('2.1.0')
    expect(await text('#matrix ~ .table-wrap')).toContain('2.0.0')
    await shot('integration')

    await page.selectOption('#from', '1.0.0')
    await page.selectOption('#to', '1.1.0')
    await Promise.all([page.waitForURL(/from=1\.0\.0&to=1\.1\.0/), page.click('text=Show the difference')])
    expect(await text('.diff ins')).toContain('a search for users named Ada')

    await page.goto(`${broker.url}/integrations/provider/orders/consumer/web`)
    expect(await text(page.locator('.interaction').nth(1))).toContain('an order placed event')
    expect(await text(page.locator('.interaction').nth(1))).toContain('"topic": "orders"')
  })

  it('can-i-deploy: asks in a form and answers with every reason and the rows behind it', async () => {
    await Promise.all([page.waitForURL(/\/can-i-deploy$/), page.click('nav >> text=Can I deploy?')])
    await page.fill('#pacticipant', 'web')
    await page.fill('#version', '1.1.0')
    await page.selectOption('#environment', 'production')
    await Promise.all([page.waitForURL(/environment=production/), page.click('text=Ask')])
    expect(await text('.answer')).toContain('web 1.1.0')
    expect(await text('.reasons')).toContain('orders')
    expect(await text('table')).toContain('users')
    await shot('can-i-deploy')

    await page.fill('#also', 'orders 3.0.0')
    await Promise.all([page.waitForURL(/also=orders/), page.click('text=Ask')])
    expect(await page.locator('.answer').getAttribute('class')).toContain('no')
    expect(await text('.reasons')).toContain('failed')
    await page.locator('table a', { hasText: 'pact 1.1.0' }).first().click()
    await page.waitForURL(/\/integrations\/provider\/\w+\/consumer\/web\?version=1.1.0$/)
  })

  it('environments and deprecations: what runs where, the calendar, and who still uses what is going away', async () => {
    await Promise.all([page.waitForURL(/\/environments$/), page.click('nav >> text=Environments')])
    expect(await text('main')).toContain('Production')
    expect(await text('.timeline')).toContain('orders 3.0.0 deployed to staging')
    await shot('environments')
    await Promise.all([page.waitForURL(/\/deprecations$/), page.click('nav >> text=Deprecations')])
    expect(await text(page.locator('main h3').first())).toContain('response field /email of GET /users/{id}')
    expect(await text('main')).toContain('web 1.0.0 (deployed)')
    await shot('deprecations')
  })

  it('is usable with a keyboard and on a phone', async () => {
    await page.goto(`${broker.url}/`)
    await page.keyboard.press('Tab')
    expect(await text(':focus')).toBe('Skip to content')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
    await page.setViewportSize({ width: 390, height: 800 })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await shot('dashboard-phone')
    await page.setViewportSize({ width: 1200, height: 800 })
  })

  it('map: shows an integration published after the map was first drawn', async () => {
    await td(broker).publishPact({ consumer: 'billing', consumerVersion: '1.0.0', provider: 'orders', interactions: 'charge an order' })
    await page.goto(`${broker.url}/map`)
    await page.waitForSelector('main[data-ready="true"]')
    await waitForText('#map-status', '6 services and 5 integrations shown (of 6 and 5).')
    expect(await page.locator('#map-services li[data-name="billing"] a').getAttribute('href')).toBe(`${broker.url}/pacticipants/billing`)
  })

  it('logged no console error and opened no dialog on any page', () => {
    expect(problems).toEqual([])
    expect(dialogs).toEqual([])
  })
})
