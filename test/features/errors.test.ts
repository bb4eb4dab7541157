import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../broker/app.js'
import { loadConfig } from '../../broker/config.js'
import { SchemaDiffRunner } from '../../broker/provider-contracts/schema-diff-runner.js'
import { webhookOutbox } from '../../broker/webhooks/outbox.js'
import { systemClock } from '../../broker/shared/clock.js'
import { createEvents } from '../../broker/shared/events.js'
import { DATABASES, type TestDatabase } from '../support/databases.js'
import { request } from '../support/http.js'

// The error handling every endpoint shares: media types, 413, and 500s that leak nothing.
describe('problem+json error handling', () => {
  let database: TestDatabase
  let url: string
  let server: import('node:http').Server
  const logged: string[] = []
  const schemaDiff = new SchemaDiffRunner()

  beforeAll(async () => {
    database = await DATABASES[0]!.create()
    const logger = { debug() {}, info() {}, warn() {}, error: (m: string, f?: Record<string, unknown>) => logged.push(`${m} ${JSON.stringify(f)}`) }
    const app = createApp({
      db: database.db,
      config: loadConfig({ CONCORD_BODY_LIMIT: '2048', CONCORD_DATA_DIR: 'memory://' }),
      logger,
      clock: systemClock,
      events: createEvents(),
      schemaDiff,
      outbox: webhookOutbox,
    })
    // A route that fails unexpectedly, mounted ahead of the app, to exercise the 500 path.
    const express = (await import('express')).default
    const outer = express()
    outer.get('/explode', () => {
      throw new Error('secret connection string postgres://admin:hunter2@db')
    })
    outer.use(app)
    outer.use((await import('../../broker/http/problems.js')).problemHandler(logger))
    server = outer.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`
  })
  afterAll(async () => {
    server?.close()
    await schemaDiff.close()
    await database?.close()
  })

  it('answers application/problem+json to clients that accept it, and JSON to Pact clients that accept only JSON', async () => {
    const problem = await request('POST', `${url}/environments`, {}, { accept: 'application/problem+json' })
    expect(problem.contentType).toMatch(/^application\/problem\+json/)
    const pactClient = await request('POST', `${url}/environments`, {}, { accept: 'application/hal+json' })
    expect(pactClient.contentType).toMatch(/^application\/json/)
    // The same document, but for the id of each request.
    expect({ ...pactClient.body, requestId: undefined }).toEqual({ ...problem.body, requestId: undefined })
    expect(pactClient.body.requestId).not.toEqual(problem.body.requestId)
    expect(pactClient.body.notices).toEqual([{ type: 'error', text: pactClient.body.detail }])
  })

  it('refuses bodies over the configured limit with 413', async () => {
    const res = await request('POST', `${url}/environments`, { name: 'x'.repeat(5000), production: false })
    expect(res.status).toBe(413)
    expect(res.body.type).toMatch(/\/problems\/payload-too-large$/)
    expect(res.body.detail).toContain('2048 bytes')
  })

  it('hides the cause of a 500 behind a reference id that the log holds', async () => {
    const res = await request('GET', `${url}/explode`)
    expect(res.status).toBe(500)
    expect(JSON.stringify(res.body)).not.toContain('hunter2')
    expect(res.body.reference).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.body.detail).toContain(res.body.reference)
    expect(logged.some((line) => line.includes(res.body.reference) && line.includes('hunter2'))).toBe(true)
  })
})
