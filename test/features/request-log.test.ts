import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../broker/shared/logger.js'
import { DATABASES } from '../support/databases.js'
import { get, post, request } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

// One JSON log line per request, with the id the response header and the problem document carry; no secrets.
describe('request log and request ids', () => {
  let broker: TestBroker
  const lines: Record<string, unknown>[] = []
  beforeAll(async () => {
    const logger = createLogger('info', (line) => lines.push(JSON.parse(line) as Record<string, unknown>), { format: 'json' })
    broker = await startTestBroker(DATABASES[0]!, { logger })
  })
  afterAll(() => broker?.close())

  const lineFor = (reqId: string | null) => lines.filter((line) => line.reqId === reqId)

  it('logs one line per request with its id, route pattern, status and duration, and answers the id in a header', async () => {
    await post(`${broker.url}/pacticipants`, { name: 'web' })
    const res = await get(`${broker.url}/pacticipants/web`, { authorization: 'Bearer s3cr3t-token', cookie: 'session=c00kie' })
    expect(res.status).toBe(200)
    const id = res.headers.get('x-request-id')
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    const [line, ...more] = lineFor(id)
    expect(more).toEqual([])
    expect(line).toMatchObject({ level: 'info', msg: 'request', method: 'GET', url: '/pacticipants/web', route: '/pacticipants/:pacticipant', status: 200 })
    expect(typeof line!.durationMs).toBe('number')
    expect(typeof line!.time).toBe('string')
    expect(JSON.stringify(lines)).not.toMatch(/s3cr3t|c00kie/)
  })

  it('puts the same id in the problem document of a failed request', async () => {
    const res = await request('POST', `${broker.url}/environments`, { production: 'maybe' })
    expect(res.status).toBe(400)
    const id = res.headers.get('x-request-id')
    expect(res.body.requestId).toBe(id)
    expect(lineFor(id)).toEqual([expect.objectContaining({ status: 400, route: '/environments', method: 'POST' })])

    const missing = await get(`${broker.url}/no/such/thing`)
    expect(missing.status).toBe(404)
    expect(missing.body.requestId).toBe(missing.headers.get('x-request-id'))
    expect(lineFor(missing.body.requestId as string)).toEqual([expect.objectContaining({ status: 404, route: null })])
  })

  it("keeps a caller's well-formed X-Request-Id and replaces one that is not", async () => {
    const kept = await get(`${broker.url}/pacticipants`, { 'x-request-id': 'lb-1234.abc' })
    expect(kept.headers.get('x-request-id')).toBe('lb-1234.abc')
    expect(lineFor('lb-1234.abc')).toHaveLength(1)
    const replaced = await get(`${broker.url}/pacticipants`, { 'x-request-id': 'two words\tand a tab' })
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('logs health checks at debug only, so load balancers do not flood the log', async () => {
    const res = await get(`${broker.url}/diagnostic/status/heartbeat`)
    expect(res.status).toBe(200)
    expect(lineFor(res.headers.get('x-request-id'))).toEqual([])
  })
})

describe('logger', () => {
  it('redacts credentials and secrets whatever a caller passes, in both formats', () => {
    for (const format of ['json', 'pretty'] as const) {
      const out: string[] = []
      const logger = createLogger('debug', (line) => out.push(line), { format })
      logger.info('delivering', {
        headers: { authorization: 'Basic dXNlcjpodW50ZXIy', Cookie: 'a', cookie: 'sid=abc' },
        webhook: { secret: 'whsec' },
        password: 'pw',
      })
      expect(out).toHaveLength(1)
      expect(out[0]).not.toMatch(/dXNlcjpodW50ZXIy|sid=abc|whsec|"pw"/)
      expect(out[0]).toContain('[redacted]')
    }
  })

  it('writes nothing below its level and one line per event in the readable format', () => {
    const out: string[] = []
    const logger = createLogger('warn', (line) => out.push(line))
    logger.info('hidden')
    logger.warn('shown', { a: 1 })
    expect(out).toHaveLength(1)
    expect(out[0]).toMatch(/WARN.*shown.*"a":1/)
    expect(out[0]).not.toContain('\n')
  })
})
