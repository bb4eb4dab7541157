/**
 * @module archive/service
 * Export a whole broker to archive lines, and import them into another (or the same) database.
 *
 * Export reads every archived table in one repeatable-read transaction, so the archive is one consistent
 * moment even while the broker keeps taking writes.
 *
 * Import runs in one transaction (all or nothing) and maps every row by its natural key (archive-tables.ts):
 * a row whose key the target already has is not added again, so a second import of the same archive adds
 * nothing. It takes the locks the broker's writers take, in their order (docs/reliability.md): each archived
 * pacticipant's publish lock in name order, then the pacticipant rows' version locks in id order. Writes to those
 * pacticipants wait for the import instead of racing it; the rest of the broker carries on.
 */
import { type Db, inTransaction } from '../db/database.js'
import {
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  ARCHIVED_TABLES,
  type ArchivedTable,
  type ArchiveHeader,
  type ArchiveRowLine,
  type ArchiveTrailer,
} from './archive-tables.js'
import type { ArchiveLine, WriteLine } from './archive-file.js'
import * as repo from './archive.repository.js'

/** An archive this database cannot take, with what to do about it. */
export class ArchiveError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ArchiveError'
  }
}

const PAGE = 1000

export interface ExportResult {
  header: ArchiveHeader
  counts: Record<string, number>
}

/**
 * Writes the whole broker as archive lines: a header, one line per row (parents first), and a trailer with the
 * counts.
 * @example const { counts } = await exportArchive(db, write, { source: 'pglite', now: new Date() })
 */
export async function exportArchive(db: Db, write: WriteLine, options: { source: string; now: Date }): Promise<ExportResult> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const schema = await repo.latestMigration(trx)
      if (!schema) throw new ArchiveError('The database has no Concord schema: nothing to export (run `concord broker migrate` or start the broker once).')
      const header: ArchiveHeader = {
        format: ARCHIVE_FORMAT,
        formatVersion: ARCHIVE_FORMAT_VERSION,
        schema,
        exportedAt: options.now.toISOString(),
        source: options.source,
      }
      await write(JSON.stringify(header))
      const counts: Record<string, number> = {}
      for (const table of ARCHIVED_TABLES) {
        counts[table.name] = 0
        const emit = async (rows: Record<string, unknown>[]) => {
          for (const row of rows) await write(JSON.stringify({ table: table.name, row } satisfies ArchiveRowLine))
          counts[table.name]! += rows.length
        }
        if (!table.id) {
          await emit(await repo.readAllRows(trx, table.name, table.key))
          continue
        }
        for (let after = 0; ;) {
          const rows = await repo.readRowsAfter(trx, table.name, after, PAGE)
          await emit(rows)
          if (rows.length < PAGE) break
          after = rows[rows.length - 1]!.id as number
        }
      }
      await write(JSON.stringify({ end: true, counts } satisfies ArchiveTrailer))
      return { header, counts }
    })
}

export interface TableImport {
  /** Rows of this table in the archive. */
  archived: number
  /** Rows the import added. */
  added: number
  /** Rows the target already had (same natural key). */
  existing: number
  /** Rows left out: they refer to a row that was left out, or clash with a different row of the target. */
  skipped: number
}

export interface ImportResult {
  header: ArchiveHeader
  tables: Record<string, TableImport>
  /** What was left out and why, one line per cause. */
  problems: string[]
}

/** Rows per INSERT, and characters of JSON per INSERT (pact contents can be large). */
const BATCH_ROWS = 500
const BATCH_CHARS = 4_000_000

function isHeader(value: unknown): value is ArchiveHeader {
  return typeof value === 'object' && value !== null && (value as ArchiveHeader).format === ARCHIVE_FORMAT
}

/**
 * Imports archive lines in one transaction. `lines` is called again if PostgreSQL aborts the transaction for a
 * deadlock (inTransaction retries), so it must start from the first line each time.
 * @example const result = await importArchive(db, () => readArchiveFile('backup.jsonl.gz'))
 */
export async function importArchive(db: Db, lines: () => AsyncIterable<ArchiveLine>): Promise<ImportResult> {
  return inTransaction(db, async (trx) => new ArchiveImport(trx).run(lines()))
}

class ArchiveImport {
  private types: repo.ColumnTypes = new Map()
  /** Per table: archive id → target id. */
  private readonly ids = new Map<string, Map<number, number>>()
  private readonly tables: Record<string, TableImport> = {}
  private readonly problems = new Map<string, number>()

  constructor(private readonly trx: Db) {}

  async run(lines: AsyncIterable<ArchiveLine>): Promise<ImportResult> {
    const iterator = lines[Symbol.asyncIterator]()
    const first = await iterator.next()
    if (first.done || !isHeader(first.value.value))
      throw new ArchiveError('This file does not start with a Concord archive header: give a file written by `concord export`.')
    const header = first.value.value
    await this.checkHeader(header)
    this.types = await repo.columnTypes(this.trx)
    for (const table of ARCHIVED_TABLES) {
      this.ids.set(table.name, new Map())
      this.tables[table.name] = { archived: 0, added: 0, existing: 0, skipped: 0 }
    }

    let position = -1
    let batch: Record<string, unknown>[] = []
    let batchChars = 0
    let table: ArchivedTable | undefined
    let trailer: ArchiveTrailer | undefined
    const flush = async () => {
      if (table && batch.length) await this.importBatch(table, batch)
      batch = []
      batchChars = 0
    }
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const { value, size, lineNumber } = next.value
      if (trailer) throw new ArchiveError(`Line ${lineNumber} comes after the archive's last line: the file is not one archive.`)
      if ((value as ArchiveTrailer).end === true) {
        trailer = value as ArchiveTrailer
        continue
      }
      const line = value as ArchiveRowLine
      const index = ARCHIVED_TABLES.findIndex((t) => t.name === line.table)
      if (index < 0 || typeof line.row !== 'object' || line.row === null)
        throw new ArchiveError(`Line ${lineNumber} is not a row of a table Concord archives (table '${String(line.table)}').`)
      if (index < position) throw new ArchiveError(`Line ${lineNumber}: rows of '${line.table}' come after rows that refer to them; re-export the archive.`)
      if (index !== position) {
        await flush()
        // Pacticipants are kept back until all are read: their locks are taken in name order before any write.
        if (table?.name === 'pacticipants') await this.importPacticipants()
        position = index
        table = ARCHIVED_TABLES[index]
      }
      this.tables[line.table]!.archived++
      if (table!.name === 'pacticipants') {
        this.pendingPacticipants.push(line.row)
        continue
      }
      batch.push(line.row)
      batchChars += size
      if (batch.length >= BATCH_ROWS || batchChars >= BATCH_CHARS) await flush()
    }
    await flush()
    if (table?.name === 'pacticipants') await this.importPacticipants()
    if (!trailer) throw new ArchiveError('The archive has no last line (its counts): it was cut short. Export it again.')
    for (const [name, count] of Object.entries(trailer.counts)) {
      const read = this.tables[name]?.archived ?? 0
      if (read !== count) throw new ArchiveError(`The archive says it holds ${count} rows of '${name}' but has ${read}: it is damaged. Export it again.`)
    }

    const touched = [...this.ids.get('pacticipants')!.values()].sort((a, b) => a - b)
    const added = Object.values(this.tables).some((t) => t.added > 0)
    if (added) await repo.recomputeHeads(this.trx, touched)
    return { header, tables: this.tables, problems: [...this.problems].map(([text, n]) => `${text} (${n} row${n === 1 ? '' : 's'})`) }
  }

  private readonly pendingPacticipants: Record<string, unknown>[] = []

  private async checkHeader(header: ArchiveHeader): Promise<void> {
    if (typeof header.formatVersion !== 'number' || header.formatVersion > ARCHIVE_FORMAT_VERSION)
      throw new ArchiveError(
        `The archive is in format version ${String(header.formatVersion)}; this Concord reads up to ${ARCHIVE_FORMAT_VERSION}. Import it with a newer Concord.`,
      )
    const schema = await repo.latestMigration(this.trx)
    if (!schema) throw new ArchiveError('The target database has no Concord schema: run `concord broker migrate` first.')
    if (typeof header.schema !== 'string' || header.schema > schema)
      throw new ArchiveError(
        `The archive comes from a newer Concord (schema ${String(header.schema)}; this database is at ${schema}). Upgrade Concord, run \`concord broker migrate\`, then import.`,
      )
  }

  private async importPacticipants(): Promise<void> {
    const rows = this.pendingPacticipants.splice(0)
    const names = rows.map((r) => String(r.name)).sort()
    for (const name of names) await repo.lockPublisher(this.trx, name)
    const table = ARCHIVED_TABLES[0]!
    for (let i = 0; i < rows.length; i += BATCH_ROWS) await this.importBatch(table, rows.slice(i, i + BATCH_ROWS))
    await repo.lockPacticipants(
      this.trx,
      [...this.ids.get('pacticipants')!.values()].sort((a, b) => a - b),
    )
  }

  private problem(text: string): void {
    this.problems.set(text, (this.problems.get(text) ?? 0) + 1)
  }

  private async importBatch(table: ArchivedTable, rows: Record<string, unknown>[]): Promise<void> {
    const types = this.types.get(table.name)
    if (!types) throw new ArchiveError(`The target database has no table '${table.name}': run \`concord broker migrate\` first.`)
    const stats = this.tables[table.name]!
    const mapped: { archiveId: number | undefined; row: Record<string, unknown> }[] = []
    rows: for (const row of rows) {
      const out: Record<string, unknown> = {}
      for (const [column, value] of Object.entries(row)) {
        if (!types.has(column))
          throw new ArchiveError(`The archive has a column ${table.name}.${column} this database does not know: import it with the Concord that exported it.`)
        if (column !== table.id) out[column] = value
      }
      for (const [column, parent] of Object.entries(table.refs)) {
        const archiveId = row[column]
        if (archiveId === null || archiveId === undefined) continue
        const targetId = this.ids.get(parent)!.get(archiveId as number)
        if (targetId === undefined) {
          stats.skipped++
          this.problem(`${table.name}: refers to a ${parent} row that was not imported`)
          continue rows
        }
        out[column] = targetId
      }
      mapped.push({ archiveId: table.id ? (row[table.id] as number) : undefined, row: out })
    }
    if (!mapped.length) return

    const keyOf = (row: Record<string, unknown>) => table.key.map((k) => row[k] ?? null)
    const existing = await repo.findByKeys(
      this.trx,
      table.name,
      types,
      table.key,
      mapped.map((m) => keyOf(m.row)),
      !!table.id,
    )
    const missing = mapped.filter((_, i) => !existing.has(i))
    const columns = [...new Set(missing.flatMap((m) => Object.keys(m.row)))]
    for (const m of missing) for (const c of columns) if (!(c in m.row)) m.row[c] = null
    const added = await repo.insertRows(
      this.trx,
      table.name,
      types,
      columns,
      missing.map((m) => m.row),
    )
    stats.existing += existing.size
    stats.added += added
    if (!table.id) {
      stats.skipped += missing.length - added
      if (missing.length > added) this.problem(`${table.name}: clashes with a different row of the target`)
      return
    }
    const map = this.ids.get(table.name)!
    for (const [i, m] of mapped.entries()) {
      const id = existing.get(i)
      if (id === undefined || id === null) continue
      map.set(m.archiveId!, id)
      if (table.name === 'environments') await repo.adoptUnusedEnvironment(this.trx, id, m.row)
    }
    if (!missing.length) return
    const inserted = await repo.findByKeys(
      this.trx,
      table.name,
      types,
      table.key,
      missing.map((m) => keyOf(m.row)),
      true,
    )
    missing.forEach((m, i) => {
      const id = inserted.get(i)
      if (id !== undefined && id !== null) map.set(m.archiveId!, id)
      else {
        stats.skipped++
        this.problem(`${table.name}: clashes with a different row of the target`)
      }
    })
  }
}
