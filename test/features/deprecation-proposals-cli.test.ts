/**
 * `concord deprecations proposals | accept | dismiss`: argv → options (pure), and the commands against a real
 * broker holding a proposal from Deprecation / Sunset headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseArgs } from '../../cli/args.js'
import { COMMANDS } from '../../cli/cli.js'
import { groupHelp } from '../../cli/help.js'
import { findCommand, parseInvocation } from '../../cli/invocation.js'
import { accept, dismiss, list } from '../../cli/commands/deprecation-proposals/index.js'
import {
  ACCEPT_FLAGS,
  acceptOptions,
  DISMISS_FLAGS,
  dismissOptions,
  PROPOSALS_FLAGS,
  proposalsOptions,
} from '../../cli/commands/deprecation-proposals/options.js'
import { run as deprecations } from '../../cli/commands/deprecations/index.js'
import type { CommandContext } from '../../cli/context.js'
import { UsageError } from '../../cli/errors.js'
import { fixedClock } from '../../broker/shared/clock.js'
import { BrokerApiError, ConfigurationError } from '../../lib/errors.js'
import { quietCommandContext } from '../support/cli-context.js'
import { DATABASES } from '../support/databases.js'
import { post } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

describe('concord deprecations proposals / accept / dismiss: argv → options', () => {
  it('reads the provider and status, the uuid and the fields to accept with', () => {
    expect(proposalsOptions(parseArgs(['--provider', 'users', '--status', 'all'], PROPOSALS_FLAGS))).toEqual({ provider: 'users', status: 'all' })
    expect(
      acceptOptions(parseArgs(['abc', '--removed-in', '3.0.0', '--sunset', '2027-03-31', '--replacement', 'GET /v2/users/{id}'], ACCEPT_FLAGS), {
        CONCORD_ACTOR: 'ci',
      }),
    ).toEqual({
      uuid: 'abc',
      actor: 'ci',
      fields: { removedIn: '3.0.0', sunset: '2027-03-31', replacement: 'GET /v2/users/{id}' },
    })
    expect(dismissOptions(parseArgs(['abc', '--reason', 'proxy', '--actor', 'bob'], DISMISS_FLAGS), {})).toEqual({
      uuid: 'abc',
      actor: 'bob',
      fields: {},
      reason: 'proxy',
    })
  })

  it.each([
    [() => proposalsOptions(parseArgs([], PROPOSALS_FLAGS)), '--provider is required'],
    [() => proposalsOptions(parseArgs(['--provider', 'u', '--status', 'closed'], PROPOSALS_FLAGS)), '--status must be one of open, accepted, dismissed, all'],
    [() => acceptOptions(parseArgs([], ACCEPT_FLAGS), {}), 'Name the one proposal to accept by its uuid'],
    [() => dismissOptions(parseArgs(['a', 'b'], DISMISS_FLAGS), {}), 'Name the one proposal to dismiss by its uuid'],
  ])('refuses bad argv (%#)', (parse, message) => {
    expect(parse).toThrow(UsageError)
    expect(parse).toThrow(message)
  })

  it('are subcommands of deprecations, which keeps working on its own', async () => {
    expect(findCommand(['deprecations', 'proposals', '--provider', 'u']).command.name).toBe('deprecations proposals')
    expect(findCommand(['deprecations', 'accept', 'abc']).command.name).toBe('deprecations accept')
    expect(findCommand(['deprecations', '--provider', 'u']).command.name).toBe('deprecations')
    expect(groupHelp('deprecations')).toContain('Usage: concord deprecations [proposals|accept|dismiss] [options]')
    expect(parseInvocation(['deprecations', 'accept', 'abc', '--broker-url', 'http://broker.example'], {})).toMatchObject({
      connection: { baseUrl: 'http://broker.example' },
      options: { uuid: 'abc' },
    })
    for (const name of ['deprecations proposals', 'deprecations accept', 'deprecations dismiss'])
      expect(typeof (await COMMANDS.find((c) => c.name === name)!.load()).run).toBe('function')
  })
})

for (const database of DATABASES) {
  describe(`concord deprecations proposals / accept / dismiss against a broker (${database.name})`, () => {
    let broker: TestBroker
    let ctx: CommandContext
    beforeAll(async () => {
      broker = await startTestBroker(database, { clock: fixedClock('2026-12-01T10:00:00Z') })
      ctx = quietCommandContext({ brokerUrl: broker.url })
      await td(broker)
        .publishPact({
          consumer: 'web',
          consumerVersion: '1.0.0',
          provider: 'users',
          branch: 'main',
          interactions: [
            { description: 'get a user', request: { method: 'GET', path: '/users/42' }, response: { status: 200, body: { id: 42 } } },
            { description: 'delete a user', request: { method: 'DELETE', path: '/users/42' }, response: { status: 204 } },
          ],
        })
        .recordDeployment('web', '1.0.0', 'production')
        .createVersion('users', '2.0.0')
      const reported = await post(`${broker.url}/pacticipants/users/deprecations/proposals`, {
        providerVersion: '2.0.0',
        deprecations: [
          { method: 'GET', path: '/users/42', sunset: 'Wed, 31 Mar 2027 00:00:00 GMT', seenBy: [{ consumer: 'web', interaction: 'get a user' }] },
          { method: 'DELETE', path: '/users/42', deprecation: '@1735689600' },
        ],
      })
      expect(reported.status).toBe(200)
    })
    afterAll(() => broker?.close())

    it('lists open proposals with who would be affected, accepts one and dismisses the other', async () => {
      const listed = await list({ provider: 'users' }, ctx)
      const rows = listed.text.split('\n')
      expect(rows[0]).toMatch(/^UUID\s+ITEM\s+STATUS\s+FROM\s+SUNSET\s+WOULD AFFECT$/)
      expect(rows[1]).toContain('GET /users/{id}     open    headers (2.0.0)  2027-03-31 (in 120 days)  production: web 1.0.0 | main: web 1.0.0')
      expect(rows[2]).toContain('DELETE /users/{id}  open    headers (2.0.0)  -')
      const data = listed.data as { proposals: Array<{ uuid: string; item: string }> }
      const [get, del] = data.proposals

      const timeline = await deprecations({ provider: 'users' }, ctx)
      expect(timeline.text).toContain('2 open proposals (GET /users/{id}; DELETE /users/{id}): concord deprecations proposals --provider users')

      const refused = await accept({ uuid: del!.uuid, fields: {} }, ctx).catch((e: unknown) => e)
      expect(refused).toBeInstanceOf(BrokerApiError)
      expect((refused as BrokerApiError).status).toBe(400)
      expect((refused as BrokerApiError).message).toContain('no sunset date')

      const accepted = await accept({ uuid: get!.uuid, actor: 'alice', fields: { removedIn: '3.0.0' } }, ctx)
      expect(accepted.text.split('\n').slice(0, 3)).toEqual([
        'Accepted: users deprecates GET /users/{id}',
        '  deprecated in 2.0.0, sunset 2027-03-31 (in 120 days)',
        '  deprecated since 2.0.0; sunset 2027-03-31; removal scheduled in 3.0.0',
      ])
      expect(accepted.data).toMatchObject({ proposal: { status: 'accepted' }, deprecation: { item: 'GET /users/{id}', removedIn: '3.0.0' } })

      // a decided proposal has no accept link: the client says what became of it, and nothing changes
      const again = await accept({ uuid: get!.uuid, fields: {} }, ctx).catch((e: unknown) => e)
      expect(again).toBeInstanceOf(ConfigurationError)
      expect((again as Error).message).toMatch(
        /^The proposal to deprecate GET \/users\/\{id\} of users is accepted \(deprecation [0-9a-f-]+\), so it cannot be accepted: only open proposals can\.$/,
      )

      const dismissed = await dismiss({ uuid: del!.uuid, fields: {}, reason: 'sent by the gateway' }, ctx)
      expect(dismissed.text).toBe('Dismissed the proposal to deprecate DELETE /users/{id} (users); later reports of it stay dismissed.')

      expect((await list({ provider: 'users' }, ctx)).text).toBe('users has no open deprecation proposals.')
      const all = await list({ provider: 'users', status: 'all' }, ctx)
      expect((all.data as { proposals: Array<{ status: string }> }).proposals.map((p) => p.status)).toEqual(['accepted', 'dismissed'])
    })
  })
}
