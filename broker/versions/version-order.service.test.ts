import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, type TestDatabase } from '../../test/support/databases.js'
import { loadConfig, type VersionOrder } from '../config.js'
import { findOrCreatePacticipant, findPacticipant } from '../pacticipants/pacticipants.service.js'
import { isReconciled, reconcileVersionOrder } from './version-order.service.js'
import { addVersionToBranch, findLatestVersion, findOrCreateVersion } from './versions.service.js'

for (const database of DATABASES) {
  describe(`version order reconciliation (${database.name})`, () => {
    let handle: TestDatabase
    beforeAll(async () => {
      handle = await database.create()
    })
    afterAll(() => handle?.close())
    const deps = (order: VersionOrder) => ({ db: handle.db, config: loadConfig({ CONCORD_DATA_DIR: 'memory://', CONCORD_VERSION_ORDER: order }) })
    const row = (name: string) => handle.db.selectFrom('pacticipants').selectAll().where('name', '=', name).executeTakeFirstOrThrow()

    it('knows whether a row was computed under a setting', () => {
      expect(isReconciled({ version_order_setting: 'auto' }, 'auto')).toBe(true)
      expect(isReconciled({ version_order_setting: 'semver' }, 'auto')).toBe(false)
      expect(isReconciled({ version_order_setting: null }, 'auto')).toBe(false)
    })

    it('re-keys versions and recomputes branch heads when the setting changed, once', async () => {
      const web = await findOrCreatePacticipant(deps('creation'), 'web')
      for (const n of ['2.0.0', '1.0.0']) {
        const { version } = await findOrCreateVersion(deps('creation'), web, n)
        await addVersionToBranch(deps('creation'), web, version, 'main')
      }
      expect((await findLatestVersion(deps('creation'), web))?.number).toBe('1.0.0')
      const keysBefore = await handle.db.selectFrom('versions').select('order_key').where('pacticipant_id', '=', web.id).execute()
      expect(keysBefore.every((k) => k.order_key === '')).toBe(true)

      const reconciled = await reconcileVersionOrder(handle.db, 'semver', await row('web'))
      expect(reconciled).toMatchObject({ version_order: 'semver', version_order_setting: 'semver' })
      expect((await findLatestVersion(deps('semver'), web))?.number).toBe('2.0.0')
      const head = await handle.db
        .selectFrom('branch_heads')
        .innerJoin('versions', 'versions.id', 'branch_heads.version_id')
        .select('versions.number')
        .where('branch_heads.pacticipant_id', '=', web.id)
        .executeTakeFirst()
      expect(head?.number).toBe('2.0.0')
      // Already reconciled: the same row comes back untouched.
      const again = await reconcileVersionOrder(handle.db, 'semver', reconciled)
      expect(again).toBe(reconciled)
    })

    it('is applied by findPacticipant when given the settings, and not without them', async () => {
      const api = await findOrCreatePacticipant(deps('auto'), 'api')
      await findOrCreateVersion(deps('auto'), api, '1.0.0')
      expect((await row('api')).version_order_setting).toBe('auto')
      await findPacticipant({ db: handle.db }, 'api')
      expect((await row('api')).version_order_setting).toBe('auto')
      const found = await findPacticipant(deps('creation'), 'api')
      expect(found?.versionOrder).toBe('creation')
      expect((await row('api')).version_order_setting).toBe('creation')
    })
  })
}
