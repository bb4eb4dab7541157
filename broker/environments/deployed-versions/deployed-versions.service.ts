/**
 * Deployment rules (record-deployment, record-undeployment): a new deployment of a pacticipant to an
 * environment replaces its current deployment there for the same application instance; recording the version
 * that is already current changes nothing. Events: `deployment.recorded`.
 */
import { randomUUID } from 'node:crypto'
import { recordChange } from '../../audit/audit.service.js'
import { type Db, inTransaction } from '../../db/database.js'
import type { BrokerDeps } from '../../deps.js'
import { NotFoundError } from '../../shared/errors.js'
import type { Environment } from '../environment.js'
import { endAction, toPlacement } from '../placements/placement.js'
import { currentPlacementsFilter, inPlacementTransaction } from '../placements/placements.service.js'
import { applicationInstanceOf, DEPLOYED, type DeployedVersion } from './deployed-version.js'
import * as repo from './deployed-versions.repository.js'
import type { DeployedVersionDetailRow } from './deployed-versions.repository.js'

type Deps = Pick<BrokerDeps, 'db' | 'config' | 'clock' | 'events'>

export function toDeployedVersion(row: DeployedVersionDetailRow): DeployedVersion {
  return {
    ...toPlacement(row),
    applicationInstance: row.application_instance === '' ? null : row.application_instance,
    currentlyDeployed: row.undeployed_at === null,
    undeployedAt: row.undeployed_at,
  }
}

export interface RecordDeploymentInput {
  pacticipant: string
  version: string
  environmentUuid: string
  applicationInstance?: string | null
  target?: string | null
}

/** How many times a deployment is retried when concurrent deployments keep taking the slot first. */
const MAX_ATTEMPTS = 5

/**
 * Records that `version` of `pacticipant` is deployed to the environment, replacing the pacticipant's current
 * deployment there for the same application instance. Safe under concurrent calls: the partial unique index
 * on current deployments decides races, and a loser re-reads the winner.
 * @example const { deployedVersion, created } = await recordDeployment(deps, { pacticipant: 'api', version: '2.0.0', environmentUuid })
 */
export async function recordDeployment(deps: Deps, input: RecordDeploymentInput): Promise<{ deployedVersion: DeployedVersion; created: boolean }> {
  const instance = applicationInstanceOf(input)
  const { pacticipant, version, environment, result } = await inPlacementTransaction(deps, input, async (trx, placed) => {
    await recordChange(trx, {
      type: 'deployment.recorded',
      pacticipants: [placed.pacticipant.name],
      details: { version: placed.version.number, environment: placed.environment.name, applicationInstance: instance || null },
    })
    const { id, created } = await replaceCurrentDeployment(trx, placed)
    // Read back in the transaction: after commit a concurrent DELETE could already have removed it.
    return { created, row: (await repo.findDeployedVersionById(trx, id))! }
  })
  async function replaceCurrentDeployment(
    trx: Db,
    { pacticipant, version, environment }: { pacticipant: { id: number; name: string }; version: { id: number }; environment: Environment },
  ) {
    // One deployer of this pacticipant to this environment at a time (until commit): without it, ten concurrent
    // record-deployments each undeploy the winner and retry, and a loser could lose more than MAX_ATTEMPTS times.
    await repo.lockDeploymentSlot(trx, pacticipant.id, environment.id)
    for (let attempt = 1; ; attempt++) {
      const current = await repo.findCurrentDeployment(trx, pacticipant.id, environment.id, instance)
      if (current?.version_id === version.id) return { id: current.id, created: false }
      if (current) await repo.markUndeployed(trx, current.id, deps.clock.now())
      const inserted = await repo.insertDeployedVersion(trx, {
        uuid: randomUUID(),
        version_id: version.id,
        pacticipant_id: pacticipant.id,
        environment_id: environment.id,
        application_instance: instance,
        created_at: deps.clock.now(),
      })
      if (inserted) return { id: inserted.id, created: true }
      if (attempt >= MAX_ATTEMPTS) throw new Error(`record-deployment lost ${MAX_ATTEMPTS} races in a row for ${pacticipant.name} in ${environment.name}`)
    }
  }
  const deployedVersion = toDeployedVersion(result.row)
  if (result.created) {
    deps.events.emit('deployment.recorded', {
      pacticipant: pacticipant.name,
      version: version.number,
      environment: environment.name,
      applicationInstance: deployedVersion.applicationInstance,
    })
  }
  return { deployedVersion, created: result.created }
}

/**
 * The versions currently deployed to an environment (by its database id), optionally of one pacticipant
 * and/or one application instance ('' = deployments that named none). For the matrix and can-i-deploy.
 * @example const deployed = await listCurrentDeployments(deps, environment.id, { pacticipantId: api.id })
 */
export async function listCurrentDeployments(
  { db }: { db: Db },
  environmentId: number,
  filter: { pacticipantId?: number; applicationInstance?: string } = {},
): Promise<DeployedVersion[]> {
  return (await repo.listCurrentDeployments(db, environmentId, filter)).map(toDeployedVersion)
}

/**
 * GET /environments/{uuid}/deployed-versions/currently-deployed: the environment (404 when unknown) and its
 * current deployments. An unknown pacticipant name matches nothing (an empty list, as the Pact Broker answers).
 */
export async function listCurrentlyDeployed(
  deps: Pick<Deps, 'db' | 'config'>,
  environmentUuid: string,
  filter: { pacticipant?: string; applicationInstance?: string } = {},
): Promise<{ environment: Environment; deployedVersions: DeployedVersion[] }> {
  const { environment, pacticipantId } = await currentPlacementsFilter(deps, environmentUuid, filter.pacticipant)
  if (pacticipantId === null) return { environment, deployedVersions: [] }
  const deployedVersions = await listCurrentDeployments(deps, environment.id, { pacticipantId, applicationInstance: filter.applicationInstance })
  return { environment, deployedVersions }
}

/** Every deployment (current and past) of a version, oldest first. */
export async function listDeploymentsOfVersion({ db }: { db: Db }, versionId: number): Promise<DeployedVersion[]> {
  return (await repo.listDeploymentsOfVersion(db, versionId)).map(toDeployedVersion)
}

function deployedVersionNotFound(uuid: string): NotFoundError {
  return new NotFoundError(
    `No deployed version with uuid '${uuid}'. GET /environments/{uuid}/deployed-versions/currently-deployed lists the current ones.`,
    'deployed-version-not-found',
  )
}

/** Throws NotFoundError ('deployed-version-not-found'). */
export async function getDeployedVersion({ db }: { db: Db }, uuid: string): Promise<DeployedVersion> {
  const row = await repo.findDeployedVersionByUuid(db, uuid)
  if (!row) throw deployedVersionNotFound(uuid)
  return toDeployedVersion(row)
}

/**
 * PATCH /deployed-versions/{uuid} (merge-patch): `{"currentlyDeployed": false}` records the undeployment;
 * `true` on an undeployed version is refused (422) — record a new deployment instead.
 */
export async function updateDeployedVersion(deps: Pick<Deps, 'db' | 'clock'>, uuid: string, patch: { currentlyDeployed?: boolean }): Promise<DeployedVersion> {
  return inTransaction(deps.db, async (trx) => {
    const existing = await getDeployedVersion({ db: trx }, uuid)
    await recordChange(trx, {
      type: 'deployment.updated',
      pacticipants: [existing.pacticipant.name],
      details: { deployedVersion: uuid, version: existing.version.number, environment: existing.environment.name, ...patch },
    })
    if (endAction(existing.currentlyDeployed, patch.currentlyDeployed, DEPLOYED) === 'keep') return existing
    await repo.markUndeployed(trx, existing.id, deps.clock.now())
    return getDeployedVersion({ db: trx }, uuid)
  })
}
