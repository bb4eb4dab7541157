/**
 * Bad and hostile input (issue #14): each case answers a 4xx problem document that says what is wrong — never a
 * 5xx, never an empty body — and stores nothing. Raw sockets where fetch would refuse to send the request.
 */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get, patch, post, request } from '../support/http.js'
import { pactDocument, publishBody } from '../support/pact-documents.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

/** Sends `text` on a fresh connection and returns status, headers and body of the answer. */
function rawRequest(url: string, text: string): Promise<{ status: number; headers: string; body: string }> {
  const { port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(text))
    let received = ''
    socket.on('data', (chunk) => (received += chunk.toString('utf8')))
    socket.on('error', reject)
    socket.on('end', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n')
      resolve({ status: Number(head.split(' ')[1]), headers: head, body })
    })
  })
}

const problemOf = (body: string) => JSON.parse(body) as { type: string; status: number; detail: string }

for (const database of DATABASES) {
  describe(`hostile input (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
      expect((await post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument('web', 'users'), version: '1.0.0' }))).status).toBe(200)
    })
    afterAll(() => broker?.close())

    it.each([
      ['/pacticipants/%ZZ', '#/path', 'malformed percent-escape'],
      ['/pacticipants/%', '#/path', 'malformed percent-escape'],
      ['/pacticipants/%ED%A0%80', '#/path', 'malformed percent-escape'],
      ['/pacticipants/a%00b', '#/path', 'NUL character'],
      ['/pacticipants?q=%ZZ', '#/query/q', 'malformed percent-escape'],
      ['/pacticipants?q=a%00b', '#/query/q', 'NUL character'],
      ['/matrix?q[][pacticipant]=web&latestby=cvpv&limit=99999999999999999999', '#/query/limit', 'must be 2147483647 or less'],
    ])('GET %s is a 400 naming %s', async (path, pointer, words) => {
      const res = await get(`${broker.url}${path}`, { accept: 'application/problem+json' })
      expect(res.status).toBe(400)
      expect(res.contentType).toMatch(/^application\/problem\+json/)
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer)
      expect(res.body.detail).toContain(words)
    })

    it('a NUL character in a JSON body or inside pact content is a 400 naming where it is, and nothing is stored', async () => {
      const body = await post(`${broker.url}/pacticipants`, { name: 'a\u0000b' })
      expect(body.status).toBe(400)
      expect(body.body.errors).toEqual([{ pointer: '/name', detail: expect.stringContaining('NUL character') }])
      const pact = await post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument('web', 'users', ['x\u0000y']), version: '1.0.1' }))
      expect(pact.status).toBe(400)
      expect(pact.body.errors[0].pointer).toBe('/contracts/0/content/interactions/0/description')
      expect((await get(`${broker.url}/pacticipants/web/versions/1.0.1`)).status).toBe(404)
    })

    it('a lone surrogate (\\ud800) in a JSON body or inside pact content is a 400 naming where it is (jsonb refuses it)', async () => {
      const pactText = JSON.stringify(pactDocument('web', 'users', ['SURROGATE'])).replace('SURROGATE', '\\ud800')
      const legacy = await request('PUT', `${broker.url}/pacts/provider/users/consumer/web/version/1.0.3`, pactText)
      expect(legacy.status).toBe(400)
      expect(legacy.body.errors).toEqual([{ pointer: '/interactions/0/description', detail: expect.stringContaining('lone UTF-16 surrogate') }])
      const body = publishBody({ pact: pactDocument('web', 'users'), version: '1.0.3' }) as { contracts: { content: string }[] }
      body.contracts[0]!.content = Buffer.from(pactText).toString('base64')
      const publish = await post(`${broker.url}/contracts/publish`, body)
      expect(publish.status).toBe(400)
      expect(publish.body.errors[0]).toEqual({
        pointer: '/contracts/0/content/interactions/0/description',
        detail: expect.stringContaining('lone UTF-16 surrogate'),
      })
      expect((await get(`${broker.url}/pacticipants/web/versions/1.0.3`)).status).toBe(404)
    })

    it('a NUL character in base64-encoded provider-contract content or self-verification output is a 400 problem', async () => {
      const openapi = (title: string) => `openapi: 3.0.0\ninfo:\n  title: ${title}\n  version: '1'\npaths: {}\n`
      const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')
      const publish = (version: string, contract: Record<string, unknown>) =>
        post(`${broker.url}/provider-contracts/provider/users/publish`, { pacticipantVersionNumber: version, contract: { specification: 'oas', ...contract } })
      const content = await publish('7.0.0', { content: b64(openapi('a\u0000b')) })
      expect(content.status).toBe(400)
      expect(content.contentType).toMatch(/^application\/(problem\+)?json/)
      expect(content.body.errors).toEqual([{ pointer: '/contract/content', detail: expect.stringContaining('NUL character') }])
      const output = await publish('7.0.1', { content: b64(openapi('users')), selfVerificationResults: { success: true, content: b64('passed\u0000') } })
      expect(output.status).toBe(400)
      expect(output.body.errors).toEqual([{ pointer: '/contract/selfVerificationResults/content', detail: expect.stringContaining('NUL character') }])
      expect((await get(`${broker.url}/pacticipants/users/versions/7.0.1`)).status).toBe(404)
      // Whitespace inside base64 is still allowed, and a long run of it is checked in linear time.
      const started = Date.now()
      const spaced = await publish('7.0.2', { content: `A${' '.repeat(200_000)}!` })
      expect(spaced.status).toBe(400)
      expect(spaced.body.errors).toEqual([{ pointer: '/contract/content', detail: 'must be base64-encoded' }])
      expect(Date.now() - started).toBeLessThan(5_000)
      expect((await publish('7.0.3', { content: b64(openapi('users')).replace(/(.{20})/g, '$1\n ') })).status).toBe(200)
    })

    it('a pact of 3.9 MB (5.2 MB of base64) publishes: the base64 check does not overflow the stack', async () => {
      const interactions = Array.from({ length: 1300 }, (_, i) => `interaction ${i} ${'x'.repeat(1000)}`)
      const pact = pactDocument('web', 'users', interactions)
      expect(JSON.stringify(pact).length).toBeGreaterThan(3_500_000)
      const res = await post(`${broker.url}/contracts/publish`, publishBody({ pact, version: '4.0.0' }))
      expect(res.status).toBe(200)
      expect((await get(`${broker.url}/pacts/provider/users/consumer/web/version/4.0.0`)).body.interactions).toHaveLength(1300)
    })

    it.each([
      ['version number', '/pacts/provider/users/consumer/web/version/1.0%0D%0Ax', 'PUT'],
      ['branch name', '/pacticipants/web/branches/ma%0Ain/versions/1.0.0', 'PUT'],
      ['tag name', '/pacticipants/web/versions/1.0.0/tags/t%09ab', 'PUT'],
      ['pacticipant name', '/pacticipants/we%0Db/versions/1.0.0', 'PUT'],
    ])('a %s with a control character is refused with a 400 on %s', async (kind, path, method) => {
      const body = method === 'PUT' && path.startsWith('/pacts') ? pactDocument('web', 'users') : {}
      const res = await request(method, `${broker.url}${path}`, body)
      expect(res.status).toBe(400)
      expect(res.body.detail).toContain(`The ${kind}`)
      expect(res.body.detail).toContain('control character')
    })

    it('a control character in a name in a body is refused the same way (publish, environments)', async () => {
      const publish = await post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument('web', 'users'), version: '1.0.2', branch: 'feat\nx' }))
      expect(publish.status).toBe(400)
      expect(publish.body.errors[0].pointer).toBe('/branch')
      const environment = await post(`${broker.url}/environments`, { name: 'prod\r\nX-Injected: 1' })
      expect(environment.status).toBe(400)
      expect(environment.body.errors[0].pointer).toBe('/name')
    })

    it('forwarded headers from an untrusted peer are ignored, and a malformed Host is a 400', async () => {
      const index = await get(broker.url, { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' })
      expect(index.body._links['pb:pacticipants'].href).toBe(`${broker.url}/pacticipants`)
      const page = await get(broker.url, { accept: 'text/html', 'x-forwarded-host': 'evil"><script>alert(1)</script>' })
      expect(page.status).toBe(200)
      expect(page.body).not.toContain('<script>alert(1)')
      const hostile = await rawRequest(broker.url, 'GET / HTTP/1.1\r\nHost: evil"><script>x</script>\r\nAccept: text/html\r\nConnection: close\r\n\r\n')
      expect(hostile.status).toBe(400)
      expect(hostile.body).not.toContain('<script>')
      expect(problemOf(hostile.body).type).toBe('http://localhost/problems/validation-error')
    })

    it('every response says nosniff, and API responses forbid scripts and frames', async () => {
      const res = await get(`${broker.url}/pacticipants`)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
      const missing = await get(`${broker.url}/nothing-here`)
      expect(missing.headers.get('x-content-type-options')).toBe('nosniff')
    })

    it("Node's HTTP layer refusals are problem documents too: an over-long URL (431) and raw bytes in the request line (400)", async () => {
      const long = await rawRequest(broker.url, `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`)
      expect(long.status).toBe(431)
      expect(long.headers).toMatch(/content-type: application\/problem\+json/i)
      expect(problemOf(long.body)).toMatchObject({ type: '/problems/request-header-too-large', status: 431 })
      const rawBytes = await rawRequest(broker.url, 'GET /a\x01b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')
      expect(rawBytes.status).toBe(400)
      expect(problemOf(rawBytes.body)).toMatchObject({ type: '/problems/malformed-http', status: 400 })
    })

    it('the legacy PATCH adds interactions to a published pact, and refuses (409) one that would rewrite a published interaction', async () => {
      const url = `${broker.url}/pacts/provider/users/consumer/web/version/1.0.0`
      const added = await patch(url, pactDocument('web', 'users', ['another request']), { 'content-type': 'application/json' })
      expect(added.status).toBe(200)
      expect(added.body.interactions).toHaveLength(2)
      const rewritten = pactDocument('web', 'users', ['another request'])
      rewritten.interactions[0].request.path = '/somewhere-else'
      const refused = await patch(url, rewritten, { 'content-type': 'application/json' })
      expect(refused.status).toBe(409)
      expect(refused.body.type).toMatch(/\/problems\/pact-merge-conflict$/)
      expect((await get(url)).body.interactions.find((i: { description: string }) => i.description === 'another request').request.path).toBe('/another-request')
    })
  })
}

describe('connection limits (pglite)', () => {
  let broker: TestBroker
  beforeAll(async () => {
    broker = await startTestBroker(DATABASES[0]!, {
      env: { CONCORD_HEADERS_TIMEOUT_MS: '1000', CONCORD_REQUEST_TIMEOUT_MS: '1000', CONCORD_MAX_CONNECTIONS: '2' },
    })
  })
  afterAll(() => broker?.close())

  it('closes a connection that never finishes its headers with a 408 problem after CONCORD_HEADERS_TIMEOUT_MS', async () => {
    const answer = await rawRequest(broker.url, 'GET / HTTP/1.1\r\nHost: localhost\r\n')
    expect(answer.status).toBe(408)
    expect(problemOf(answer.body)).toMatchObject({ type: '/problems/request-timeout', status: 408 })
  })

  it('closes connections beyond CONCORD_MAX_CONNECTIONS on arrival', async () => {
    const { port } = new URL(broker.url)
    const open = () =>
      new Promise<net.Socket>((resolve) => {
        const socket = net.connect(Number(port), '127.0.0.1', () => resolve(socket))
      })
    const sockets = [await open(), await open()]
    try {
      const third = await rawRequest(broker.url, 'GET /diagnostic/status/heartbeat HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n').catch(() => ({
        status: 0,
      }))
      // Closed without an answer: no status line at all.
      expect(third.status === 0 || Number.isNaN(third.status)).toBe(true)
    } finally {
      for (const socket of sockets) socket.destroy()
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
    const afterwards = await rawRequest(broker.url, 'GET /diagnostic/status/heartbeat HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')
    expect(afterwards.status).toBe(200)
  })
})
