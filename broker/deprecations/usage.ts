/**
 * Usage: which consumer versions (deployed, released, at a branch head) use each deprecated item, and the
 * timeline's grouping of them by environment and branch. Pure: the service loads the rows and contents.
 */
import type { Deprecation } from './deprecation.js'
import { interactionsOf, type Interaction } from './pact-interactions.js'
import type { PlacedPact } from './usage.repository.js'
import { type InteractionMatcher, type MatchableDeprecation, matcherFor, type Use, usesInInteractions } from './usage-matching.js'

/** A consumer version that uses an item, where it is, and which of its interactions use the item. */
export interface VersionUse {
  consumer: string
  version: string
  places: Place[]
  uses: Use[]
}

export type Place = { kind: 'deployed' | 'released'; environment: string } | { kind: 'main-branch' | 'branch'; branch: string }

export function placeOf(row: PlacedPact): Place {
  if (row.place === 'branch') return { kind: row.branch === row.mainBranch ? 'main-branch' : 'branch', branch: row.branch ?? '' }
  return { kind: row.place, environment: row.environment ?? '' }
}

/** "deployed to production", "released in ios-store", "main branch (main)", "branch feat-x". */
export function placeText(place: Place): string {
  switch (place.kind) {
    case 'deployed':
      return `deployed to ${place.environment}`
    case 'released':
      return `released in ${place.environment}`
    case 'main-branch':
      return `main branch (${place.branch})`
    case 'branch':
      return `branch ${place.branch}`
  }
}

/**
 * Matches every deprecation against the pacts of the placed consumer versions (each pact content parsed and
 * matched once), returning the versions that use each deprecation, keyed by deprecation id.
 * @example const byDeprecation = computeUsage(deprecations, placedRows, contents)
 */
export function computeUsage(
  deprecations: Array<Pick<Deprecation, 'id' | 'providerId'> & MatchableDeprecation>,
  placed: PlacedPact[],
  contents: Map<number, unknown>,
): Map<number, VersionUse[]> {
  const interactionsByPact = new Map<number, Interaction[]>()
  const interactions = (pactVersionId: number) => {
    let found = interactionsByPact.get(pactVersionId)
    if (!found) interactionsByPact.set(pactVersionId, (found = interactionsOf(contents.get(pactVersionId))))
    return found
  }
  const result = new Map<number, VersionUse[]>()
  for (const d of deprecations) {
    const match: InteractionMatcher = matcherFor(d)
    const usesByPact = new Map<number, Use[]>()
    const byVersion = new Map<number, VersionUse>()
    for (const row of placed) {
      if (row.providerId !== d.providerId) continue
      let uses = usesByPact.get(row.pactVersionId)
      if (!uses) usesByPact.set(row.pactVersionId, (uses = usesInInteractions(match, interactions(row.pactVersionId))))
      if (uses.length === 0) continue
      let entry = byVersion.get(row.versionId)
      if (!entry) byVersion.set(row.versionId, (entry = { consumer: row.consumer, version: row.version, places: [], uses }))
      const place = placeOf(row)
      if (!entry.places.some((p) => placeText(p) === placeText(place))) entry.places.push(place)
    }
    result.set(
      d.id,
      [...byVersion.values()].sort((a, b) => a.consumer.localeCompare(b.consumer) || a.version.localeCompare(b.version, undefined, { numeric: true })),
    )
  }
  return result
}

export interface ConsumerVersionRef {
  consumer: string
  version: string
  interactions: string[]
}

export interface BranchRef extends ConsumerVersionRef {
  branch: string
}

/** A deprecation's users grouped as the timeline shows them. */
export interface GroupedUsage {
  consumers: string[]
  environments: { name: string; deployed: ConsumerVersionRef[]; released: ConsumerVersionRef[] }[]
  mainBranch: BranchRef[]
  otherBranches: BranchRef[]
}

/** Groups version uses by environment (deployed / released), main branch and other branches. */
export function groupUsage(uses: VersionUse[]): GroupedUsage {
  const environments = new Map<string, { name: string; deployed: ConsumerVersionRef[]; released: ConsumerVersionRef[] }>()
  const mainBranch: BranchRef[] = []
  const otherBranches: BranchRef[] = []
  for (const use of uses) {
    const ref: ConsumerVersionRef = { consumer: use.consumer, version: use.version, interactions: [...new Set(use.uses.map((u) => u.interaction))] }
    for (const place of use.places) {
      if ('environment' in place) {
        let env = environments.get(place.environment)
        if (!env) environments.set(place.environment, (env = { name: place.environment, deployed: [], released: [] }))
        env[place.kind].push(ref)
      } else {
        ;(place.kind === 'main-branch' ? mainBranch : otherBranches).push({ ...ref, branch: place.branch })
      }
    }
  }
  return {
    consumers: [...new Set(uses.map((u) => u.consumer))].sort(),
    environments: [...environments.values()].sort((a, b) => a.name.localeCompare(b.name)),
    mainBranch,
    otherBranches,
  }
}
