/**
 * The official broker CLI (`pact-broker` from @pact-foundation/pact-cli) publishing pact files to our broker and
 * listing them, on every database: what it prints and what the broker stored.
 */
import { execFile } from 'node:child_process'
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { countRows } from '../support/row-count.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const cli = path.join(root, 'node_modules/.bin/pact-broker')
const fixtures = path.join(root, 'test/fixtures/pacts')

function pactBroker(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cli, args, { env: { ...process.env, PACT_DO_NOT_TRACK: 'true', PACT_BROKER_HTTP_RETRIES: '1' }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

async function dirWith(files: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'concord-pacts-'))
  for (const file of files) await copyFile(path.join(fixtures, file), path.join(dir, file))
  return dir
}

for (const database of DATABASES) {
  describe(`pact-broker CLI publish (${database.name})`, () => {
    let broker: TestBroker
    const dirs: string[] = []
    beforeAll(async () => {
      broker = await startTestBroker(database)
    })
    afterAll(async () => {
      await broker?.close()
      for (const dir of dirs) await rm(dir, { recursive: true, force: true })
    })

    it('publishes several pact files with a branch and tags', async () => {
      const dir = await dirWith(['web-users.json', 'web-orders.json'])
      dirs.push(dir)
      const run = await pactBroker([
        'publish',
        dir,
        '--consumer-app-version',
        '1.0.0',
        '--branch',
        'main',
        '--tag',
        'dev',
        'prod',
        '--build-url',
        'https://ci.example/build/7',
        '-b',
        broker.url,
      ])
      expect(run.code, run.stdout + run.stderr).toBe(0)
      expect(run.stdout).toContain('Pact successfully published for web version 1.0.0 and provider users.')
      expect(run.stdout).toContain('Pact successfully published for web version 1.0.0 and provider orders.')
      expect(run.stdout + run.stderr).not.toContain('Failed to process response notices')

      const users = await get(`${broker.url}/pacts/provider/users/consumer/web/version/1.0.0`)
      expect(users.status).toBe(200)
      expect(users.body.interactions.map((i: any) => i.description).sort()).toEqual(['a request for a missing user', 'a request for user 1'])
      const orders = await get(`${broker.url}/pacts/provider/orders/consumer/web/latest/prod`)
      expect(orders.status).toBe(200)
      expect(orders.body.interactions[0].description).toBe('a request for the orders')

      const db = broker.deps.db
      const version = await db.selectFrom('versions').selectAll().where('number', '=', '1.0.0').executeTakeFirstOrThrow()
      expect(version.build_url).toBe('https://ci.example/build/7')
      const tags = await db.selectFrom('tags').select('name').where('version_id', '=', version.id).orderBy('name').execute()
      expect(tags.map((t) => t.name)).toEqual(['dev', 'prod'])
      const branches = await db.selectFrom('branch_versions').select('branch_name').where('version_id', '=', version.id).execute()
      expect(branches.map((b) => b.branch_name)).toEqual(['main'])
      expect(await countRows(db, 'pact_versions')).toBe(2)
    })

    it('republishes the same files idempotently (the CLI adds its own metadata)', async () => {
      const dir = await dirWith(['web-users.json', 'web-orders.json'])
      dirs.push(dir)
      const run = await pactBroker(['publish', dir, '--consumer-app-version', '1.0.0', '--branch', 'main', '-b', broker.url])
      expect(run.code, run.stdout + run.stderr).toBe(0)
      expect(run.stdout).toContain('with no content changes')
      const db = broker.deps.db
      expect(await countRows(db, 'pact_publications')).toBe(2)
    })

    it('fails with the broker message when the content of a published version changes', async () => {
      const dir = await dirWith(['web-users-changed.json'])
      dirs.push(dir)
      const run = await pactBroker(['publish', dir, '--consumer-app-version', '1.0.0', '-b', broker.url])
      expect(run.code).not.toBe(0)
      expect(run.stdout + run.stderr).toContain('Cannot change the content of the pact for web version 1.0.0 and provider users')
      const users = await get(`${broker.url}/pacts/provider/users/consumer/web/version/1.0.0`)
      expect(users.body.interactions).toHaveLength(2)
    })

    it('refuses a file that is no pact instead of inventing pacticipants named consumer and provider', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'concord-not-a-pact-'))
      dirs.push(dir)
      await writeFile(path.join(dir, 'hello.json'), JSON.stringify({ hello: 'world' }))
      const run = await pactBroker(['publish', dir, '--consumer-app-version', '1.0.0', '-b', broker.url])
      expect(run.code).not.toBe(0)
      expect(run.stdout + run.stderr).toContain("is 'consumer', the placeholder the Pact CLI fills in when a pact file names no consumer")
      expect((await get(`${broker.url}/pacticipants/consumer`)).status).toBe(404)
      expect((await get(`${broker.url}/pacticipants/provider`)).status).toBe(404)
    })

    it('stores nothing for a pact a verifier could not run (here the official CLI cannot load it either)', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'concord-broken-pact-'))
      dirs.push(dir)
      const pact = JSON.parse(await readFile(path.join(fixtures, 'web-users.json'), 'utf8'))
      pact.consumer.name = 'kiosk'
      pact.interactions[1] = { description: 'list users', request: { method: 'GET' }, response: { status: 'abc' } }
      await writeFile(path.join(dir, 'kiosk-users.json'), JSON.stringify(pact))
      const run = await pactBroker(['publish', dir, '--consumer-app-version', '1.0.0', '-b', broker.url])
      expect(run.code).not.toBe(0)
      expect((await get(`${broker.url}/pacticipants/kiosk`)).status).toBe(404)
    })

    it('lists the latest pact versions', async () => {
      const dir = await dirWith(['web-users-changed.json'])
      dirs.push(dir)
      expect((await pactBroker(['publish', dir, '--consumer-app-version', '1.1.0', '-b', broker.url])).code).toBe(0)
      const table = await pactBroker(['list-latest-pact-versions', '-b', broker.url])
      expect(table.code, table.stdout + table.stderr).toBe(0)
      const lines = table.stdout.split('\n').filter((line) => /\bweb\b/.test(line))
      expect(lines).toHaveLength(2)
      expect(lines.find((line) => line.includes('users'))).toContain('1.1.0')
      expect(lines.find((line) => line.includes('orders'))).toContain('1.0.0')

      const json = await pactBroker(['list-latest-pact-versions', '-b', broker.url, '--output', 'json'])
      expect(json.code).toBe(0)
      const parsed = JSON.parse(json.stdout)
      expect(
        parsed.pacts.map((p: any) => `${p._embedded.consumer.name}@${p._embedded.consumer._embedded.version.number}->${p._embedded.provider.name}`),
      ).toEqual(['web@1.0.0->orders', 'web@1.1.0->users'])
    })

    it('gets and downloads the pacts of a consumer branch with get-pacts', async () => {
      const listed = await pactBroker(['get-pacts', '--provider', 'users', '--branch', 'main', '--latest', '-b', broker.url, '--output', 'json'])
      expect(listed.code, listed.stdout + listed.stderr).toBe(0)
      const body = JSON.parse(listed.stdout)
      // The CLI re-shapes our pb:pacts links into `pacts[]{href,name,title}`.
      expect(body.pacts.map((l: any) => [l.name, l.title, l.href])).toEqual([
        ['web', 'Pact between web (1.0.0) and users', `${broker.url}/pacts/provider/users/consumer/web/version/1.0.0`],
      ])

      const table = await pactBroker(['get-pacts', '--provider', 'users', '--branch', 'main', '-b', broker.url])
      expect(table.code, table.stdout + table.stderr).toBe(0)
      expect(table.stdout).toContain('Pact between web (1.0.0) and users')

      const downloadDir = await mkdtemp(path.join(tmpdir(), 'concord-download-'))
      dirs.push(downloadDir)
      const download = await pactBroker(['get-pacts', '--provider', 'users', '--branch', 'main', '--download', '--download-dir', downloadDir, '-b', broker.url])
      expect(download.code, download.stdout + download.stderr).toBe(0)
      const files = await readdir(downloadDir)
      expect(files).toHaveLength(1)
      const pact = JSON.parse(await readFile(path.join(downloadDir, files[0]!), 'utf8'))
      expect(pact.consumer.name).toBe('web')
      expect(pact.interactions).toHaveLength(2)
    })
  })
}
