/**
 * @module archive
 * A whole broker as a portable archive (`concord export` / `concord import FILE`, docs/operations.md#backups).
 *
 * What a table is to the archive: its rows carry the source database's ids, which mean nothing in another
 * database. So each table names its *natural key* (what identifies a row across databases: a pacticipant's name,
 * a version's pacticipant and number, a verification's uuid) and which columns refer to other tables. The import
 * maps every archive id to the target's id through the natural key, which is what makes it idempotent (a row
 * whose key exists is not added again) and lets it restore into a broker that already has rows of its own (a
 * fresh broker's `test` and `production` environments).
 *
 * The head tables (`branch_heads`, `tag_heads`, `latest_pact_publications`, `latest_verifications`) are not
 * archived: they are derived from history, and the import recomputes them for the pacticipants it touched.
 */

export interface ArchivedTable {
  name: string
  /** The serial primary key (absent for tables keyed by their natural key only). */
  id?: 'id'
  /** Columns that identify a row across databases (after references are mapped). */
  key: readonly string[]
  /** Columns holding another archived table's id. */
  refs: Readonly<Record<string, string>>
}

const P = 'pacticipants'
const V = 'versions'

/** Every archived table, parents before children: the order of export and import. */
export const ARCHIVED_TABLES: readonly ArchivedTable[] = [
  { name: 'pacticipants', id: 'id', key: ['name'], refs: {} },
  { name: 'labels', key: ['pacticipant_id', 'name'], refs: { pacticipant_id: P } },
  { name: 'environments', id: 'id', key: ['name'], refs: {} },
  { name: 'versions', id: 'id', key: ['pacticipant_id', 'number'], refs: { pacticipant_id: P } },
  { name: 'branches', id: 'id', key: ['pacticipant_id', 'name'], refs: { pacticipant_id: P } },
  { name: 'branch_versions', id: 'id', key: ['branch_id', 'version_id'], refs: { branch_id: 'branches', version_id: V, pacticipant_id: P } },
  { name: 'tags', id: 'id', key: ['version_id', 'name'], refs: { version_id: V, pacticipant_id: P } },
  { name: 'pact_versions', id: 'id', key: ['consumer_id', 'provider_id', 'sha'], refs: { consumer_id: P, provider_id: P } },
  {
    name: 'pact_publications',
    id: 'id',
    key: ['consumer_version_id', 'provider_id', 'revision_number'],
    refs: { consumer_id: P, provider_id: P, consumer_version_id: V, pact_version_id: 'pact_versions' },
  },
  { name: 'integrations', key: ['consumer_id', 'provider_id'], refs: { consumer_id: P, provider_id: P } },
  {
    name: 'verifications',
    id: 'id',
    key: ['uuid'],
    refs: { pact_version_id: 'pact_versions', consumer_id: P, provider_id: P, provider_version_id: V },
  },
  { name: 'deployed_versions', id: 'id', key: ['uuid'], refs: { version_id: V, pacticipant_id: P, environment_id: 'environments' } },
  {
    name: 'released_versions',
    id: 'id',
    key: ['version_id', 'environment_id'],
    refs: { version_id: V, pacticipant_id: P, environment_id: 'environments' },
  },
  { name: 'provider_contracts', id: 'id', key: ['provider_version_id'], refs: { provider_id: P, provider_version_id: V } },
  {
    name: 'schema_verifications',
    id: 'id',
    key: ['provider_contract_id', 'pact_version_id'],
    refs: { provider_contract_id: 'provider_contracts', provider_id: P, provider_version_id: V, consumer_id: P, pact_version_id: 'pact_versions' },
  },
  { name: 'deprecations', id: 'id', key: ['uuid'], refs: { provider_id: P } },
  // No uuid: a history entry is its deprecation's action at a moment.
  { name: 'deprecation_history', id: 'id', key: ['deprecation_id', 'created_at', 'action'], refs: { deprecation_id: 'deprecations' } },
  { name: 'deprecation_proposals', id: 'id', key: ['provider_id', 'item_key'], refs: { provider_id: P, deprecation_id: 'deprecations' } },
  // Passwords stay encrypted: the target needs the same CONCORD_WEBHOOK_SECRET_KEY to send them.
  { name: 'webhooks', id: 'id', key: ['uuid'], refs: { consumer_id: P, provider_id: P } },
  {
    name: 'triggered_webhooks',
    id: 'id',
    key: ['uuid'],
    refs: { webhook_id: 'webhooks', consumer_id: P, provider_id: P, consumer_version_id: V, verification_id: 'verifications' },
  },
  { name: 'webhook_executions', id: 'id', key: ['triggered_webhook_id', 'attempt'], refs: { triggered_webhook_id: 'triggered_webhooks' } },
  // Tokens are stored as hashes only: an imported token works with the secret its holder already has.
  { name: 'api_tokens', id: 'id', key: ['uuid'], refs: {} },
  { name: 'audit_events', id: 'id', key: ['uuid'], refs: {} },
]

/** Derived from history; recomputed by the import rather than archived. */
export const HEAD_TABLES = ['branch_heads', 'tag_heads', 'latest_pact_publications', 'latest_verifications'] as const

/**
 * Left out on purpose: the UI's sign-in sessions (people sign in again on the restored broker). A test fails when a
 * table is in none of the three lists, so a new table is never left out of backups unnoticed.
 */
export const UNARCHIVED_TABLES = ['ui_sessions'] as const

export const ARCHIVE_FORMAT = 'concord-archive'
export const ARCHIVE_FORMAT_VERSION = 1

/** The archive's first line. */
export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT
  formatVersion: number
  /** The last migration of the database it came from: the import refuses an archive from a newer schema. */
  schema: string
  exportedAt: string
  /** 'postgres' | 'pglite' (informational). */
  source: string
}

/** One row: `{ "table": "versions", "row": { … } }`. */
export interface ArchiveRowLine {
  table: string
  row: Record<string, unknown>
}

/** The last line: rows per table. An archive without it was cut short, and the import refuses it. */
export interface ArchiveTrailer {
  end: true
  counts: Record<string, number>
}
