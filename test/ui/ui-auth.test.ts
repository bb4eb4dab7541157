/**
 * Sign-in, sessions, the audit page and the webhooks pages in a real browser (Debian's Chromium via
 * playwright-core) against a broker on loopback with authentication on: an anonymous browser is sent to sign-in
 * and back; sign-in with a token (by keyboard) and with basic-auth users; the session cookie's flags; a forged
 * cross-site form post refused; sign-out ends the session; a read-only user cannot see the audit page; hostile
 * names show as text; no console errors. Screenshots go to docs/ui/ when UPDATE_SCREENSHOTS=1.
 *
 * One database only (PostgreSQL when TEST_DATABASE_URL is set, else PGlite), as ui-journey.test.ts explains;
 * test/features/ui-sessions.test.ts and ui-admin-pages.test.ts cover the same over HTTP on both.
 */
import { mkdtempSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, watchPage } from '../support/browser.js'
import { DATABASES } from '../support/databases.js'
import { post } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { HOSTILE_NAME } from '../support/ui-seed.js'
import { startReceiver, WEBHOOK_TEST_ENV, type Receiver } from '../support/webhook-receiver.js'

const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/ui/', import.meta.url)) : mkdtempSync(path.join(tmpdir(), 'concord-ui-shots-'))
const database = DATABASES[DATABASES.length - 1]!

const ADMIN_TOKEN = 'ui-auth-browser-admin-secret-0123456789'
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }
const ENV = {
  ...WEBHOOK_TEST_ENV,
  CONCORD_ADMIN_TOKEN: ADMIN_TOKEN,
  CONCORD_BASIC_AUTH_USERNAME: 'release-manager',
  CONCORD_BASIC_AUTH_PASSWORD: 'rm-password-1',
  CONCORD_BASIC_AUTH_READ_ONLY_USERNAME: 'developer',
  CONCORD_BASIC_AUTH_READ_ONLY_PASSWORD: 'dev-password-1',
}

describe(`sign-in, audit and webhooks in Chromium (${database.name})`, () => {
  let broker: TestBroker
  let browser: Browser
  let receiver: Receiver
  let attacker: Server
  let attackerUrl: string
  let webhookUuid: string
  const problems: string[] = []
  const dialogs: string[] = []

  /** A fresh browser profile (its own cookies), watched for console errors and dialogs. */
  async function person(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } })
    const page = await context.newPage()
    watchPage(page, problems, dialogs)
    return { context, page }
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) })

  async function signInWithPassword(page: Page, username: string, password: string, next = '/') {
    await page.goto(`${broker.url}/sign-in?next=${encodeURIComponent(next)}`)
    await page.getByLabel('Username', { exact: true }).fill(username)
    await page.getByLabel('Password', { exact: true }).fill(password)
    await Promise.all([page.waitForURL(`${broker.url}${next}`), page.getByRole('button', { name: 'Sign in with the password' }).click()])
  }

  beforeAll(async () => {
    ;[broker, browser, receiver] = await Promise.all([startTestBroker(database, { env: ENV }), launchChromium(), startReceiver([200])])
    const seed = td(broker, { headers: admin })
    await seed
      .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users' })
      .publishPact({ consumer: HOSTILE_NAME, consumerVersion: '1.0.0', provider: 'users' })
      .verify({ provider: 'users', providerVersion: '2.0.0', success: true, consumer: 'web', consumerVersion: '1.0.0' })
    const hook = await post(
      `${broker.url}/webhooks`,
      {
        description: `Trigger the users build ${HOSTILE_NAME}`,
        consumer: { name: 'web' },
        provider: { name: 'users' },
        events: [{ name: 'contract_content_changed' }],
        request: {
          method: 'POST',
          url: receiver.url('/build?token=ci-query-secret'),
          headers: { Authorization: 'Bearer ci-header-secret' },
          body: { pact: '${pactbroker.pactUrl}' },
        },
      },
      admin,
    )
    expect(hook.status, JSON.stringify(hook.body)).toBe(201)
    webhookUuid = hook.body.uuid
    await td(broker, { headers: admin }).publishPact({ consumer: 'web', consumerVersion: '1.1.0', provider: 'users', interactions: 'changed' })
    await receiver.waitFor(1)
    // A token with a hostile name leaves a refused write in the audit trail.
    const hostile = (await post(`${broker.url}/settings/tokens`, { name: HOSTILE_NAME, role: 'read' }, admin)).body.value
    await post(`${broker.url}/environments`, { name: 'staging' }, { authorization: `Bearer ${hostile}` })

    // Another site (localhost is not 127.0.0.1) whose page posts a form to the broker on its own.
    attacker = createServer((_req, res) => {
      res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end(
          `<!doctype html><form id="f" method="post" action="${broker.url}/sign-out"><input name="_csrf" value="guess"></form><script>document.getElementById('f').submit()</script>`,
        )
    })
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
    attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}/`
  })
  afterAll(async () => {
    await browser?.close()
    await broker?.close()
    await receiver?.close()
    await new Promise((resolve) => attacker?.close(resolve))
  })

  it('sends an anonymous browser to sign-in, signs in with a token by keyboard, and returns to the page', async () => {
    const { context, page } = await person()
    await page.goto(`${broker.url}/map`)
    await page.waitForURL(`${broker.url}/sign-in?next=%2Fmap`)
    expect(await page.locator('h1').innerText()).toBe('Sign in')
    expect(await page.locator('.who').innerText()).toBe('')
    await shot(page, 'sign-in')

    // Every field has a label; the token field is reached with Tab and the form sent with Enter.
    for (const label of ['Bearer token', 'Username', 'Password']) expect(await page.getByLabel(label, { exact: true }).count()).toBe(1)
    for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.id)) !== 'token'; i++) await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token')
    await page.keyboard.type(ADMIN_TOKEN)
    await Promise.all([page.waitForURL(`${broker.url}/map`), page.keyboard.press('Enter')])
    expect(await page.locator('.who').innerText()).toContain('Signed in as admin-token (admin)')

    const cookie = (await context.cookies()).find((c) => c.name === 'concord_session')!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' })
    expect(cookie.expires).toBeGreaterThan(Date.now() / 1000 + 7 * 3600)
    expect(await page.evaluate(() => document.cookie)).not.toContain('concord_session')
    await context.close()
  })

  it('refuses a forged cross-site form post, and the session survives it', async () => {
    const { context, page } = await person()
    await signInWithPassword(page, 'release-manager', 'rm-password-1')
    const evil = await context.newPage()
    const refused = evil.waitForResponse((res) => res.url() === `${broker.url}/sign-out`)
    await evil.goto(attackerUrl)
    expect((await refused).status()).toBe(403)
    await evil.close()
    await page.goto(`${broker.url}/audit`)
    expect(await page.locator('h1').innerText()).toBe('Audit trail')
    expect(await page.locator('.who').innerText()).toContain('release-manager (admin)')
    await context.close()
  })

  it('signs out: the session ends, and the old cookie opens nothing', async () => {
    const { context, page } = await person()
    await signInWithPassword(page, 'release-manager', 'rm-password-1', '/webhooks')
    const before = (await context.cookies()).find((c) => c.name === 'concord_session')!
    await Promise.all([page.waitForURL(`${broker.url}/sign-in`), page.getByRole('button', { name: 'Sign out' }).click()])
    expect((await context.cookies()).find((c) => c.name === 'concord_session')).toBeUndefined()
    await context.addCookies([before])
    await page.goto(`${broker.url}/webhooks`)
    await page.waitForURL(`${broker.url}/sign-in?next=%2Fwebhooks`)
    await context.close()
  })

  it('keeps a read-only user out of the audit page', async () => {
    const { context, page } = await person()
    await signInWithPassword(page, 'developer', 'dev-password-1')
    expect(await page.locator('.who').innerText()).toContain('Signed in as developer (read)')
    expect(await page.locator('nav[aria-label=Main] a', { hasText: 'Audit' }).count()).toBe(0)
    const seen = problems.length
    const response = await page.goto(`${broker.url}/audit`)
    expect(response!.status()).toBe(403)
    // Chromium logs the refused page's own status; that one is expected.
    expect(problems.splice(seen)).toEqual(['console: Failed to load resource: the server responded with a status of 403 (Forbidden)'])
    expect(await page.locator('main').innerText()).toContain('You are signed in as developer, whose role is read.')
    await context.close()
  })

  it('shows an admin the audit trail, filtered, with hostile values as text', async () => {
    const { context, page } = await person()
    await signInWithPassword(page, 'release-manager', 'rm-password-1', '/audit')
    expect(await page.locator('main table').innerText()).toContain(HOSTILE_NAME)
    expect(await page.locator('main img').count()).toBe(0)
    await page.getByLabel('Outcome').selectOption('refused')
    await Promise.all([page.waitForURL(/outcome=refused/), page.getByRole('button', { name: 'Filter' }).click()])
    const rows = page.locator('main tbody tr')
    expect(await rows.count()).toBeGreaterThan(0)
    for (const text of await rows.allInnerTexts()) expect(text).toContain('refused')
    await page.goto(`${broker.url}/audit`)
    await shot(page, 'audit')
    await context.close()
  })

  it('shows webhooks with their last delivery, each delivery log, and the webhooks of an integration, no secrets', async () => {
    const { context, page } = await person()
    await signInWithPassword(page, 'developer', 'dev-password-1', '/webhooks')
    const row = page.locator('main tbody tr').first()
    expect(await row.innerText()).toContain(`Trigger the users build ${HOSTILE_NAME}`)
    expect(await row.innerText()).toContain('Delivered')
    expect(await row.innerText()).toContain('A webhook for the pact between web and users')
    await shot(page, 'webhooks')
    await Promise.all([page.waitForURL(`${broker.url}/webhooks/${webhookUuid}`), row.locator('a').first().click()])
    await page.locator('details.delivery summary').first().click()
    expect(await page.locator('details.delivery').first().innerText()).toContain('Attempt 1: delivered, HTTP 200')
    await shot(page, 'webhook')
    for (const url of [`${broker.url}/webhooks`, `${broker.url}/webhooks/${webhookUuid}`]) {
      await page.goto(url)
      const html = await page.content()
      expect(html).not.toContain('ci-header-secret')
      expect(html).not.toContain('ci-query-secret')
    }
    await page.goto(`${broker.url}/integrations/provider/users/consumer/web`)
    expect(await page.locator('#webhooks ~ .table-wrap').first().innerText()).toContain('Delivered')
    expect(await page.locator('main img').count()).toBe(0)
    await context.close()
  })

  it('logged no console error and opened no dialog on any page', () => {
    expect(problems).toEqual([])
    expect(dialogs).toEqual([])
  })
})
