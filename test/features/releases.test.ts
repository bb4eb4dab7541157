import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrokerEventMap } from '../../broker/shared/events.js'
import { DATABASES } from '../support/databases.js'
import { get, patch, post, put } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

for (const database of DATABASES) {
  describe(`released versions: record-release and record-support-ended (${database.name})`, () => {
    let broker: TestBroker
    let prod: { uuid: string }
    const events: BrokerEventMap['release.recorded'][] = []
    const recordUrl = (version: string, envUuid = prod.uuid) => `${broker.url}/pacticipants/mobile/versions/${version}/released-versions/environment/${envUuid}`
    const supported = async (query = '') => (await get(`${broker.url}/environments/${prod.uuid}/released-versions/currently-supported${query}`)).body

    beforeAll(async () => {
      broker = await startTestBroker(database)
      broker.deps.events.on('release.recorded', (e) => events.push(e))
      prod = (await get(`${broker.url}/environments?name=production`)).body._embedded.environments[0]
      for (const n of ['3.0.0', '3.1.0']) await put(`${broker.url}/pacticipants/mobile/versions/${n}`)
    })
    afterAll(() => broker?.close())

    it('records releases (201 new, 200 existing) and keeps several versions supported at once', async () => {
      const first = await post(recordUrl('3.0.0'), {})
      expect(first.status).toBe(201)
      expect(first.headers.get('location')).toBe(`${broker.url}/released-versions/${first.body.uuid}`)
      expect(first.body).toMatchObject({
        currentlySupported: true,
        _embedded: { pacticipant: { name: 'mobile' }, version: { number: '3.0.0' }, environment: { name: 'production' } },
        _links: { self: { href: `${broker.url}/released-versions/${first.body.uuid}` } },
      })
      const again = await post(recordUrl('3.0.0'), {})
      expect(again.status).toBe(200)
      expect(again.body.uuid).toBe(first.body.uuid)
      await post(recordUrl('3.1.0'), {})
      expect(events.map((e) => e.version)).toEqual(['3.0.0', '3.1.0'])

      const list = await supported('?pacticipant=mobile')
      expect(list._embedded.releasedVersions.map((r: any) => r._embedded.version.number)).toEqual(['3.0.0', '3.1.0'])
      expect((await supported('?pacticipant=mobile&version=3.1.0'))._embedded.releasedVersions).toHaveLength(1)
      expect((await supported('?pacticipant=nobody'))._embedded.releasedVersions).toEqual([])
      expect((await get(`${broker.url}/pacticipants/mobile/versions/3.1.0`)).body._links['pb:released-environments'][0]).toMatchObject({
        name: 'Production',
        currently_supported: true,
      })
    })

    it('ends support with merge-patch, refuses to restore it by PATCH (422), and restores it by recording again', async () => {
      const item = (await supported('?pacticipant=mobile&version=3.0.0'))._embedded.releasedVersions[0]
      const ended = await patch(item._links.self.href, { currentlySupported: false })
      expect(ended.status).toBe(200)
      expect(ended.body.currentlySupported).toBe(false)
      expect(ended.body.supportEndedAt).toMatch(/\+00:00$/)
      expect((await supported('?pacticipant=mobile'))._embedded.releasedVersions.map((r: any) => r._embedded.version.number)).toEqual(['3.1.0'])

      const back = await patch(item._links.self.href, { currentlySupported: true })
      expect(back.status).toBe(422)
      expect(back.body.type).toBe(`${broker.url}/problems/deployment-immutable`)

      const rereleased = await post(recordUrl('3.0.0'), {})
      expect(rereleased.status).toBe(200)
      expect(rereleased.body).toMatchObject({ uuid: item.uuid, currentlySupported: true })
      expect(rereleased.body.supportEndedAt).toBeUndefined()
    })

    it('answers 404 for an unknown version, environment or released version', async () => {
      expect((await post(recordUrl('9.9.9'), {})).status).toBe(404)
      expect((await post(recordUrl('3.0.0', 'no-such-env'), {})).status).toBe(404)
      const res = await get(`${broker.url}/released-versions/nope`)
      expect(res.status).toBe(404)
      expect(res.body.type).toBe(`${broker.url}/problems/released-version-not-found`)
    })

    it('records one release under concurrent calls', async () => {
      await put(`${broker.url}/pacticipants/mobile/versions/4.0.0`)
      const results = await Promise.all(Array.from({ length: 8 }, () => post(recordUrl('4.0.0'), {})))
      expect(results.filter((r) => r.status === 201)).toHaveLength(1)
      expect(results.filter((r) => r.status === 200)).toHaveLength(7)
      expect(new Set(results.map((r) => r.body.uuid)).size).toBe(1)
    })
  })
}
