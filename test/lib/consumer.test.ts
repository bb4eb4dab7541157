/**
 * The consumer DSL against pact's real mock server: what lands in the pact file (V4 by default, V3 on request),
 * provider states with parameters, matchers, message interactions, and the failure report when the consumer
 * does not send what it promised.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consumer, Matchers } from '../../lib/index.js'

process.env.PACT_DO_NOT_TRACK = 'true'

let dir: string
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-consumer-'))
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const readPact = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'))

describe('consumer DSL', () => {
  it('writes a V4 pact to the given directory with states, parameters, request details and matchers', async () => {
    const users = consumer('web').hasPactWith('users', { dir })
    const body = await users
      .given('a user exists', { id: 1, name: 'Ann' })
      .given('the caller is an admin')
      .uponReceiving('a request for user 1')
      .withRequest({ method: 'GET', path: '/users/1', query: { fields: 'name' }, headers: { Accept: 'application/json' } })
      .willRespondWith({ status: 200, body: Matchers.like({ id: Matchers.integer(1), name: 'Ann', tags: Matchers.eachLike('admin') }) })
      .executeTest(async (mockServer) => {
        const res = await fetch(`${mockServer.url}/users/1?fields=name`, { headers: { Accept: 'application/json' } })
        return res.json()
      })
    expect(body).toEqual({ id: 1, name: 'Ann', tags: ['admin'] })

    expect(users.pactFile).toBe(path.join(dir, 'web-users.json'))
    const pact = readPact(users.pactFile)
    expect(pact.consumer.name).toBe('web')
    expect(pact.provider.name).toBe('users')
    expect(pact.metadata.pactSpecification.version).toBe('4.0')
    const [interaction] = pact.interactions
    expect(interaction.description).toBe('a request for user 1')
    expect(interaction.providerStates).toEqual([{ name: 'a user exists', params: { id: 1, name: 'Ann' } }, { name: 'the caller is an admin' }])
    expect(interaction.request).toMatchObject({ method: 'GET', path: '/users/1', query: { fields: ['name'] } })
    expect(interaction.response.matchingRules.body['$.id'].matchers[0].match).toBe('integer')
    expect(interaction.response.matchingRules.body['$.tags'].matchers[0]).toMatchObject({ match: 'type', min: 1 })
  })

  it('adds each passing interaction to the same file, and a contract value can be reused (no shared state)', async () => {
    const users = consumer('web').hasPactWith('users-two', { dir })
    const start = users.given('users exist')
    await start
      .uponReceiving('a request for all users')
      .withRequest({ method: 'GET', path: '/users' })
      .willRespondWith({ status: 200, body: Matchers.eachLike({ id: 1 }) })
      .executeTest(async (ms) => (await fetch(`${ms.url}/users`)).json())
    await start
      .uponReceiving('a request to create a user')
      .withRequest({ method: 'POST', path: '/users', headers: { 'Content-Type': 'application/json' }, body: { name: 'Bob' } })
      .willRespondWith({ status: 201, body: { id: Matchers.integer(2), name: 'Bob' } })
      .executeTest(async (ms) => {
        const res = await fetch(`${ms.url}/users`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Bob' }) })
        expect(res.status).toBe(201)
      })
    const pact = readPact(users.pactFile)
    expect(pact.interactions.map((i: { description: string }) => i.description).sort()).toEqual(['a request for all users', 'a request to create a user'])
  })

  it('writes a V3 pact when asked', async () => {
    const users = consumer('web').hasPactWith('users-v3', { dir, spec: 'V3' })
    await users
      .uponReceiving('a request for user 2')
      .withRequest({ method: 'GET', path: '/users/2' })
      .willRespondWith({ status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: Matchers.integer(2) } })
      .executeTest(async (ms) => (await fetch(`${ms.url}/users/2`)).json())
    const pact = readPact(users.pactFile)
    expect(pact.metadata.pactSpecification.version).toBe('3.0.0')
    expect(pact.interactions[0].type).toBeUndefined()
  })

  it('fails a test whose request does not match, naming the interaction and the mismatch, and writes nothing', async () => {
    const users = consumer('web').hasPactWith('users-mismatch', { dir })
    const run = users
      .uponReceiving('a request for user 3')
      .withRequest({ method: 'GET', path: '/users/3' })
      .willRespondWith({ status: 200, body: { id: 3 } })
      .executeTest(async (ms) => {
        await fetch(`${ms.url}/users/4`)
      })
    const error = await run.then(
      () => null,
      (e: Error) => e,
    )
    expect(error?.message).toContain('Interaction "a request for user 3" of web → users-mismatch did not match')
    expect(error?.message).toMatch(/was not expected:[\s\S]*Path: \/users\/4/)
    expect(error?.message).toMatch(/expected but not received:[\s\S]*Path: \/users\/3/)
    expect(fs.existsSync(users.pactFile)).toBe(false)
  })

  it('records an asynchronous message interaction and hands the handler the example message', async () => {
    const events = consumer('web').hasPactWith('user-events', { dir })
    const received = await events
      .given('a user was created')
      .expectsToReceive('a user-created event')
      .withContent({ type: 'user.created', user: Matchers.like({ id: 7, name: 'Cy' }) }, { topic: 'users' })
      .withMetadata({ 'content-type': 'application/json' })
      .executeTest(async (message) => message)
    expect(received.contents).toEqual({ type: 'user.created', user: { id: 7, name: 'Cy' } })
    expect(received.metadata).toMatchObject({ topic: 'users' })
    const pact = readPact(events.pactFile)
    expect(pact.interactions[0]).toMatchObject({ type: 'Asynchronous/Messages', description: 'a user-created event' })
    expect(pact.interactions[0].providerStates).toEqual([{ name: 'a user was created' }])
  })

  it('does not write a message a failing handler rejects', async () => {
    const events = consumer('web').hasPactWith('user-events-failing', { dir })
    const run = events
      .expectsToReceive('an event the handler cannot process')
      .withContent({ type: 'user.deleted' })
      .executeTest(async () => {
        throw new Error('unknown event type user.deleted')
      })
    await expect(run).rejects.toThrow('unknown event type user.deleted')
    expect(fs.existsSync(events.pactFile)).toBe(false)
  })

  it('takes a status-class matcher, and refuses messages in a V3 contract', async () => {
    const users = consumer('web').hasPactWith('users-status', { dir })
    await users
      .uponReceiving('a request that succeeds somehow')
      .withRequest({ method: 'DELETE', path: '/users/5' })
      .willRespondWith({ status: Matchers.status(204, 'success') })
      .executeTest(async (ms) => expect((await fetch(`${ms.url}/users/5`, { method: 'DELETE' })).status).toBe(204))
    expect(readPact(users.pactFile).interactions[0].response.matchingRules.status).toEqual({
      $: { combine: 'AND', matchers: [{ match: 'statusCode', status: 'success' }] },
    })

    const v3 = consumer('web').hasPactWith('events-v3', { dir, spec: 'V3' })
    await expect(
      v3
        .expectsToReceive('an event')
        .withContent({ a: 1 })
        .executeTest(async () => 1),
    ).rejects.toThrow("Message interactions need a V4 pact: 'web' has a V3 contract with 'events-v3' (drop spec: 'V3')")
  })

  it('rejects blank names and unknown spec versions at once', () => {
    expect(() => consumer(' ')).toThrow('A consumer must be a non-empty string')
    expect(() => consumer('web').hasPactWith('')).toThrow('A provider must be a non-empty string')
    expect(() => consumer('web').hasPactWith('users', { spec: 'V2' as 'V3' })).toThrow("spec must be 'V4' or 'V3', got 'V2'")
  })
})
