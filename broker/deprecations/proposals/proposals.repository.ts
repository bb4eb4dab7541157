/**
 * Deprecation proposal queries. Plain functions over Kysely: no rules, no throws.
 */
import type { Db } from '../../db/database.js'
import type { DeprecationProposalRow, DeprecationProposalRowUpdate, NewDeprecationProposalRow } from './proposals.table.js'

export type ProposalWithNames = DeprecationProposalRow & { provider_name: string; deprecation_uuid: string | null }

function selectWithNames(db: Db) {
  return db
    .selectFrom('deprecation_proposals')
    .innerJoin('pacticipants', 'pacticipants.id', 'deprecation_proposals.provider_id')
    .leftJoin('deprecations', 'deprecations.id', 'deprecation_proposals.deprecation_id')
    .selectAll('deprecation_proposals')
    .select(['pacticipants.name as provider_name', 'deprecations.uuid as deprecation_uuid'])
}

export async function findProposalByItem(db: Db, providerId: number, itemKey: string): Promise<ProposalWithNames | undefined> {
  return selectWithNames(db)
    .where('deprecation_proposals.provider_id', '=', providerId)
    .where('deprecation_proposals.item_key', '=', itemKey)
    .executeTakeFirst()
}

export async function findProposalByUuid(db: Db, uuid: string): Promise<ProposalWithNames | undefined> {
  return selectWithNames(db).where('deprecation_proposals.uuid', '=', uuid).executeTakeFirst()
}

/** A provider's proposals in the given statuses, oldest first. */
export async function listProposals(db: Db, providerId: number, statuses: string[]): Promise<ProposalWithNames[]> {
  if (statuses.length === 0) return []
  return selectWithNames(db)
    .where('deprecation_proposals.provider_id', '=', providerId)
    .where('deprecation_proposals.status', 'in', statuses)
    .orderBy('deprecation_proposals.id')
    .execute()
}

export async function insertProposal(db: Db, row: NewDeprecationProposalRow): Promise<DeprecationProposalRow> {
  return db.insertInto('deprecation_proposals').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function updateProposal(db: Db, id: number, changes: DeprecationProposalRowUpdate): Promise<void> {
  await db.updateTable('deprecation_proposals').set(changes).where('id', '=', id).execute()
}

/** Locks the row for the rest of the transaction (accept/dismiss serialise on it). */
export async function lockProposal(db: Db, id: number): Promise<void> {
  await db.selectFrom('deprecation_proposals').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
}
