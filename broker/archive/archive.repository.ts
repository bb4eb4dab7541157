/**
 * @module archive/repository
 * The queries of export and import. Like the retention repository they read and write every domain's tables,
 * here generically (table and column names come from `archive-tables.ts` and the database's own catalogue), so
 * the SQL is raw: the query builder's types cannot follow a table chosen at run time.
 */
import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../db/database.js'

/** Column name → PostgreSQL type name (`integer`, `text`, `jsonb`, `timestamp with time zone`, …), per table. */
export type ColumnTypes = Map<string, Map<string, string>>

export async function columnTypes(db: Db): Promise<ColumnTypes> {
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = current_schema() order by table_name, ordinal_position`.execute(db)
  const types: ColumnTypes = new Map()
  for (const r of rows) {
    if (!types.has(r.table_name)) types.set(r.table_name, new Map())
    types.get(r.table_name)!.set(r.column_name, r.data_type)
  }
  return types
}

/** The last migration applied (Kysely's bookkeeping table), or null on an empty database. */
export async function latestMigration(db: Db): Promise<string | null> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db)
  return rows[0]?.name ?? null
}

/**
 * One page of a table's rows as JSON, in id order (keyset pagination, so a long export does not hold them all).
 * `row_to_json` rather than the driver's conversion: timestamps keep their microseconds and JSON columns their
 * exact content.
 */
export async function readRowsAfter(db: Db, table: string, afterId: number, limit: number): Promise<Record<string, unknown>[]> {
  const { rows } = await sql<{ r: Record<string, unknown> }>`
    select row_to_json(t) as r from ${sql.table(table)} t where t.id > ${afterId} order by t.id limit ${limit}`.execute(db)
  return rows.map((x) => x.r)
}

/** All rows of a table without a serial id (small: labels, integrations), in key order. */
export async function readAllRows(db: Db, table: string, orderBy: readonly string[]): Promise<Record<string, unknown>[]> {
  const { rows } = await sql<{ r: Record<string, unknown> }>`
    select row_to_json(t) as r from ${sql.table(table)} t order by ${sql.join(orderBy.map((c) => sql.ref(`t.${c}`)))}`.execute(db)
  return rows.map((x) => x.r)
}

/** A value for a column of the given type, cast so PostgreSQL needs no inference (JSON goes as its text). */
function typed(value: unknown, type: string): RawBuilder<unknown> {
  if (value === null || value === undefined) return sql`null`
  if (type === 'jsonb' || type === 'json') return sql`${JSON.stringify(value)}::jsonb`
  return sql`${value}::${sql.raw(castable(type))}`
}

/** information_schema's `data_type` as a cast target (`USER-DEFINED` and arrays do not occur in the schema). */
function castable(type: string): string {
  if (!/^[a-z ]+$/.test(type)) throw new Error(`unsupported column type ${type}`)
  return type
}

/**
 * Which of `keys` (natural-key tuples, in `keyColumns` order) exist in `table`: their index in `keys` and the
 * row's id (null for tables without one). One statement: the tuples are a VALUES list joined to the table.
 */
export async function findByKeys(
  db: Db,
  table: string,
  types: Map<string, string>,
  keyColumns: readonly string[],
  keys: unknown[][],
  hasId: boolean,
): Promise<Map<number, number | null>> {
  const found = new Map<number, number | null>()
  if (!keys.length) return found
  const values = keys.map((tuple, i) => sql`(${i}::int, ${sql.join(tuple.map((v, c) => typed(v, types.get(keyColumns[c]!)!)))})`)
  const names = keyColumns.map((_, c) => sql.ref(`k${c}`))
  const on = keyColumns.map((column, c) => sql`t.${sql.ref(column)} = v.${sql.ref(`k${c}`)}`)
  const { rows } = await sql<{ i: number; id: number | null }>`
    select v.i, ${hasId ? sql`t.id` : sql`null`} as id
    from (values ${sql.join(values)}) as v(i, ${sql.join(names)})
    join ${sql.table(table)} t on ${sql.join(on, sql` and `)}`.execute(db)
  for (const r of rows) found.set(r.i, r.id)
  return found
}

/**
 * Inserts rows (each holding exactly `columns`), skipping any that would break a unique constraint (a
 * concurrent writer added the same row). Returns how many were added.
 */
export async function insertRows(db: Db, table: string, types: Map<string, string>, columns: string[], rows: Record<string, unknown>[]): Promise<number> {
  if (!rows.length) return 0
  const values = rows.map((row) => sql`(${sql.join(columns.map((c) => typed(row[c], types.get(c)!)))})`)
  const { rows: added } = await sql`
    insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    values ${sql.join(values)}
    on conflict do nothing
    returning 1`.execute(db)
  return added.length
}

/**
 * The lock a publication or verification of this pacticipant takes first (contracts and verifications
 * repositories, docs/reliability.md): taken for each pacticipant in name order, an import waits for, then holds
 * off, the writes to the pacticipants it restores.
 */
export async function lockPublisher(db: Db, pacticipantName: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${'concord:publish:' + pacticipantName}))`.execute(db)
}

/** The pacticipants' version locks (`for no key update`, in id order), before their heads are recomputed. */
export async function lockPacticipants(db: Db, ids: number[]): Promise<void> {
  if (ids.length) await sql`select id from pacticipants where id = any(${ids}::int[]) order by id for no key update`.execute(db)
}

/**
 * Recomputes the head tables for these pacticipants from history: branch and tag heads (highest version order,
 * then id, as versions.repository's `recomputeHeads`), the current pact of each consumer version (highest
 * revision) and the latest verification of each pact content by each provider version (highest id).
 */
export async function recomputeHeads(db: Db, pacticipantIds: number[]): Promise<void> {
  if (!pacticipantIds.length) return
  const ids = sql`${pacticipantIds}::int[]`
  await sql`delete from branch_heads where pacticipant_id = any(${ids})`.execute(db)
  await sql`
    insert into branch_heads (branch_id, pacticipant_id, branch_name, version_id)
    select distinct on (bv.branch_id) bv.branch_id, bv.pacticipant_id, bv.branch_name, bv.version_id
    from branch_versions bv join versions v on v.id = bv.version_id
    where bv.pacticipant_id = any(${ids})
    order by bv.branch_id, v.order_key desc, v.id desc`.execute(db)
  await sql`delete from tag_heads where pacticipant_id = any(${ids})`.execute(db)
  await sql`
    insert into tag_heads (pacticipant_id, name, version_id)
    select distinct on (t.pacticipant_id, t.name) t.pacticipant_id, t.name, t.version_id
    from tags t join versions v on v.id = t.version_id
    where t.pacticipant_id = any(${ids})
    order by t.pacticipant_id, t.name, v.order_key desc, v.id desc`.execute(db)
  await sql`delete from latest_pact_publications where consumer_id = any(${ids})`.execute(db)
  await sql`
    insert into latest_pact_publications (consumer_version_id, provider_id, consumer_id, pact_publication_id, pact_version_id, created_at)
    select distinct on (pp.consumer_version_id, pp.provider_id)
      pp.consumer_version_id, pp.provider_id, pp.consumer_id, pp.id, pp.pact_version_id, pp.created_at
    from pact_publications pp
    where pp.consumer_id = any(${ids})
    order by pp.consumer_version_id, pp.provider_id, pp.revision_number desc, pp.id desc`.execute(db)
  await sql`delete from latest_verifications where provider_id = any(${ids})`.execute(db)
  await sql`
    insert into latest_verifications (pact_version_id, provider_version_id, verification_id, provider_id, success, wip)
    select distinct on (vr.pact_version_id, vr.provider_version_id)
      vr.pact_version_id, vr.provider_version_id, vr.id, vr.provider_id, vr.success, vr.wip
    from verifications vr
    where vr.provider_id = any(${ids})
    order by vr.pact_version_id, vr.provider_version_id, vr.id desc`.execute(db)
}

/**
 * Gives an unused environment of the target (no deployment or release recorded in it: the `test` and
 * `production` every fresh broker creates) the archived environment's identity — uuid, display name, production
 * flag, contacts and dates — so links and scripts that name the environment by uuid keep working after a restore.
 * Returns whether it changed anything.
 */
export async function adoptUnusedEnvironment(db: Db, id: number, archived: Record<string, unknown>): Promise<boolean> {
  const { rows } = await sql`
    update environments set
      uuid = ${archived.uuid}, display_name = ${archived.display_name ?? null},
      production = ${archived.production}, contacts = ${archived.contacts == null ? null : JSON.stringify(archived.contacts)}::jsonb,
      created_at = ${archived.created_at}::timestamptz, updated_at = ${archived.updated_at}::timestamptz
    where id = ${id} and uuid <> ${archived.uuid}
      and not exists (select 1 from deployed_versions d where d.environment_id = ${id})
      and not exists (select 1 from released_versions r where r.environment_id = ${id})
      and not exists (select 1 from environments e where e.uuid = ${archived.uuid})
    returning 1`.execute(db)
  return rows.length > 0
}
