/**
 * Pacticipant rules: find-or-create for publications and verifications, automatic main branch, and the
 * create / update (merge-patch) / replace / delete operations of the pacticipants API.
 */
import { recordChange } from '../audit/audit.service.js'
import type { BrokerConfig } from '../config.js'
import { type Db, inTransaction } from '../db/database.js'
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js'
import { reconcileVersionOrder } from '../versions/version-order.service.js'
import { isMainBranchCandidate, type Pacticipant, toPacticipant } from './pacticipant.js'
import * as repo from './pacticipants.repository.js'
import type { CreatePacticipantInput, UpdatePacticipantInput } from './pacticipants.schemas.js'
import type { PacticipantRow, PacticipantRowUpdate } from './pacticipants.table.js'
import { checkIdentifier } from '../shared/identifiers.js'
import { pageOf, pageWindow, type Page } from '../shared/paging.js'

export interface PacticipantDeps {
  db: Db
  config: Readonly<BrokerConfig>
}

/** What the lookups take: the database, and the settings when the caller has them (then the version order is reconciled). */
type LookupDeps = Pick<PacticipantDeps, 'db'> & Partial<Pick<PacticipantDeps, 'config'>>

export function pacticipantNotFound(name: string): NotFoundError {
  return new NotFoundError(`No pacticipant named '${name}'. Names are case-sensitive; GET /pacticipants lists them.`, 'pacticipant-not-found')
}

async function fresh({ db, config }: LookupDeps, row: PacticipantRow): Promise<Pacticipant> {
  return toPacticipant(config ? await reconcileVersionOrder(db, config.versions.order, row) : row)
}

/**
 * The pacticipant named `name`, or undefined. Given `config`, a pacticipant whose version order was computed
 * under another CONCORD_VERSION_ORDER is brought in line first (see versions/version-order.service.ts).
 */
export async function findPacticipant(deps: LookupDeps, name: string): Promise<Pacticipant | undefined> {
  const row = await findRow(deps.db, name)
  return row && fresh(deps, row)
}

/**
 * Inside a transaction (a write) the lookup holds a key-share lock on the row until commit, so a concurrent
 * DELETE of the pacticipant waits for the write, or has already happened and the write sees no pacticipant
 * (404), instead of failing on a foreign key halfway (500). Pacticipants are always locked before anything that
 * belongs to them (versions, pacts, verifications), the one lock order that keeps a cascading DELETE from
 * deadlocking with writes.
 */
function findRow(db: Db, name: string): Promise<PacticipantRow | undefined> {
  return db.isTransaction ? repo.findPacticipantByNameForKeyShare(db, name) : repo.findPacticipantByName(db, name)
}

/** Throws NotFoundError ('pacticipant-not-found') naming the pacticipant. */
export async function getPacticipant(deps: LookupDeps, name: string): Promise<Pacticipant> {
  const found = await findPacticipant(deps, name)
  if (!found) throw pacticipantNotFound(name)
  return found
}

function initialOrder(config: Readonly<BrokerConfig>): 'semver' | 'creation' {
  // A new pacticipant has no versions yet: it starts in semver order unless the setting forces creation order.
  return config.versions.order === 'creation' ? 'creation' : 'semver'
}

/**
 * The pacticipant named `name`, created if missing (publishing a pact or a verification creates its parties).
 * @example const consumer = await findOrCreatePacticipant(deps, 'web')
 */
export async function findOrCreatePacticipant(deps: PacticipantDeps, name: string): Promise<Pacticipant> {
  // `insert … on conflict do nothing`, not an upsert: `do update` would lock the existing row `for update`,
  // which blocks every foreign-key check on this (hot) row. A racing insert that commits first makes ours do
  // nothing; the next look-up then sees its row. One that rolls back lets ours through.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const existing = await findRow(deps.db, name)
    if (existing) return fresh(deps, existing)
    checkIdentifier('pacticipant name', name)
    const inserted = await repo.insertPacticipant(deps.db, {
      name,
      version_order: initialOrder(deps.config),
      version_order_setting: deps.config.versions.order,
    })
    if (inserted) return fresh(deps, inserted)
  }
  throw new ConflictError('concurrent-change', `The pacticipant '${name}' was created and deleted concurrently several times while this request ran; retry it.`)
}

/**
 * `findOrCreatePacticipant` for several names at once, in one look-up (key-share locks, in id order) for those
 * that exist, which for a publication is all of them after its first. Returns them by name.
 * @example const parties = await findOrCreatePacticipants(deps, ['web', 'users-api'])
 */
export async function findOrCreatePacticipants(deps: PacticipantDeps, names: readonly string[]): Promise<Map<string, Pacticipant>> {
  const unique = [...new Set(names)]
  const found = new Map<string, Pacticipant>()
  const rows = deps.db.isTransaction ? await repo.findPacticipantsByNamesForKeyShare(deps.db, unique) : await repo.findPacticipantsByNames(deps.db, unique)
  for (const row of rows) found.set(row.name, await fresh(deps, row))
  for (const name of unique) if (!found.has(name)) found.set(name, await findOrCreatePacticipant(deps, name))
  return found
}

/** Sets the main branch when a `develop`/`main`/`master` branch appears and none is set (as the Pact Broker). */
export async function maybeSetMainBranch({ db }: Pick<PacticipantDeps, 'db'>, pacticipant: Pacticipant, branch: string): Promise<Pacticipant> {
  if (pacticipant.mainBranch || !isMainBranchCandidate(branch)) return pacticipant
  // Only when still unset in the database too (another request may have set it meanwhile).
  const row = await repo.setMainBranchIfUnset(db, pacticipant.id, branch)
  return row ? toPacticipant(row) : pacticipant
}

export interface PacticipantPage {
  pacticipants: Pacticipant[]
  page: Page
}

/**
 * Pacticipants by name (case-insensitive), one page at a time (all of them without `size`); `q` keeps those
 * whose name contains it.
 * @example const { pacticipants } = await listPacticipants(deps, { page: 1, size: 100 })
 */
export async function listPacticipants(
  { db }: Pick<PacticipantDeps, 'db'>,
  options: { q?: string; label?: string; page?: number; size?: number } = {},
): Promise<PacticipantPage> {
  const { number, offset, limit } = pageWindow(options.page, options.size)
  const { rows, total } = await repo.listPacticipantsPage(db, { q: options.q || undefined, label: options.label, offset, limit })
  return { pacticipants: rows.map(toPacticipant), page: pageOf(number, options.size, total) }
}

function nameTaken(name: string): ConflictError {
  return new ConflictError(
    'pacticipant-name-taken',
    `A pacticipant named '${name}' already exists. Update it with PATCH /pacticipants/${encodeURIComponent(name)} instead.`,
  )
}

/** The row changes for the fields present in `input` (merge-patch: absent keeps, null clears). */
function changesFrom(input: UpdatePacticipantInput | CreatePacticipantInput): PacticipantRowUpdate {
  const changes: PacticipantRowUpdate = {}
  if (input.displayName !== undefined) changes.display_name = input.displayName
  if (input.mainBranch !== undefined) changes.main_branch = input.mainBranch
  if (input.repositoryUrl !== undefined) changes.repository_url = input.repositoryUrl
  if (input.repositoryName !== undefined) changes.repository_name = input.repositoryName
  if (input.repositoryNamespace !== undefined) changes.repository_namespace = input.repositoryNamespace
  return changes
}

function checkBodyName(urlName: string, input: UpdatePacticipantInput): void {
  if (input.name !== undefined && input.name !== urlName) {
    throw new ValidationError([{ pointer: '/name', detail: `must be '${urlName}', the name in the URL (pacticipants cannot be renamed)` }])
  }
}

/**
 * POST /pacticipants. Throws ConflictError ('pacticipant-name-taken') when the name exists.
 * @example await createPacticipant(deps, { name: 'web', mainBranch: 'main' })
 */
export async function createPacticipant(deps: PacticipantDeps, input: CreatePacticipantInput): Promise<Pacticipant> {
  checkIdentifier('pacticipant name', input.name, '/name')
  if (input.mainBranch) checkIdentifier('branch name', input.mainBranch, '/mainBranch')
  return inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'pacticipant.created', pacticipants: [input.name], details: { name: input.name } })
    const row = await repo.insertPacticipant(trx, {
      name: input.name,
      display_name: input.displayName ?? null,
      main_branch: input.mainBranch ?? null,
      repository_url: input.repositoryUrl ?? null,
      repository_name: input.repositoryName ?? null,
      repository_namespace: input.repositoryNamespace ?? null,
      version_order: initialOrder(deps.config),
      version_order_setting: deps.config.versions.order,
    })
    if (!row) throw nameTaken(input.name)
    return toPacticipant(row)
  })
}

/**
 * PATCH /pacticipants/{name} (merge-patch): changes only the fields sent; creates the pacticipant when unknown,
 * as the Pact Broker does for old clients. Returns whether it was created.
 */
export async function patchPacticipant(
  deps: PacticipantDeps,
  name: string,
  input: UpdatePacticipantInput,
): Promise<{ pacticipant: Pacticipant; created: boolean }> {
  checkBodyName(name, input)
  checkIdentifier('pacticipant name', name)
  if (input.mainBranch) checkIdentifier('branch name', input.mainBranch, '/mainBranch')
  return inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'pacticipant.updated', pacticipants: [name], details: { name, changes: changesFrom(input) } })
    const inserted = await repo.insertPacticipant(trx, {
      name,
      display_name: input.displayName ?? null,
      main_branch: input.mainBranch ?? null,
      repository_url: input.repositoryUrl ?? null,
      repository_name: input.repositoryName ?? null,
      repository_namespace: input.repositoryNamespace ?? null,
      version_order: initialOrder(deps.config),
      version_order_setting: deps.config.versions.order,
    })
    if (inserted) return { pacticipant: toPacticipant(inserted), created: true }
    const existing = await repo.findPacticipantByNameForKeyShare(trx, name)
    if (!existing) throw new ConflictError('concurrent-change', `The pacticipant '${name}' was deleted while this request ran; retry it.`)
    const changes = changesFrom(input)
    if (Object.keys(changes).length === 0) return { pacticipant: toPacticipant(existing), created: false }
    const row = await repo.updatePacticipant(trx, existing.id, { ...changes, updated_at: new Date() })
    return { pacticipant: toPacticipant(row ?? existing), created: false }
  })
}

/** PUT /pacticipants/{name}: the body replaces every field (absent = cleared). 404 when unknown. */
export async function replacePacticipant(deps: PacticipantDeps, name: string, input: UpdatePacticipantInput): Promise<Pacticipant> {
  checkBodyName(name, input)
  return inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'pacticipant.replaced', pacticipants: [name], details: { name, changes: changesFrom(input) } })
    const existing = await repo.findPacticipantByName(trx, name)
    if (!existing) throw new NotFoundError(`No pacticipant named '${name}'. Create it with POST /pacticipants.`, 'pacticipant-not-found')
    const row = await repo.updatePacticipant(trx, existing.id, {
      display_name: input.displayName ?? null,
      main_branch: input.mainBranch ?? null,
      repository_url: input.repositoryUrl ?? null,
      repository_name: input.repositoryName ?? null,
      repository_namespace: input.repositoryNamespace ?? null,
      updated_at: new Date(),
    })
    return toPacticipant(row!)
  })
}

/** DELETE /pacticipants/{name}: the pacticipant and everything of it (versions, pacts, verifications, deployments). */
export async function deletePacticipant({ db }: Pick<PacticipantDeps, 'db'>, name: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    await recordChange(trx, { type: 'pacticipant.deleted', pacticipants: [name], details: { name } })
    const existing = await repo.findPacticipantByName(trx, name)
    if (!existing) throw pacticipantNotFound(name)
    await repo.deletePacticipant(trx, existing.id)
  })
}

/**
 * Inside the caller's transaction: every pacticipant, and by cascade everything that belongs to one (versions,
 * branches, tags, pacts, verification results, deployments, releases, labels, deprecations). Takes the
 * pacticipants table first, so it waits for writes in flight and holds off new ones. Returns how many went.
 */
export async function deleteAllPacticipants(trx: Db): Promise<number> {
  await repo.lockAllPacticipants(trx)
  return repo.deleteAllPacticipants(trx)
}
