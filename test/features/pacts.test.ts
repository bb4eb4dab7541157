import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodePactMetadata } from '../../broker/contracts/pact-metadata.js'
import { listPactsForConsumerVersion } from '../../broker/contracts/contracts.service.js'
import { DATABASES } from '../support/databases.js'
import { get, post, put, request } from '../support/http.js'
import { pactDocument, publishBody } from '../support/pact-documents.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

for (const database of DATABASES) {
  describe(`pact retrieval and listings (${database.name})`, () => {
    let broker: TestBroker
    let base: string
    const publish = async (consumer: string, provider: string, version: string, descriptions: string[], extra: { branch?: string; tags?: string[] } = {}) => {
      const res = await post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument(consumer, provider, descriptions), version, ...extra }))
      expect(res.status, JSON.stringify(res.body)).toBe(200)
    }

    beforeAll(async () => {
      broker = await startTestBroker(database)
      base = `${broker.url}/pacts/provider/users/consumer/web`
      await publish('web', 'users', '1.0.0', ['a'], { branch: 'main', tags: ['prod'] })
      await publish('web', 'users', '1.1.0', ['a', 'b'], { branch: 'feat/x', tags: ['dev'] })
      await publish('web', 'users', '1.2.0', ['a', 'b', 'c'], { branch: 'main' })
      await publish('mobile', 'users', '7', ['m'], { branch: 'main' })
      await publish('web', 'orders', '1.2.0', ['o'], { branch: 'main' })
    })
    afterAll(() => broker?.close())

    const descriptions = (body: any) => body.interactions.map((i: any) => i.description)

    it('serves the pact for a consumer version as JSON with the links the verifier and the CLI follow', async () => {
      const res = await request('GET', `${base}/version/1.1.0`, undefined, { accept: '' })
      expect(res.status).toBe(200)
      expect(res.contentType).toMatch(/^application\/hal\+json/)
      expect(res.body.consumer).toEqual({ name: 'web' })
      expect(res.body.metadata).toEqual({ pactSpecification: { version: '3.0.0' } })
      expect(res.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
      const sha = res.body._links['pb:pact-version'].name
      expect(sha).toMatch(/^[0-9a-f]{40}$/)
      expect(res.body._links).toMatchObject({
        self: { title: 'Pact', name: 'Pact between web (1.1.0) and users', href: `${base}/version/1.1.0` },
        'pb:consumer': { name: 'web', href: `${broker.url}/pacticipants/web` },
        'pb:consumer-version': { name: '1.1.0', href: `${broker.url}/pacticipants/web/versions/1.1.0` },
        'pb:provider': { name: 'users', href: `${broker.url}/pacticipants/users` },
        'pb:pact-version': { href: `${base}/pact-version/${sha}` },
        'pb:publish-verification-results': { href: `${base}/pact-version/${sha}/verification-results` },
        'pb:latest-verification-results': { href: `${base}/pact-version/${sha}/verification-results/latest` },
        'pb:tag-version': { href: `${broker.url}/pacticipants/web/versions/1.1.0/tags/{tag}` },
      })
    })

    it('serves latest, latest for a tag and latest for a branch by version order', async () => {
      expect(descriptions((await get(`${base}/latest`)).body)).toEqual(['a', 'b', 'c'])
      expect(descriptions((await get(`${base}/latest/prod`)).body)).toEqual(['a'])
      expect(descriptions((await get(`${base}/latest/dev`)).body)).toEqual(['a', 'b'])
      expect(descriptions((await get(`${base}/branch/main/latest`)).body)).toEqual(['a', 'b', 'c'])
      const feature = await get(`${base}/branch/${encodeURIComponent('feat/x')}/latest`)
      expect(feature.status).toBe(200)
      expect(feature.body._links['pb:consumer-version'].name).toBe('1.1.0')
    })

    it('serves content by SHA, keeping the metadata segment in the publish link', async () => {
      const sha = (await get(`${base}/version/1.0.0`)).body._links['pb:pact-version'].name
      const plain = await request('GET', `${base}/pact-version/${sha}`, undefined, { accept: '' })
      expect(plain.status).toBe(200)
      expect(descriptions(plain.body)).toEqual(['a'])
      expect(plain.body._links['pb:publish-verification-results'].href).toBe(`${base}/pact-version/${sha}/verification-results`)

      const metadata = encodePactMetadata({ s: [{ cv: '1.0.0', b: 'main', l: true }], p: true })
      const withMetadata = await get(`${base}/pact-version/${sha}/metadata/${metadata}`)
      expect(withMetadata.status).toBe(200)
      expect(withMetadata.body._links.self.href).toBe(`${base}/pact-version/${sha}/metadata/${metadata}`)
      expect(withMetadata.body._links['pb:publish-verification-results'].href).toBe(`${base}/pact-version/${sha}/metadata/${metadata}/verification-results`)
      expect(withMetadata.body._links['pb:consumer-versions'].map((l: any) => l.name)).toEqual(['1.0.0'])
    })

    it('answers 404 problems naming what is missing', async () => {
      const cases = [
        [`${base}/version/9.9.9`, 'pact-not-found', /consumer 'web' version '9\.9\.9' and provider 'users'/],
        [`${base}/latest/nope`, 'pact-not-found', /tagged 'nope'/],
        [`${base}/branch/nope/latest`, 'pact-not-found', /branch 'nope'/],
        [`${base}/pact-version/${'0'.repeat(40)}`, 'pact-not-found', /content SHA/],
        [`${broker.url}/pacts/provider/nobody/consumer/web/latest`, 'pacticipant-not-found', /'nobody'/],
      ] as const
      for (const [url, slug, detail] of cases) {
        const res = await get(url)
        expect(res.status, url).toBe(404)
        expect(res.body.type).toBe(`${broker.url}/problems/${slug}`)
        expect(res.body.detail).toMatch(detail)
      }
      expect((await request('DELETE', `${base}/latest`)).status).toBe(405)
    })

    it('lists the latest pact of every integration for list-latest-pact-versions', async () => {
      const res = await get(`${broker.url}/pacts/latest`)
      expect(res.status).toBe(200)
      const rows = res.body.pacts.map((p: any) => [p._embedded.consumer.name, p._embedded.consumer._embedded.version.number, p._embedded.provider.name])
      expect(rows).toEqual([
        ['mobile', '7', 'users'],
        ['web', '1.2.0', 'orders'],
        ['web', '1.2.0', 'users'],
      ])
      for (const pact of res.body.pacts) expect(pact.createdAt).toMatch(/\+00:00$/)
      expect(res.body._links['pb:pacts']).toHaveLength(3)
    })

    it('lists provider pacts with both pb:pacts and the deprecated pacts relation', async () => {
      const latest = await get(`${broker.url}/pacts/provider/users/latest`)
      expect(latest.status).toBe(200)
      expect(latest.body._links['pb:pacts'].map((l: any) => [l.name, l.title, l.href])).toEqual([
        ['mobile', 'Pact between mobile (7) and users', `${broker.url}/pacts/provider/users/consumer/mobile/version/7`],
        ['web', 'Pact between web (1.2.0) and users', `${base}/version/1.2.0`],
      ])
      expect(latest.body._links.pacts.map((l: any) => l.href)).toEqual(latest.body._links['pb:pacts'].map((l: any) => l.href))
      const tagged = await get(`${broker.url}/pacts/provider/users/latest/prod`)
      expect(tagged.body._links['pb:pacts'].map((l: any) => l.title)).toEqual(['Pact between web (1.0.0) and users'])
      const all = await get(`${broker.url}/pacts/provider/users`)
      expect(all.body._links['pb:pacts'].map((l: any) => l.title)).toEqual([
        'Pact between mobile (7) and users',
        'Pact between web (1.2.0) and users',
        'Pact between web (1.1.0) and users',
        'Pact between web (1.0.0) and users',
      ])
      expect((await get(`${broker.url}/pacts/provider/nobody/latest`)).status).toBe(404)
    })

    it('lists provider pacts by consumer branch for get-pacts', async () => {
      const names = async (path: string) => (await get(`${broker.url}/pacts/provider/users${path}`)).body._links['pb:pacts'].map((l: any) => l.title)
      expect(await names('/branch/main')).toEqual([
        'Pact between mobile (7) and users',
        'Pact between web (1.2.0) and users',
        'Pact between web (1.0.0) and users',
      ])
      expect(await names('/branch/main/latest')).toEqual(['Pact between mobile (7) and users', 'Pact between web (1.2.0) and users'])
      // Main branches were set automatically from the first 'main' branch of each consumer.
      expect(await names('/branch/latest')).toEqual(['Pact between mobile (7) and users', 'Pact between web (1.2.0) and users'])
      expect(await names(`/branch/${encodeURIComponent('feat/x')}`)).toEqual(['Pact between web (1.1.0) and users'])
      expect(await names('/consumer/web/branch')).toEqual(['Pact between web (1.2.0) and users', 'Pact between web (1.0.0) and users'])
      expect(await names('/consumer/web/branch/main')).toEqual(['Pact between web (1.2.0) and users', 'Pact between web (1.0.0) and users'])
      expect(await names('/consumer/mobile/branch/main')).toEqual(['Pact between mobile (7) and users'])
      expect((await get(`${broker.url}/pacts/provider/users/consumer/nobody/branch/main`)).status).toBe(404)
    })

    it('lists the pacts of a consumer version (listPactsForConsumerVersion)', async () => {
      const version = await broker.deps.db
        .selectFrom('versions')
        .innerJoin('pacticipants', 'pacticipants.id', 'versions.pacticipant_id')
        .select('versions.id')
        .where('pacticipants.name', '=', 'web')
        .where('versions.number', '=', '1.2.0')
        .executeTakeFirstOrThrow()
      const pacts = await listPactsForConsumerVersion(broker.deps, version)
      expect(pacts.map((p) => [p.consumer.name, p.consumerVersion.number, p.provider.name, p.revisionNumber])).toEqual([
        ['web', '1.2.0', 'orders', 1],
        ['web', '1.2.0', 'users', 1],
      ])
      expect(pacts[0]!.sha).toMatch(/^[0-9a-f]{40}$/)
    })

    it('PATCH merges interactions into the consumer version pact (as the Pact Broker, PUT alone is refused)', async () => {
      expect((await put(`${base}/version/1.2.0`, pactDocument('web', 'users', ['c', 'b', 'a']))).status).toBe(200)
      expect((await put(`${base}/version/1.2.0`, pactDocument('web', 'users', ['d']))).status).toBe(409)
      const res = await request('PATCH', `${base}/version/1.2.0`, JSON.stringify(pactDocument('web', 'users', ['d'])), {
        'content-type': 'application/merge-patch+json',
      })
      expect(res.status).toBe(200)
      expect(descriptions(res.body)).toEqual(['a', 'b', 'c', 'd'])
      expect(res.body._links['pb:pact-version'].name).not.toBe((await get(`${base}/version/1.1.0`)).body._links['pb:pact-version'].name)
      const revisions = await broker.deps.db
        .selectFrom('pact_publications')
        .select('revision_number')
        .where('pact_publications.consumer_version_id', '=', (eb) =>
          eb
            .selectFrom('versions')
            .innerJoin('pacticipants', 'pacticipants.id', 'versions.pacticipant_id')
            .select('versions.id')
            .where('pacticipants.name', '=', 'web')
            .where('versions.number', '=', '1.2.0'),
        )
        .where('pact_publications.provider_id', '=', (eb) => eb.selectFrom('pacticipants').select('id').where('name', '=', 'users'))
        .execute()
      expect(revisions.map((r) => r.revision_number).sort()).toEqual([1, 2])
    })
  })
}
