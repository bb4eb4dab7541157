/**
 * @module pacticipants
 * Pacticipants: the applications that are consumers and/or providers. Names, display names, main branch,
 * repository. Domain types and pure rules.
 */
import { generateDisplayName } from '../shared/display-name.js'
import type { PacticipantRow } from './pacticipants.table.js'

export interface Pacticipant {
  id: number
  name: string
  displayName: string
  mainBranch: string | null
  repositoryUrl: string | null
  repositoryName: string | null
  repositoryNamespace: string | null
  versionOrder: 'semver' | 'creation'
  createdAt: Date
  updatedAt: Date
}

export function toPacticipant(row: PacticipantRow): Pacticipant {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name ?? generateDisplayName(row.name),
    mainBranch: row.main_branch,
    repositoryUrl: row.repository_url,
    repositoryName: row.repository_name,
    repositoryNamespace: row.repository_namespace,
    versionOrder: row.version_order,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Branch names that become a pacticipant's main branch automatically when it has none, as in the Pact Broker. */
export const MAIN_BRANCH_CANDIDATES = ['develop', 'main', 'master'] as const

export function isMainBranchCandidate(branch: string): boolean {
  return (MAIN_BRANCH_CANDIDATES as readonly string[]).includes(branch)
}
