import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { del, get, patch, put, request } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

for (const database of DATABASES) {
  describe(`versions, branches and tags (${database.name})`, () => {
    let broker: TestBroker
    let p: (name: string) => string
    beforeAll(async () => {
      broker = await startTestBroker(database)
      p = (name) => `${broker.url}/pacticipants/${encodeURIComponent(name)}`
    })
    afterAll(() => broker?.close())

    async function head(table: 'branch_heads' | 'tag_heads', pacticipant: string, name: string) {
      const query =
        table === 'branch_heads'
          ? broker.database.db.selectFrom('branch_heads as h').where('h.branch_name', '=', name)
          : broker.database.db.selectFrom('tag_heads as h').where('h.name', '=', name)
      const row = await query
        .innerJoin('versions as v', 'v.id', 'h.version_id')
        .innerJoin('pacticipants as p', 'p.id', 'h.pacticipant_id')
        .where('p.name', '=', pacticipant)
        .select('v.number')
        .executeTakeFirst()
      return row?.number
    }

    it('creates a version (and its pacticipant) with PUT: 201 then 200, with record links per environment', async () => {
      const created = await put(`${p('web')}/versions/1.0.0`, { buildUrl: 'https://ci/1' })
      expect(created.status).toBe(201)
      expect(created.headers.get('location')).toBe(`${p('web')}/versions/1.0.0`)
      expect(created.body).toMatchObject({ number: '1.0.0', buildUrl: 'https://ci/1', _embedded: { branchVersions: [], branches: [], tags: [] } })
      const envs = (await get(`${broker.url}/environments`)).body._embedded.environments as { name: string; uuid: string }[]
      expect(created.body._links['pb:record-deployment']).toEqual(
        envs.map((e) => ({ title: expect.any(String), name: e.name, href: `${p('web')}/versions/1.0.0/deployed-versions/environment/${e.uuid}` })),
      )
      expect(created.body._links['pb:record-release'].map((l: any) => l.name)).toEqual(envs.map((e) => e.name))
      expect(created.body._links['pb:pact-versions']).toEqual([])
      expect(created.body._links['pb:deployed-environments']).toEqual([])

      const again = await put(`${p('web')}/versions/1.0.0`, {})
      expect(again.status).toBe(200)
      expect(again.body.buildUrl).toBeUndefined() // PUT replaces: no buildUrl sent, none kept
      const patched = await patch(`${p('web')}/versions/1.0.0`, { buildUrl: 'https://ci/2', tags: [{ name: 'dev' }, { name: 'qa' }] })
      expect(patched.status).toBe(200)
      expect(patched.body.buildUrl).toBe('https://ci/2')
      expect(patched.body._embedded.tags.map((t: any) => t.name)).toEqual(['dev', 'qa'])
      const retagged = await patch(`${p('web')}/versions/1.0.0`, { tags: [{ name: 'qa' }] })
      expect(retagged.body.buildUrl).toBe('https://ci/2')
      expect(retagged.body._embedded.tags.map((t: any) => t.name)).toEqual(['qa'])
      expect(await head('tag_heads', 'web', 'dev')).toBeUndefined()
    })

    it('answers 404 problems naming the unknown pacticipant or version, and 400 for a bad body', async () => {
      const noP = await get(`${p('nobody')}/versions/1.0.0`)
      expect(noP.status).toBe(404)
      expect(noP.body.type).toBe(`${broker.url}/problems/pacticipant-not-found`)
      const noV = await get(`${p('web')}/versions/9.9.9`)
      expect(noV.status).toBe(404)
      expect(noV.body).toMatchObject({ type: `${broker.url}/problems/version-not-found`, detail: "No version '9.9.9' of pacticipant 'web'." })
      const bad = await put(`${p('web')}/versions/2.0.0`, { tags: 'prod' })
      expect(bad.status).toBe(400)
      expect(bad.body.errors[0].pointer).toBe('/tags')
      expect((await get(`${p('web')}/versions/2.0.0`)).status).toBe(404)
    })

    it('lists versions newest first by version order, with branches and tags, in pages', async () => {
      for (const n of ['1.2.0', '1.10.0', '1.9.0']) await put(`${p('web')}/branches/main/versions/${n}`)
      const res = await get(`${p('web')}/versions`)
      expect(res.status).toBe(200)
      expect(res.body._embedded.versions.map((v: any) => v.number)).toEqual(['1.10.0', '1.9.0', '1.2.0', '1.0.0'])
      expect(res.body._embedded.versions[0]._embedded.branchVersions).toEqual([
        { name: 'main', latest: true, _links: { self: { title: 'Branch version', name: 'main', href: `${p('web')}/branches/main/versions/1.10.0` } } },
      ])
      expect(res.body._embedded.versions[1]._embedded.branchVersions[0].latest).toBe(false)
      expect(res.body.page).toEqual({ number: 1, size: 100, totalElements: 4, totalPages: 1 })

      const page = await get(`${p('web')}/versions?size=3&page=1`)
      expect(page.body._embedded.versions.map((v: any) => v.number)).toEqual(['1.10.0', '1.9.0', '1.2.0'])
      expect(page.body._links.next.href).toBe(`${p('web')}/versions?size=3&page=2`)
      expect((await get(page.body._links.next.href)).body._embedded.versions.map((v: any) => v.number)).toEqual(['1.0.0'])
    })

    it('answers the latest version, and the latest with a tag', async () => {
      await put(`${p('web')}/versions/1.2.0/tags/prod`)
      await put(`${p('web')}/versions/1.9.0/tags/prod`)
      expect((await get(`${p('web')}/latest-version`)).body.number).toBe('1.10.0')
      expect((await get(`${p('web')}/latest-version/prod`)).body.number).toBe('1.9.0')
      const none = await get(`${p('web')}/latest-version/nope`)
      expect(none.status).toBe(404)
      expect(none.body.detail).toContain("tag 'nope'")
    })

    it('puts versions on branches (201 then 200, always JSON), sets the main branch, and lists branches', async () => {
      const first = await put(`${p('api')}/branches/feat%2Fx/versions/abc123`)
      expect(first.status).toBe(201)
      expect(first.contentType).toMatch(/^application\/hal\+json/)
      expect(first.headers.get('location')).toBe(`${p('api')}/branches/feat%2Fx/versions/abc123`)
      expect(first.body).toMatchObject({ name: 'feat/x', number: 'abc123', latest: true, _links: { 'pb:version': { href: `${p('api')}/versions/abc123` } } })
      const again = await put(`${p('api')}/branches/feat%2Fx/versions/abc123`)
      expect(again.status).toBe(200)
      expect(again.body.name).toBe('feat/x')

      // The Rust CLI's create-or-update-version --branch spelling.
      expect((await put(`${p('api')}/versions/def456/branches/main`, { name: 'main' })).status).toBe(201)
      expect((await get(p('api'))).body.mainBranch).toBe('main')

      const branches = await get(`${p('api')}/branches`)
      expect(branches.body._embedded.branches.map((b: any) => [b.name, b._embedded.latestVersion?.number])).toEqual([
        ['feat/x', 'abc123'],
        ['main', 'def456'],
      ])
      const branch = await get(`${p('api')}/branches/main`)
      expect(branch.body._links['pb:latest-version'].href).toBe(`${p('api')}/versions/def456`)
      expect((await get(`${p('api')}/branches/main/versions/abc123`)).status).toBe(404)
    })

    it('recomputes the branch head when a branch version or a version is deleted, and deletes branches', async () => {
      await put(`${p('web')}/branches/main/versions/1.0.0`)
      expect(await head('branch_heads', 'web', 'main')).toBe('1.10.0')
      expect((await del(`${p('web')}/branches/main/versions/1.10.0`)).status).toBe(204)
      expect(await head('branch_heads', 'web', 'main')).toBe('1.9.0')
      expect((await del(`${p('web')}/versions/1.9.0`)).status).toBe(204)
      expect(await head('branch_heads', 'web', 'main')).toBe('1.2.0')
      expect(await head('tag_heads', 'web', 'prod')).toBe('1.2.0')
      expect((await get(`${p('web')}/versions/1.9.0`)).status).toBe(404)

      expect((await del(`${p('web')}/branches/main`)).status).toBe(204)
      expect((await get(`${p('web')}/branches/main`)).status).toBe(404)
      expect(await head('branch_heads', 'web', 'main')).toBeUndefined()
      expect((await get(`${p('web')}/versions/1.2.0`)).status).toBe(200) // versions stay
      const gone = await del(`${p('web')}/branches/main`)
      expect(gone.status).toBe(404)
      expect(gone.body.type).toBe(`${broker.url}/problems/branch-not-found`)
    })

    it('tags versions with PUT (201 then 200 JSON), reads and deletes tags, keeping the tag head right', async () => {
      const created = await put(`${p('svc')}/versions/2.0.0/tags/prod`, { name: 'prod' })
      expect(created.status).toBe(201)
      expect(created.headers.get('location')).toBe(`${p('svc')}/versions/2.0.0/tags/prod`)
      expect(created.body).toMatchObject({ name: 'prod', _links: { version: { href: `${p('svc')}/versions/2.0.0` }, pacticipant: { href: p('svc') } } })
      expect((await put(`${p('svc')}/versions/2.0.0/tags/prod`)).status).toBe(200)
      await put(`${p('svc')}/versions/3.0.0/tags/prod`)
      expect((await get(`${p('svc')}/latest-version/prod`)).body.number).toBe('3.0.0')
      expect((await get(`${p('svc')}/versions/3.0.0/tags/prod`)).body.name).toBe('prod')

      expect((await del(`${p('svc')}/versions/3.0.0/tags/prod`)).status).toBe(204)
      expect((await get(`${p('svc')}/latest-version/prod`)).body.number).toBe('2.0.0')
      const missing = await get(`${p('svc')}/versions/3.0.0/tags/prod`)
      expect(missing.status).toBe(404)
      expect(missing.body.type).toBe(`${broker.url}/problems/tag-not-found`)
    })

    it('handles version numbers with a space and with +build metadata', async () => {
      const spaced = await put(`${p('My App')}/versions/${encodeURIComponent('1.0 beta')}`)
      expect(spaced.status).toBe(201)
      expect(spaced.body._links.self.href).toBe(`${broker.url}/pacticipants/My%20App/versions/1.0%20beta`)
      expect((await get(`${broker.url}/pacticipants/My%20App/versions/1.0%20beta`)).body.number).toBe('1.0 beta')

      const build = await put(`${p('meta')}/versions/1.0.0+build.7/tags/prod`)
      expect(build.status).toBe(201)
      expect((await get(`${p('meta')}/versions/1.0.0+build.7`)).body.number).toBe('1.0.0+build.7')
      expect((await get(`${p('meta')}/versions/${encodeURIComponent('1.0.0+build.7')}`)).body.number).toBe('1.0.0+build.7')
      expect((await get(`${p('meta')}/latest-version/prod`)).body.number).toBe('1.0.0+build.7')
    })

    it('links a consumer version to the pacts it published', async () => {
      await td(broker).publishPact({ consumer: 'shop', consumerVersion: '5.0.0', provider: 'stock' })
      const res = await get(`${p('shop')}/versions/5.0.0`)
      expect(res.body._links['pb:pact-versions']).toEqual([
        { title: 'Pact', name: 'Pact between shop (5.0.0) and stock', href: `${broker.url}/pacts/provider/stock/consumer/shop/version/5.0.0` },
      ])
      expect((await get(res.body._links['pb:pact-versions'][0].href)).status).toBe(200)
    })

    it('creates pacticipant, version, branch and tag once under concurrent PUTs (as parallel verifications do)', async () => {
      const branchPuts = await Promise.all(Array.from({ length: 8 }, () => put(`${p('racer')}/branches/main/versions/1.0.0`)))
      expect(branchPuts.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201])
      const tagPuts = await Promise.all(Array.from({ length: 8 }, (_, i) => put(`${p('racer')}/versions/1.0.${i % 2}/tags/prod`)))
      expect(tagPuts.filter((r) => r.status === 201)).toHaveLength(2)
      expect(tagPuts.every((r) => r.status === 200 || r.status === 201)).toBe(true)
      const versions = (await get(`${p('racer')}/versions`)).body._embedded.versions.map((v: any) => v.number)
      expect(versions).toEqual(['1.0.1', '1.0.0'])
      expect(await head('tag_heads', 'racer', 'prod')).toBe('1.0.1')
    })

    it('answers 405 with Allow for unsupported methods', async () => {
      const res = await request('POST', `${p('web')}/versions/1.2.0`, {})
      expect(res.status).toBe(405)
      expect(res.headers.get('allow')).toBe('GET, PUT, PATCH, DELETE, HEAD')
    })
  })
}
