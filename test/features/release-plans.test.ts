/**
 * Release trains over HTTP (`GET /release-plan`), on PGlite and PostgreSQL: the scenarios of issue 21 — an additive
 * provider change (provider first, then consumer), a breaking change that needs both in one step, a three-service
 * chain, an impossible train with its reasons, a rollback that is unsafe because a consumer already depends on the
 * new field — and the multi-version can-i-deploy each step is judged with. Every scenario scopes its names
 * (`web` → `web-a`), so they share one broker per database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run as runPlan } from '../../cli/commands/plan/index.js'
import { parseInvocation } from '../../cli/invocation.js'
import { UsageError } from '../../cli/errors.js'
import { quietCommandContext } from '../support/cli-context.js'
import { DATABASES } from '../support/databases.js'
import { get } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

interface PlanBody {
  environment: string
  possible: boolean
  steps: {
    step: number
    versions: { pacticipant: string; version: string; replaces: string[] }[]
    deployable: boolean
    reasons: string[]
    rollback: { safe: boolean; reasons: string[] }
  }[]
  impossible: { versions: { pacticipant: string; version: string }[]; reasons: string[] }[]
}

const planUrl = (base: string, versions: [string, string][], environment = 'production') =>
  `${base}/release-plan?environment=${environment}&${versions.map(([p, v]) => `q[][pacticipant]=${encodeURIComponent(p)}&q[][version]=${encodeURIComponent(v)}`).join('&')}`
const names = (body: PlanBody) => body.steps.map((s) => s.versions.map((v) => `${v.pacticipant} ${v.version}`))

for (const database of DATABASES) {
  describe(`release plans (${database.name})`, () => {
    let broker: TestBroker
    const plan = async (versions: [string, string][]) => {
      const res = await get<PlanBody>(planUrl(broker.url, versions))
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body
    }

    beforeAll(async () => {
      broker = await startTestBroker(database)
      await td(broker)
        // a: additive. users-a 2.1.0 adds a field that web-a 1.4.0 reads; 2.1.0 still serves web-a 1.3.0.
        .publishPact({ consumer: 'web-a', consumerVersion: '1.3.0', provider: 'users-a', interactions: 'get a user' })
        .verify({ provider: 'users-a', providerVersion: '2.0.0', success: true })
        .verify({ provider: 'users-a', providerVersion: '2.1.0', success: true })
        .publishPact({ consumer: 'web-a', consumerVersion: '1.4.0', provider: 'users-a', interactions: 'get a user with a nickname' })
        .verify({ provider: 'users-a', providerVersion: '2.0.0', success: false })
        .verify({ provider: 'users-a', providerVersion: '2.1.0', success: true })
        .recordDeployment('web-a', '1.3.0', 'production')
        .recordDeployment('users-a', '2.0.0', 'production')
        // b: breaking. users-b 3.0.0 drops the field web-b 1.3.0 reads; web-b 1.4.0 needs 3.0.0's new endpoint.
        .publishPact({ consumer: 'web-b', consumerVersion: '1.3.0', provider: 'users-b', interactions: 'get a user with an email' })
        .verify({ provider: 'users-b', providerVersion: '2.0.0', success: true })
        .verify({ provider: 'users-b', providerVersion: '3.0.0', success: false })
        .publishPact({ consumer: 'web-b', consumerVersion: '1.4.0', provider: 'users-b', interactions: 'get a user profile' })
        .verify({ provider: 'users-b', providerVersion: '2.0.0', success: false })
        .verify({ provider: 'users-b', providerVersion: '3.0.0', success: true })
        .recordDeployment('web-b', '1.3.0', 'production')
        .recordDeployment('users-b', '2.0.0', 'production')
        // c: a chain ui-c → bff-c → core-c, each new version needing the next one's.
        .publishPact({ consumer: 'ui-c', consumerVersion: '1', provider: 'bff-c', interactions: 'ui v1' })
        .verify({ provider: 'bff-c', providerVersion: '1', success: true })
        .verify({ provider: 'bff-c', providerVersion: '2', success: true })
        .publishPact({ consumer: 'ui-c', consumerVersion: '2', provider: 'bff-c', interactions: 'ui v2' })
        .verify({ provider: 'bff-c', providerVersion: '1', success: false })
        .verify({ provider: 'bff-c', providerVersion: '2', success: true })
        .publishPact({ consumer: 'bff-c', consumerVersion: '1', provider: 'core-c', interactions: 'bff v1' })
        .verify({ provider: 'core-c', providerVersion: '1', success: true })
        .verify({ provider: 'core-c', providerVersion: '2', success: true })
        .publishPact({ consumer: 'bff-c', consumerVersion: '2', provider: 'core-c', interactions: 'bff v2' })
        .verify({ provider: 'core-c', providerVersion: '1', success: false })
        .verify({ provider: 'core-c', providerVersion: '2', success: true })
        .recordDeployment('ui-c', '1', 'production')
        .recordDeployment('bff-c', '1', 'production')
        .recordDeployment('core-c', '1', 'production')
        // d: impossible. web-d 1.4.0 fails against users-d 2.1.0 itself; users-d 2.1.0 breaks mobile-d 5.0.0 (released, not in the train).
        .publishPact({ consumer: 'web-d', consumerVersion: '1.4.0', provider: 'users-d', interactions: 'web d' })
        .verify({ provider: 'users-d', providerVersion: '2.1.0', success: false })
        .publishPact({ consumer: 'mobile-d', consumerVersion: '5.0.0', provider: 'users-d', interactions: 'mobile d' })
        .verify({ provider: 'users-d', providerVersion: '2.0.0', success: true })
        .verify({ provider: 'users-d', providerVersion: '2.1.0', success: false })
        .recordDeployment('users-d', '2.0.0', 'production')
        .recordRelease('mobile-d', '5.0.0', 'production')
        // e: the additive change of a, already out: web-e 1.4.0 depends on users-e 2.1.0's new field.
        .publishPact({ consumer: 'web-e', consumerVersion: '1.4.0', provider: 'users-e', interactions: 'get a user with a nickname' })
        .verify({ provider: 'users-e', providerVersion: '2.0.0', success: false })
        .verify({ provider: 'users-e', providerVersion: '2.1.0', success: true })
        .recordDeployment('users-e', '2.1.0', 'production')
        .recordDeployment('web-e', '1.4.0', 'production')
    }, 180_000)
    afterAll(() => broker?.close())

    it('an additive provider change: the provider first, then the consumer; rolling the provider back is unsafe', async () => {
      const body = await plan([
        ['web-a', '1.4.0'],
        ['users-a', '2.1.0'],
      ])
      expect(body.possible).toBe(true)
      expect(body.impossible).toEqual([])
      expect(names(body)).toEqual([['users-a 2.1.0'], ['web-a 1.4.0']])
      expect(body.steps[0]!.versions[0]!.replaces).toEqual(['2.0.0'])
      expect(body.steps.every((s) => s.deployable)).toBe(true)
      expect(body.steps[1]!.reasons).toEqual([
        'After step 1 (users-a 2.1.0): web-a 1.4.0 cannot go before users-a 2.1.0: The verification for the pact between version 1.4.0 of web-a and the version of users-a currently in production (2.0.0) failed',
      ])
      // The consumer already depends on the new field: going back to users-a 2.0.0 once web-a 1.4.0 is out breaks it.
      expect(body.steps[0]!.rollback).toEqual({
        safe: false,
        reasons: [
          'Rolling back step 1 once the train is out: The verification for the pact between version 1.4.0 of web-a and the version of users-a currently in production (2.0.0) failed',
        ],
      })
      expect(body.steps[1]!.rollback).toEqual({ safe: true, reasons: [] })
    })

    it('a breaking change: both versions in one step, with the reasons why', async () => {
      const body = await plan([
        ['web-b', '1.4.0'],
        ['users-b', '3.0.0'],
      ])
      expect(body.possible).toBe(true)
      expect(names(body)).toEqual([['web-b 1.4.0', 'users-b 3.0.0']])
      expect(body.steps[0]!.reasons).toEqual([
        'web-b 1.4.0, users-b 3.0.0 must go in the same step:',
        '  users-b 3.0.0 cannot go before web-b 1.4.0: The verification for the pact between the version of web-b currently in production (1.3.0) and version 3.0.0 of users-b failed',
        '  web-b 1.4.0 cannot go before users-b 3.0.0: The verification for the pact between version 1.4.0 of web-b and the version of users-b currently in production (2.0.0) failed',
      ])
      expect(body.steps[0]!.rollback.safe).toBe(true)
    })

    it('a three-service chain goes out from the bottom up', async () => {
      const body = await plan([
        ['ui-c', '2'],
        ['bff-c', '2'],
        ['core-c', '2'],
      ])
      expect(body.possible).toBe(true)
      expect(names(body)).toEqual([['core-c 2'], ['bff-c 2'], ['ui-c 2']])
      expect(body.steps.map((s) => s.rollback.safe)).toEqual([false, false, true])
    })

    it('an impossible train: no plan, and the reasons', async () => {
      const body = await plan([
        ['web-d', '1.4.0'],
        ['users-d', '2.1.0'],
      ])
      expect(body.possible).toBe(false)
      expect(body.impossible).toEqual([
        {
          versions: [
            { pacticipant: 'web-d', version: '1.4.0' },
            { pacticipant: 'users-d', version: '2.1.0' },
          ],
          reasons: ['The verification for the pact between version 1.4.0 of web-d and version 2.1.0 of users-d failed'],
        },
        {
          versions: [{ pacticipant: 'users-d', version: '2.1.0' }],
          reasons: ['The verification for the pact between the version of mobile-d currently in production (5.0.0) and version 2.1.0 of users-d failed'],
        },
      ])
      expect(body.steps.some((s) => !s.deployable)).toBe(true)
    })

    it('a version the broker never saw makes the train impossible; an unknown pacticipant or a repeated one is a 400', async () => {
      const body = await plan([['users-a', '9.9.9']])
      expect(body.possible).toBe(false)
      expect(body.impossible).toEqual([
        { versions: [{ pacticipant: 'users-a', version: '9.9.9' }], reasons: ['No pacts or verifications have been published for version 9.9.9 of users-a'] },
      ])
      const unknown = await get(planUrl(broker.url, [['nope', '1']]))
      expect(unknown.status).toBe(400)
      expect(unknown.body.errors).toEqual([{ pointer: '#/query/q/0/pacticipant', detail: 'Pacticipant nope not found' }])
      const twice = await get(
        planUrl(broker.url, [
          ['web-a', '1.4.0'],
          ['web-a', '1.3.0'],
        ]),
      )
      expect(twice.status).toBe(400)
      expect(twice.body.errors).toEqual([
        { pointer: '#/query/q/1/pacticipant', detail: 'web-a is named twice: a release train holds one version per application' },
      ])
      const noEnvironment = await get(`${broker.url}/release-plan?q[][pacticipant]=web-a&q[][version]=1.4.0`)
      expect(noEnvironment.status).toBe(400)
      expect(noEnvironment.body.errors[0].pointer).toBe('#/query/environment')
    })

    it('can-i-deploy with several versions judges the environment after all of them, each replacing its own', async () => {
      const together = await get(
        `${broker.url}/matrix?q[][pacticipant]=web-b&q[][version]=1.4.0&q[][pacticipant]=users-b&q[][version]=3.0.0&latestby=cvpv&environment=production`,
      )
      expect(together.body.summary).toMatchObject({ deployable: true, reason: 'All required verification results are published and successful' })
      const alone = await get(`${broker.url}/matrix?q[][pacticipant]=users-b&q[][version]=3.0.0&latestby=cvpv&environment=production`)
      expect(alone.body.summary.deployable).toBe(false)
    })

    it('rolling back is can-i-deploy of the version to go back to: unsafe once a consumer depends on the new field', async () => {
      const back = await get(`${broker.url}/can-i-deploy?pacticipant=users-e&version=2.0.0&environment=production`)
      expect(back.body.summary).toMatchObject({
        deployable: false,
        reason: 'The verification for the pact between the version of web-e currently in production (1.4.0) and version 2.0.0 of users-e failed',
      })
    })

    it('concord plan: exit 0 with a plan, 1 without one, 2 on bad input; --output json gives the plan', async () => {
      const ctx = quietCommandContext({ brokerUrl: broker.url })
      const options = (argv: string[]) => parseInvocation(['plan', '--to-environment', 'production', ...argv], {}).options as never
      const yes = await runPlan(options(['-a', 'web-a', '-e', '1.4.0', '-a', 'users-a', '-e', '2.1.0']), ctx)
      expect(yes.exitCode).toBe(0)
      expect(yes.data).toMatchObject({
        possible: true,
        steps: [
          { step: 1, versions: [{ pacticipant: 'users-a', version: '2.1.0', replaces: ['2.0.0'] }], rollback: { safe: false } },
          { step: 2, versions: [{ pacticipant: 'web-a', version: '1.4.0', replaces: ['1.3.0'] }], rollback: { safe: true } },
        ],
      })
      expect(yes.text).toContain('1. users-a 2.1.0 (replacing 2.0.0)  [rollback unsafe]')
      const no = await runPlan(options(['-a', 'web-d', '-e', '1.4.0', '-a', 'users-d', '-e', '2.1.0']), ctx)
      expect(no.exitCode).toBe(1)
      expect(no.text).toContain('Impossible:')
      expect(no.text).toContain('The verification for the pact between version 1.4.0 of web-d and version 2.1.0 of users-d failed')
      expect(() => options(['-a', 'web-a'])).toThrow(UsageError)
      expect(() => options(['-a', 'web-a', '-e', '1', '-a', 'web-a', '-e', '2'])).toThrow('web-a is named twice')
      expect(() => parseInvocation(['plan', '-a', 'web-a', '-e', '1'], {}).options).toThrow('--to-environment')
    })
  })
}
