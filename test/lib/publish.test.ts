/**
 * publishContracts against a real broker, side by side with the official CLI (`pact-broker publish`, the Rust
 * binary from @pact-foundation/pact-cli): a pact file written by our consumer DSL is published by both, and the
 * broker stores one pact version (same content SHA) for the two publications.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrokerApiError, ConfigurationError, publishContracts } from '../../lib/index.js'
import { DATABASES } from '../support/databases.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { interactions, usersContract } from '../../docs/examples/web/users.contract.js'

process.env.PACT_DO_NOT_TRACK = 'true'
const run = promisify(execFile)
const pactBrokerCli = path.resolve('node_modules/.bin/pact-broker')

let pactDir: string
beforeAll(async () => {
  pactDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-publish-'))
  const users = usersContract(pactDir)
  for (const interaction of Object.values(interactions)) await interaction(users)
})
afterAll(() => fs.rmSync(pactDir, { recursive: true, force: true }))

for (const database of DATABASES) {
  describe(`publishContracts (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
    })
    afterAll(async () => broker?.close())

    it('publishes what the official CLI publishes: one stored pact version for both publications', async () => {
      const cli = await run(pactBrokerCli, ['publish', pactDir, '--consumer-app-version', '1.0.0', '--branch', 'main', '--broker-base-url', broker.url], {
        env: { ...process.env, PACT_DO_NOT_TRACK: 'true' },
      })
      expect(cli.stdout).toContain('Pact successfully published for web version 1.0.0 and provider users')

      const ours = await publishContracts({
        brokerUrl: broker.url,
        pactDir,
        version: '1.0.1',
        branch: 'main',
        tags: ['dev'],
        buildUrl: 'https://ci.example/builds/7',
        env: {},
      })
      expect(ours).toMatchObject({
        version: '1.0.1',
        versionSource: 'explicit',
        branch: 'main',
        tags: ['dev'],
        buildUrl: 'https://ci.example/builds/7',
        warnings: [],
      })
      expect(ours.contracts).toEqual([{ consumer: 'web', provider: 'users', file: path.join(pactDir, 'web-users.json') }])
      expect(ours.notices.map((n) => n.text).join('\n')).toContain('Pact successfully published for web version 1.0.1 and provider users')

      const rows = await broker.deps.db
        .selectFrom('pact_publications')
        .innerJoin('versions', 'versions.id', 'pact_publications.consumer_version_id')
        .innerJoin('pact_versions', 'pact_versions.id', 'pact_publications.pact_version_id')
        .select(['versions.number', 'pact_versions.sha'])
        .orderBy('versions.number')
        .execute()
      expect(rows.map((r) => r.number)).toEqual(['1.0.0', '1.0.1'])
      expect(rows[0]!.sha).toBe(rows[1]!.sha)

      const version = (await fetch(`${broker.url}/pacticipants/web/versions/1.0.1`).then((r) => r.json())) as { buildUrl?: string }
      expect(version.buildUrl).toBe('https://ci.example/builds/7')
      expect(JSON.stringify(version)).toContain('dev')
    })

    it("surfaces the broker's refusal as a BrokerApiError with its message (different content for a published version)", async () => {
      const changed = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-publish-changed-'))
      try {
        const pact = JSON.parse(fs.readFileSync(path.join(pactDir, 'web-users.json'), 'utf8'))
        pact.interactions = pact.interactions.slice(1)
        fs.writeFileSync(path.join(changed, 'web-users.json'), JSON.stringify(pact))
        const error = await publishContracts({ brokerUrl: broker.url, pactDir: changed, version: '1.0.0', env: {} }).then(
          () => null,
          (e: unknown) => e,
        )
        expect(error).toBeInstanceOf(BrokerApiError)
        expect((error as BrokerApiError).status).toBe(409)
        expect((error as BrokerApiError).message).toContain('web version 1.0.0')
      } finally {
        fs.rmSync(changed, { recursive: true, force: true })
      }
    })

    it('outside a git checkout refuses to publish the bare package.json version, as concord publish refuses, and warns when no branch is known', async () => {
      const project = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-no-git-'))
      try {
        fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'web', version: '3.0.0' }))
        fs.cpSync(pactDir, path.join(project, 'pacts'), { recursive: true })
        const error = await publishContracts({ brokerUrl: broker.url, cwd: project, env: {} }).then(
          () => null,
          (e: unknown) => e,
        )
        expect(error).toBeInstanceOf(ConfigurationError)
        expect((error as Error).message).toContain('package.json says 3.0.0, but')
        expect((error as Error).message).toContain('is not inside a git checkout')
        expect((error as Error).message).toContain('Pass `version` or set CONCORD_APP_VERSION')
        expect((await fetch(`${broker.url}/pacticipants/web/versions/3.0.0`)).status).toBe(404)

        const published = await publishContracts({ brokerUrl: broker.url, cwd: project, env: { CONCORD_APP_VERSION: '3.0.0+build.7' } })
        expect(published).toMatchObject({ version: '3.0.0+build.7', versionSource: 'environment', branch: null })
        expect(published.warnings).toEqual([
          'No branch for version 3.0.0+build.7: none was passed, set (CONCORD_APP_BRANCH or a CI variable) or found in git, so providers selecting pacts by branch (mainBranch, branch) will not see these contracts. Pass `branch` or set CONCORD_APP_BRANCH.',
        ])
      } finally {
        fs.rmSync(project, { recursive: true, force: true })
      }
    })

    it('says what is missing: no broker URL, no pact files', async () => {
      await expect(publishContracts({ pactDir, version: '1', env: {} })).rejects.toThrow(
        'publishContracts needs the broker URL: pass `brokerUrl` or set CONCORD_BROKER_URL',
      )
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-empty-'))
      try {
        await expect(publishContracts({ brokerUrl: broker.url, pactDir: empty, version: '1', env: {} })).rejects.toThrow(ConfigurationError)
      } finally {
        fs.rmSync(empty, { recursive: true, force: true })
      }
    })
  })
}
