import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../broker/app.js'
import { loadConfig } from '../../broker/config.js'
import { DATABASES } from '../support/databases.js'
import { get, put } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

/**
 * CONCORD_VERSION_ORDER changed between two runs of the broker on the same database: the next use of each
 * pacticipant recomputes its order (keys and branch/tag heads). No start-up job is involved: the second broker
 * here is only a second app on the same database.
 */
for (const database of DATABASES) {
  describe(`changing CONCORD_VERSION_ORDER takes effect on an existing database (${database.name})`, () => {
    let broker: TestBroker
    const servers: { close(): void; closeAllConnections(): void }[] = []

    beforeAll(async () => {
      broker = await startTestBroker(database, { env: { CONCORD_VERSION_ORDER: 'creation' } })
    })
    afterAll(async () => {
      for (const server of servers) {
        server.closeAllConnections()
        server.close()
      }
      await broker?.close()
    })

    /** Another broker process on the same database, with a different setting. */
    async function brokerWith(order: string): Promise<string> {
      const config = loadConfig({ CONCORD_LOG_LEVEL: 'silent', CONCORD_DATA_DIR: 'memory://', CONCORD_VERSION_ORDER: order })
      const server = createApp({ ...broker.deps, config }).listen(0, '127.0.0.1')
      await new Promise<void>((resolve) => server.once('listening', resolve))
      servers.push(server)
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    }

    const storedSetting = async (name: string) =>
      await broker.database.db.selectFrom('pacticipants').select(['version_order', 'version_order_setting']).where('name', '=', name).executeTakeFirstOrThrow()

    it('orders by creation under creation, by semver after switching to semver, and back by creation under auto with a non-semver version', async () => {
      for (const n of ['2.0.0', '1.0.0']) {
        await put(`${broker.url}/pacticipants/web/branches/main/versions/${n}`)
        await put(`${broker.url}/pacticipants/web/versions/${n}/tags/prod`)
      }
      expect((await get(`${broker.url}/pacticipants/web/latest-version`)).body.number).toBe('1.0.0')
      expect((await get(`${broker.url}/pacticipants/web/branches/main`)).body._embedded.latestVersion.number).toBe('1.0.0')
      expect(await storedSetting('web')).toEqual({ version_order: 'creation', version_order_setting: 'creation' })

      const semverBroker = await brokerWith('semver')
      expect((await get(`${semverBroker}/pacticipants/web/latest-version`)).body.number).toBe('2.0.0')
      expect((await get(`${semverBroker}/pacticipants/web/branches/main`)).body._embedded.latestVersion.number).toBe('2.0.0')
      expect((await get(`${semverBroker}/pacticipants/web/latest-version/prod`)).body.number).toBe('2.0.0')
      expect((await get(`${semverBroker}/pacticipants/web/versions`)).body._embedded.versions.map((v: any) => v.number)).toEqual(['2.0.0', '1.0.0'])
      expect(await storedSetting('web')).toEqual({ version_order: 'semver', version_order_setting: 'semver' })

      // A non-semver version under 'semver' sorts below every semver one.
      await put(`${semverBroker}/pacticipants/web/branches/main/versions/abc`)
      expect((await get(`${semverBroker}/pacticipants/web/latest-version`)).body.number).toBe('2.0.0')

      const autoBroker = await brokerWith('auto')
      // Not all versions are semver: auto means creation order, so the last created (abc) is latest.
      expect((await get(`${autoBroker}/pacticipants/web`)).body._embedded.latestVersion.number).toBe('abc')
      expect((await get(`${autoBroker}/pacticipants/web/branches/main`)).body._embedded.latestVersion.number).toBe('abc')
      expect(await storedSetting('web')).toEqual({ version_order: 'creation', version_order_setting: 'auto' })
    })

    it('reconciles a pacticipant once under concurrent first requests', async () => {
      for (const n of ['3.0.0', '1.0.0', '2.0.0']) await put(`${broker.url}/pacticipants/api/versions/${n}`)
      expect((await get(`${broker.url}/pacticipants/api/latest-version`)).body.number).toBe('2.0.0')
      const semverBroker = await brokerWith('semver')
      const answers = await Promise.all(Array.from({ length: 8 }, () => get(`${semverBroker}/pacticipants/api/latest-version`)))
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200))
      expect(answers.map((a) => a.body.number)).toEqual(Array(8).fill('3.0.0'))
    })
  })
}
