/**
 * Checks that the head tables agree with the history they summarise, the invariant concurrent writes must keep:
 * each branch head / tag head is the branch's / tag's latest version by version order, each current pact is the
 * latest revision of its (consumer version, provider), each latest verification is the newest result of its
 * (pact version, provider version). Returns one line per disagreement, so `expect(await headDisagreements(db)).toEqual([])`
 * prints what is wrong.
 *
 * @example expect(await headDisagreements(broker.deps.db)).toEqual([])
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../broker/db/database.js'

export async function headDisagreements(db: Kysely<Database>): Promise<string[]> {
  const checks: [string, ReturnType<typeof sql<{ problem: string }>>][] = [
    [
      'branch_heads',
      sql<{ problem: string }>`
        with expected as (
          select distinct on (bv.branch_id) bv.branch_id, bv.version_id
          from branch_versions bv join versions v on v.id = bv.version_id
          order by bv.branch_id, v.order_key desc, v.id desc)
        select 'branch ' || coalesce(e.branch_id, h.branch_id) || ': head ' || coalesce(h.version_id::text, 'none') || ', expected ' || coalesce(e.version_id::text, 'none') as problem
        from expected e full join branch_heads h on h.branch_id = e.branch_id
        where e.version_id is distinct from h.version_id`,
    ],
    [
      'tag_heads',
      sql<{ problem: string }>`
        with expected as (
          select distinct on (t.pacticipant_id, t.name) t.pacticipant_id, t.name, t.version_id
          from tags t join versions v on v.id = t.version_id
          order by t.pacticipant_id, t.name, v.order_key desc, v.id desc)
        select 'tag ' || coalesce(e.name, h.name) || ': head ' || coalesce(h.version_id::text, 'none') || ', expected ' || coalesce(e.version_id::text, 'none') as problem
        from expected e full join tag_heads h on h.pacticipant_id = e.pacticipant_id and h.name = e.name
        where e.version_id is distinct from h.version_id`,
    ],
    [
      'latest_pact_publications',
      sql<{ problem: string }>`
        with expected as (
          select distinct on (consumer_version_id, provider_id) consumer_version_id, provider_id, id
          from pact_publications order by consumer_version_id, provider_id, revision_number desc, id desc)
        select 'pact of version ' || coalesce(e.consumer_version_id, l.consumer_version_id) || ': current ' || coalesce(l.pact_publication_id::text, 'none') || ', expected ' || coalesce(e.id::text, 'none') as problem
        from expected e full join latest_pact_publications l on l.consumer_version_id = e.consumer_version_id and l.provider_id = e.provider_id
        where e.id is distinct from l.pact_publication_id`,
    ],
    [
      'latest_verifications',
      sql<{ problem: string }>`
        with expected as (
          select pact_version_id, provider_version_id, max(id) as id from verifications group by pact_version_id, provider_version_id)
        select 'verification of pact version ' || coalesce(e.pact_version_id, l.pact_version_id) || ': latest ' || coalesce(l.verification_id::text, 'none') || ', expected ' || coalesce(e.id::text, 'none') as problem
        from expected e full join latest_verifications l on l.pact_version_id = e.pact_version_id and l.provider_version_id = e.provider_version_id
        where e.id is distinct from l.verification_id`,
    ],
  ]
  const problems: string[] = []
  for (const [table, query] of checks) {
    for (const row of (await query.execute(db)).rows) problems.push(`${table}: ${row.problem}`)
  }
  return problems
}
