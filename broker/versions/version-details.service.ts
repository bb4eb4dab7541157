/**
 * Everything the version resource (§9.1) shows, gathered from the domains that own it: the version with its
 * branches and tags, every environment (for the record-deployment/-release links), the version's deployments
 * and releases, and its pacts. Calls the other domains' services only.
 */
import { listPactsForConsumerVersion } from '../contracts/contracts.service.js'
import type { DeployedVersion } from '../environments/deployed-versions/deployed-version.js'
import type { ReleasedVersion } from '../environments/released-versions/released-version.js'
import { listDeploymentsOfVersion } from '../environments/deployed-versions/deployed-versions.service.js'
import type { Environment } from '../environments/environment.js'
import { listEnvironments } from '../environments/environments.service.js'
import { listReleasesOfVersion } from '../environments/released-versions/released-versions.service.js'
import type { Pacticipant } from '../pacticipants/pacticipant.js'
import type { Version } from './version.js'
import { type VersionDeps, type VersionWithRefs, withRefs } from './versions.service.js'

export interface VersionDetails {
  pacticipant: Pacticipant
  version: VersionWithRefs
  environments: Environment[]
  deployments: DeployedVersion[]
  releases: ReleasedVersion[]
  /** The providers this version has a current pact with. */
  pacts: { provider: string }[]
}

/**
 * The reads run one after another: embedded PGlite has one connection, so running them in parallel gains
 * nothing there, and in order they hold at most one pooled connection on PostgreSQL.
 * @example const details = await getVersionDetails(deps, web, await getVersion(deps, web, '1.0.0'))
 */
export async function getVersionDetails(deps: VersionDeps, pacticipant: Pacticipant, version: Version): Promise<VersionDetails> {
  const [withBranchesAndTags] = await withRefs(deps, [version])
  const environments = await listEnvironments(deps)
  const deployments = await listDeploymentsOfVersion(deps, version.id)
  const releases = await listReleasesOfVersion(deps, version.id)
  const pacts = await listPactsForConsumerVersion(deps, version)
  return { pacticipant, version: withBranchesAndTags!, environments, deployments, releases, pacts: pacts.map((p) => ({ provider: p.provider.name })) }
}
