/**
 * Release rules (record-release, record-support-ended): a version is released in an environment at most once;
 * recording it again marks it supported again. Several versions of a pacticipant can be supported in one
 * environment at the same time (unlike deployments). Events: `release.recorded`.
 */
import { randomUUID } from 'node:crypto'
import { recordChange } from '../../audit/audit.service.js'
import { type Db, inTransaction } from '../../db/database.js'
import type { BrokerDeps } from '../../deps.js'
import { NotFoundError } from '../../shared/errors.js'
import type { Environment } from '../environment.js'
import { endAction, toPlacement } from '../placements/placement.js'
import { currentPlacementsFilter, inPlacementTransaction } from '../placements/placements.service.js'
import { RELEASED, type ReleasedVersion } from './released-version.js'
import * as repo from './released-versions.repository.js'
import type { ReleasedVersionDetailRow } from './released-versions.repository.js'

type Deps = Pick<BrokerDeps, 'db' | 'config' | 'clock' | 'events'>

export function toReleasedVersion(row: ReleasedVersionDetailRow): ReleasedVersion {
  return { ...toPlacement(row), currentlySupported: row.support_ended_at === null, supportEndedAt: row.support_ended_at }
}

/**
 * Records that `version` of `pacticipant` is released (and supported) in the environment. `created` is false
 * when that release existed (it is then marked supported again).
 * @example const { releasedVersion, created } = await recordRelease(deps, { pacticipant: 'app', version: '3.1.0', environmentUuid })
 */
export async function recordRelease(
  deps: Deps,
  input: { pacticipant: string; version: string; environmentUuid: string },
): Promise<{ releasedVersion: ReleasedVersion; created: boolean }> {
  const { pacticipant, version, environment, result } = await inPlacementTransaction(deps, input, async (trx, placed) => {
    await recordChange(trx, {
      type: 'release.recorded',
      pacticipants: [placed.pacticipant.name],
      details: { version: placed.version.number, environment: placed.environment.name },
    })
    const { id, created } = await repo.upsertReleasedVersion(trx, {
      uuid: randomUUID(),
      version_id: placed.version.id,
      pacticipant_id: placed.pacticipant.id,
      environment_id: placed.environment.id,
      created_at: deps.clock.now(),
    })
    return { created, row: (await repo.findReleasedVersionById(trx, id))! }
  })
  const releasedVersion = toReleasedVersion(result.row)
  if (result.created) deps.events.emit('release.recorded', { pacticipant: pacticipant.name, version: version.number, environment: environment.name })
  return { releasedVersion, created: result.created }
}

/**
 * The versions released and still supported in an environment (by its database id), optionally of one
 * pacticipant. For the matrix and can-i-deploy.
 * @example const supported = await listCurrentReleases(deps, environment.id, { pacticipantId: app.id })
 */
export async function listCurrentReleases(
  { db }: { db: Db },
  environmentId: number,
  filter: { pacticipantId?: number; versionNumber?: string } = {},
): Promise<ReleasedVersion[]> {
  return (await repo.listCurrentReleases(db, environmentId, filter)).map(toReleasedVersion)
}

/**
 * GET /environments/{uuid}/released-versions/currently-supported: the environment (404 when unknown) and its
 * supported releases; an unknown pacticipant name matches nothing.
 */
export async function listCurrentlySupported(
  deps: Pick<Deps, 'db' | 'config'>,
  environmentUuid: string,
  filter: { pacticipant?: string; version?: string } = {},
): Promise<{ environment: Environment; releasedVersions: ReleasedVersion[] }> {
  const { environment, pacticipantId } = await currentPlacementsFilter(deps, environmentUuid, filter.pacticipant)
  if (pacticipantId === null) return { environment, releasedVersions: [] }
  return { environment, releasedVersions: await listCurrentReleases(deps, environment.id, { pacticipantId, versionNumber: filter.version }) }
}

/** Every release (supported or not) of a version, oldest first. */
export async function listReleasesOfVersion({ db }: { db: Db }, versionId: number): Promise<ReleasedVersion[]> {
  return (await repo.listReleasesOfVersion(db, versionId)).map(toReleasedVersion)
}

/** Throws NotFoundError ('released-version-not-found'). */
export async function getReleasedVersion({ db }: { db: Db }, uuid: string): Promise<ReleasedVersion> {
  const row = await repo.findReleasedVersionByUuid(db, uuid)
  if (!row) {
    throw new NotFoundError(
      `No released version with uuid '${uuid}'. GET /environments/{uuid}/released-versions/currently-supported lists the supported ones.`,
      'released-version-not-found',
    )
  }
  return toReleasedVersion(row)
}

/**
 * PATCH /released-versions/{uuid} (merge-patch): `{"currentlySupported": false}` records the end of support;
 * `true` on an unsupported release is refused (422) — record the release again instead.
 */
export async function updateReleasedVersion(deps: Pick<Deps, 'db' | 'clock'>, uuid: string, patch: { currentlySupported?: boolean }): Promise<ReleasedVersion> {
  return inTransaction(deps.db, async (trx) => {
    const existing = await getReleasedVersion({ db: trx }, uuid)
    await recordChange(trx, {
      type: 'release.updated',
      pacticipants: [existing.pacticipant.name],
      details: { releasedVersion: uuid, version: existing.version.number, environment: existing.environment.name, ...patch },
    })
    if (endAction(existing.currentlySupported, patch.currentlySupported, RELEASED) === 'keep') return existing
    await repo.markSupportEnded(trx, existing.id, deps.clock.now())
    return getReleasedVersion({ db: trx }, uuid)
  })
}
