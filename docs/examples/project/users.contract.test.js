// web's contract with users, as ordinary tests (node:test here; vitest or jest work the same way).
// Each passing test adds its interaction to ./pacts/web-users.json.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { consumer, Matchers } from 'concord-contracts'
import { getUser } from './users-client.js'

const users = consumer('web').hasPactWith('users', { dir: './pacts' })

test('gets user 1', () =>
  users
    .given('a user exists', { id: 1, name: 'Ann' })
    .uponReceiving('a request for user 1')
    .withRequest({ method: 'GET', path: '/users/1', headers: { Accept: 'application/json' } })
    .willRespondWith({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: { id: Matchers.integer(1), name: Matchers.string('Ann') },
    })
    .executeTest(async (mockServer) => {
      assert.deepEqual(await getUser(mockServer.url, 1), { id: 1, name: 'Ann' })
    }))

test('gets nothing for a missing user', () =>
  users
    .given('no user exists')
    .uponReceiving('a request for a user that does not exist')
    .withRequest({ method: 'GET', path: '/users/99', headers: { Accept: 'application/json' } })
    .willRespondWith({ status: 404 })
    .executeTest(async (mockServer) => {
      assert.equal(await getUser(mockServer.url, 99), null)
    }))
