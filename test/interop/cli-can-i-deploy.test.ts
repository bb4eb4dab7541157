/**
 * The official broker CLI (`pact-broker can-i-deploy`, pact-broker-cli 0.8.x from @pact-foundation/pact-cli)
 * against our broker: environments, --pacticipant/--version pairs, --latest, --output json, --retry-while-unknown.
 * Exit codes and printed output are asserted. Note: with `--output json` the 0.8.x CLI exits 0 whatever the answer.
 */
import { execFile, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const PACT_BROKER = fileURLToPath(new URL('../../node_modules/.bin/pact-broker', import.meta.url))

interface CliResult {
  code: number
  stdout: string
  stderr: string
}

function canIDeploy(broker: TestBroker, args: string[], started?: (child: ChildProcess) => void): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      PACT_BROKER,
      ['can-i-deploy', '--broker-base-url', broker.url, ...args],
      { env: { ...process.env, PACT_DO_NOT_TRACK: 'true' }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as NodeJS.ErrnoException).code ?? 1) : 0, stdout, stderr }),
    )
    started?.(child)
  })
}

for (const database of DATABASES) {
  describe(`official CLI can-i-deploy (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
      await td(broker)
        // Web 1.0.0 → Users: verified by Users 2.0.0 (in production)
        .publishPact({ consumer: 'Web', consumerVersion: '1.0.0', provider: 'Users', branch: 'main' })
        .verify({ provider: 'Users', providerVersion: '2.0.0', branch: 'main', success: true })
        .recordDeployment('Users', '2.0.0', 'production')
        // Web 1.1.0 → Users (new content): Users 2.0.0 fails it
        .publishPact({ consumer: 'Web', consumerVersion: '1.1.0', provider: 'Users', branch: 'main', interactions: 'a new interaction' })
        .verify({ provider: 'Users', providerVersion: '2.0.0', success: false })
        // Web 1.2.0 → Orders: Orders 5.0.0 verified it but is not in test yet
        .publishPact({ consumer: 'Web', consumerVersion: '1.2.0', provider: 'Orders' })
        .verify({ provider: 'Orders', providerVersion: '5.0.0', success: true })
        .createEnvironment('uat', { production: false })
    }, 120_000)
    afterAll(() => broker?.close())

    it('--to-environment: yes, exit 0, with the table', async () => {
      const res = await canIDeploy(broker, ['--pacticipant', 'Web', '--version', '1.0.0', '--to-environment', 'production'])
      expect(res.code).toBe(0)
      expect(res.stdout).toContain('Computer says yes')
      expect(res.stdout).toMatch(/Web\s+┆ 1\.0\.0\s+┆ Users\s+┆ 2\.0\.0\s+┆ true/)
      expect(res.stdout).toContain('All required verification results are published and successful')
    })

    it('--to-environment: no, exit 1, with the reason', async () => {
      const res = await canIDeploy(broker, ['--pacticipant', 'Web', '--version', '1.1.0', '--to-environment', 'production'])
      expect(res.code).toBe(1)
      expect(res.stdout).toContain('Computer says no')
      expect(res.stdout).toContain('The verification for the pact between version 1.1.0 of Web and the version of Users currently in production (2.0.0) failed')
    })

    it('--output json prints the response and exits 0 even when the answer is no (0.8.x)', async () => {
      const res = await canIDeploy(broker, ['--pacticipant', 'Web', '--version', '1.1.0', '--to-environment', 'production', '--output', 'json'])
      expect(res.code).toBe(0)
      const body = JSON.parse(res.stdout)
      expect(body.summary).toMatchObject({ deployable: false, failed: 1 })
      expect(body.matrix[0].verificationResult.success).toBe(false)
    })

    it('--pacticipant/--version pairs', async () => {
      const yes = await canIDeploy(broker, ['--pacticipant', 'Web', '--version', '1.0.0', '--pacticipant', 'Users', '--version', '2.0.0'])
      expect(yes.code).toBe(0)
      expect(yes.stdout).toContain('Computer says yes')
      const no = await canIDeploy(broker, ['--pacticipant', 'Web', '--version', '1.1.0', '--pacticipant', 'Users', '--version', '2.0.0'])
      expect(no.code).toBe(1)
      expect(no.stdout).toContain('The verification for the pact between version 1.1.0 of Web and version 2.0.0 of Users failed')
    })

    it('--latest uses the latest version and warns that a version number is safer', async () => {
      const res = await canIDeploy(broker, ['--pacticipant', 'Users', '--latest', '--to-environment', 'production'])
      expect(res.code).toBe(0)
      expect(res.stdout).toContain('WARN: It is recommended to specify the version number')
      expect(res.stdout).toContain('There are no missing dependencies')
    })

    it('unknown: exit 1 once --retry-while-unknown is used up', async () => {
      const res = await canIDeploy(broker, [
        '--pacticipant',
        'Web',
        '--version',
        '1.2.0',
        '--to-environment',
        'test',
        '--retry-while-unknown',
        '1',
        '--retry-interval',
        '1',
      ])
      expect(res.code).toBe(1)
      expect(res.stdout).toContain(
        'There is no verified pact between version 1.2.0 of Web and a version of Orders currently in test (no version is currently recorded as deployed/released in this environment)',
      )
    })

    it('--retry-while-unknown: yes once the verified provider version reaches the environment', async () => {
      let recorded: Promise<unknown> = Promise.resolve()
      const res = await canIDeploy(
        broker,
        ['--pacticipant', 'Web', '--version', '1.2.0', '--to-environment', 'uat', '--retry-while-unknown', '20', '--retry-interval', '1'],
        () => {
          // Deploy the verified provider version while the CLI is polling.
          recorded = new Promise((resolve) => setTimeout(resolve, 1500)).then(() => td(broker).recordDeployment('Orders', '5.0.0', 'uat'))
        },
      )
      await recorded
      expect(res.code).toBe(0)
      expect(res.stdout).toContain('Computer says yes')
    })

    it('an unknown pacticipant is a validation error the CLI prints', async () => {
      const res = await canIDeploy(broker, ['--pacticipant', 'Nope', '--version', '1.0.0', '--to-environment', 'production'])
      expect(res.code).toBe(1)
      expect(res.stdout + res.stderr).toContain('Pacticipant Nope not found')
    })
  })
}
