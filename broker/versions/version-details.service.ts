/**
 * Everything the version resource (§9.1) shows, gathered from the domains that own it: the version with its
 * branches and tags, every environment (for the record-deployment/-release links), the version's deployments
 * and releases, and its pacts. Calls the other domains' services only.
 */
import { listPactsForConsumerVersion } from '../contracts/contracts.service.js'
import type { DeployedVersion, ReleasedVersion } from '../environments/deployed-version.js'
import { listDeploymentsOfVersion } from '../environments/deployed-versions.service.js'
import type { Environment } from '../environments/environment.js'
import { listEnvironments } from '../environments/environments.service.js'
import { listReleasesOfVersion } from '../environments/released-versions.service.js'
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

/** @example const details = await getVersionDetails(deps, web, await getVersion(deps, web, '1.0.0')) */
export async function getVersionDetails(deps: VersionDeps, pacticipant: Pacticipant, version: Version): Promise<VersionDetails> {
  const [[withBranchesAndTags], environments, deployments, releases, pacts] = await sequential(deps, [
    () => withRefs(deps, [version]),
    () => listEnvironments(deps),
    () => listDeploymentsOfVersion(deps, version.id),
    () => listReleasesOfVersion(deps, version.id),
    () => listPactsForConsumerVersion(deps, version),
  ] as const)
  return { pacticipant, version: withBranchesAndTags!, environments, deployments, releases, pacts: pacts.map((p) => ({ provider: p.provider.name })) }
}

type Results<T extends readonly (() => Promise<unknown>)[]> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }

/**
 * Runs the reads one after another. Embedded PGlite has one connection, so parallel reads gain nothing there,
 * and running them in order keeps the pool use of one request bounded on PostgreSQL.
 */
async function sequential<const T extends readonly (() => Promise<unknown>)[]>(_deps: VersionDeps, work: T): Promise<Results<T>> {
  const results: unknown[] = []
  for (const step of work) results.push(await step())
  return results as Results<T>
}
