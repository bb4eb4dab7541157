/**
 * web's contract with users, as the consumer guide shows it. Each interaction is a function of the contract so
 * that a test file can give each its own `it` (see test/lib/examples.test.ts) and the demo can run them in a row.
 * In your project, import from 'concord-contracts' instead of the relative lib path.
 */
import assert from 'node:assert/strict'
import { consumer, Matchers, type ConsumerContract } from '../../../lib/index.js'
import { greetingFor, UsersClient } from './users-client.js'

// #region contract
/** web's contract with users; pact files go to `dir` (default ./pacts). */
export function usersContract(dir = './pacts'): ConsumerContract {
  return consumer('web').hasPactWith('users', { dir })
}
// #endregion contract

// #region get-user
export function getsAUser(users: ConsumerContract): Promise<void> {
  return users
    .given('a user exists', { id: 1, name: 'Ann' })
    .uponReceiving('a request for user 1')
    .withRequest({ method: 'GET', path: '/users/1', headers: { Accept: 'application/json' } })
    .willRespondWith({
      status: 200,
      headers: { 'Content-Type': Matchers.regex('application/json.*', 'application/json; charset=utf-8') },
      body: {
        id: Matchers.integer(1),
        name: Matchers.string('Ann'),
        email: Matchers.regex(/^[^@\s]+@[^@\s]+$/, 'ann@example.com'),
      },
    })
    .executeTest(async (mockServer) => {
      const user = await new UsersClient(mockServer.url).getUser(1)
      assert.deepEqual(user, { id: 1, name: 'Ann', email: 'ann@example.com' })
    })
}
// #endregion get-user

// #region missing-user
export function getsNothingForAMissingUser(users: ConsumerContract): Promise<void> {
  return users
    .given('no user exists', { id: 99 })
    .uponReceiving('a request for a user that does not exist')
    .withRequest({ method: 'GET', path: '/users/99', headers: { Accept: 'application/json' } })
    .willRespondWith({ status: 404 })
    .executeTest(async (mockServer) => {
      assert.equal(await new UsersClient(mockServer.url).getUser(99), null)
    })
}
// #endregion missing-user

// #region create-user
export function createsAUser(users: ConsumerContract): Promise<void> {
  return users
    .uponReceiving('a request to create a user')
    .withRequest({
      method: 'POST',
      path: '/users',
      // Any bearer token: the provider's verification swaps in a real one (see the provider guide).
      headers: { 'Content-Type': 'application/json', Authorization: Matchers.regex(/^Bearer .+$/, 'Bearer let-me-in') },
      body: { name: 'Bob', email: 'bob@example.com' },
    })
    .willRespondWith({
      status: 201,
      body: Matchers.like({ id: 2, name: 'Bob', email: 'bob@example.com' }),
    })
    .executeTest(async (mockServer) => {
      const user = await new UsersClient(mockServer.url).createUser({ name: 'Bob', email: 'bob@example.com' })
      assert.equal(user.name, 'Bob')
    })
}
// #endregion create-user

// #region user-created-event
export function handlesAUserCreatedEvent(users: ConsumerContract): Promise<void> {
  return users
    .expectsToReceive('a user-created event')
    .withContent({
      type: 'user.created',
      user: Matchers.like({ id: 3, name: 'Cy', email: 'cy@example.com' }),
    })
    .executeTest(async (message) => {
      assert.equal(greetingFor(message.contents as { type: string; user: { name: string } }), 'Welcome, Cy!')
    })
}
// #endregion user-created-event

/** Every interaction of the contract, in order (what the demo runs). */
export const interactions = { getsAUser, getsNothingForAMissingUser, createsAUser, handlesAUserCreatedEvent }
