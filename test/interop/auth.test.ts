/**
 * The official clients against a broker with auth on, on every database: the `pact-broker` CLI (publish,
 * create-environment, record-deployment, can-i-deploy) and the pact-js Verifier (pacts for verification,
 * publishing results), each with a bearer token (PACT_BROKER_TOKEN / pactBrokerToken) and with basic auth
 * (PACT_BROKER_USERNAME / PACT_BROKER_PASSWORD); without credentials they get 401, with a read token writes
 * get 403, and a provider's scoped token cannot publish results for another provider.
 */
import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Verifier } from '@pact-foundation/pact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get, post } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

process.env.PACT_DO_NOT_TRACK = 'true'
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const cli = path.join(root, 'node_modules/.bin/pact-broker')
const fixtures = path.join(root, 'test/fixtures/pacts')
const ADMIN_TOKEN = 'interop-admin-secret-0123456789abcdef'
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }

type Credentials = { PACT_BROKER_TOKEN: string } | { PACT_BROKER_USERNAME: string; PACT_BROKER_PASSWORD: string } | Record<string, never>

/** The official CLI with credentials from the environment only, as CI passes them. */
function pactBroker(args: string[], credentials: Credentials): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PACT_DO_NOT_TRACK: 'true', PACT_BROKER_HTTP_RETRIES: '0', ...credentials }
  for (const key of ['PACT_BROKER_TOKEN', 'PACT_BROKER_USERNAME', 'PACT_BROKER_PASSWORD']) if (!(key in credentials)) delete env[key]
  return new Promise((resolve) => {
    execFile(cli, args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr })
    })
  })
}

/** A provider answering both fixtures' interactions (users and orders). */
async function startProvider(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === '/users/1') {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ id: 1, name: 'Ada' }))
    } else if (req.url === '/orders') {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('[]')
    } else {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

const stateHandlers = { 'user 1 exists': async () => undefined, 'no users': async () => undefined }

async function verificationsOf(broker: TestBroker, provider: string, version: string) {
  return broker.deps.db
    .selectFrom('verifications')
    .innerJoin('versions', 'versions.id', 'verifications.provider_version_id')
    .innerJoin('pacticipants', 'pacticipants.id', 'versions.pacticipant_id')
    .select(['verifications.success'])
    .where('pacticipants.name', '=', provider)
    .where('versions.number', '=', version)
    .execute()
}

for (const database of DATABASES) {
  describe(`official clients with auth on (${database.name})`, () => {
    let broker: TestBroker
    let pactsDir: string
    let provider: { url: string; server: Server }
    const tokens: Record<string, string> = {}

    beforeAll(async () => {
      broker = await startTestBroker(database, {
        env: {
          CONCORD_ADMIN_TOKEN: ADMIN_TOKEN,
          PACT_BROKER_BASIC_AUTH_USERNAME: 'ci',
          PACT_BROKER_BASIC_AUTH_PASSWORD: 'ci-password',
          PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME: 'dev',
          PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD: 'dev-password',
        },
      })
      for (const [name, role, pacticipants] of [
        ['web-ci', 'write', ['web']],
        ['users-ci', 'write', ['users']],
        ['reader', 'read', undefined],
      ] as const) {
        const res = await post(`${broker.url}/settings/tokens`, { name, role, ...(pacticipants ? { pacticipants } : {}) }, admin)
        expect(res.status).toBe(201)
        tokens[name] = res.body.value
      }
      pactsDir = await mkdtemp(path.join(tmpdir(), 'concord-auth-pacts-'))
      for (const file of ['web-users.json', 'web-orders.json']) await copyFile(path.join(fixtures, file), path.join(pactsDir, file))
      provider = await startProvider()
    })
    afterAll(async () => {
      await new Promise((resolve) => provider?.server.close(resolve))
      await broker?.close()
      await rm(pactsDir, { recursive: true, force: true })
    })

    it('refuses the CLI without credentials (401) and a read token writing (403), saying why', async () => {
      const anonymous = await pactBroker(['publish', pactsDir, '--consumer-app-version', '0.9.0', '--branch', 'main', '-b', broker.url], {})
      expect(anonymous.code).not.toBe(0)
      expect(anonymous.output).toContain('needs credentials with the read role. Send a bearer token (PACT_BROKER_TOKEN)')
      const reader = await pactBroker(['publish', pactsDir, '--consumer-app-version', '0.9.0', '--branch', 'main', '-b', broker.url], {
        PACT_BROKER_TOKEN: tokens.reader!,
      })
      expect(reader.code).not.toBe(0)
      expect(reader.output).toContain("the token 'reader' has the read role")
      const wrong = await pactBroker(['list-environments', '-b', broker.url], { PACT_BROKER_USERNAME: 'ci', PACT_BROKER_PASSWORD: 'wrong' })
      expect(wrong.code).not.toBe(0)
      expect((await get(`${broker.url}/pacticipants/web/versions/0.9.0`, admin)).status).toBe(404)
    })

    const modes: Array<{ mode: string; admin: () => Credentials; consumer: () => Credentials; provider: () => Credentials; reader: () => Credentials }> = [
      {
        mode: 'bearer tokens',
        admin: () => ({ PACT_BROKER_TOKEN: ADMIN_TOKEN }),
        consumer: () => ({ PACT_BROKER_TOKEN: tokens['web-ci']! }),
        provider: () => ({ PACT_BROKER_TOKEN: tokens['users-ci']! }),
        reader: () => ({ PACT_BROKER_TOKEN: tokens.reader! }),
      },
      {
        mode: 'basic auth',
        admin: () => ({ PACT_BROKER_USERNAME: 'ci', PACT_BROKER_PASSWORD: 'ci-password' }),
        consumer: () => ({ PACT_BROKER_USERNAME: 'ci', PACT_BROKER_PASSWORD: 'ci-password' }),
        provider: () => ({ PACT_BROKER_USERNAME: 'ci', PACT_BROKER_PASSWORD: 'ci-password' }),
        reader: () => ({ PACT_BROKER_USERNAME: 'dev', PACT_BROKER_PASSWORD: 'dev-password' }),
      },
    ]
    for (const [index, m] of modes.entries()) {
      it(`runs a release with the CLI and the Verifier using ${m.mode}`, async () => {
        const env = `stage-${index}`
        const consumerVersion = `1.${index}.0`
        const providerVersion = `2.${index}.0`
        const created = await pactBroker(['create-environment', '--name', env, '-b', broker.url], m.admin())
        expect(created.code, created.output).toBe(0)
        // create-environment is an admin's: a CI write token cannot
        if (m.mode === 'bearer tokens')
          expect((await pactBroker(['create-environment', '--name', 'nope', '-b', broker.url], m.consumer())).output).toContain('needs the admin role')

        const published = await pactBroker(
          ['publish', path.join(pactsDir, 'web-users.json'), '--consumer-app-version', consumerVersion, '--branch', 'main', '-b', broker.url],
          m.consumer(),
        )
        expect(published.code, published.output).toBe(0)
        expect(published.output).toContain(`Pact successfully published for web version ${consumerVersion} and provider users.`)

        const credentials = m.provider()
        await new Verifier({
          provider: 'users',
          providerBaseUrl: provider.url,
          pactBrokerUrl: broker.url,
          consumerVersionSelectors: [{ branch: 'main', latest: true }],
          publishVerificationResult: true,
          providerVersion,
          providerVersionBranch: 'main',
          stateHandlers,
          logLevel: 'warn',
          ...('PACT_BROKER_TOKEN' in credentials
            ? { pactBrokerToken: credentials.PACT_BROKER_TOKEN }
            : {
                pactBrokerUsername: (credentials as { PACT_BROKER_USERNAME: string }).PACT_BROKER_USERNAME,
                pactBrokerPassword: (credentials as { PACT_BROKER_PASSWORD: string }).PACT_BROKER_PASSWORD,
              }),
        }).verifyProvider()
        expect(await verificationsOf(broker, 'users', providerVersion)).toEqual([{ success: true }])

        const deployed = await pactBroker(
          ['record-deployment', '--pacticipant', 'users', '--version', providerVersion, '--environment', env, '-b', broker.url],
          m.provider(),
        )
        expect(deployed.code, deployed.output).toBe(0)
        const canIDeploy = await pactBroker(
          ['can-i-deploy', '--pacticipant', 'web', '--version', consumerVersion, '--to-environment', env, '-b', broker.url],
          m.reader(),
        )
        expect(canIDeploy.code, canIDeploy.output).toBe(0)
        expect(canIDeploy.output).toContain('Computer says yes')
        const readerDeploys = await pactBroker(
          ['record-deployment', '--pacticipant', 'web', '--version', consumerVersion, '--environment', env, '-b', broker.url],
          m.reader(),
        )
        expect(readerDeploys.code).not.toBe(0)
        expect(readerDeploys.output).toContain('has the read role')
      })
    }

    it("keeps a provider's scoped token from publishing results for another provider, even through the Verifier", async () => {
      const published = await pactBroker(
        ['publish', path.join(pactsDir, 'web-orders.json'), '--consumer-app-version', '1.5.0', '--branch', 'main', '-b', broker.url],
        {
          PACT_BROKER_TOKEN: tokens['web-ci']!,
        },
      )
      expect(published.code, published.output).toBe(0)
      // users-ci may read the orders pacts, but its results for 'orders' are refused and nothing is stored
      await new Verifier({
        provider: 'orders',
        providerBaseUrl: provider.url,
        pactBrokerUrl: broker.url,
        consumerVersionSelectors: [{ branch: 'main', latest: true }],
        publishVerificationResult: true,
        providerVersion: '9.9.9',
        pactBrokerToken: tokens['users-ci']!,
        logLevel: 'error',
      })
        .verifyProvider()
        .catch(() => undefined)
      expect(await verificationsOf(broker, 'orders', '9.9.9')).toEqual([])
      const refused = await get(`${broker.url}/audit?actor=users-ci&outcome=refused`, admin)
      expect(refused.body.events.map((e: any) => [e.payload.status, e.payload.problem])).toContainEqual([403, 'forbidden'])
      // and the consumer's token cannot deploy the provider
      const deploy = await pactBroker(['record-deployment', '--pacticipant', 'users', '--version', '2.0.0', '--environment', 'stage-0', '-b', broker.url], {
        PACT_BROKER_TOKEN: tokens['web-ci']!,
      })
      expect(deploy.code).not.toBe(0)
      expect(deploy.output).toContain("may only write for 'web'")
    })
  })
}
