/**
 * @module environments
 * Deployed and released versions: which version of a pacticipant is deployed to (or released in) an
 * environment. Domain types.
 *
 * A deployment replaces the current deployment of the same pacticipant in the same environment and
 * application instance; releases do not replace each other (several versions can be supported at once).
 */
import type { Environment } from '../environment.js'

export interface DeployedVersion {
  id: number
  uuid: string
  pacticipant: { id: number; name: string }
  version: { id: number; number: string }
  environment: Environment
  /** null when the deployment named no application instance. */
  applicationInstance: string | null
  currentlyDeployed: boolean
  createdAt: Date
  undeployedAt: Date | null
}

export interface ReleasedVersion {
  id: number
  uuid: string
  pacticipant: { id: number; name: string }
  version: { id: number; number: string }
  environment: Environment
  currentlySupported: boolean
  createdAt: Date
  supportEndedAt: Date | null
}

/**
 * The application instance a record-deployment body names: `applicationInstance`, else `target` (older
 * clients send only `target`), stored as '' for "none".
 */
export function applicationInstanceOf(body: { applicationInstance?: string | null; target?: string | null }): string {
  return body.applicationInstance ?? body.target ?? ''
}
