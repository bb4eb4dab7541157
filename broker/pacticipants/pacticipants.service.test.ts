import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, type TestDatabase } from '../../test/support/databases.js'
import { loadConfig } from '../config.js'
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js'
import {
  createPacticipant,
  findOrCreatePacticipant,
  getPacticipant,
  listPacticipants,
  maybeSetMainBranch,
  patchPacticipant,
  replacePacticipant,
} from './pacticipants.service.js'

for (const database of DATABASES) {
  describe(`pacticipants service (${database.name})`, () => {
    let handle: TestDatabase
    beforeAll(async () => {
      handle = await database.create()
    })
    afterAll(() => handle?.close())
    const deps = () => ({ db: handle.db, config: loadConfig({ CONCORD_DATA_DIR: 'memory://' }) })

    it('creates, refuses a duplicate, merge-patches and replaces', async () => {
      const created = await createPacticipant(deps(), { name: 'userService', repositoryUrl: 'https://git/u' })
      expect(created).toMatchObject({ name: 'userService', displayName: 'User Service', repositoryUrl: 'https://git/u', mainBranch: null })
      await expect(createPacticipant(deps(), { name: 'userService' })).rejects.toBeInstanceOf(ConflictError)

      const patched = await patchPacticipant(deps(), 'userService', { mainBranch: 'trunk' })
      expect(patched).toMatchObject({ created: false, pacticipant: { mainBranch: 'trunk', repositoryUrl: 'https://git/u' } })
      await expect(patchPacticipant(deps(), 'userService', { name: 'other' })).rejects.toBeInstanceOf(ValidationError)

      const replaced = await replacePacticipant(deps(), 'userService', { displayName: 'Users' })
      expect(replaced).toMatchObject({ displayName: 'Users', mainBranch: null, repositoryUrl: null })
      await expect(replacePacticipant(deps(), 'ghost', {})).rejects.toBeInstanceOf(NotFoundError)
      await expect(getPacticipant(deps(), 'ghost')).rejects.toThrow("No pacticipant named 'ghost'")
    })

    it('creates each name once under concurrent find-or-create and PATCH calls', async () => {
      const results = await Promise.all([
        ...Array.from({ length: 5 }, () => findOrCreatePacticipant(deps(), 'racer')),
        ...Array.from({ length: 5 }, () => patchPacticipant(deps(), 'racer', {}).then((r) => r.pacticipant)),
      ])
      expect(new Set(results.map((p) => p.id)).size).toBe(1)
      expect((await listPacticipants(deps(), { q: 'racer' })).page.totalElements).toBe(1)
    })

    it('sets the main branch from a candidate branch only while none is set', async () => {
      const app = await findOrCreatePacticipant(deps(), 'app')
      expect((await maybeSetMainBranch(deps(), app, 'feature-x')).mainBranch).toBeNull()
      const withMain = await maybeSetMainBranch(deps(), app, 'develop')
      expect(withMain.mainBranch).toBe('develop')
      // A stale object (mainBranch unknown to the caller) does not overwrite what is stored.
      expect((await maybeSetMainBranch(deps(), app, 'main')).mainBranch).not.toBe('main')
      expect((await getPacticipant(deps(), 'app')).mainBranch).toBe('develop')
    })
  })
}
