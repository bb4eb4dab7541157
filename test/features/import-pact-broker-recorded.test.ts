/**
 * `concord import --from-pact-broker` against recorded Pact Broker responses (test/fixtures/pact-broker/
 * responses.json, written in the shapes of the Pact Broker's decorators: version_decorator.rb, versions_decorator.rb
 * with pagination_links.rb, deployed_version_decorator.rb, verification_decorator.rb, the matrix), served by a small
 * HTTP server on loopback. They cover where a Pact Broker answers differently from a Concord broker:
 * - list items of `/pacticipants/{p}/versions` carry `pb:pact-versions` and `pb:deployed-environments` (Concord's
 *   carry only `self`), and the list comes in pages linked by `next` (`?size=1&page=2`);
 * - every link names the broker's own public URL (`https://pact-broker.example.com`), not the one asked;
 * - deployed versions name their instance `target` (null), verification results their date `verificationDate`;
 * - a version links a pact that answers 404.
 * Afterwards can-i-deploy on Concord gives the answers the Pact Broker's data means.
 */
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importFromPactBroker, type PactBrokerImport } from '../../broker/archive/pact-broker-source.js'
import { DATABASES, type TestDatabase } from '../support/databases.js'
import { get } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const responses = JSON.parse(readFileSync(new URL('../fixtures/pact-broker/responses.json', import.meta.url), 'utf8')) as Record<string, unknown>
const PRODUCTION = '3e1f8c2a-7d4b-4c1e-9a55-0f6b2d9c8e01'

for (const database of DATABASES) {
  describe(`importing recorded Pact Broker responses (${database.name})`, () => {
    let server: Server
    let sourceUrl: string
    const requested: string[] = []
    let work: string
    let target: TestDatabase
    let broker: TestBroker
    let imported: PactBrokerImport

    beforeAll(async () => {
      server = createServer((req, res) => {
        const path = decodeURIComponent(req.url ?? '/')
        requested.push(path)
        if (req.headers.authorization !== 'Bearer pact-broker-read-token') {
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}')
          return
        }
        const body = responses[path]
        if (body === undefined) res.writeHead(404, { 'content-type': 'application/hal+json' }).end('{"error":"The requested document was not found"}')
        else res.writeHead(200, { 'content-type': 'application/hal+json;charset=utf-8' }).end(JSON.stringify(body))
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      sourceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      work = await mkdtemp(join(tmpdir(), 'concord-pb-recorded-'))
      target = await database.create()
      imported = await importFromPactBroker(target.db, {
        baseUrl: sourceUrl,
        credentials: { token: 'pact-broker-read-token' },
        progressFile: join(work, 'progress.jsonl'),
      })
      broker = await startTestBroker({ name: database.name, create: () => Promise.resolve(target) })
    })
    afterAll(async () => {
      await broker?.close()
      await new Promise((resolve) => server?.close(resolve))
      if (work) await rm(work, { recursive: true, force: true })
    })

    it('follows the pages and the links under the URL it was given, and reports what it could not map', () => {
      expect(requested).toContain('/pacticipants/Foo/versions?size=1&page=2')
      expect(requested).toContain('/pacts/provider/Gone/consumer/Foo/version/1.1.0')
      expect(requested.filter((p) => p.startsWith('/pacticipants/Foo/versions/'))).toEqual([]) // the list items' links were enough
      const { tables, problems } = imported.result
      expect(problems).toEqual([])
      expect(tables.pacticipants).toMatchObject({ added: 2 })
      expect(tables.versions).toMatchObject({ added: 4 })
      expect(tables.pact_versions).toMatchObject({ added: 2 })
      expect(tables.verifications).toMatchObject({ added: 4 })
      expect(tables.deployed_versions).toMatchObject({ added: 3 })
      expect(tables.environments).toMatchObject({ added: 0, existing: 2 })
      expect(imported.unmapped).toEqual(
        expect.arrayContaining([
          'pacts: a pact the Pact Broker links to answered 404',
          'webhooks: not copied (the Pact Broker does not give their passwords and headers back); create them again on Concord',
        ]),
      )
    })

    it("keeps the Pact Broker's identities, order, dates and ended deployments", async () => {
      const foo = (await get(`${broker.url}/pacticipants/Foo`)).body
      expect(foo).toMatchObject({ name: 'Foo', mainBranch: 'main', repositoryUrl: 'https://github.com/acme/foo' })
      expect(foo._embedded.labels.map((l: { name: string }) => l.name)).toEqual(['team-a'])
      expect((await get(`${broker.url}/pacticipants/Foo/latest-version`)).body.number).toBe('1.1.0')
      expect((await get(`${broker.url}/pacticipants/Foo/branches/main`)).body._embedded.latestVersion.number).toBe('1.1.0')
      const production = (await get(`${broker.url}/environments/${PRODUCTION}`)).body
      expect(production).toMatchObject({ name: 'production', production: true })
      const { rows } = await sql<{ number: string; env: string; undeployed_at: Date | null; application_instance: string }>`
        select v.number, e.name as env, d.undeployed_at, d.application_instance from deployed_versions d
        join versions v on v.id = d.version_id join environments e on e.id = d.environment_id order by d.created_at`.execute(target.db)
      expect(rows.map((r) => [r.number, r.env, r.undeployed_at?.toISOString() ?? null, r.application_instance])).toEqual([
        ['2.0.0', 'test', '2026-01-02T09:20:00.000Z', ''],
        ['2.0.0', 'production', null, ''],
        ['1.0.0', 'production', null, ''],
      ])
      const verification = await sql<{ build_url: string; created_at: Date }>`
        select vr.build_url, vr.created_at from verifications vr join versions v on v.id = vr.provider_version_id
        where v.number = '2.0.0' and not vr.success`.execute(target.db)
      expect(verification.rows.map((r) => [r.build_url, r.created_at.toISOString()])).toEqual([
        ['https://ci.example.com/Bar/2.0.0/verify', '2026-01-03T08:30:00.000Z'],
      ])
    })

    it('can-i-deploy gives the answers the Pact Broker data means', async () => {
      const deployable = async (pacticipant: string, version: string) =>
        (await get(`${broker.url}/can-i-deploy?pacticipant=${pacticipant}&version=${version}&environment=production`)).body.summary.deployable as boolean
      // Bar 2.0.0 is in production and verified Foo 1.0.0 but failed Foo 1.1.0; Foo 1.0.0 is in production and
      // Bar 2.1.0 verified it.
      expect(await deployable('Foo', '1.0.0')).toBe(true)
      expect(await deployable('Foo', '1.1.0')).toBe(false)
      expect(await deployable('Bar', '2.1.0')).toBe(true)
      expect(await deployable('Bar', '2.0.0')).toBe(true)
    })

    it('a second run with the same recorded responses adds nothing', async () => {
      const again = await importFromPactBroker(target.db, {
        baseUrl: sourceUrl,
        credentials: { token: 'pact-broker-read-token' },
        progressFile: join(work, 'progress.jsonl'),
      })
      expect(Object.values(again.result.tables).reduce((n, t) => n + t.added, 0)).toBe(0)
    })
  })
}
