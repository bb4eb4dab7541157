/**
 * `concord webhooks apply | list | retrigger` against a real broker on loopback, on every database: apply makes the
 * broker's webhooks match the file (create, update, delete) and a second apply changes nothing; a dry run writes
 * nothing; secrets are compared by presence and rewritten with --update-secrets; a refusal names the entry; the
 * retrigger re-fires contract_requiring_verification_published (and its dry run sends nothing). On PostgreSQL,
 * applies racing each other and publications: no 5xx, and the broker ends matching the file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as webhooksCommand from '../../cli/commands/webhooks/index.js'
import { uuidForDescription } from '../../cli/commands/webhooks/plan.js'
import { EVENT_NAMES as CLI_EVENT_NAMES } from '../../cli/commands/webhooks/webhooks-file.js'
import { EVENT_NAMES as BROKER_EVENT_NAMES } from '../../broker/webhooks/webhook.js'
import type { CommandContext } from '../../cli/context.js'
import { ExitError } from '../../cli/errors.js'
import { quietCommandContext } from '../support/cli-context.js'
import { DATABASES } from '../support/databases.js'
import { post } from '../support/http.js'
import { pactDocument, publishBody } from '../support/pact-documents.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { startReceiver, WEBHOOK_TEST_ENV, type Receiver } from '../support/webhook-receiver.js'
import { countRows } from '../support/row-count.js'

const dir = mkdtempSync(path.join(tmpdir(), 'concord-webhooks-apply-'))
const writeFile = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text)
  return name
}

// The CLI checks a webhooks file before sending it, so it keeps its own list (it may not import the broker's).
it('the CLI knows the same webhook events as the broker', () => {
  expect([...CLI_EVENT_NAMES].sort()).toEqual([...BROKER_EVENT_NAMES].sort())
})

for (const database of DATABASES) {
  describe(`concord webhooks apply, list and retrigger (${database.name})`, () => {
    let broker: TestBroker
    let receiver: Receiver
    let ctx: CommandContext
    const apply = (file: string, flags: { dryRun?: boolean; updateSecrets?: boolean } = {}, env: Record<string, string> = {}) =>
      webhooksCommand.apply({ file, dryRun: flags.dryRun ?? false, updateSecrets: flags.updateSecrets ?? false }, { ...ctx, env })
    const snapshot = () => broker.deps.db.selectFrom('webhooks').selectAll().orderBy('id').execute()
    const auditCount = () => countRows(broker.deps.db, 'audit_events')

    beforeAll(async () => {
      broker = await startTestBroker(database, { env: WEBHOOK_TEST_ENV })
      receiver = await startReceiver([200])
      ctx = { ...quietCommandContext({ brokerUrl: broker.url }), cwd: dir }
      await td(broker).createPacticipant('web').createPacticipant('users', { mainBranch: 'main' })
    })
    afterAll(async () => {
      await broker?.close()
      await receiver?.close()
    })

    const fileFor = (url: string, usersUrl = '/users-ci') => `# the webhooks of this broker
webhooks:
  - description: users CI
    provider: { name: users }
    events: [contract_requiring_verification_published]
    request:
      method: post
      url: ${url}${usersUrl}
      headers:
        Content-Type: application/json
        Authorization: Bearer \${env:CI_TOKEN}
      body:
        pact: \${pactbroker.pactUrl}
        sha: \${pactbroker.providerVersionNumber}
  - description: web commit status
    consumer: { name: web }
    events:
      - name: provider_verification_published
    request:
      url: ${url}/status
    timeoutMs: 5000
  - uuid: fixed-uuid-for-apply-01
    description: all pacts, disabled
    enabled: false
    request:
      url: ${url}/all
`

    it('a dry run prints the difference and writes nothing; apply makes the broker match; applying again changes nothing', async () => {
      const stale = await post(`${broker.url}/webhooks`, { description: 'stale one', request: { url: receiver.url('/stale') } })
      expect(stale.status).toBe(201)
      const existing = await post(`${broker.url}/webhooks`, {
        description: 'users CI',
        provider: { name: 'users' },
        request: { url: receiver.url('/old-users-ci') },
      })
      const usersUuid: string = existing.body.uuid
      const file = writeFile('webhooks.yaml', fileFor(receiver.base))
      const env = { CI_TOKEN: 'secret-token-1' }

      const before = await snapshot()
      const audits = await auditCount()
      const dry = await apply(file, { dryRun: true }, env)
      expect(dry.data).toMatchObject({
        dryRun: true,
        changes: [
          {
            action: 'update',
            uuid: usersUuid,
            description: 'users CI',
            fields: ['events', 'request.url', 'request.headers.Authorization', 'request.headers.Content-Type', 'request.body'],
          },
          { action: 'create', uuid: uuidForDescription('web commit status'), description: 'web commit status' },
          { action: 'create', uuid: 'fixed-uuid-for-apply-01', description: 'all pacts, disabled' },
          { action: 'delete', uuid: stale.body.uuid, description: 'stale one' },
        ],
        unchanged: [],
      })
      expect(dry.text).toContain('Dry run')
      expect(dry.text).toContain(`- delete 'stale one' (${stale.body.uuid})`)
      expect(await snapshot()).toEqual(before)
      expect(await auditCount()).toBe(audits)

      const applied = await apply(file, {}, env)
      expect(applied.text).toMatch(/^Applied webhooks.yaml: 2 created, 1 updated, 1 deleted, 0 unchanged\./)
      const listed = await webhooksCommand.list({}, ctx)
      const webhooks = (listed.data as { webhooks: { uuid: string; description: string; url: string; enabled: boolean; events: string[] }[] }).webhooks
      expect(webhooks.map((w) => [w.description, w.url, w.enabled, w.events])).toEqual([
        ['users CI', receiver.url('/users-ci'), true, ['contract_requiring_verification_published']],
        ['web commit status', receiver.url('/status'), true, ['provider_verification_published']],
        ['all pacts, disabled', receiver.url('/all'), false, ['contract_content_changed']],
      ])
      expect(webhooks[0]!.uuid).toBe(usersUuid)
      expect(listed.text).toContain('fixed-uuid-for-apply-01')
      // The token came from the environment and is stored encrypted, never in the clear.
      expect(JSON.stringify(await snapshot())).not.toContain('secret-token-1')

      const after = await snapshot()
      const again = await apply(file, {}, env)
      expect(again.data).toEqual({ dryRun: false, changes: [], unchanged: expect.arrayContaining([{ uuid: usersUuid, description: 'users CI' }]) })
      expect(again.text).toBe("The broker's webhooks already match webhooks.yaml (3 webhooks).")
      expect(await snapshot()).toEqual(after)

      // A new token alone is invisible to the comparison (the broker never shows it): --update-secrets sends it.
      expect((await apply(file, {}, { CI_TOKEN: 'secret-token-2' })).data).toMatchObject({ changes: [] })
      const rotated = await apply(file, { updateSecrets: true }, { CI_TOKEN: 'secret-token-2' })
      expect(rotated.data).toMatchObject({ changes: [{ action: 'update', uuid: usersUuid, fields: ['secrets'] }] })
      const headersAfter = (await snapshot()).find((w) => w.uuid === usersUuid)!.headers
      expect(headersAfter).not.toEqual(after.find((w) => w.uuid === usersUuid)!.headers)
    })

    it('a file the broker refuses names the entry and the field, and exits 2; a missing ${env:…} is reported before anything is sent', async () => {
      const before = await snapshot()
      const refused = writeFile('refused.yaml', `webhooks:\n  - description: metadata\n    request:\n      url: http://169.254.169.254/latest\n`)
      const error = await apply(refused).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ExitError)
      expect((error as ExitError).exitCode).toBe(2)
      expect((error as ExitError).message).toContain("The broker refused to create the webhook 'metadata' (400 webhook-destination-refused)")
      expect((error as ExitError).message).toContain('request.url: 169.254.169.254 resolves to 169.254.169.254, which is link-local')

      const missing = await apply(writeFile('missing.yaml', fileFor(receiver.base))).catch((e: unknown) => e)
      expect((missing as ExitError).message).toContain("line 11, webhooks[0] ('users CI') request.headers.Authorization: ${env:CI_TOKEN} is not set")
      expect(await snapshot()).toEqual(before)
    })

    it('retrigger fires contract_requiring_verification_published again for a pact still unverified; its dry run sends nothing', async () => {
      const file = writeFile(
        'retrigger.yaml',
        `webhooks:\n  - description: verify\n    provider: { name: users }\n    events: [contract_requiring_verification_published]\n    request:\n      url: ${receiver.url('/verify/${pactbroker.providerVersionNumber}')}\n`,
      )
      await apply(file)
      await td(broker).createVersion('users', '5.0.0').branch('users', 'main', '5.0.0')
      receiver.requests.length = 0
      await td(broker).publishPact({ consumer: 'web', consumerVersion: '7.0.0', provider: 'users', branch: 'main' })
      await receiver.waitFor(1)

      const dry = await webhooksCommand.retrigger({ provider: 'users', dryRun: true }, ctx)
      expect(dry.data).toEqual({ pacts: 1, deliveries: 1, dryRun: true })
      const real = await webhooksCommand.retrigger({ provider: 'users', consumer: 'web', dryRun: false }, ctx)
      expect(real.data).toEqual({ pacts: 1, deliveries: 1, dryRun: false })
      expect(real.text).toContain('Fired contract_requiring_verification_published again: 1 deliveries for 1 pact of provider users and consumer web')
      const requests = await receiver.waitFor(2)
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(receiver.requests).toHaveLength(2)
      expect(requests.map((r) => r.path)).toEqual(['/verify/5.0.0', '/verify/5.0.0'])

      // Once 5.0.0 has verified it, nothing is left to fire.
      await td(broker).verify({ provider: 'users', consumer: 'web', consumerVersion: '7.0.0', providerVersion: '5.0.0', branch: 'main', success: true })
      const none = await webhooksCommand.retrigger({ dryRun: false }, ctx)
      expect(none.data).toMatchObject({ deliveries: 0 })
      expect(none.text).toMatch(/^Nothing to fire/)
    })

    if (database.name === 'postgres') {
      it('applies racing each other and publications: no 5xx, and the broker ends matching the file', async () => {
        await apply(writeFile('empty.yaml', 'webhooks: []\n'))
        const file = writeFile(
          'race.yaml',
          `webhooks:\n${Array.from(
            { length: 6 },
            (_, i) =>
              `  - description: race ${i}\n    events: [contract_published]\n    request:\n      url: ${receiver.url(`/race/${i}`)}\n      body: { n: ${i} }\n`,
          ).join('')}`,
        )
        const publishes = Array.from({ length: 12 }, (_, i) =>
          post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument(`race-web-${i % 3}`, 'users', [`i${i}`]), version: `1.0.${i}` })),
        )
        // A stale webhook for each apply to delete at once, while the publications trigger it.
        await post(`${broker.url}/webhooks`, { description: 'race stale', events: [{ name: 'contract_published' }], request: { url: receiver.url('/stale') } })
        const applies = Array.from({ length: 4 }, () => apply(file).then((r) => r.data))
        const [published, applied] = await Promise.all([Promise.all(publishes), Promise.allSettled(applies)])
        expect(published.map((r) => r.status)).toEqual(Array(12).fill(200))
        expect(applied.filter((r) => r.status === 'rejected').map((r) => String(r.reason))).toEqual([])
        const final = await apply(file, { dryRun: true })
        expect(final.data).toMatchObject({ changes: [] })
        const rows = await snapshot()
        expect(rows.map((w) => w.description).sort()).toEqual(['race 0', 'race 1', 'race 2', 'race 3', 'race 4', 'race 5'])
      })
    }
  })
}
