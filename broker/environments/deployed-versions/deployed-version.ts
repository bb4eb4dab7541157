/**
 * @module environments/deployed-versions
 * Deployed versions: which version of a pacticipant is deployed to an environment (record-deployment,
 * record-undeployment). A deployment replaces the current deployment of the same pacticipant in the same
 * environment and application instance. What it shares with released versions is in ../placements/.
 */
import type { EndFlag, Placement } from '../placements/placement.js'

export interface DeployedVersion extends Placement {
  /** null when the deployment named no application instance. */
  applicationInstance: string | null
  currentlyDeployed: boolean
  undeployedAt: Date | null
}

/**
 * The application instance a record-deployment body names: `applicationInstance`, else `target` (older
 * clients send only `target`), stored as '' for "none".
 */
export function applicationInstanceOf(body: { applicationInstance?: string | null; target?: string | null }): string {
  return body.applicationInstance ?? body.target ?? ''
}

export const DEPLOYED: EndFlag = {
  property: 'currentlyDeployed',
  refusal: 'The currentlyDeployed property cannot be set back to true. Please record a new deployment.',
  hint: 'cannot be set back to true; record a new deployment instead',
}
