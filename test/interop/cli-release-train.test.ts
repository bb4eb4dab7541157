/**
 * The official broker CLI (`pact-broker can-i-deploy`, pact-broker-cli 0.8.x from @pact-foundation/pact-cli) with
 * several --pacticipant/--version pairs and --to-environment, against our broker: the environment is judged as it
 * would be after all of them are deployed, each replacing its pacticipant's versions there, as the Pact Broker
 * judges it (only pacticipants not named are inferred from the environment). Exit codes and printed reasons are
 * asserted.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const PACT_BROKER = fileURLToPath(new URL('../../node_modules/.bin/pact-broker', import.meta.url))

function canIDeploy(broker: TestBroker, args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) =>
    execFile(
      PACT_BROKER,
      ['can-i-deploy', '--broker-base-url', broker.url, ...args],
      { env: { ...process.env, PACT_DO_NOT_TRACK: 'true' }, timeout: 90_000 },
      (error, stdout) => resolve({ code: error ? Number((error as NodeJS.ErrnoException).code ?? 1) : 0, stdout }),
    ),
  )
}

for (const database of DATABASES) {
  describe(`official CLI can-i-deploy with several versions (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
      // A breaking change: Users 3.0.0 drops what Web 1.3.0 reads; Web 1.4.0 needs Users 3.0.0. Mobile 5.0.0
      // (released, not part of the change) works with both Users versions; Admin 1.0.0 only with Users 2.0.0.
      await td(broker)
        .publishPact({ consumer: 'Web', consumerVersion: '1.3.0', provider: 'Users', interactions: 'email' })
        .verify({ provider: 'Users', providerVersion: '2.0.0', success: true })
        .verify({ provider: 'Users', providerVersion: '3.0.0', success: false })
        .publishPact({ consumer: 'Web', consumerVersion: '1.4.0', provider: 'Users', interactions: 'profile' })
        .verify({ provider: 'Users', providerVersion: '2.0.0', success: false })
        .verify({ provider: 'Users', providerVersion: '3.0.0', success: true })
        .publishPact({ consumer: 'Mobile', consumerVersion: '5.0.0', provider: 'Users', interactions: 'mobile' })
        .verify({ provider: 'Users', providerVersion: '2.0.0', success: true })
        .verify({ provider: 'Users', providerVersion: '3.0.0', success: true })
        .publishPact({ consumer: 'Admin', consumerVersion: '1.0.0', provider: 'Users', interactions: 'admin' })
        .verify({ provider: 'Users', providerVersion: '2.0.0', success: true })
        .verify({ provider: 'Users', providerVersion: '3.0.0', success: false })
        .recordDeployment('Web', '1.3.0', 'production')
        .recordDeployment('Users', '2.0.0', 'production')
        .recordRelease('Mobile', '5.0.0', 'production')
        .createEnvironment('staging', { production: false })
        .recordDeployment('Web', '1.3.0', 'staging')
        .recordDeployment('Users', '2.0.0', 'staging')
        .recordRelease('Mobile', '5.0.0', 'staging')
        .recordDeployment('Admin', '1.0.0', 'staging')
    }, 120_000)
    afterAll(() => broker?.close())

    /** can-i-deploy for the train of Web 1.4.0 and Users 3.0.0 together. */
    const canIDeployTrain = (environment: string) =>
      canIDeploy(broker, ['--pacticipant', 'Web', '--version', '1.4.0', '--pacticipant', 'Users', '--version', '3.0.0', '--to-environment', environment])

    it('each alone: no, because the other side in production is the old one', async () => {
      const web = await canIDeploy(broker, ['--pacticipant', 'Web', '--version', '1.4.0', '--to-environment', 'production'])
      expect(web.code).toBe(1)
      expect(web.stdout).toContain('The verification for the pact between version 1.4.0 of Web and the version of Users currently in production (2.0.0) failed')
      const users = await canIDeploy(broker, ['--pacticipant', 'Users', '--version', '3.0.0', '--to-environment', 'production'])
      expect(users.code).toBe(1)
      expect(users.stdout).toContain(
        'The verification for the pact between the version of Web currently in production (1.3.0) and version 3.0.0 of Users failed',
      )
    })

    it('together: yes — Web 1.3.0 is replaced, Mobile 5.0.0 still checked against Users 3.0.0', async () => {
      const res = await canIDeployTrain('production')
      expect(res.code).toBe(0)
      expect(res.stdout).toContain('Computer says yes')
      expect(res.stdout).toMatch(/Mobile\s+┆ 5\.0\.0\s+┆ Users\s+┆ 3\.0\.0\s+┆ true/)
      expect(res.stdout).toMatch(/Web\s+┆ 1\.4\.0\s+┆ Users\s+┆ 3\.0\.0\s+┆ true/)
      expect(res.stdout).not.toContain('1.3.0')
    })

    it('together, where a pacticipant not named (Admin 1.0.0 in staging) breaks: no, with its reason', async () => {
      const res = await canIDeployTrain('staging')
      expect(res.code).toBe(1)
      expect(res.stdout).toContain('The verification for the pact between the version of Admin currently in staging (1.0.0) and version 3.0.0 of Users failed')
    })
  })
}
