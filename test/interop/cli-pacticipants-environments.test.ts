/**
 * The official broker CLI (`pact-broker` from @pact-foundation/pact-cli) managing pacticipants, versions,
 * branches, tags, environments, deployments and releases on our broker, on every database: each command's exit
 * code and output, and what the broker stored afterwards.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const cli = path.join(root, 'node_modules/.bin/pact-broker')

interface Run {
  code: number
  stdout: string
  stderr: string
}

function pactBroker(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cli, args, { env: { ...process.env, PACT_DO_NOT_TRACK: 'true', PACT_BROKER_HTTP_RETRIES: '1' }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

const SPACED = '1.0 beta'
const BUILD = '1.0.0+build.7'

for (const database of DATABASES) {
  describe(`pact-broker CLI: pacticipants, versions, environments, deployments, releases (${database.name})`, () => {
    let broker: TestBroker
    let run: (...args: string[]) => Promise<Run>
    const app = (rest = '') => `${broker.url}/pacticipants/My%20App${rest}`
    const ok = (r: Run) => expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0)
    let uat: string

    beforeAll(async () => {
      broker = await startTestBroker(database)
      run = (...args) => pactBroker([...args, '-b', broker.url])
    })
    afterAll(() => broker?.close())

    it('create-or-update-pacticipant creates, then updates', async () => {
      const created = await run('create-or-update-pacticipant', '--name', 'My App', '--main-branch', 'main', '--repository-url', 'https://git.example/my-app')
      ok(created)
      expect(created.stdout).toContain("Pacticipant 'My App' created successfully")
      expect((await get(app())).body).toMatchObject({ name: 'My App', displayName: 'My App', mainBranch: 'main', repositoryUrl: 'https://git.example/my-app' })

      const updated = await run('create-or-update-pacticipant', '--name', 'My App', '--display-name', 'Mine')
      ok(updated)
      expect(updated.stdout).toContain("Pacticipant 'My App' updated successfully")
      expect((await get(app())).body).toMatchObject({ displayName: 'Mine', mainBranch: 'main', repositoryUrl: 'https://git.example/my-app' })
    })

    it('describe-pacticipant and list-pacticipants show what is stored', async () => {
      ok(await run('create-or-update-pacticipant', '--name', 'billing'))
      const described = await run('describe-pacticipant', '--name', 'My App')
      ok(described)
      expect(described.stdout).toMatch(/Display Name: Mine/)
      expect(described.stdout).toMatch(/Main Branch: main/)
      expect(described.stdout).toMatch(/Repo URL: https:\/\/git.example\/my-app/)

      const missing = await run('describe-pacticipant', '--name', 'nobody')
      expect(missing.code).not.toBe(0)
      expect(missing.stdout + missing.stderr).toContain('404')

      const listed = await run('list-pacticipants')
      ok(listed)
      expect(listed.stdout).toMatch(/My App.*Mine/)
      expect(listed.stdout).toMatch(/billing.*Billing/)
    })

    it('create-environment, list-environments and describe-environment', async () => {
      const created = await run('create-environment', '--name', 'uat', '--display-name', 'UAT')
      ok(created)
      uat = /UUID ([0-9a-f-]{36})/.exec(created.stdout)![1]!
      expect((await get(`${broker.url}/environments/${uat}`)).body).toMatchObject({ name: 'uat', displayName: 'UAT', production: false })

      const listed = await run('list-environments')
      ok(listed)
      for (const name of ['production', 'test', 'uat']) expect(listed.stdout).toContain(name)

      const described = await run('describe-environment', '--uuid', uat)
      ok(described)
      expect(described.stdout).toContain('Name: uat')
      expect(described.stdout).toContain('Display Name: UAT')
    })

    it('create-or-update-version with a version containing a space, and with +build metadata on a branch with a tag', async () => {
      const spaced = await run('create-or-update-version', '--pacticipant', 'My App', '--version', SPACED)
      ok(spaced)
      expect((await get(app(`/versions/${encodeURIComponent(SPACED)}`))).body.number).toBe(SPACED)

      const built = await run('create-or-update-version', '--pacticipant', 'My App', '--version', BUILD, '--branch', 'main', '--tag', 'dev')
      ok(built)
      const version = (await get(app(`/versions/${encodeURIComponent(BUILD)}`))).body
      expect(version._embedded.branchVersions.map((b: any) => b.name)).toEqual(['main'])
      expect(version._embedded.tags.map((t: any) => t.name)).toEqual(['dev'])
    })

    it('create-version-tag tags an existing version; describe-version shows the latest with its tags', async () => {
      const tagged = await run('create-version-tag', '--pacticipant', 'My App', '--version', BUILD, '--tag', 'prod')
      ok(tagged)
      expect((await get(app(`/versions/${encodeURIComponent(BUILD)}/tags/prod`))).status).toBe(200)
      expect((await get(app('/latest-version/prod'))).body.number).toBe(BUILD)

      const described = await run('describe-version', '--pacticipant', 'My App')
      ok(described)
      expect(described.stdout).toContain(BUILD)
      expect(described.stdout).toMatch(/dev, prod/)
    })

    it('record-deployment with and without --application-instance, then record-undeployment of each', async () => {
      const plain = await run('record-deployment', '--pacticipant', 'My App', '--version', SPACED, '--environment', 'uat')
      ok(plain)
      expect(plain.stdout).toContain('Recorded deployment of My App version 1.0 beta to uat environment')
      const blue = await run('record-deployment', '--pacticipant', 'My App', '--version', BUILD, '--environment', 'uat', '--application-instance', 'blue')
      ok(blue)
      const current = async () =>
        (await get(`${broker.url}/environments/${uat}/deployed-versions/currently-deployed?pacticipant=My%20App`)).body._embedded.deployedVersions.map(
          (d: any) => [d._embedded.version.number, d.applicationInstance ?? null],
        )
      expect(await current()).toEqual([
        [SPACED, null],
        [BUILD, 'blue'],
      ])

      const wrong = await run('record-deployment', '--pacticipant', 'My App', '--version', SPACED, '--environment', 'nowhere')
      expect(wrong.code).not.toBe(0)
      expect(wrong.stdout).toContain('Environment nowhere does not exist')

      const undeployed = await run('record-undeployment', '--pacticipant', 'My App', '--environment', 'uat')
      ok(undeployed)
      expect(await current()).toEqual([[BUILD, 'blue']])
      const undeployedBlue = await run('record-undeployment', '--pacticipant', 'My App', '--environment', 'uat', '--application-instance', 'blue')
      ok(undeployedBlue)
      expect(await current()).toEqual([])
      const history = await broker.database.db.selectFrom('deployed_versions').select(['application_instance', 'undeployed_at']).orderBy('id').execute()
      expect(history.map((h) => [h.application_instance, h.undeployed_at !== null])).toEqual([
        ['', true],
        ['blue', true],
      ])
    })

    it('record-release, then record-support-ended', async () => {
      const released = await run('record-release', '--pacticipant', 'My App', '--version', SPACED, '--environment', 'uat')
      ok(released)
      expect(released.stdout).toContain('Recorded release of My App version 1.0 beta to uat environment')
      const supported = async () =>
        (await get(`${broker.url}/environments/${uat}/released-versions/currently-supported`)).body._embedded.releasedVersions.map(
          (r: any) => r._embedded.version.number,
        )
      expect(await supported()).toEqual([SPACED])

      const ended = await run('record-support-ended', '--pacticipant', 'My App', '--version', SPACED, '--environment', 'uat')
      ok(ended)
      expect(await supported()).toEqual([])
      const row = await broker.database.db.selectFrom('released_versions').select('support_ended_at').executeTakeFirstOrThrow()
      expect(row.support_ended_at).toBeInstanceOf(Date)
    })

    it('delete-branch removes the branch but keeps its versions', async () => {
      const deleted = await run('delete-branch', '--pacticipant', 'My App', '--branch', 'main')
      ok(deleted)
      expect(deleted.stdout).toContain("Successfully deleted branch 'main'")
      expect((await get(app('/branches/main'))).status).toBe(404)
      expect((await get(app(`/versions/${encodeURIComponent(BUILD)}`))).body._embedded.branchVersions).toEqual([])

      const again = await run('delete-branch', '--pacticipant', 'My App', '--branch', 'main')
      expect(again.stdout + again.stderr).toContain('not found')
    })
  })
}
