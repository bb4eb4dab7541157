/**
 * Release rules (record-release, record-support-ended): a version is released in an environment at most once;
 * recording it again marks it supported again. Several versions of a pacticipant can be supported in one
 * environment at the same time (unlike deployments). Events: `release.recorded`.
 */
import { randomUUID } from 'node:crypto'
import { type Db, inTransaction } from '../../db/database.js'
import type { BrokerDeps } from '../../deps.js'
import { findPacticipant, getPacticipant } from '../../pacticipants/pacticipants.service.js'
import { NotFoundError, UnprocessableError } from '../../shared/errors.js'
import { getVersion } from '../../versions/versions.service.js'
import type { ReleasedVersion } from '../deployed-versions/deployed-version.js'
import { type Environment, toEnvironment } from '../environment.js'
import { getEnvironment } from '../environments.service.js'
import * as repo from './released-versions.repository.js'
import type { ReleasedVersionDetailRow } from './released-versions.repository.js'

type Deps = Pick<BrokerDeps, 'db' | 'config' | 'clock' | 'events'>

export function toReleasedVersion(row: ReleasedVersionDetailRow): ReleasedVersion {
  return {
    id: row.id,
    uuid: row.uuid,
    pacticipant: { id: row.pacticipant_id, name: row.pacticipant_name },
    version: { id: row.version_id, number: row.version_number },
    environment: toEnvironment({
      id: row.environment_id,
      uuid: row.env_uuid,
      name: row.env_name,
      display_name: row.env_display_name,
      production: row.env_production,
      contacts: row.env_contacts,
      created_at: row.env_created_at,
      updated_at: row.env_updated_at,
    }),
    currentlySupported: row.support_ended_at === null,
    createdAt: row.created_at,
    supportEndedAt: row.support_ended_at,
  }
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
  const environment = await getEnvironment(deps, input.environmentUuid)
  // Looked up inside the transaction, so a concurrent DELETE of the pacticipant or version waits (key-share locks).
  const { pacticipant, version, row, created } = await inTransaction(deps.db, async (trx) => {
    const pacticipant = await getPacticipant({ db: trx, config: deps.config }, input.pacticipant)
    const version = await getVersion({ db: trx }, pacticipant, input.version)
    const { id, created } = await repo.upsertReleasedVersion(trx, {
      uuid: randomUUID(),
      version_id: version.id,
      pacticipant_id: pacticipant.id,
      environment_id: environment.id,
      created_at: deps.clock.now(),
    })
    return { pacticipant, version, created, row: (await repo.findReleasedVersionById(trx, id))! }
  })
  const releasedVersion = toReleasedVersion(row)
  if (created) deps.events.emit('release.recorded', { pacticipant: pacticipant.name, version: version.number, environment: environment.name })
  return { releasedVersion, created }
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
  const environment = await getEnvironment(deps, environmentUuid)
  let pacticipantId: number | undefined
  if (filter.pacticipant !== undefined) {
    const found = await findPacticipant(deps, filter.pacticipant)
    if (!found) return { environment, releasedVersions: [] }
    pacticipantId = found.id
  }
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
  const existing = await getReleasedVersion(deps, uuid)
  if (patch.currentlySupported === true && !existing.currentlySupported) {
    throw new UnprocessableError('deployment-immutable', 'The currentlySupported property cannot be set back to true. Please record a new release.', {
      errors: [{ pointer: '/currentlySupported', detail: 'cannot be set back to true; record the release again instead' }],
    })
  }
  if (patch.currentlySupported === false && existing.currentlySupported) {
    await repo.markSupportEnded(deps.db, existing.id, deps.clock.now())
    return getReleasedVersion(deps, uuid)
  }
  return existing
}
