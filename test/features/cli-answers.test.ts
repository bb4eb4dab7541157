/**
 * Issue 17's CLI items against a real broker (the commands in-process, through the real client): semver-range
 * selectors, --fail-on-sunset, errors in plain words, an unknown environment listing the existing ones, and
 * `concord diff` checking the consumer versions deployed in each environment, not only the latest pacts.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../broker/shared/clock.js'
import { run as canIDeploy } from '../../cli/commands/can-i-deploy/index.js'
import { run as diff } from '../../cli/commands/diff/index.js'
import type { CommandContext } from '../../cli/context.js'
import { parseInvocation } from '../../cli/invocation.js'
import { errorReport } from '../../cli/output/errors.js'
import { createStyle } from '../../cli/output/style.js'
import { BrokerApiError, ConfigurationError } from '../../lib/errors.js'
import { quietCommandContext } from '../support/cli-context.js'
import { DATABASES } from '../support/databases.js'
import { post, put } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const usersV1 = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/openapi/users-1.0.0.yaml'), 'utf8')
// 2.1.0 drops `email` from the user: breaking for a consumer that reads it
const usersV2 = usersV1.replace('required: [name, email, status]', 'required: [name, status]').replace(/\n {12}email: \{ type: string, format: email \}/, '')

const getUser = (body: Record<string, unknown>) => [
  {
    description: 'get a user',
    request: { method: 'GET', path: '/users/1' },
    response: { status: 200, headers: { 'Content-Type': 'application/json' }, body },
  },
]

const options = (argv: string[]) => parseInvocation(argv, {}).options as never

for (const database of DATABASES) {
  describe(`concord can-i-deploy / diff answers (${database.name})`, () => {
    let broker: TestBroker
    let ctx: CommandContext
    beforeAll(async () => {
      // 2026-11-22: a week after the sunset declared below
      broker = await startTestBroker(database, { clock: fixedClock('2026-11-22T10:00:00Z') })
      ctx = quietCommandContext({ brokerUrl: broker.url })
      // web 1.0.0 reads the user's email and runs in production against users 2.0.0; web 1.1.0 (its latest) does not
      await td(broker)
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', branch: 'main', interactions: getUser({ id: 1, email: 'a@b.co' }) })
        .verify({ provider: 'users', providerVersion: '2.0.0', consumer: 'web', consumerVersion: '1.0.0', branch: 'main', success: true })
        .publishPact({ consumer: 'web', consumerVersion: '1.1.0', provider: 'users', branch: 'main', interactions: getUser({ id: 1 }) })
        .recordDeployment('users', '2.0.0', 'production')
        .recordDeployment('web', '1.0.0', 'production')
      expect((await put(`${broker.url}/pacticipants/users/versions/2.0.0/provider-contract`, { content: usersV1, branch: 'main' })).status).toBe(201)
      expect((await put(`${broker.url}/pacticipants/users/versions/2.1.0/provider-contract`, { content: usersV2, branch: 'main' })).status).toBe(201)
    })
    afterAll(() => broker?.close())

    it('can-i-deploy --semver RANGE asks about the highest version in the range', async () => {
      const tilde = await canIDeploy(options(['can-i-deploy', '-a', 'web', '--semver', '~1.0.0', '--to-environment', 'production']), ctx)
      expect(tilde.exitCode).toBe(0)
      expect(tilde.data).toMatchObject({ answer: 'yes', integrations: [{ consumer: { name: 'web', version: '1.0.0' }, provider: { version: '2.0.0' } }] })
      const caret = await canIDeploy(options(['can-i-deploy', '-a', 'web', '--semver', '^1.0.0', '--to-environment', 'production']), ctx)
      expect(caret.data).toMatchObject({ integrations: [{ consumer: { name: 'web', version: '1.1.0' } }] })
    })

    it('can-i-deploy --fail-on-sunset says no where a version uses an item past its sunset; without it, a warning', async () => {
      const declared = await post(`${broker.url}/pacticipants/users/deprecations`, {
        kind: 'operation',
        method: 'GET',
        path: '/users/{id}',
        // a version not recorded yet: the broker would refuse a sunset before a recorded deprecatedIn version
        deprecatedIn: '1.9.0',
        sunset: '2026-11-15',
      })
      expect(declared.status, JSON.stringify(declared.body)).toBe(201)
      const argv = ['can-i-deploy', '-a', 'web', '-e', '1.0.0', '--to-environment', 'production']
      const warned = await canIDeploy(options(argv), ctx)
      expect(warned.exitCode).toBe(0)
      expect(warned.text).toContain('web 1.0.0 uses GET /users/{id}')
      const refused = await canIDeploy(options([...argv, '--fail-on-sunset']), ctx)
      expect(refused.exitCode).toBe(1)
      expect(refused.data).toMatchObject({ deployable: false })
      expect(refused.text).toContain('whose sunset was 2026-11-15 (7 days ago)')
      expect((await canIDeploy(options([...argv, '--fail-on-sunset=false']), ctx)).exitCode).toBe(0)
    })

    it('an unknown environment lists the ones that exist', async () => {
      const failure = await canIDeploy(options(['can-i-deploy', '-a', 'web', '-e', '1.0.0', '--to-environment', 'prod']), ctx).catch((e: unknown) => e)
      expect(failure).toBeInstanceOf(ConfigurationError)
      expect((failure as Error).message).toBe(
        "No environment named 'prod' exists on the broker (it has: production, test). Create it with: concord environment create --name prod",
      )
    })

    it('says what is wrong and what to fix without JSON pointers', async () => {
      const failure = await canIDeploy(options(['can-i-deploy', '-a', 'nosuch', '-e', '1', '--to-environment', 'production']), ctx).catch((e: unknown) => e)
      expect(failure).toBeInstanceOf(BrokerApiError)
      const report = errorReport(failure, { style: createStyle(false), verbose: false, command: 'can-i-deploy', version: 'test' })
      expect(report.exitCode).toBe(2)
      expect(report.lines.join('\n')).toBe(
        "error: Pacticipant nosuch not found: check the 1st --pacticipant ('concord pacticipant list' shows the applications the broker knows).",
      )
      expect(JSON.stringify(report.json)).not.toContain('"message":"#/')
    })

    it('diff names the consumer versions deployed in each environment that a change breaks, not only the latest pacts', async () => {
      const result = await diff(options(['diff', '--pacticipant', 'users', '2.0.0', '2.1.0', '--fail-on-breaking']), ctx)
      expect(result.exitCode).toBe(1)
      expect(result.data).toMatchObject({
        brokenConsumers: ['web 1.0.0'],
        consumerVersions: [
          { label: 'web 1.1.0', latest: true, environments: [] },
          { label: 'web 1.0.0', latest: false, environments: [{ name: 'production', deployed: true, released: false }] },
        ],
      })
      expect(result.text).toContain('`email` was removed — used by web 1.0.0 (deployed in production)')
      expect(result.text).toContain('Checked against the pacts of: web 1.1.0 (latest), web 1.0.0 (deployed in production)')
    })
  })
}
