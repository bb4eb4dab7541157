/**
 * The steps recording and listing deployed and released versions share: the pacticipant and version looked up
 * inside the writer's transaction, and the filter of a "current in this environment" list.
 */
import { type Db, inTransaction } from '../../db/database.js'
import type { BrokerDeps } from '../../deps.js'
import type { Pacticipant } from '../../pacticipants/pacticipant.js'
import { findPacticipant, getPacticipant } from '../../pacticipants/pacticipants.service.js'
import type { Version } from '../../versions/version.js'
import { getVersion } from '../../versions/versions.service.js'
import type { Environment } from '../environment.js'
import { getEnvironment } from '../environments.service.js'

/**
 * Runs `write` in a transaction with the environment (404 when unknown), pacticipant and version the request
 * names. They are looked up inside the transaction, so they hold key-share locks: a concurrent DELETE of the
 * pacticipant or version waits for this write, or has already made it a 404.
 * @example const { result } = await inPlacementTransaction(deps, input, (trx, { version, environment }) => repo.upsertReleasedVersion(trx, …))
 */
export async function inPlacementTransaction<T>(
  deps: Pick<BrokerDeps, 'db' | 'config'>,
  input: { pacticipant: string; version: string; environmentUuid: string },
  write: (trx: Db, placed: { pacticipant: Pacticipant; version: Version; environment: Environment }) => Promise<T>,
): Promise<{ pacticipant: Pacticipant; version: Version; environment: Environment; result: T }> {
  const environment = await getEnvironment(deps, input.environmentUuid)
  return inTransaction(deps.db, async (trx) => {
    const pacticipant = await getPacticipant({ db: trx, config: deps.config }, input.pacticipant)
    const version = await getVersion({ db: trx }, pacticipant, input.version)
    return { pacticipant, version, environment, result: await write(trx, { pacticipant, version, environment }) }
  })
}

/**
 * The environment (404 when unknown) of a "currently deployed / supported" list, and its pacticipant filter:
 * `undefined` for every pacticipant, `null` when the named one does not exist (the list is then empty, as the
 * Pact Broker answers).
 */
export async function currentPlacementsFilter(
  deps: Pick<BrokerDeps, 'db' | 'config'>,
  environmentUuid: string,
  pacticipant: string | undefined,
): Promise<{ environment: Environment; pacticipantId: number | undefined | null }> {
  const environment = await getEnvironment(deps, environmentUuid)
  if (pacticipant === undefined) return { environment, pacticipantId: undefined }
  return { environment, pacticipantId: (await findPacticipant(deps, pacticipant))?.id ?? null }
}
