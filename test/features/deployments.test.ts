import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrokerEventMap } from '../../broker/shared/events.js'
import { DATABASES } from '../support/databases.js'
import { get, patch, post, put } from '../support/http.js'
import { pactDocument, publishBody } from '../support/pact-documents.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

for (const database of DATABASES) {
  describe(`deployed versions: record-deployment and record-undeployment (${database.name})`, () => {
    let broker: TestBroker
    let prod: { uuid: string; name: string }
    const events: BrokerEventMap['deployment.recorded'][] = []
    const recordUrl = (pacticipant: string, version: string, envUuid = prod.uuid) =>
      `${broker.url}/pacticipants/${encodeURIComponent(pacticipant)}/versions/${encodeURIComponent(version)}/deployed-versions/environment/${envUuid}`
    const current = async (query = '') => (await get(`${broker.url}/environments/${prod.uuid}/deployed-versions/currently-deployed${query}`)).body

    beforeAll(async () => {
      broker = await startTestBroker(database)
      broker.deps.events.on('deployment.recorded', (e) => events.push(e))
      prod = (await get(`${broker.url}/environments?name=production`)).body._embedded.environments[0]
      for (const n of ['1.0.0', '1.1.0', '1.2.0']) await put(`${broker.url}/pacticipants/api/versions/${n}`)
      await put(`${broker.url}/pacticipants/web/versions/9.0.0`)
    })
    afterAll(() => broker?.close())

    it('records a deployment (201, Location) and lists it as currently deployed', async () => {
      const res = await post(recordUrl('api', '1.0.0'), {})
      expect(res.status).toBe(201)
      expect(res.headers.get('location')).toBe(`${broker.url}/deployed-versions/${res.body.uuid}`)
      expect(res.body).toMatchObject({
        currentlyDeployed: true,
        _embedded: {
          pacticipant: { name: 'api' },
          version: { number: '1.0.0' },
          environment: { name: 'production', displayName: 'Production', production: true },
        },
        _links: { self: { href: `${broker.url}/deployed-versions/${res.body.uuid}` } },
      })
      expect(res.body.applicationInstance).toBeUndefined()
      expect(res.body.undeployedAt).toBeUndefined()
      expect(events).toEqual([{ pacticipant: 'api', version: '1.0.0', environment: 'production', applicationInstance: null }])

      const list = await current('?pacticipant=api')
      expect(list._embedded.deployedVersions.map((d: any) => [d._embedded.pacticipant.name, d._embedded.version.number])).toEqual([['api', '1.0.0']])
      expect(list._links.self.href).toBe(`${broker.url}/environments/${prod.uuid}/deployed-versions/currently-deployed?pacticipant=api`)
      expect((await current('?pacticipant=nobody'))._embedded.deployedVersions).toEqual([])

      const version = await get(`${broker.url}/pacticipants/api/versions/1.0.0`)
      expect(version.body._links['pb:deployed-environments']).toEqual([
        { title: 'Version deployed to Production', name: 'Production', href: `${broker.url}/deployed-versions/${res.body.uuid}`, currently_deployed: true },
      ])
    })

    it('records the current version again without change (200, same uuid, no event)', async () => {
      const before = (await current('?pacticipant=api'))._embedded.deployedVersions[0].uuid
      const again = await post(recordUrl('api', '1.0.0'), {})
      expect(again.status).toBe(200)
      expect(again.body.uuid).toBe(before)
      expect(events).toHaveLength(1)
    })

    it('replaces the current deployment of the same application instance only', async () => {
      const old = (await current('?pacticipant=api'))._embedded.deployedVersions[0]
      await post(recordUrl('api', '1.1.0'), {})
      const blue = await post(recordUrl('api', '1.0.0'), { applicationInstance: 'blue', target: 'blue' })
      expect(blue.body).toMatchObject({ applicationInstance: 'blue', target: 'blue' })
      // Older clients send only `target`.
      const green = await post(recordUrl('api', '1.2.0'), { target: 'green' })
      expect(green.body.applicationInstance).toBe('green')

      const list = (await current('?pacticipant=api'))._embedded.deployedVersions
      expect(list.map((d: any) => [d.applicationInstance ?? null, d._embedded.version.number])).toEqual([
        [null, '1.1.0'],
        ['blue', '1.0.0'],
        ['green', '1.2.0'],
      ])
      const replaced = await get(`${broker.url}/deployed-versions/${old.uuid}`)
      expect(replaced.body.currentlyDeployed).toBe(false)
      expect(replaced.body.undeployedAt).toMatch(/\+00:00$/)

      expect((await current('?pacticipant=api&applicationInstance=blue'))._embedded.deployedVersions.map((d: any) => d.applicationInstance)).toEqual(['blue'])
      expect((await current('?pacticipant=api&applicationInstance='))._embedded.deployedVersions.map((d: any) => d._embedded.version.number)).toEqual(['1.1.0'])
      expect(
        (await get(`${broker.url}/pacticipants/api/versions/1.0.0/deployed-versions`)).body._embedded.deployedVersions.map((d: any) => d.currentlyDeployed),
      ).toEqual([false, true])
    })

    it('records an undeployment with merge-patch, and refuses to set currentlyDeployed back to true (422)', async () => {
      const blue = (await current('?pacticipant=api&applicationInstance=blue'))._embedded.deployedVersions[0]
      const undeployed = await patch(blue._links.self.href, { currentlyDeployed: false })
      expect(undeployed.status).toBe(200)
      expect(undeployed.body.currentlyDeployed).toBe(false)
      expect((await current('?pacticipant=api&applicationInstance=blue'))._embedded.deployedVersions).toEqual([])

      const back = await patch(blue._links.self.href, { currentlyDeployed: true })
      expect(back.status).toBe(422)
      expect(back.body.type).toBe(`${broker.url}/problems/deployment-immutable`)
      expect(back.body.detail).toContain('record a new deployment')
      const bad = await patch(blue._links.self.href, { currentlyDeployed: 'no' })
      expect(bad.status).toBe(400)
      expect(bad.body.errors[0].pointer).toBe('/currentlyDeployed')
    })

    it('answers 404 for an unknown version, environment or deployed version', async () => {
      const noVersion = await post(recordUrl('api', '7.0.0'), {})
      expect(noVersion.status).toBe(404)
      expect(noVersion.body.type).toBe(`${broker.url}/problems/version-not-found`)
      expect((await post(recordUrl('api', '1.0.0', '00000000-0000-0000-0000-000000000000'), {})).status).toBe(404)
      expect((await get(`${broker.url}/environments/00000000-0000-0000-0000-000000000000/deployed-versions/currently-deployed`)).status).toBe(404)
      const noDeployment = await get(`${broker.url}/deployed-versions/nope`)
      expect(noDeployment.status).toBe(404)
      expect(noDeployment.body.type).toBe(`${broker.url}/problems/deployed-version-not-found`)
    })

    it('leaves exactly one current deployment per instance under concurrent record-deployment calls', async () => {
      const versions = Array.from({ length: 10 }, (_, i) => `2.0.${i}`)
      for (const n of versions) await put(`${broker.url}/pacticipants/web/versions/${n}`)
      const results = await Promise.all(versions.map((n) => post(recordUrl('web', n), { applicationInstance: 'race' })))
      expect(results.map((r) => r.status).every((s) => s === 201 || s === 200)).toBe(true)
      const list = (await current('?pacticipant=web&applicationInstance=race'))._embedded.deployedVersions
      expect(list).toHaveLength(1)
      const rows = await broker.database.db.selectFrom('deployed_versions').select('undeployed_at').where('application_instance', '=', 'race').execute()
      expect(rows).toHaveLength(10)
      expect(rows.filter((r) => r.undeployed_at === null)).toHaveLength(1)
    })

    it("names an environment created without a display name the same way in the matrix as in /environments ('Pre Prod')", async () => {
      const env = await post(`${broker.url}/environments`, { name: 'pre-prod', production: false })
      expect(env.status).toBe(201)
      expect(env.body.displayName).toBe('Pre Prod')
      expect((await post(`${broker.url}/contracts/publish`, publishBody({ pact: pactDocument('shop', 'stock'), version: '1.0.0' }))).status).toBe(200)
      expect((await post(recordUrl('shop', '1.0.0', env.body.uuid), {})).status).toBe(201)
      const matrix = await get(`${broker.url}/matrix?q[][pacticipant]=shop&q[][version]=1.0.0&latestby=cvp`)
      expect(matrix.status).toBe(200)
      const names = [...JSON.stringify(matrix.body).matchAll(/"name":"pre-prod","displayName":"([^"]*)"/g)].map((m) => m[1])
      expect(names.length).toBeGreaterThan(0)
      expect(new Set(names)).toEqual(new Set(['Pre Prod']))
    })
  })
}
