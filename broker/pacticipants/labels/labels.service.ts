/**
 * @module pacticipants/labels
 * Pacticipant labels, as in the Pact Broker: PUT adds a label (creating the pacticipant when missing), GET and
 * DELETE find and remove one, and pacticipants can be listed by label. Labels name teams, platforms or anything
 * else a company groups services by; the UI filters by them and webhooks are scoped by them.
 */
import { checkScope, recordChange } from '../../audit/audit.service.js'
import { inTransaction } from '../../db/database.js'
import { NotFoundError } from '../../shared/errors.js'
import { checkIdentifier } from '../../shared/identifiers.js'
import { currentRequest, SYSTEM_ACTOR } from '../../shared/request-context.js'
import type { Pacticipant } from '../pacticipant.js'
import { findOrCreatePacticipant, findPacticipant, getPacticipant, type PacticipantDeps, pacticipantNotFound } from '../pacticipants.service.js'
import * as repo from './labels.repository.js'
import { pageOf, pageWindow, type Page } from '../../shared/paging.js'

export interface Label {
  pacticipantName: string
  name: string
  createdAt: Date
  updatedAt: Date
}

function labelNotFound(pacticipant: string, label: string): NotFoundError {
  return new NotFoundError(
    `The pacticipant '${pacticipant}' has no label '${label}'. Label names are case-sensitive; GET /pacticipants/${encodeURIComponent(pacticipant)} lists its labels.`,
    'label-not-found',
  )
}

/**
 * PUT /pacticipants/{pacticipant}/labels/{label}: adds the label (idempotent), creating the pacticipant when it
 * does not exist yet, as the Pact Broker does.
 * @example const { label, created } = await putLabel(deps, 'web', 'checkout-team')
 */
export async function putLabel(deps: PacticipantDeps, pacticipantName: string, labelName: string): Promise<{ label: Label; created: boolean }> {
  checkIdentifier('label name', labelName)
  // A token scoped to other pacticipants is refused before the pacticipant is created (recordChange checks again).
  checkScope(currentRequest()?.actor ?? SYSTEM_ACTOR, [pacticipantName], 'label.added')
  await findOrCreatePacticipant(deps, pacticipantName)
  return inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'label.added', pacticipants: [pacticipantName], details: { label: labelName } })
    // Looked up again inside the transaction, which holds a key-share lock on the row until commit: a concurrent
    // DELETE of the pacticipant either waits for this write or has already happened (404), never a foreign-key 500.
    const pacticipant = await findPacticipant({ db: trx }, pacticipantName)
    if (!pacticipant) throw pacticipantNotFound(pacticipantName)
    const inserted = await repo.insertLabel(trx, pacticipant.id, labelName)
    const row = inserted ?? (await repo.findLabel(trx, pacticipant.id, labelName))
    if (!row) throw labelNotFound(pacticipantName, labelName)
    return { label: toLabel(pacticipant, row), created: inserted !== undefined }
  })
}

/** GET /pacticipants/{pacticipant}/labels/{label}; NotFoundError for an unknown pacticipant or label. */
export async function getLabel(deps: Pick<PacticipantDeps, 'db'>, pacticipantName: string, labelName: string): Promise<Label> {
  const pacticipant = await getPacticipant(deps, pacticipantName)
  const row = await repo.findLabel(deps.db, pacticipant.id, labelName)
  if (!row) throw labelNotFound(pacticipantName, labelName)
  return toLabel(pacticipant, row)
}

/** DELETE /pacticipants/{pacticipant}/labels/{label}; NotFoundError when there was no such label. */
export async function deleteLabel(deps: Pick<PacticipantDeps, 'db'>, pacticipantName: string, labelName: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'label.removed', pacticipants: [pacticipantName], details: { label: labelName } })
    const pacticipant = await getPacticipant({ db: trx }, pacticipantName)
    if (!(await repo.deleteLabel(trx, pacticipant.id, labelName))) throw labelNotFound(pacticipantName, labelName)
  })
}

/** The label names of each pacticipant given (for embedding in pacticipant resources); [] for one without labels. */
export async function labelNamesFor(deps: Pick<PacticipantDeps, 'db'>, pacticipants: readonly Pick<Pacticipant, 'id'>[]): Promise<(id: number) => string[]> {
  const byId = await repo.labelNamesByPacticipant(
    deps.db,
    pacticipants.map((p) => p.id),
  )
  return (id) => byId.get(id) ?? []
}

/** GET /labels: the distinct label names in use, one page at a time (all of them without `size`). */
export async function listLabelNames(deps: Pick<PacticipantDeps, 'db'>, options: { page?: number; size?: number }): Promise<{ names: string[]; page: Page }> {
  const { number, offset, limit } = pageWindow(options.page, options.size)
  const { names, total } = await repo.listLabelNames(deps.db, { offset, limit })
  return { names, page: pageOf(number, options.size, total) }
}

function toLabel(pacticipant: Pick<Pacticipant, 'name'>, row: { name: string; created_at: Date; updated_at: Date }): Label {
  return { pacticipantName: pacticipant.name, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at }
}
