/**
 * The built `concord` CLI through a release pipeline, against a broker on PGlite: publish (explicit version,
 * CI variables, git), version tag, record-deployment / -undeployment / -release / -support-ended, matrix, and
 * can-i-deploy deployable / not deployable / unknown, --dry-run, --output json, and --retry-while-unknown
 * turning unknown into yes when a verification is published while it waits.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBrokerClient } from '../../lib/broker-client/index.js'
import { DATABASES } from '../support/databases.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { runCli, startCli, tempDir, writePact } from './run-cli.js'

const pglite = DATABASES.find((d) => d.name === 'pglite')!

describe('concord release flow (built CLI, broker on PGlite)', { timeout: 180_000 }, () => {
  let broker: TestBroker
  let env: Record<string, string>
  let work: string
  const verify = (consumerVersion: string, success: boolean) =>
    createBrokerClient({ baseUrl: broker.url }).publishVerificationResult({
      pactUrl: `${broker.url}/pacts/provider/users/consumer/web/version/${consumerVersion}`,
      success,
      providerApplicationVersion: '2.0.0',
    })

  beforeAll(async () => {
    broker = await startTestBroker(pglite)
    env = { CONCORD_BROKER_URL: broker.url }
    work = tempDir()
  })
  afterAll(async () => {
    await broker?.close()
  })

  it('publish: refuses without a version outside git, then publishes with one and prints the notices', async () => {
    writePact(path.join(work, 'pacts'), 'web', 'users', '/users/1')

    const noVersion = await runCli(['publish', 'pacts'], { env, cwd: work })
    expect(noVersion.code).toBe(2)
    expect(noVersion.stderr).toContain('error: No consumer version: pass --consumer-app-version VERSION')

    const missing = await runCli(['publish', 'nowhere', '-a', '1'], { env, cwd: work })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe('error: No such file or directory: nowhere\n')

    const published = await runCli(
      ['publish', 'pacts', '--consumer-app-version', '1.0.0', '--branch', 'main', '--tag', 'dev', '--build-url', 'http://ci.example.com/1'],
      { env, cwd: work },
    )
    expect(published.stderr).toBe('')
    expect(published.code).toBe(0)
    expect(published.stdout.split('\n')[0]).toBe('Published 1 pact(s) for web version 1.0.0 (branch main): users')
    expect(published.stdout).toMatch(/\n {2}.*web/) // the broker's notices, indented

    const again = await runCli(['publish', 'pacts/*.json', '-a', '1.0.0', '--branch', 'main', '-o', 'json'], { env, cwd: work })
    expect(again.code).toBe(0)
    const json = JSON.parse(again.stdout)
    expect(Object.keys(json).sort()).toEqual(['branch', 'branchSource', 'published', 'version', 'versionSource'])
    expect(json).toMatchObject({ version: '1.0.0', versionSource: '--consumer-app-version', branch: 'main', branchSource: '--branch' })
    expect(json.published).toEqual([
      expect.objectContaining({ consumer: 'web', version: '1.0.0', branch: 'main', providers: ['users'], files: [path.join(work, 'pacts', 'web-users.json')] }),
    ])
    expect(json.published[0].notices.length).toBeGreaterThan(0)

    const version = await createBrokerClient({ baseUrl: broker.url }).getVersion('web', '1.0.0')
    expect(version.buildUrl).toBe('http://ci.example.com/1')
    expect(JSON.stringify(version._embedded)).toContain('"dev"')
  })

  it('publish: takes the version and branch from CI variables, or from git, and says so', async () => {
    const ci = await runCli(['publish', 'pacts', '-o', 'json'], { env: { ...env, GITHUB_SHA: 'ci-sha-1', GITHUB_HEAD_REF: 'feat-ci' }, cwd: work })
    expect(ci.code).toBe(0)
    expect(ci.stderr).toBe(
      'Using consumer version ci-sha-1 from GITHUB_SHA (pass --consumer-app-version to choose)\nUsing branch feat-ci from GITHUB_HEAD_REF (pass --branch to choose)\n',
    )
    expect(JSON.parse(ci.stdout)).toMatchObject({ version: 'ci-sha-1', versionSource: 'GITHUB_SHA', branch: 'feat-ci', branchSource: 'GITHUB_HEAD_REF' })

    const repo = tempDir('concord-git-')
    writePact(path.join(repo, 'pacts'), 'web', 'users', '/users/1')
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
        cwd: repo,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      }).trim()
    git('init', '-q', '-b', 'feat-git')
    git('add', '.')
    git('commit', '-q', '-m', 'pacts')
    const sha = git('rev-parse', 'HEAD')
    const fromGit = await runCli(['publish', 'pacts'], { env, cwd: repo })
    expect(fromGit.code).toBe(0)
    expect(fromGit.stderr).toBe(
      `Using consumer version ${sha} from git rev-parse HEAD (pass --consumer-app-version to choose)\nUsing branch feat-git from git rev-parse --abbrev-ref HEAD (pass --branch to choose)\n`,
    )
    expect(fromGit.stdout.split('\n')[0]).toBe(`Published 1 pact(s) for web version ${sha} (branch feat-git): users`)
  })

  it('version tag: tags a known version, refuses an unknown one unless --auto-create-version', async () => {
    const tagged = await runCli(['version', 'tag', '-a', 'web', '-e', '1.0.0', '-t', 'rc', '-t', 'green'], { env })
    expect(tagged).toMatchObject({ code: 0, stdout: 'Tagged web version 1.0.0 with rc, green\n' })
    const unknown = await runCli(['version', 'tag', '--pacticipant', 'users', '--version', '2.0.0', '--tag', 'main'], { env })
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toBe('error: The broker has no version 2.0.0 of users: check the names, or pass --auto-create-version to create it.\n')
    const created = await runCli(['version', 'tag', '--pacticipant', 'users', '--version', '2.0.0', '--tag', 'main', '--auto-create-version', '-o', 'json'], {
      env,
    })
    expect(created.code).toBe(0)
    expect(JSON.parse(created.stdout)).toEqual({ pacticipant: 'users', version: '2.0.0', tags: ['main'] })
  })

  it('record-deployment and record-undeployment', async () => {
    const deployed = await runCli(['record-deployment', '--pacticipant', 'users', '--version', '2.0.0', '--environment', 'production'], { env })
    expect(deployed).toMatchObject({ code: 0, stdout: 'Recorded deployment of users version 2.0.0 to production.\n', stderr: '' })

    const badEnv = await runCli(['record-deployment', '-a', 'users', '-e', '2.0.0', '--environment', 'prodd'], { env })
    expect(badEnv.code).toBe(2)
    expect(badEnv.stderr).toMatch(/^error: No environment named 'prodd' exists on the broker \(it has: .*production.*\)/)

    const badVersion = await runCli(['record-deployment', '-a', 'users', '-e', '9.9.9', '--environment', 'production'], { env })
    expect(badVersion.code).toBe(2)
    expect(badVersion.stderr).toMatch(/^error: the broker answered 404 \(.+\) to GET \/pacticipants\/users\/versions\/9\.9\.9/)

    const toTest = await runCli(['record-deployment', '-a', 'users', '-e', '2.0.0', '--environment', 'test', '--application-instance', 'blue', '-o', 'json'], {
      env,
    })
    expect(toTest.code).toBe(0)
    expect(JSON.parse(toTest.stdout)).toMatchObject({
      pacticipant: 'users',
      version: '2.0.0',
      environment: 'test',
      applicationInstance: 'blue',
      currentlyDeployed: true,
    })

    const wrongInstance = await runCli(['record-undeployment', '-a', 'users', '--environment', 'test'], { env })
    expect(wrongInstance.code).toBe(2)
    expect(wrongInstance.stderr).toBe('error: users is not currently deployed to test, so there is nothing to undeploy.\n')
    const undeployed = await runCli(['record-undeployment', '-a', 'users', '--environment', 'test', '--application-instance', 'blue'], { env })
    expect(undeployed).toMatchObject({ code: 0, stdout: 'Recorded undeployment of users version 2.0.0 from test (instance blue).\n' })
  })

  it('can-i-deploy: unknown while the pact is unverified (exit 1), yes once verified (exit 0)', async () => {
    const unknown = await runCli(['can-i-deploy', '--pacticipant', 'web', '--version', '1.0.0', '--to-environment', 'production'], { env })
    expect(unknown.code).toBe(1)
    expect(unknown.stdout).toContain('Computer says no: not every verification result is known yet')
    expect(unknown.stdout).toMatch(/CONSUMER\s+C\.VERSION\s+PROVIDER\s+P\.VERSION\s+VERIFICATION/)
    // an unverified row has no provider version; the reason names the deployed one
    expect(unknown.stdout).toMatch(/web\s+1\.0\.0\s+users\s+-\s+not verified/)
    expect(unknown.stdout).toContain('There is no verified pact between version 1.0.0 of web and the version of users currently in production (2.0.0)')

    const unknownJson = await runCli(['can-i-deploy', '-a', 'web', '-e', '1.0.0', '--to-environment', 'production', '-o', 'json'], { env })
    expect(unknownJson.code).toBe(1)
    // the documented, stable shape (docs/cli.md#json-output-shapes): no key may disappear
    const doc = JSON.parse(unknownJson.stdout)
    expect(Object.keys(doc).sort()).toEqual(['answer', 'attempts', 'deployable', 'dryRun', 'integrations', 'notices', 'reason', 'summary'])
    expect(Object.keys(doc.integrations[0]).sort()).toEqual(['consumer', 'ignored', 'provider', 'verification'])
    expect(JSON.parse(unknownJson.stdout)).toMatchObject({
      deployable: null,
      answer: 'unknown',
      attempts: 1,
      dryRun: false,
      integrations: [{ consumer: { name: 'web', version: '1.0.0' }, provider: { name: 'users', version: null }, verification: null, ignored: false }],
    })

    await verify('1.0.0', true)
    const yes = await runCli(['can-i-deploy', '-a', 'web', '-e', '1.0.0', '--to-environment', 'production'], { env })
    expect(yes.stderr).toBe('')
    expect(yes.code).toBe(0)
    expect(yes.stdout.split('\n')[0]).toBe('Computer says yes \\o/')
    expect(yes.stdout).toMatch(/web\s+1\.0\.0\s+users\s+2\.0\.0\s+verified #\d+/)
    expect(yes.stdout).toContain('All required verification results are published and successful')

    const yesJson = JSON.parse(
      (await runCli(['can-i-deploy', '-a', 'web', '-e', '1.0.0', '--to-environment', 'production', '--output', 'json'], { env })).stdout,
    )
    expect(yesJson).toMatchObject({ deployable: true, answer: 'yes', summary: { deployable: true, success: 1, failed: 0, unknown: 0 } })
    expect(yesJson.integrations[0].verification).toMatchObject({ success: true, url: expect.stringContaining('/verification-results/') })
  })

  it('can-i-deploy: no when the verification failed (exit 1), exit 0 with --dry-run, and --ignore', async () => {
    writePact(path.join(work, 'pacts-1.1'), 'web', 'users', '/users/2')
    expect((await runCli(['publish', 'pacts-1.1', '-a', '1.1.0', '--branch', 'main'], { env, cwd: work })).code).toBe(0)
    await verify('1.1.0', false)

    const no = await runCli(['can-i-deploy', '-a', 'web', '-e', '1.1.0', '--to-environment', 'production'], { env })
    expect(no.code).toBe(1)
    expect(no.stdout.split('\n')[0]).toBe('Computer says no ¯\\_(ツ)_/¯')
    expect(no.stdout).toMatch(/web\s+1\.1\.0\s+users\s+2\.0\.0\s+failed #\d+/)
    expect(no.stdout).toContain('failed')

    const dryRun = await runCli(['can-i-deploy', '-a', 'web', '-e', '1.1.0', '--to-environment', 'production', '--dry-run'], { env })
    expect(dryRun.code).toBe(0)
    expect(dryRun.stdout.split('\n').slice(0, 2)).toEqual(['Dry run: the exit code is 0 whatever the answer.', 'Computer says no ¯\\_(ツ)_/¯'])

    const ignored = await runCli(['can-i-deploy', '-a', 'web', '-e', '1.1.0', '--to-environment', 'production', '--ignore', 'users', '-o', 'json'], { env })
    expect(ignored.code).toBe(0)
    expect(JSON.parse(ignored.stdout)).toMatchObject({ deployable: true, integrations: [{ provider: { name: 'users' }, ignored: true }] })
  })

  it('can-i-deploy --retry-while-unknown waits, showing progress, and says yes once a verification arrives', async () => {
    writePact(path.join(work, 'pacts-1.2'), 'web', 'users', '/users/3')
    expect((await runCli(['publish', 'pacts-1.2', '-a', '1.2.0', '--branch', 'main'], { env, cwd: work })).code).toBe(0)

    const cli = startCli(
      ['can-i-deploy', '-a', 'web', '-e', '1.2.0', '--to-environment', 'production', '--retry-while-unknown', '30', '--retry-interval', '1'],
      { env },
    )
    await cli.waitForStderr(/Waiting for verification results: 1 unknown \(attempt 1 of 31\); asking again in 1s/)
    await verify('1.2.0', true)
    const result = await cli.done
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n')[0]).toBe('Computer says yes \\o/')
    expect(result.stderr).toMatch(/Answer after \d+ attempt\(s\): yes\n$/)
  })

  it('can-i-deploy --retry-while-unknown gives up after N retries with exit 1', async () => {
    writePact(path.join(work, 'pacts-1.3'), 'web', 'users', '/users/4')
    expect((await runCli(['publish', 'pacts-1.3', '-a', '1.3.0'], { env, cwd: work })).code).toBe(0)
    const result = await runCli(
      ['can-i-deploy', '-a', 'web', '-e', '1.3.0', '--to-environment', 'production', '--retry-while-unknown', '2', '--retry-interval', '0', '-o', 'json'],
      { env },
    )
    expect(result.code).toBe(1)
    expect(result.stderr.match(/Waiting for verification results/g)).toHaveLength(2)
    expect(JSON.parse(result.stdout)).toMatchObject({ deployable: null, answer: 'unknown', attempts: 3 })
  })

  it('can-i-deploy with --latest, --branch and several selectors', async () => {
    // the latest web (1.3.0) is unverified; the latest from branch main (1.2.0) was verified by users 2.0.0
    const latest = await runCli(['can-i-deploy', '-a', 'web', '--latest', '--to-environment', 'production', '-o', 'json'], { env })
    expect(latest.code).toBe(1)
    expect(JSON.parse(latest.stdout).integrations[0].consumer).toEqual({ name: 'web', version: '1.3.0' })
    const branch = await runCli(['can-i-deploy', '-a', 'web', '--branch', 'main', '--latest', '--to-environment', 'production', '-o', 'json'], { env })
    expect(branch.code).toBe(0)
    expect(JSON.parse(branch.stdout).integrations[0].consumer).toEqual({ name: 'web', version: '1.2.0' })
    const pair = await runCli(['can-i-deploy', '-a', 'web', '-e', '1.0.0', '-a', 'users', '--latest'], { env })
    expect(pair.code).toBe(0)
    expect(pair.stdout).toMatch(/web\s+1\.0\.0\s+users\s+2\.0\.0\s+verified/)
  })

  it('matrix shows the rows between two applications', async () => {
    const table = await runCli(['matrix', '-a', 'web', '-a', 'users'], { env })
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/web\s+1\.0\.0\s+users\s+2\.0\.0\s+verified #\d+/)
    expect(table.stdout).toMatch(/web\s+1\.1\.0\s+users\s+2\.0\.0\s+failed #\d+/)
    const json = JSON.parse((await runCli(['matrix', '-a', 'web', '-e', '1.1.0', '-a', 'users', '-o', 'json'], { env })).stdout)
    expect(json.integrations).toEqual([expect.objectContaining({ consumer: { name: 'web', version: '1.1.0' }, provider: { name: 'users', version: '2.0.0' } })])
    expect(json.integrations[0].verification.success).toBe(false)
  })

  it('record-release and record-support-ended', async () => {
    const released = await runCli(['record-release', '-a', 'web', '-e', '1.0.0', '--environment', 'production'], { env })
    expect(released).toMatchObject({ code: 0, stdout: 'Recorded release of web version 1.0.0 to production.\n' })
    const ended = await runCli(['record-support-ended', '-a', 'web', '-e', '1.0.0', '--environment', 'production', '-o', 'json'], { env })
    expect(ended.code).toBe(0)
    expect(JSON.parse(ended.stdout)).toMatchObject({ pacticipant: 'web', version: '1.0.0', environment: 'production', uuids: [expect.any(String)] })
    const again = await runCli(['record-support-ended', '-a', 'web', '-e', '1.0.0', '--environment', 'production'], { env })
    expect(again.code).toBe(2)
    expect(again.stderr).toBe('error: web version 1.0.0 is not a currently supported release in production, so there is no support to end.\n')
  })
})
