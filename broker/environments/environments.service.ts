/**
 * Environment rules: unique names, generated display names, full replacement on update.
 */
import { recordChange } from '../audit/audit.service.js'
import { randomUUID } from 'node:crypto'
import { type Db, inTransaction } from '../db/database.js'
import { ConflictError, NotFoundError } from '../shared/errors.js'
import { type Environment, toEnvironment } from './environment.js'
import * as repo from './environments.repository.js'
import type { EnvironmentInput } from './environments.schemas.js'
import { checkIdentifier } from '../shared/identifiers.js'

interface Deps {
  db: Db
}

function nameTaken(name: string): ConflictError {
  return new ConflictError('environment-name-taken', `An environment named '${name}' already exists. Choose another name, or update that environment instead.`)
}

/** @example await createEnvironment(deps, { name: 'uat', production: false }) */
export async function createEnvironment({ db }: Deps, input: EnvironmentInput): Promise<Environment> {
  checkIdentifier('environment name', input.name, '/name')
  return inTransaction(db, async (trx) => {
    await recordChange(trx, { type: 'environment.created', details: { name: input.name, production: input.production } })
    const row = await repo.insertEnvironment(trx, {
      uuid: randomUUID(),
      name: input.name,
      display_name: input.displayName ?? null,
      production: input.production,
      contacts: input.contacts ? JSON.stringify(input.contacts) : null,
    })
    if (!row) throw nameTaken(input.name)
    await recordChange(trx, { type: 'environment.created', details: { environment: row.uuid } })
    return toEnvironment(row)
  })
}

export async function listEnvironments({ db }: Deps, filter: { name?: string } = {}): Promise<Environment[]> {
  return (await repo.listEnvironments(db, filter)).map(toEnvironment)
}

export async function findEnvironmentByName({ db }: Deps, name: string): Promise<Environment | undefined> {
  const row = await repo.findEnvironmentByName(db, name)
  return row && toEnvironment(row)
}

/** Throws NotFoundError naming the uuid. */
export async function getEnvironment({ db }: Deps, uuid: string): Promise<Environment> {
  const row = await repo.findEnvironmentByUuid(db, uuid)
  if (!row) throw new NotFoundError(`No environment with uuid '${uuid}'. GET /environments lists them.`)
  return toEnvironment(row)
}

/** Throws NotFoundError naming the environment and listing the ones that exist. */
export async function getEnvironmentByName({ db }: Deps, name: string): Promise<Environment> {
  const row = await repo.findEnvironmentByName(db, name)
  if (row) return toEnvironment(row)
  const known = (await repo.listEnvironments(db)).map((e) => e.name)
  throw new NotFoundError(`No environment named '${name}'. Known environments: ${known.join(', ') || '(none)'}.`, 'environment-not-found')
}

/** PUT semantics: the body replaces every field. */
export async function replaceEnvironment({ db }: Deps, uuid: string, input: EnvironmentInput): Promise<Environment> {
  checkIdentifier('environment name', input.name, '/name')
  return inTransaction(db, async (trx) => {
    await recordChange(trx, { type: 'environment.replaced', details: { environment: uuid, name: input.name, production: input.production } })
    const existing = await repo.findEnvironmentByUuid(trx, uuid)
    if (!existing) throw new NotFoundError(`No environment with uuid '${uuid}'. Create it with POST /environments.`)
    if (input.name !== existing.name && (await repo.findEnvironmentByName(trx, input.name))) throw nameTaken(input.name)
    const row = await repo.updateEnvironment(trx, existing.id, {
      name: input.name,
      display_name: input.displayName ?? null,
      production: input.production,
      contacts: input.contacts ? JSON.stringify(input.contacts) : null,
      updated_at: new Date(),
    })
    return toEnvironment(row!)
  })
}

export async function deleteEnvironment({ db }: Deps, uuid: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const existing = await repo.findEnvironmentByUuid(trx, uuid)
    if (!existing) throw new NotFoundError(`No environment with uuid '${uuid}'.`)
    await recordChange(trx, { type: 'environment.deleted', details: { environment: uuid, name: existing.name } })
    await repo.deleteEnvironment(trx, existing.id)
  })
}
