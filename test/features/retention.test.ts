import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLEAN_LOCK_KEY } from '../../broker/retention/retention.repository.js'
import { clean } from '../../broker/retention/retention.service.js'
import { systemClock } from '../../broker/shared/clock.js'
import { DATABASES } from '../support/databases.js'
import { get } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const KEEP_90_DAYS = { maxAgeDays: 90, limit: 500 }

for (const database of DATABASES) {
  describe(`clean on a seeded history (${database.name})`, () => {
    let broker: TestBroker
    const versions = async () =>
      (
        await sql<{ name: string }>`select p.name || ' ' || v.number as name from versions v join pacticipants p on p.id = v.pacticipant_id order by 1`.execute(
          broker.deps.db,
        )
      ).rows.map((r) => r.name)

    beforeAll(async () => {
      broker = await startTestBroker(database)
      // Two hundred days of history: web 1–5 on main (2 and 3 tagged prod, 1 deployed), 6 on feat-x; users 10
      // (deployed, verified web 1) and 11 (verified web 5) on main.
      const t = td(broker).createEnvironment('production', { production: true })
      for (const n of [1, 2, 3, 4, 5])
        t.publishPact({
          consumer: 'web',
          consumerVersion: `${n}.0.0`,
          provider: 'users',
          branch: 'main',
          interactions: `v${n}`,
          tags: n === 2 || n === 3 ? ['prod'] : [],
        })
      await t
        .publishPact({ consumer: 'web', consumerVersion: '6.0.0', provider: 'users', branch: 'feat-x', interactions: 'v6' })
        .verify({ provider: 'users', providerVersion: '10.0.0', branch: 'main', consumer: 'web', consumerVersion: '1.0.0', success: true })
        .verify({ provider: 'users', providerVersion: '11.0.0', branch: 'main', consumer: 'web', consumerVersion: '5.0.0', success: true })
        .recordDeployment('web', '1.0.0', 'production')
        .recordDeployment('users', '10.0.0', 'production')
      await sql`update versions set created_at = now() - interval '200 days'`.execute(broker.deps.db)
      await sql`update branches set updated_at = now() - interval '200 days'`.execute(broker.deps.db)
      // Young: web 7 and users 12, on main.
      await td(broker)
        .publishPact({ consumer: 'web', consumerVersion: '7.0.0', provider: 'users', branch: 'main', interactions: 'v7' })
        .verify({ provider: 'users', providerVersion: '12.0.0', branch: 'main', success: true })
    })
    afterAll(() => broker?.close())

    const expected = {
      versions: 4, // web 2.0.0, 4.0.0, 5.0.0 and users 11.0.0
      branch_versions: 4,
      branches: 0, // feat-x keeps its head, main is main
      tags: 1, // web 2.0.0's prod (3.0.0 is the latest prod)
      pact_publications: 3,
      pact_versions: 3, // v2, v4, v5: no publication left
      verifications: 1, // users 11.0.0 of web 5.0.0
      deployed_versions: 0,
      released_versions: 0,
      provider_contracts: 0,
      schema_verifications: 0,
    }

    it('--dry-run reports per table what the keep rules let go, and deletes nothing', async () => {
      const before = await versions()
      const result = await clean({ db: broker.deps.db, clock: systemClock }, { ...KEEP_90_DAYS, dryRun: true })
      expect(result).toMatchObject({ ran: true, dryRun: true, more: false })
      expect(result.deleted).toEqual(expected)
      expect(await versions()).toEqual(before)
    })

    it('deletes in batches of the limit, then leaves exactly what the keep rules keep', async () => {
      const first = await clean({ db: broker.deps.db, clock: systemClock }, { maxAgeDays: 90, limit: 3, dryRun: false })
      expect(first).toMatchObject({ ran: true, more: true })
      expect(first.deleted.versions).toBe(3)
      const second = await clean({ db: broker.deps.db, clock: systemClock }, { ...KEEP_90_DAYS, dryRun: false })
      expect(second.deleted.versions).toBe(1)
      expect(second.more).toBe(false)
      expect(
        Object.fromEntries(Object.keys(expected).map((t) => [t, first.deleted[t as keyof typeof expected] + second.deleted[t as keyof typeof expected]])),
      ).toEqual(expected)
      expect(await versions()).toEqual(['users 10.0.0', 'users 12.0.0', 'web 1.0.0', 'web 3.0.0', 'web 6.0.0', 'web 7.0.0'])
      const third = await clean({ db: broker.deps.db, clock: systemClock }, { ...KEEP_90_DAYS, dryRun: false })
      expect(third.deleted.versions).toBe(0)
      // the two cleans that deleted something are audited as the broker's own writes; the dry run and the empty third are not
      const audited = await broker.deps.db
        .selectFrom('audit_events')
        .select(['actor', 'outcome', 'details'])
        .where('type', '=', 'retention.cleaned')
        .orderBy('id')
        .execute()
      expect(audited.map((e) => [e.actor, e.outcome, (e.details.deleted as Record<string, number>).versions])).toEqual([
        ['system', 'accepted', 3],
        ['system', 'accepted', 1],
      ])
    })

    it('keeps the answers of can-i-deploy for what is deployed and latest', async () => {
      const deployed = await get(`${broker.url}/can-i-deploy?pacticipant=web&version=1.0.0&environment=production`)
      expect(deployed.body.summary.deployable).toBe(true)
      const prod = await get(`${broker.url}/pacticipants/web/latest-version/prod`)
      expect(prod.body.number).toBe('3.0.0')
    })

    it('keeps everything younger than the max age', async () => {
      const result = await clean({ db: broker.deps.db, clock: systemClock }, { maxAgeDays: 365, limit: 500, dryRun: true })
      expect(result.deleted.versions).toBe(0)
    })

    if (database.name === 'postgres') {
      it('runs one clean at a time: another runner holding the lock makes it skip', async () => {
        const other = new pg.Client({ connectionString: broker.database.url! })
        await other.connect()
        try {
          await other.query('select pg_advisory_lock($1::int, $2::int)', [...CLEAN_LOCK_KEY])
          const skipped = await clean({ db: broker.deps.db, clock: systemClock }, { ...KEEP_90_DAYS, dryRun: true })
          expect(skipped.ran).toBe(false)
          await other.query('select pg_advisory_unlock($1::int, $2::int)', [...CLEAN_LOCK_KEY])
          expect((await clean({ db: broker.deps.db, clock: systemClock }, { ...KEEP_90_DAYS, dryRun: true })).ran).toBe(true)
        } finally {
          await other.end()
        }
      })
    }
  })
}
