/**
 * Webhooks with the official clients, on every database: the `pact-broker` CLI creates, updates, tests and
 * deletes webhooks unchanged; a pact published with the CLI makes a receiver on loopback get exactly one POST per
 * provider version that has to verify it, templates expanded; the pact-js Verifier verifies the pact URL the
 * webhook handed out and its published results fire `provider_verification_succeeded` / `_failed`.
 */
import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Verifier } from '@pact-foundation/pact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { startReceiver, WEBHOOK_TEST_ENV, type Receiver } from '../support/webhook-receiver.js'

process.env.PACT_DO_NOT_TRACK = 'true'
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const cli = path.join(root, 'node_modules/.bin/pact-broker')
const fixture = path.join(root, 'test/fixtures/pacts/web-users.json')

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

/** The users provider of the fixture pact; `broken` answers user 1 with the wrong name. */
async function startProvider(broken: boolean): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === '/users/1') {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ id: 1, name: broken ? 'Grace' : 'Ada' }))
    } else {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

const stateHandlers = { 'user 1 exists': async () => undefined, 'no users': async () => undefined }

for (const database of DATABASES) {
  describe(`pact-broker CLI and Verifier with webhooks (${database.name})`, () => {
    let broker: TestBroker
    let ci: Receiver
    let statuses: Receiver
    const servers: Server[] = []
    let run: (...args: string[]) => Promise<Run>
    const ok = (r: Run) => expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0)

    beforeAll(async () => {
      broker = await startTestBroker(database, { env: WEBHOOK_TEST_ENV })
      ci = await startReceiver([200])
      statuses = await startReceiver([200])
      run = (...args) => pactBroker([...args, '-b', broker.url])
      // users: 2.0.0 heads its main branch, 1.0.0 runs in production. Neither has verified anything yet.
      await td(broker)
        .createPacticipant('web', { mainBranch: 'main' })
        .createPacticipant('users', { mainBranch: 'main' })
        .createVersion('users', '1.0.0')
        .createVersion('users', '2.0.0')
        .branch('users', 'main', '2.0.0')
        .createEnvironment('production', { production: true })
        .recordDeployment('users', '1.0.0', 'production')
    })
    afterAll(async () => {
      for (const server of servers) await new Promise((resolve) => server.close(resolve))
      await broker?.close()
      await ci?.close()
      await statuses?.close()
    })

    it('create-webhook, then a publication: one POST per provider version that must verify, templates expanded', async () => {
      const created = await run(
        'create-webhook',
        ci.url('/verify?version=${pactbroker.providerVersionNumber}&branch=${pactbroker.providerVersionBranch}'),
        '--request',
        'POST',
        '--header',
        'Content-Type: application/json',
        'Authorization: Bearer ci-token-42',
        '--data',
        '{"pact_url":"${pactbroker.pactUrl}","why":"${pactbroker.providerVersionDescriptions}","consumer":"${pactbroker.consumerName}"}',
        '--consumer',
        'web',
        '--provider',
        'users',
        '--contract-requiring-verification-published',
        '--description',
        'users: verify changed pacts',
      )
      ok(created)
      const webhook = JSON.parse(created.stdout)
      expect(webhook).toMatchObject({ description: 'users: verify changed pacts', consumer: { name: 'web' }, provider: { name: 'users' } })
      expect(webhook.request.headers.Authorization).toBe('**********')

      ok(await run('publish', fixture, '--consumer-app-version', '1.0.0', '--branch', 'main'))
      const requests = await ci.waitFor(2)
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(ci.requests).toHaveLength(2)
      const byVersion = Object.fromEntries(requests.map((r) => [new URL(r.path, 'http://x').searchParams.get('version'), r]))
      expect(Object.keys(byVersion).sort()).toEqual(['1.0.0', '2.0.0'])
      expect(new URL(byVersion['2.0.0']!.path, 'http://x').searchParams.get('branch')).toBe('main')
      expect(JSON.parse(byVersion['2.0.0']!.body)).toMatchObject({ why: 'latest from main branch', consumer: 'web' })
      expect(JSON.parse(byVersion['1.0.0']!.body)).toMatchObject({ why: 'deployed in production' })
      expect(byVersion['1.0.0']!.headers.authorization).toBe('Bearer ci-token-42')

      // The same content again: both versions still have to verify it, so both get it again (and nothing more).
      ok(await run('publish', fixture, '--consumer-app-version', '1.0.1', '--branch', 'main'))
      await ci.waitFor(4)
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(ci.requests).toHaveLength(4)
    })

    it('the Verifier verifies the pact URL the webhook handed out; its results fire provider_verification_succeeded and _failed', async () => {
      // create-or-update-webhook with a uuid: created first, then updated to listen to both outcomes.
      const uuid = 'commit-status-webhook-1'
      const args = (events: string[]) => [
        'create-or-update-webhook',
        statuses.url('/statuses/${pactbroker.consumerVersionNumber}'),
        '--uuid',
        uuid,
        '--request',
        'POST',
        '--header',
        'Content-Type: application/json',
        '--data',
        '{"state":"${pactbroker.githubVerificationStatus}","provider":"${pactbroker.providerVersionNumber}","event":"${pactbroker.eventName}"}',
        '--provider',
        'users',
        ...events,
      ]
      ok(await run(...args(['--provider-verification-succeeded'])))
      ok(await run(...args(['--provider-verification-succeeded', '--provider-verification-failed'])))
      const events = (await get(`${broker.url}/webhooks/${uuid}`)).body.events.map((e: { name: string }) => e.name)
      expect(events.sort()).toEqual(['provider_verification_failed', 'provider_verification_succeeded'])

      const handedOut = Object.fromEntries(
        ci.requests.slice(0, 2).map((r) => [new URL(r.path, 'http://x').searchParams.get('version'), JSON.parse(r.body).pact_url as string]),
      )
      const good = await startProvider(false)
      const broken = await startProvider(true)
      servers.push(good.server, broken.server)
      await new Verifier({
        provider: 'users',
        providerBaseUrl: good.url,
        pactUrls: [handedOut['2.0.0']!],
        publishVerificationResult: true,
        providerVersion: '2.0.0',
        providerVersionBranch: 'main',
        stateHandlers,
        logLevel: 'warn',
      }).verifyProvider()
      await expect(
        new Verifier({
          provider: 'users',
          providerBaseUrl: broken.url,
          pactUrls: [handedOut['1.0.0']!],
          publishVerificationResult: true,
          providerVersion: '1.0.0',
          stateHandlers,
          logLevel: 'error',
        }).verifyProvider(),
      ).rejects.toThrow()

      const posted = (await statuses.waitFor(2)).map((r) => ({ path: r.path, ...JSON.parse(r.body) }))
      expect(posted).toEqual(
        expect.arrayContaining([
          { path: '/statuses/1.0.0', state: 'success', provider: '2.0.0', event: 'provider_verification_succeeded' },
          { path: '/statuses/1.0.0', state: 'failure', provider: '1.0.0', event: 'provider_verification_failed' },
        ]),
      )

      // Both provider versions verified this content: a further publication of it needs no verification.
      const before = ci.requests.length
      ok(await run('publish', fixture, '--consumer-app-version', '1.0.2', '--branch', 'main'))
      await new Promise((resolve) => setTimeout(resolve, 800))
      expect(ci.requests.length).toBe(before)
    })

    it('test-webhook sends it once now; delete-webhook removes it', async () => {
      const uuid = 'commit-status-webhook-1'
      const before = statuses.requests.length
      const tested = await run('test-webhook', '--uuid', uuid)
      ok(tested)
      expect(tested.stdout).toContain('"success":true')
      const [request] = (await statuses.waitFor(before + 1)).slice(before)
      // The latest pact's latest main-branch verification: 2.0.0's success.
      expect(JSON.parse(request!.body)).toMatchObject({ event: 'test', state: 'success', provider: '2.0.0' })
      ok(await run('delete-webhook', '--uuid', uuid))
      expect((await get(`${broker.url}/webhooks/${uuid}`)).status).toBe(404)
    })
  })
}
