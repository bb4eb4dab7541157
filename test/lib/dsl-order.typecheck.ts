/**
 * Type-level test of the consumer DSL's step order, checked by `npx tsc -p test/tsconfig.json` (not run by vitest):
 * every `@ts-expect-error` line must fail to compile, or tsc reports the directive as unused. The function is
 * never called — only compiled.
 */
import { consumer, Matchers } from '../../lib/index.js'

export function dslStepOrderTypeChecks(): void {
  const users = consumer('web').hasPactWith('users')
  const request = { method: 'GET', path: '/users/1' } as const
  const response = { status: 200, body: Matchers.like({ id: 1 }) }

  // The right order compiles, with states before the description and a message alternative.
  void users.given('a user exists', { id: 1 }).given('another').uponReceiving('get').withRequest(request).willRespondWith(response).executeTest(async (ms) => ms.url)
  void users.expectsToReceive('an event').withContent({ id: 1 }).withMetadata({ topic: 'users' }).executeTest(async (m) => m.contents)

  // @ts-expect-error a request needs a description first
  users.withRequest(request)
  // @ts-expect-error a response needs a request first
  users.uponReceiving('get').willRespondWith(response)
  // @ts-expect-error a test needs a response first
  users.uponReceiving('get').withRequest(request).executeTest(async () => 1)
  // @ts-expect-error states come before the description
  users.uponReceiving('get').given('a user exists')
  // @ts-expect-error no second request
  users.uponReceiving('get').withRequest(request).withRequest(request)
  // @ts-expect-error nothing to add after the response but the test
  users.uponReceiving('get').withRequest(request).willRespondWith(response).given('late state')
  // @ts-expect-error a message needs content before its test
  users.expectsToReceive('an event').executeTest(async () => 1)
  // @ts-expect-error a message has no HTTP request
  users.expectsToReceive('an event').withRequest(request)
  // @ts-expect-error the method is required
  users.uponReceiving('get').withRequest({ path: '/users/1' })
  // @ts-expect-error state parameters are JSON values
  users.given('a user exists', { at: new Date() })
}
