/**
 * The built `concord` CLI end to end: help, errors and exit codes, environment and pacticipant commands, and
 * `concord broker` / `broker migrate`, against a real broker on PGlite.
 */
import { execFileSync } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_PATH } from '../support/build.js'
import { DATABASES } from '../support/databases.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { runCli, startCli, tempDir } from './run-cli.js'

const pglite = DATABASES.find((d) => d.name === 'pglite')!

describe('concord CLI basics (built, against a broker on PGlite)', () => {
  let broker: TestBroker
  let env: Record<string, string>
  beforeAll(async () => {
    broker = await startTestBroker(pglite)
    env = { CONCORD_BROKER_URL: broker.url }
  })
  afterAll(async () => {
    await broker?.close()
  })

  it('prints help and version, and exits 2 on usage errors with a pointer to --help', async () => {
    const help = await runCli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: concord <command> [options]')
    expect(help.stdout).toContain('can-i-deploy')

    const commandHelp = await runCli(['record-deployment', '--help'])
    expect(commandHelp.code).toBe(0)
    expect(commandHelp.stdout).toContain('Example:\n  concord record-deployment --pacticipant users --version 2.0.0 --environment production')

    const version = await runCli(['--version'])
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' })
    // the bin itself is executable (shebang + mode), as npm links it
    expect(execFileSync(CLI_PATH, ['--version'], { encoding: 'utf8' })).toBe('0.1.0\n')

    const none = await runCli([])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('Usage: concord')

    const typo = await runCli(['can-i-deplyo'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain("Unknown command 'can-i-deplyo' (did you mean 'can-i-deploy'?)")

    const missing = await runCli(['record-deployment', '--pacticipant', 'web'], { env })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe("error: --version is required\nRun 'concord record-deployment --help' for usage.\n")
  })

  it('colours output only when asked (FORCE_COLOR), never with NO_COLOR, and has `help <command>`', async () => {
    const forced = await runCli(['pacticipant', 'create', '--name', 'colour-app'], { env: { ...env, FORCE_COLOR: '1' } })
    expect(forced).toMatchObject({ code: 0, stdout: '\u001b[32mCreated pacticipant colour-app\u001b[39m\n' })
    const off = await runCli(['pacticipant', 'create', '--name', 'colour-app'], { env: { ...env, FORCE_COLOR: '1', NO_COLOR: '1' } })
    expect(off).toMatchObject({ code: 0, stdout: 'Updated pacticipant colour-app\n' })
    const json = await runCli(['pacticipant', 'show', '--name', 'colour-app', '-o', 'json'], { env: { ...env, FORCE_COLOR: '1' } })
    expect(json.stdout).not.toContain('\u001b[')

    const help = await runCli(['help', 'environment', 'create'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: concord environment create --name NAME')
    const group = await runCli(['help', 'environment'])
    expect(group.stdout).toContain('Usage: concord environment <create|list|show|delete> [options]')
  })

  it('says the broker did not answer, without a stack trace unless --verbose', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`
    await new Promise<void>((resolve) => closed.close(() => resolve()))

    const result = await runCli(['environment', 'list'], { env: { CONCORD_BROKER_URL: url } })
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      `error: The broker at ${url} did not answer (connection refused): is it running? Set CONCORD_BROKER_URL (or pass --broker-url) to its address.\n`,
    )

    const verbose = await runCli(['environment', 'list', '--verbose', '--broker-url', url])
    expect(verbose.code).toBe(2)
    expect(verbose.stderr).toContain('BrokerUnreachableError')
    expect(verbose.stderr).toMatch(/\n\s+at /)

    const json = await runCli(['environment', 'list', '-o', 'json'], { env: { PACT_BROKER_BASE_URL: url } })
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'broker-unreachable' } })
  })

  it('says when the URL is not a broker', async () => {
    const web = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html>welcome</html>')
    })
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}`
    try {
      const result = await runCli(['pacticipant', 'list', '--broker-url', url])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`error: ${url} is not a Pact broker: GET / answered text/html without HAL _links`)
    } finally {
      await new Promise<void>((resolve) => web.close(() => resolve()))
    }
  })

  it('environment create, list, show and delete (table and JSON)', async () => {
    // (the broker starts with `test` and `production`, as the Pact Broker does)
    const created = await runCli(
      [
        'environment',
        'create',
        '--name',
        'prod-eu',
        '--display-name',
        'Prod EU',
        '--production',
        '--contact-name',
        'Ops',
        '--contact-email-address',
        'ops@example.com',
      ],
      { env },
    )
    expect(created.code).toBe(0)
    expect(created.stdout).toMatch(/^Created environment prod-eu \(production\) with uuid [0-9a-f-]{36}\n$/)

    const json = await runCli(['environment', 'create', '--name', 'staging', '-o', 'json'], { env })
    expect(json.code).toBe(0)
    const staging = JSON.parse(json.stdout)
    expect(staging).toMatchObject({ name: 'staging', displayName: 'Staging', production: false, contacts: [] })

    const duplicate = await runCli(['environment', 'create', '--name', 'staging'], { env })
    expect(duplicate.code).toBe(2)
    expect(duplicate.stderr).toMatch(/^error: the broker answered 409 \(environment-name-taken\) to POST \/environments: .*'staging'/)

    const list = await runCli(['environment', 'list'], { env })
    expect(list.code).toBe(0)
    const lines = list.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^NAME\s+DISPLAY NAME\s+PRODUCTION\s+UUID$/)
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/).slice(0, 3))).toEqual(
      expect.arrayContaining([
        ['prod-eu', 'Prod EU', 'yes'],
        ['staging', 'Staging', 'no'],
        ['production', 'Production', 'yes'],
      ]),
    )
    expect(list.stdout).not.toContain('\u001b[') // piped: no colour codes

    const listJson = JSON.parse((await runCli(['environment', 'list', '--output', 'json'], { env })).stdout)
    expect(listJson.environments.map((e: { name: string }) => e.name).sort()).toEqual(['prod-eu', 'production', 'staging', 'test'])

    const show = await runCli(['environment', 'show', '--name', 'prod-eu'], { env })
    expect(show.code).toBe(0)
    expect(show.stdout).toContain('Name:         prod-eu')
    expect(show.stdout).toContain('Production:   yes')
    expect(show.stdout).toContain('Contact:      Ops {"emailAddress":"ops@example.com"}')

    const byUuid = JSON.parse((await runCli(['environment', 'show', '--uuid', staging.uuid, '-o', 'json'], { env })).stdout)
    expect(byUuid.name).toBe('staging')

    const deleted = await runCli(['environment', 'delete', '--name', 'staging'], { env })
    expect(deleted).toMatchObject({ code: 0, stdout: `Deleted environment staging (${staging.uuid})\n` })
    const gone = await runCli(['environment', 'show', '--name', 'staging'], { env })
    expect(gone.code).toBe(2)
    expect(gone.stderr).toMatch(
      /^error: No environment named 'staging' exists on the broker \(it has: .*prod-eu.*\)\. Create it with: concord environment create --name staging\n$/,
    )
  })

  it('pacticipant create (then update), show and list', async () => {
    const created = await runCli(['pacticipant', 'create', '--name', 'web', '--repository-url', 'https://git.example.com/web'], { env })
    expect(created).toMatchObject({ code: 0, stdout: 'Created pacticipant web\n' })
    const updated = await runCli(['pacticipant', 'create', '--name', 'web', '--main-branch', 'main', '-o', 'json'], { env })
    expect(updated.code).toBe(0)
    expect(JSON.parse(updated.stdout)).toMatchObject({
      created: false,
      pacticipant: { name: 'web', mainBranch: 'main', repositoryUrl: 'https://git.example.com/web' },
    })

    const show = await runCli(['pacticipant', 'show', '--name', 'web'], { env })
    expect(show.code).toBe(0)
    expect(show.stdout).toContain('Main branch:    main')
    expect(show.stdout).toContain('Repository:     https://git.example.com/web')

    const missing = await runCli(['pacticipant', 'show', '--name', 'nobody'], { env })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^error: the broker answered 404 \(.+\) to GET \/pacticipants\/nobody: .*nobody/)

    await runCli(['pacticipant', 'create', '--name', 'users'], { env })
    const list = await runCli(['pacticipant', 'list', '-o', 'json'], { env })
    expect(JSON.parse(list.stdout).pacticipants.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['users', 'web']))
  })

  // creating an on-disk PGlite database takes tens of seconds on a busy machine
  it('broker says clearly when the database cannot be reached', async () => {
    const result = await runCli(['broker', 'migrate', '--database-url', 'postgres://postgres@127.0.0.1:1/nowhere'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^error: Could not reach the database postgres:\/\/postgres@127\.0\.0\.1:1\/nowhere \(ECONNREFUSED\)\. Check DATABASE_URL \(or --database-url\)/,
    )
  })

  it('broker migrate applies migrations once, then reports the database up to date', { timeout: 300_000 }, async () => {
    const dataDir = path.join(tempDir(), 'data')
    const first = await runCli(['broker', 'migrate', '--data-dir', dataDir])
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^Applied \d+ migration\(s\) to pglite /)
    expect(first.stdout).toContain('2026_11_22_0600_create_core_schema')
    const second = await runCli(['broker', 'migrate', '--data-dir', dataDir, '-o', 'json'])
    expect(second.code).toBe(0)
    expect(JSON.parse(second.stdout)).toMatchObject({ database: 'pglite', applied: [] })
  })

  it('broker serves the API until SIGTERM', { timeout: 300_000 }, async () => {
    const dataDir = path.join(tempDir(), 'data')
    const cli = startCli(['broker', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir], { env: { CONCORD_LOG_LEVEL: 'warn' } })
    const stderr = await cli.waitForStderr(/ready at (http:\/\/\S+) /)
    const url = stderr.match(/ready at (http:\/\/\S+) /)![1]!
    const index = await fetch(url, { headers: { accept: 'application/hal+json' } })
    expect(index.status).toBe(200)
    expect(((await index.json()) as { _links: Record<string, unknown> })._links).toHaveProperty('pb:publish-contracts')
    // and the CLI talks to it
    const created = await runCli(['environment', 'create', '--name', 'uat', '--broker-url', url])
    expect(created.code).toBe(0)
    cli.child.kill('SIGTERM')
    const result = await cli.done
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('Broker stopped (SIGTERM).\n')
  })
})
