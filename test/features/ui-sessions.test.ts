/**
 * Browser sessions over real HTTP with auth on: sign-in with a token and with a basic-auth user, the cookie's
 * flags, CSRF and origin checks on every form, sign-out, the redirect of an anonymous browser to sign-in (API
 * clients still get 401), sessions that end when their credential does, sessions shared by two replicas on one
 * database, concurrent sign-ins and sign-outs, failed sign-ins limited and audited, and no secret in the log.
 */
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../broker/app.js'
import { loadConfig } from '../../broker/config.js'
import { createHttpServer } from '../../broker/server.js'
import { createLogger } from '../../broker/shared/logger.js'
import { DATABASES } from '../support/databases.js'
import { get, post } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const ADMIN_TOKEN = 'ui-sessions-admin-secret-0123456789'
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }
const ENV = {
  CONCORD_ADMIN_TOKEN: ADMIN_TOKEN,
  CONCORD_BASIC_AUTH_USERNAME: 'rw-user',
  CONCORD_BASIC_AUTH_PASSWORD: 'rw-password-1',
  CONCORD_BASIC_AUTH_READ_ONLY_USERNAME: 'reader',
  CONCORD_BASIC_AUTH_READ_ONLY_PASSWORD: 'reader-password-1',
  CONCORD_AUTH_FAILURE_LIMIT: '5',
}
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

/** A browser-like client with a cookie jar, following no redirects. */
class Browser {
  readonly cookies = new Map<string, string>()
  lastSetCookies: string[] = []
  constructor(readonly base: string) {}
  async fetch(path: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { accept: BROWSER, ...init.headers }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    let body: string | undefined
    if (init.form) {
      body = new URLSearchParams(init.form).toString()
      headers['content-type'] = 'application/x-www-form-urlencoded'
      headers.origin ??= this.base
    }
    const res = await fetch(`${this.base}${path}`, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' })
    this.lastSetCookies = res.headers.getSetCookie()
    for (const line of this.lastSetCookies) {
      const [pair] = line.split(';')
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)]
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text(), headers: res.headers }
  }
  /** The sign-in form's hidden CSRF value. */
  async signInForm(): Promise<string> {
    const page = await this.fetch('/sign-in')
    expect(page.status).toBe(200)
    return /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!
  }
  async signInWithToken(token: string, next = '/') {
    return this.fetch('/sign-in', { form: { _csrf: await this.signInForm(), method: 'token', token, next } })
  }
  async signInWithPassword(username: string, password: string) {
    return this.fetch('/sign-in', { form: { _csrf: await this.signInForm(), method: 'basic', username, password, next: '/' } })
  }
  /** The CSRF token of the sign-out form on a page. */
  async sessionCsrf(): Promise<string> {
    const page = await this.fetch('/environments')
    return /action="[^"]*\/sign-out"[^>]*><input type="hidden" name="_csrf" value="([^"]+)"/.exec(page.text)![1]!
  }
}

async function auditTypes(broker: TestBroker, query = ''): Promise<{ type: string; outcome: string; actor: string; payload: Record<string, unknown> }[]> {
  const res = await get(`${broker.url}/audit?pageSize=100${query}`, admin)
  return res.body.events
}

for (const database of DATABASES) {
  describe(`browser sessions (${database.name})`, () => {
    let broker: TestBroker
    const lines: string[] = []
    let readToken: string
    beforeAll(async () => {
      const logger = createLogger('debug', (line) => lines.push(line), { format: 'json' })
      broker = await startTestBroker(database, { env: ENV, logger })
      readToken = (await post(`${broker.url}/settings/tokens`, { name: 'reader-token', role: 'read' }, admin)).body.value
    })
    afterAll(() => broker?.close())

    it('sends an anonymous browser to sign-in and back, while API clients still get 401 problem+json', async () => {
      const browser = new Browser(broker.url)
      const page = await browser.fetch('/map?environment=production')
      expect(page.status).toBe(303)
      expect(page.location).toBe(`${broker.url}/sign-in?next=%2Fmap%3Fenvironment%3Dproduction`)
      const api = await get(`${broker.url}/map/graph`)
      expect(api.status).toBe(401)
      expect(api.body.type).toBe(`${broker.url}/problems/unauthorized`)
      const hal = await get(`${broker.url}/environments`)
      expect(hal.status).toBe(401)

      const signedIn = await browser.signInWithToken(readToken, '/map?environment=production')
      expect(signedIn.status).toBe(303)
      expect(signedIn.location).toBe(`${broker.url}/map?environment=production`)
      const map = await browser.fetch('/map')
      expect(map.status).toBe(200)
      expect(map.text).toContain('Signed in as <strong class="who-name">reader-token</strong> <span class="who-role">(read)</span>')
    })

    it('sets an HttpOnly, SameSite=Lax session cookie, Secure only over https', async () => {
      const browser = new Browser(broker.url)
      await browser.signInWithToken(readToken)
      const session = browser.lastSetCookies.find((c) => c.startsWith('concord_session='))!
      expect(session).toMatch(/; HttpOnly/i)
      expect(session).toMatch(/; SameSite=Lax/i)
      expect(session).toMatch(/; Path=\//)
      expect(session).not.toMatch(/; Secure/i)
      expect(session.split(';')[0]!.length).toBeGreaterThan('concord_session='.length + 40)
      // The sign-in form's own cookie is Strict and scoped to /sign-in.
      const form = new Browser(broker.url)
      await form.fetch('/sign-in')
      expect(form.lastSetCookies[0]).toMatch(/^concord_sign_in_csrf=.*; Path=\/sign-in; .*HttpOnly; SameSite=Strict/i)

      const https = await startTestBroker(database, { env: { ...ENV, CONCORD_BASE_URL: 'https://broker.example.com' } })
      try {
        const secure = new Browser(https.url)
        const csrf = await secure.signInForm()
        expect(secure.lastSetCookies[0]).toMatch(/; Secure/i)
        const res = await secure.fetch('/sign-in', {
          form: { _csrf: csrf, method: 'token', token: ADMIN_TOKEN, next: '/' },
          headers: { origin: 'https://broker.example.com' },
        })
        expect(res.status).toBe(303)
        expect(res.location).toBe('https://broker.example.com/')
        expect(secure.lastSetCookies.find((c) => c.startsWith('concord_session='))).toMatch(/; Secure/i)
      } finally {
        await https.close()
      }
    })

    it('signs in a basic-auth user, shows their role, and keeps a read-only user out of the audit page', async () => {
      const reader = new Browser(broker.url)
      expect((await reader.signInWithPassword('reader', 'reader-password-1')).status).toBe(303)
      const page = await reader.fetch('/environments')
      expect(page.text).toContain('<strong class="who-name">reader</strong> <span class="who-role">(read)</span>')
      expect(page.text).not.toContain('>Audit</a>')
      const audit = await reader.fetch('/audit')
      expect(audit.status).toBe(403)
      expect(audit.headers.get('content-type')).toContain('text/html')
      expect(audit.text).toContain('You are signed in as reader, whose role is read.')

      const writer = new Browser(broker.url)
      expect((await writer.signInWithPassword('rw-user', 'rw-password-1')).status).toBe(303)
      expect((await writer.fetch('/environments')).text).toContain('(admin)')
    })

    it('refuses a sign-in without the form token or from another site, and records it', async () => {
      const browser = new Browser(broker.url)
      const noToken = await browser.fetch('/sign-in', { form: { method: 'token', token: ADMIN_TOKEN, next: '/' } })
      expect(noToken.status).toBe(403)
      expect(browser.cookies.has('concord_session')).toBe(false)
      const csrf = await browser.signInForm()
      const crossSite = await browser.fetch('/sign-in', {
        form: { _csrf: csrf, method: 'token', token: ADMIN_TOKEN, next: '/' },
        headers: { origin: 'https://evil.example' },
      })
      expect(crossSite.status).toBe(403)
      expect(browser.cookies.has('concord_session')).toBe(false)
      const refused = (await auditTypes(broker)).filter((e) => e.type === 'write.refused' && e.payload.path === '/sign-in' && e.payload.status === 403)
      expect(refused.length).toBeGreaterThanOrEqual(2)
    })

    it('never redirects off the broker after sign-in', async () => {
      const browser = new Browser(broker.url)
      for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
        const res = await browser.fetch('/sign-in', { form: { _csrf: await browser.signInForm(), method: 'token', token: readToken, next } })
        expect(res.location).toBe(`${broker.url}/`)
      }
    })

    it('refuses a forged cross-site or tokenless POST on a session, and signs out with the right one', async () => {
      const browser = new Browser(broker.url)
      await browser.signInWithToken(ADMIN_TOKEN)
      const csrf = await browser.sessionCsrf()
      const forged = await browser.fetch('/sign-out', { form: { _csrf: csrf }, headers: { origin: 'https://evil.example' } })
      expect(forged.status).toBe(403)
      const tokenless = await browser.fetch('/sign-out', { form: {} })
      expect(tokenless.status).toBe(403)
      // A JSON write riding on the cookie is refused the same way (no CSRF token).
      const write = await browser.fetch('/environments', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
      })
      expect(write.status).toBe(403)
      expect((await browser.fetch('/environments')).status).toBe(200)

      const out = await browser.fetch('/sign-out', { form: { _csrf: csrf } })
      expect(out.status).toBe(303)
      expect(out.location).toBe(`${broker.url}/sign-in`)
      expect(browser.cookies.has('concord_session')).toBe(false)
      const events = await auditTypes(broker)
      expect(events.some((e) => e.type === 'session.ended' && e.actor === 'admin-token')).toBe(true)
      expect(events.some((e) => e.type === 'session.created' && e.actor === 'admin-token')).toBe(true)
    })

    it('ends a session when it is signed out, even if the old cookie is replayed', async () => {
      const browser = new Browser(broker.url)
      await browser.signInWithToken(readToken)
      const cookie = browser.cookies.get('concord_session')!
      const csrf = await browser.sessionCsrf()
      await browser.fetch('/sign-out', { form: { _csrf: csrf } })
      const replay = await fetch(`${broker.url}/environments`, { headers: { accept: BROWSER, cookie: `concord_session=${cookie}` }, redirect: 'manual' })
      expect(replay.status).toBe(303)
    })

    it('ends a session when its token is revoked', async () => {
      const created = (await post(`${broker.url}/settings/tokens`, { name: 'short-lived', role: 'read' }, admin)).body
      const browser = new Browser(broker.url)
      await browser.signInWithToken(created.value)
      expect((await browser.fetch('/environments')).status).toBe(200)
      await fetch(`${broker.url}/settings/tokens/${created.uuid}`, { method: 'DELETE', headers: admin })
      expect((await browser.fetch('/environments')).status).toBe(303)
    })

    it('refuses wrong credentials with the form again, counts them against the limit, and audits them', async () => {
      const browser = new Browser(broker.url)
      const address = { 'x-forwarded-for': '203.0.113.9' } // ignored (no trusted proxy): all from 127.0.0.1
      const wrong = await browser.fetch('/sign-in', {
        form: { _csrf: await browser.signInForm(), method: 'basic', username: 'reader', password: 'nope', next: '/' },
        headers: address,
      })
      expect(wrong.status).toBe(401)
      expect(wrong.text).toContain('The username or password is wrong.')
      expect(wrong.text).toContain('value="reader"')
      const events = await auditTypes(broker, '&outcome=refused')
      expect(events.some((e) => e.payload.path === '/sign-in' && e.payload.status === 401 && e.payload.scheme === 'basic')).toBe(true)
      expect(JSON.stringify(events)).not.toContain('nope')
    })

    it('keeps secrets out of the log', () => {
      const log = lines.join('\n')
      expect(log).toContain('sign-in failed')
      expect(log).not.toContain(ADMIN_TOKEN)
      expect(log).not.toContain(readToken)
      expect(log).not.toContain('reader-password-1')
      expect(log).not.toMatch(/concord_session=/)
    })

    it('shares sessions between replicas on one database, and ends them when the password changes', async () => {
      const browser = new Browser(broker.url)
      await browser.signInWithPassword('rw-user', 'rw-password-1')
      const replica = async (env: Record<string, string>) => {
        const config = loadConfig({ CONCORD_LOG_LEVEL: 'silent', CONCORD_DATA_DIR: 'memory://', ...env })
        const server = createHttpServer(createApp({ ...broker.deps, config }), config, broker.deps.logger).listen(0, '127.0.0.1')
        await new Promise((resolve) => server.once('listening', resolve))
        return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) }
      }
      const same = await replica(ENV)
      const changed = await replica({ ...ENV, CONCORD_BASIC_AUTH_PASSWORD: 'rotated-password-2' })
      try {
        const cookie = `concord_session=${browser.cookies.get('concord_session')}`
        const on = (url: string) => fetch(`${url}/environments`, { headers: { accept: BROWSER, cookie }, redirect: 'manual' })
        expect((await on(same.url)).status).toBe(200)
        expect((await on(changed.url)).status).toBe(303)
      } finally {
        await same.close()
        await changed.close()
      }
    })

    it('after too many failures, refuses even right credentials for the window', async () => {
      const limited = await startTestBroker(database, { env: { ...ENV, CONCORD_AUTH_FAILURE_LIMIT: '2' } })
      try {
        const browser = new Browser(limited.url)
        for (let i = 0; i < 2; i++) expect((await browser.signInWithToken('concord_wrong')).status).toBe(401)
        const right = await browser.signInWithToken(ADMIN_TOKEN)
        expect(right.status).toBe(429)
        expect(right.headers.get('retry-after')).toMatch(/^\d+$/)
        // The API shares the limit.
        expect((await get(`${limited.url}/environments`, admin)).status).toBe(429)
      } finally {
        await limited.close()
      }
    })

    it('takes concurrent sign-ins and sign-outs: every session distinct, each ended once', async () => {
      const browsers = Array.from({ length: 8 }, () => new Browser(broker.url))
      const forms = await Promise.all(browsers.map((b) => b.signInForm()))
      const results = await Promise.all(
        browsers.map((b, i) => b.fetch('/sign-in', { form: { _csrf: forms[i]!, method: 'token', token: readToken, next: '/' } })),
      )
      expect(results.map((r) => r.status)).toEqual(browsers.map(() => 303))
      const cookies = new Set(browsers.map((b) => b.cookies.get('concord_session')))
      expect(cookies.size).toBe(8)
      const one = browsers[0]!
      const csrf = await one.sessionCsrf()
      const before = (await auditTypes(broker)).filter((e) => e.type === 'session.ended').length
      const outs = await Promise.all(
        Array.from({ length: 5 }, () =>
          fetch(`${broker.url}/sign-out`, {
            method: 'POST',
            redirect: 'manual',
            headers: {
              accept: BROWSER,
              origin: broker.url,
              cookie: `concord_session=${one.cookies.get('concord_session')}`,
              'content-type': 'application/x-www-form-urlencoded',
            },
            body: `_csrf=${encodeURIComponent(csrf)}`,
          }),
        ),
      )
      expect(outs.map((r) => r.status).every((s) => s === 303 || s === 403)).toBe(true)
      const after = (await auditTypes(broker)).filter((e) => e.type === 'session.ended').length
      expect(after - before).toBe(1)
      for (const b of browsers.slice(1)) expect((await b.fetch('/environments')).status).toBe(200)
    })
  })
}
