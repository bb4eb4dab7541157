/**
 * The UI's story, seeded the way teams feed a broker: pact files published, environments created and
 * deployments recorded with the official `pact-broker` CLI; verification results posted where the CLI's
 * verifier posts them (the pact's `pb:publish-verification-results` link, via the `td` builder); one
 * deprecation declared over the API. Includes a consumer named `<img src=x onerror=alert(1)>`.
 *
 * @example await seedUiStory(broker.url)
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { td } from './td.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const PACT_BROKER_CLI = path.join(ROOT, 'node_modules/.bin/pact-broker')
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>'

/** Runs the official CLI against `brokerUrl`; rejects with its output when it fails. */
export function pactBrokerCli(brokerUrl: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      PACT_BROKER_CLI,
      [...args, '--broker-base-url', brokerUrl],
      { env: { ...process.env, PACT_DO_NOT_TRACK: 'true', PACT_BROKER_HTTP_RETRIES: '1' }, timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`pact-broker ${args.join(' ')} failed: ${stderr || stdout || error.message}`)) : resolve(stdout)),
    )
  })
}

const userInteraction = {
  description: 'a request for user 1',
  providerStates: [{ name: 'user 1 exists', params: { id: 1 } }],
  request: { method: 'GET', path: '/users/1', headers: { Accept: 'application/json' } },
  response: {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    body: { id: 1, name: 'Ada', email: 'ada@example.com' },
    matchingRules: { body: { '$.id': { matchers: [{ match: 'integer' }] }, '$.name': { matchers: [{ match: 'type' }] } } },
  },
}

function usersPact(consumer: string, withSearch: boolean) {
  const interactions: unknown[] = [userInteraction]
  if (withSearch)
    interactions.push({
      description: 'a search for users named Ada',
      providerStates: [{ name: 'user 1 exists' }],
      request: { method: 'GET', path: '/users', query: { name: ['Ada'] } },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: [{ id: 1, name: 'Ada' }] },
    })
  return { consumer: { name: consumer }, provider: { name: 'users' }, interactions, metadata: { pactSpecification: { version: '3.0.0' } } }
}

const ordersPact = {
  consumer: { name: 'web' },
  provider: { name: 'orders' },
  interactions: [
    {
      type: 'Synchronous/HTTP',
      description: 'a request to place an order',
      providerStates: [{ name: 'the basket has 2 items' }],
      request: {
        method: 'POST',
        path: '/orders',
        headers: { 'Content-Type': ['application/json'] },
        body: { content: { items: 2 }, contentType: 'application/json', encoded: false },
      },
      response: { status: 201, body: { content: { id: 'o-1' }, contentType: 'application/json', encoded: false } },
    },
    {
      type: 'Asynchronous/Messages',
      description: 'an order placed event',
      providerStates: [{ name: 'an order was placed' }],
      contents: { content: { orderId: 'o-1', total: 42 }, contentType: 'application/json', encoded: false },
      metadata: { topic: 'orders' },
      matchingRules: { body: { '$.total': { combine: 'AND', matchers: [{ match: 'number' }] } } },
    },
  ],
  metadata: { pactSpecification: { version: '4.0' } },
}

async function publish(brokerUrl: string, version: string, pacts: Record<string, unknown>[]): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'concord-ui-pacts-'))
  try {
    for (const [i, pact] of pacts.entries()) await writeFile(path.join(dir, `pact-${i}.json`), JSON.stringify(pact))
    await pactBrokerCli(brokerUrl, ['publish', dir, '--consumer-app-version', version, '--branch', 'main'])
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export async function seedUiStory(brokerUrl: string): Promise<void> {
  await publish(brokerUrl, '1.0.0', [usersPact('web', false), ordersPact])
  await publish(brokerUrl, '1.1.0', [usersPact('web', true), ordersPact])
  await publish(brokerUrl, '0.9.0', [usersPact('mobile', false)])
  await publish(brokerUrl, '6.6.6', [usersPact(HOSTILE_NAME, false)])
  // 'test' and 'production' exist from the first migration, as on the Pact Broker.
  await pactBrokerCli(brokerUrl, ['create-environment', '--name', 'staging', '--display-name', 'Staging'])

  await td(brokerUrl)
    .verify({ provider: 'users', providerVersion: '2.0.0', consumer: 'web', consumerVersion: '1.0.0', success: true, branch: 'main' })
    .verify({ provider: 'users', providerVersion: '2.1.0', consumer: 'web', consumerVersion: '1.1.0', success: true, branch: 'main' })
    .verify({ provider: 'orders', providerVersion: '3.0.0', consumer: 'web', consumerVersion: '1.1.0', success: false, branch: 'main' })
    .verify({ provider: 'users', providerVersion: '2.1.0', consumer: HOSTILE_NAME, consumerVersion: '6.6.6', success: false, branch: 'main' })

  for (const [pacticipant, version, environment] of [
    ['users', '2.0.0', 'production'],
    ['users', '2.1.0', 'production'],
    ['web', '1.0.0', 'production'],
    ['web', '1.1.0', 'staging'],
    ['orders', '3.0.0', 'staging'],
  ] as const) {
    await pactBrokerCli(brokerUrl, ['record-deployment', '--pacticipant', pacticipant, '--version', version, '--environment', environment])
  }

  // A team label, as the Pact Broker's API sets it (the dashboard and the map filter by it).
  const labelled = await fetch(`${brokerUrl}/pacticipants/orders/labels/checkout-team`, { method: 'PUT', headers: { accept: 'application/hal+json' } })
  if (labelled.status !== 201) throw new Error(`labelling orders answered ${labelled.status}: ${await labelled.text()}`)

  const res = await fetch(`${brokerUrl}/pacticipants/users/deprecations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/hal+json' },
    body: JSON.stringify({
      kind: 'field',
      method: 'GET',
      path: '/users/{id}',
      location: 'response',
      pointer: '/email',
      deprecatedIn: '2.1.0',
      sunset: '2027-06-30',
      replacement: 'GET /users/{id}/contacts',
    }),
  })
  if (res.status !== 201) throw new Error(`declaring the deprecation answered ${res.status}: ${await res.text()}`)
}
