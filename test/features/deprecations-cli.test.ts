/**
 * `concord deprecate` and `concord deprecations`: argv → options (pure), and the commands against a real broker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseArgs } from '../../cli/args.js'
import { COMMANDS } from '../../cli/cli.js'
import { parseInvocation } from '../../cli/invocation.js'
import { run as deprecate } from '../../cli/commands/deprecate/index.js'
import { DEPRECATE_FLAGS, deprecateOptions } from '../../cli/commands/deprecate/options.js'
import { run as deprecations } from '../../cli/commands/deprecations/index.js'
import { DEPRECATIONS_FLAGS, deprecationsOptions } from '../../cli/commands/deprecations/options.js'
import type { CommandContext } from '../../cli/context.js'
import { UsageError } from '../../cli/errors.js'
import { fixedClock } from '../../broker/shared/clock.js'
import { BrokerApiError } from '../../lib/errors.js'
import { quietCommandContext } from '../support/cli-context.js'
import { DATABASES } from '../support/databases.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const declare = (argv: string[], env: Record<string, string> = {}) => deprecateOptions(parseArgs(argv, DEPRECATE_FLAGS), env)

describe('concord deprecate / deprecations: argv → options', () => {
  it('reads an operation, a field, a query parameter and a message', () => {
    expect(
      declare([
        '--provider',
        'api',
        '--operation',
        'get /users/{id}',
        '--deprecated-in',
        '2.0.0',
        '--sunset',
        '2027-01-31',
        '--removed-in',
        '3.0.0',
        '--replacement',
        'GET /v2/users/{id}',
      ]),
    ).toEqual({
      actor: undefined,
      declaration: {
        provider: 'api',
        body: {
          kind: 'operation',
          method: 'GET',
          path: '/users/{id}',
          deprecatedIn: '2.0.0',
          sunset: '2027-01-31',
          removedIn: '3.0.0',
          replacement: 'GET /v2/users/{id}',
        },
      },
    })
    expect(
      declare(['--provider', 'api', '--operation', 'GET /users/{id}', '--field', '/address/street', '--deprecated-in', '2.0.0', '--sunset', '2027-01-31'])
        .declaration!.body,
    ).toMatchObject({ kind: 'field', pointer: '/address/street' })
    expect(
      declare([
        '--provider',
        'api',
        '--operation',
        'GET /users',
        '--field',
        'sort',
        '--location',
        'query',
        '--deprecated-in',
        '2.0.0',
        '--sunset',
        '2027-01-31',
      ]).declaration!.body,
    ).toMatchObject({ pointer: '/sort', location: 'query' })
    expect(
      declare(['--provider', 'api', '--message', 'a user event', '--deprecated-in', '2.0.0', '--sunset', '2027-01-31'], { CONCORD_ACTOR: 'ci-bot' }),
    ).toMatchObject({ actor: 'ci-bot', declaration: { body: { kind: 'message', description: 'a user event' } } })
    expect(declare(['--withdraw', 'abc', '--actor', 'alice'])).toEqual({ actor: 'alice', withdraw: 'abc' })
    expect(deprecationsOptions(parseArgs(['--provider', 'api'], DEPRECATIONS_FLAGS), {})).toEqual({ provider: 'api' })
  })

  it('is in the command table, with the broker connection from flags or environment', async () => {
    const argv = ['--provider', 'api', '--message', 'm', '--deprecated-in', '1.0.0', '--sunset', '2027-01-01', '--broker-url', 'http://broker.example']
    expect(parseInvocation(['deprecate', ...argv], {})).toMatchObject({
      connection: { baseUrl: 'http://broker.example' },
      options: { declaration: { provider: 'api' } },
    })
    expect(parseInvocation(['deprecations', '--consumer', 'web'], { CONCORD_BROKER_URL: 'http://env.example' })).toMatchObject({
      connection: { baseUrl: 'http://env.example' },
      options: { consumer: 'web' },
    })
    expect(typeof (await COMMANDS.find((c) => c.name === 'deprecations')!.load()).run).toBe('function')
  })

  it.each([
    [['--operation', 'GET /x', '--deprecated-in', '1.0.0', '--sunset', '2027-01-01'], '--provider is required'],
    [['--provider', 'api', '--deprecated-in', '1.0.0', '--sunset', '2027-01-01'], 'Say what is deprecated'],
    [['--provider', 'api', '--operation', '/users', '--deprecated-in', '1.0.0', '--sunset', '2027-01-01'], 'a method and a path template'],
    [['--provider', 'api', '--operation', 'GET /x', '--message', 'm', '--deprecated-in', '1.0.0', '--sunset', '2027-01-01'], 'not both'],
    [
      ['--provider', 'api', '--operation', 'GET /x', '--location', 'body', '--field', '/a', '--deprecated-in', '1.0.0', '--sunset', '2027-01-01'],
      "--location must be response, request or query, not 'body'",
    ],
    [['--provider', 'api', '--operation', 'GET /x', '--sunset', '2027-01-01'], '--deprecated-in is required'],
    [['--withdraw', 'abc', '--provider', 'api'], '--withdraw takes only'],
  ])('refuses %j', (argv, message) => {
    expect(() => declare(argv)).toThrow(UsageError)
    expect(() => declare(argv)).toThrow(message)
  })
})

for (const database of DATABASES) {
  describe(`concord deprecate / deprecations against a broker (${database.name})`, () => {
    let broker: TestBroker
    let ctx: CommandContext
    beforeAll(async () => {
      broker = await startTestBroker(database, { clock: fixedClock('2026-11-22T10:00:00Z') })
      ctx = quietCommandContext({ brokerUrl: broker.url })
      await td(broker)
        .publishPact({
          consumer: 'web',
          consumerVersion: '1.0.0',
          provider: 'user-api',
          branch: 'main',
          interactions: [{ description: 'get a user', request: { method: 'GET', path: '/users/42' }, response: { status: 200, body: { id: 42 } } }],
        })
        .recordDeployment('web', '1.0.0', 'production')
    })
    afterAll(() => broker?.close())

    it('says a removal is scheduled, not done, until a version without the item runs in production', async () => {
      // order-api 3.0.0 (the version that removes the item) is published long before the sunset.
      await td(broker).branch('order-api', 'main', '2.1.0').branch('order-api', 'main', '3.0.0').createEnvironment('staging')
      const declared = await deprecate(
        {
          ...declare(['--provider', 'order-api', '--operation', 'GET /orders', '--deprecated-in', '2.1.0', '--sunset', '2027-06-30', '--removed-in', '3.0.0']),
        },
        ctx,
      )
      expect(declared.data).toMatchObject({ phase: 'deprecated' })
      expect(declared.text).toContain('  deprecated since 2.1.0; sunset 2027-06-30; removal scheduled in 3.0.0, which is published but not yet in production')
      expect(declared.text).not.toContain('removed')

      const uuid = (declared.data as { uuid: string }).uuid
      const read = async () => (await fetch(`${broker.url}/deprecations/${uuid}`).then((r) => r.json())) as { phase: string; phaseDescription: string }
      await td(broker).recordDeployment('order-api', '3.0.0', 'staging')
      expect(await read()).toMatchObject({ phase: 'deprecated' })
      expect((await read()).phaseDescription).toMatch(
        /^deprecated since 2\.1\.0; sunset 2027-06-30; removed in staging since \d{4}-\d{2}-\d{2} \(3\.0\.0\); removal scheduled in 3\.0\.0, which is published but not yet in production$/,
      )
      await td(broker).recordDeployment('order-api', '2.1.0', 'production').recordDeployment('order-api', '3.0.0', 'production')
      expect(await read()).toMatchObject({ phase: 'removed' })
      expect((await read()).phaseDescription).toMatch(
        /^removed in production since \d{4}-\d{2}-\d{2} \(3\.0\.0\), staging since \d{4}-\d{2}-\d{2} \(3\.0\.0\)$/,
      )
    })

    it('declares, shows the timeline and the consumer view, and withdraws', async () => {
      const declared = await deprecate(
        {
          ...declare([
            '--provider',
            'user-api',
            '--operation',
            'GET /users/{id}',
            '--deprecated-in',
            '2.0.0',
            '--sunset',
            '2027-01-31',
            '--removed-in',
            '3.0.0',
            '--replacement',
            'GET /v2/users/{id}',
            '--actor',
            'alice',
          ]),
        },
        ctx,
      )
      expect(declared.data).toMatchObject({ provider: 'user-api', item: 'GET /users/{id}', phase: 'announced', daysToSunset: 70, removedIn: '3.0.0' })
      expect(declared.text).toContain('Declared: user-api deprecates GET /users/{id}')
      expect(declared.text).toContain(
        'deprecated in 2.0.0, sunset 2027-01-31 (in 70 days)\n  announced: 2.0.0, the version that deprecates it, is not published yet; removal scheduled in 3.0.0',
      )

      const timeline = await deprecations({ provider: 'user-api' }, ctx)
      expect(timeline.text.split('\n')).toEqual([
        'ITEM             PHASE      SUNSET                   REMOVED IN  STILL USED BY',
        'GET /users/{id}  announced  2027-01-31 (in 70 days)  3.0.0       production: web 1.0.0 | main: web 1.0.0',
      ])
      const inUse = await deprecations({ consumer: 'web' }, ctx)
      expect(inUse.text).toContain(
        'user-api  GET /users/{id}  announced  2027-01-31 (in 70 days)  1.0.0 (deployed to production, main branch (main))  GET /v2/users/{id}',
      )
      expect(inUse.text).toContain("Deprecated: web uses GET /users/{id} of user-api (interaction 'get a user')")

      const uuid = (declared.data as { uuid: string }).uuid
      const withdrawn = await deprecate({ actor: 'bob', withdraw: uuid }, ctx)
      expect(withdrawn.text).toBe('Withdrew the deprecation of GET /users/{id} (user-api); its history is kept.')
      const history: any = await fetch(`${broker.url}/deprecations/${uuid}/history`).then((r) => r.json())
      expect(history.history.map((h: any) => [h.action, h.actor])).toEqual([
        ['created', 'alice'],
        ['withdrawn', 'bob'],
      ])
      expect((await deprecations({ consumer: 'web' }, ctx)).text).toBe('Nothing web uses is deprecated.')
    })

    it("surfaces the broker's field errors", async () => {
      const failure = await deprecate(
        { ...declare(['--provider', 'user-api', '--operation', 'GET /users/{id', '--deprecated-in', '2.0.0', '--sunset', '2027-01-31']) },
        ctx,
      ).catch((e: unknown) => e)
      expect(failure).toBeInstanceOf(BrokerApiError)
      expect((failure as BrokerApiError).message).toContain("is not a valid path template: it has a '{' without a matching '}'")
    })
  })
}
