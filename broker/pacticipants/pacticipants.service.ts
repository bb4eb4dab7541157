/**
 * Pacticipant rules: find-or-create for publications and verifications, automatic main branch.
 */
import type { BrokerConfig } from '../config.js'
import type { Db } from '../db/database.js'
import { NotFoundError } from '../shared/errors.js'
import { isMainBranchCandidate, type Pacticipant, toPacticipant } from './pacticipant.js'
import * as repo from './pacticipants.repository.js'

export interface PacticipantDeps {
  db: Db
  config: Readonly<BrokerConfig>
}

export function pacticipantNotFound(name: string): NotFoundError {
  return new NotFoundError(`No pacticipant named '${name}'. Names are case-sensitive; GET /pacticipants lists them.`, 'pacticipant-not-found')
}

export async function findPacticipant({ db }: Pick<PacticipantDeps, 'db'>, name: string): Promise<Pacticipant | undefined> {
  const row = await repo.findPacticipantByName(db, name)
  return row && toPacticipant(row)
}

/** Throws NotFoundError ('pacticipant-not-found') naming the pacticipant. */
export async function getPacticipant(deps: Pick<PacticipantDeps, 'db'>, name: string): Promise<Pacticipant> {
  const found = await findPacticipant(deps, name)
  if (!found) throw pacticipantNotFound(name)
  return found
}

/**
 * The pacticipant named `name`, created if missing (publishing a pact or a verification creates its parties).
 * @example const consumer = await findOrCreatePacticipant(deps, 'web')
 */
export async function findOrCreatePacticipant({ db, config }: PacticipantDeps, name: string): Promise<Pacticipant> {
  const existing = await repo.findPacticipantByName(db, name)
  if (existing) return toPacticipant(existing)
  // A new pacticipant has no versions yet: it starts in semver order unless the setting forces creation order.
  return toPacticipant(await repo.upsertPacticipantByName(db, name, config.versions.order === 'creation' ? 'creation' : 'semver'))
}

/** Sets the main branch when a `develop`/`main`/`master` branch appears and none is set (as the Pact Broker). */
export async function maybeSetMainBranch({ db }: Pick<PacticipantDeps, 'db'>, pacticipant: Pacticipant, branch: string): Promise<Pacticipant> {
  if (pacticipant.mainBranch || !isMainBranchCandidate(branch)) return pacticipant
  const row = await repo.updatePacticipant(db, pacticipant.id, { main_branch: branch, updated_at: new Date() })
  return row ? toPacticipant(row) : pacticipant
}
