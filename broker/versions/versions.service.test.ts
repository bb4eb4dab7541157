import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.js'
import { DATABASES, type TestDatabase } from '../../test/support/databases.js'
import { findOrCreatePacticipant } from '../pacticipants/pacticipants.service.js'
import { addTag, addVersionToBranch, findLatestVersion, findOrCreateVersion } from './versions.service.js'

for (const database of DATABASES) {
  describe(`versions service (${database.name})`, () => {
    let handle: TestDatabase
    beforeAll(async () => {
      handle = await database.create()
    })
    afterAll(() => handle?.close())
    const deps = () => ({ db: handle.db, config: loadConfig({ CONCORD_DATA_DIR: 'memory://' }) })

    async function branchHead(pacticipantId: number, branch: string) {
      const row = await handle.db
        .selectFrom('branch_heads')
        .innerJoin('versions', 'versions.id', 'branch_heads.version_id')
        .select('versions.number')
        .where('branch_heads.pacticipant_id', '=', pacticipantId)
        .where('branch_name', '=', branch)
        .executeTakeFirst()
      return row?.number
    }

    it('orders semver versions by precedence, not creation', async () => {
      const web = await findOrCreatePacticipant(deps(), 'web')
      for (const n of ['1.10.0', '1.2.0', '1.9.0-rc.1', '1.4.0+3f2a9c1']) {
        const { version } = await findOrCreateVersion(deps(), web, n)
        await addVersionToBranch(deps(), web, version, 'main')
      }
      expect((await findLatestVersion(deps(), web))?.number).toBe('1.10.0')
      expect(await branchHead(web.id, 'main')).toBe('1.10.0')
    })

    it('falls back to creation order once a version is not semver, and recomputes heads', async () => {
      const api = await findOrCreatePacticipant(deps(), 'api')
      for (const n of ['2.0.0', '1.0.0']) {
        const { version } = await findOrCreateVersion(deps(), api, n)
        await addVersionToBranch(deps(), api, version, 'main')
        await addTag(deps(), api, version, 'prod')
      }
      expect(await branchHead(api.id, 'main')).toBe('2.0.0')
      await findOrCreateVersion(deps(), api, 'abc123')
      expect((await findLatestVersion(deps(), api))?.number).toBe('abc123')
      // In creation order the later-created 1.0.0 is now the head of main and of the prod tag.
      expect(await branchHead(api.id, 'main')).toBe('1.0.0')
      const tagHead = await handle.db
        .selectFrom('tag_heads')
        .innerJoin('versions', 'versions.id', 'tag_heads.version_id')
        .select('versions.number')
        .where('tag_heads.pacticipant_id', '=', api.id)
        .executeTakeFirst()
      expect(tagHead?.number).toBe('1.0.0')
    })

    it('creates a version once under concurrent calls', async () => {
      const svc = await findOrCreatePacticipant(deps(), 'svc')
      const results = await Promise.all(Array.from({ length: 10 }, () => findOrCreateVersion(deps(), svc, '3.0.0')))
      expect(new Set(results.map((r) => r.version.id)).size).toBe(1)
      expect(results.filter((r) => r.created)).toHaveLength(1)
    })
  })
}
