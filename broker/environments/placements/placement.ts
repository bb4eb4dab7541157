/**
 * @module environments/placements
 * What deployed and released versions really share: each places a version of a pacticipant in an environment,
 * with a uuid, a creation time and an end (undeployed / support ended) that a merge-patch can record once and
 * never undo. What differs stays in deployed-versions/ and released-versions/: a deployment replaces the current
 * one of its application instance, while releases do not replace each other.
 */
import { UnprocessableError } from '../../shared/errors.js'
import { type Environment, toEnvironment } from '../environment.js'

/** The part of a deployed or released version that is the same for both. */
export interface Placement {
  id: number
  uuid: string
  pacticipant: { id: number; name: string }
  version: { id: number; number: string }
  environment: Environment
  createdAt: Date
}

/**
 * What a deployed or released version resource shows besides its own row: the pacticipant's name, the version
 * number and the environment. Both repositories join the same three tables under the same aliases (`p`, `v`,
 * `e`) and select these columns, so one list serves both.
 */
export interface PlacementDetails {
  pacticipant_name: string
  version_number: string
  env_uuid: string
  env_name: string
  env_display_name: string | null
  env_production: boolean
  env_contacts: unknown
  env_created_at: Date
  env_updated_at: Date
}

export const PLACEMENT_DETAIL_COLUMNS = [
  'p.name as pacticipant_name',
  'v.number as version_number',
  'e.uuid as env_uuid',
  'e.name as env_name',
  'e.display_name as env_display_name',
  'e.production as env_production',
  'e.contacts as env_contacts',
  'e.created_at as env_created_at',
  'e.updated_at as env_updated_at',
] as const

/** A deployed- or released-version row (its own columns joined with PlacementDetails). */
export interface PlacementRow extends PlacementDetails {
  id: number
  uuid: string
  pacticipant_id: number
  version_id: number
  environment_id: number
  created_at: Date
}

/** @example const { pacticipant, version, environment } = toPlacement(row) */
export function toPlacement(row: PlacementRow): Placement {
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
    createdAt: row.created_at,
  }
}

/** How the end of a placement is named in its resource and in the refusal to undo it. */
export interface EndFlag {
  /** `currentlyDeployed` / `currentlySupported` */
  property: string
  /** The 422's detail: "The currentlyDeployed property cannot be set back to true. Please record a new deployment." */
  refusal: string
  /** The pointer's detail: "cannot be set back to true; record a new deployment instead" */
  hint: string
}

/**
 * The merge-patch rule both share: `false` ends a current placement (once: `'end'`), `true` on an ended one is
 * refused (422 `deployment-immutable`: record it again instead), anything else changes nothing (`'keep'`).
 * @example if (endAction(existing.currentlyDeployed, patch.currentlyDeployed, DEPLOYED) === 'end') await repo.markUndeployed(db, id, now)
 */
export function endAction(current: boolean, wanted: boolean | undefined, flag: EndFlag): 'end' | 'keep' {
  if (wanted === true && !current) {
    throw new UnprocessableError('deployment-immutable', flag.refusal, { errors: [{ pointer: `/${flag.property}`, detail: flag.hint }] })
  }
  return wanted === false && current ? 'end' : 'keep'
}
