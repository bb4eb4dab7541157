/**
 * @module matrix/selectors
 * Selector types for the matrix and can-i-deploy, and how a resolved selector describes itself in reasons.
 *
 * An UnresolvedSelector is what the user asked for (`{pacticipant: 'web', version: '1.0.0'}`, `{pacticipant:
 * 'users', latest: true, branch: 'main'}`, `{pacticipant: 'web', semver: '^2.0.0'}`). Resolving it (in
 * matrix.service.ts, against the database) gives one ResolvedSelector per matching version, or a single one
 * marking "no such version" / "any version". Selectors the user typed are `specified`; those the broker adds for
 * the other side of each integration (from `environment`, `tag`, `latest`, `mainBranch`) are `inferred`.
 */

/** One `q[]` selector as the user sent it. */
export interface UnresolvedSelector {
  pacticipant: string
  version?: string
  latest?: boolean
  tag?: string
  branch?: string
  mainBranch?: boolean
  environment?: string
  /** Concord: a semver range; resolves to the highest version of the pacticipant that satisfies it. */
  semver?: string
}

/** One `ignore[]` selector: a pacticipant, or one version of it. */
export interface IgnoreSelector {
  pacticipant: string
  version?: string
}

export type LatestBy = 'cvp' | 'cvpv' | 'cp'

/** The whole matrix question: selectors plus the options that infer the other sides. */
export interface MatrixQuery {
  selectors: UnresolvedSelector[]
  ignore: IgnoreSelector[]
  latestby?: LatestBy
  /** With tag/mainBranch: the latest such version of each inferred pacticipant; alone: its latest version. */
  latest: boolean
  tag?: string
  environment?: string
  mainBranch: boolean
  /** Keep only rows whose verification success is one of these (null = unverified). */
  success?: (boolean | null)[]
  limit?: number
  /** Past-sunset deprecations refuse (true) or only warn (false); absent: the broker's CONCORD_SUNSET_POLICY. */
  failOnSunset?: boolean
  /** false: skip the branches, tags and environments of the versions shown (a release plan has no use for them). */
  details?: boolean
  /** Which query form was asked (`/can-i-deploy` names its parameters differently in error pointers). */
  form?: 'matrix' | 'can-i-deploy'
}

/**
 * What a selector resolved to.
 * `versionId`: a version; `null` with `versionExists: true` means "any version of the pacticipant";
 * `versionExists: false` means the selector matched no version (rows cannot match it).
 */
export interface ResolvedSelector {
  pacticipantId: number
  pacticipantName: string
  versionId: number | null
  versionNumber: string | null
  versionExists: boolean
  type: 'specified' | 'inferred'
  ignore: boolean
  /** One of several versions the same selector matched (several versions in an environment). */
  oneOfMany: boolean
  latest: boolean
  tag: string | null
  branch: string | null
  mainBranch: boolean
  environment: string | null
  semver: string | null
  /** Whether the user's selector named a version number outright. */
  versionSpecified: boolean
}

export interface ResolvedIgnoreSelector {
  pacticipantName: string
  pacticipantExists: boolean
  versionNumber: string | null
  /** false when a version was named and it does not exist */
  versionExists: boolean
}

/** A resolved selector that matches any version of a pacticipant (also the "dummy" used to describe rows). */
export function anyVersionSelector(pacticipantId: number, pacticipantName: string, type: ResolvedSelector['type'] = 'inferred'): ResolvedSelector {
  return {
    pacticipantId,
    pacticipantName,
    versionId: null,
    versionNumber: null,
    versionExists: true,
    type,
    ignore: false,
    oneOfMany: false,
    latest: false,
    tag: null,
    branch: null,
    mainBranch: false,
    environment: null,
    semver: null,
    versionSpecified: false,
  }
}

/** A selector for one known version (used to describe rows no selector names). */
export function versionSelector(pacticipantId: number, pacticipantName: string, versionId: number, versionNumber: string): ResolvedSelector {
  return { ...anyVersionSelector(pacticipantId, pacticipantName), versionId, versionNumber, versionSpecified: true }
}

/** Whether the selector is "any version of X" (no version criterion at all). */
export function isAnyVersion(selector: ResolvedSelector): boolean {
  return selector.versionExists && selector.versionId === null
}

/**
 * How a selector reads inside a reason, in the Pact Broker's words (`resolved_selector.rb#description`).
 * @example describeSelector(s) // "the latest version of users from branch main (2.1.0)"
 */
export function describeSelector(s: ResolvedSelector): string {
  const name = s.pacticipantName
  const number = s.versionNumber
  const exists = s.versionExists && number !== null
  const prefix = s.oneOfMany ? 'one of the versions' : 'the version'
  if (s.semver !== null) {
    return exists
      ? `the highest version of ${name} matching ${s.semver} (${number})`
      : `the highest version of ${name} matching ${s.semver} (no such version exists)`
  }
  if (s.latest && s.tag !== null)
    return exists ? `the latest version of ${name} with tag ${s.tag} (${number})` : `the latest version of ${name} with tag ${s.tag} (no such version exists)`
  if (s.mainBranch && !exists)
    return s.latest
      ? `the latest version of ${name} from the main branch (no such version exists)`
      : `a version of ${name} from the main branch (no such version exists)`
  if (s.latest && s.branch !== null)
    return exists
      ? `the latest version of ${name} from branch ${s.branch} (${number})`
      : `the latest version of ${name} from branch ${s.branch} (no such version exists)`
  if (s.branch !== null)
    return exists ? `${prefix} of ${name} from branch ${s.branch} (${number})` : `a version of ${name} from branch ${s.branch} (no such version exists)`
  if (s.latest) return exists ? `the latest version of ${name} (${number})` : `the latest version of ${name} (no such version exists)`
  if (s.tag !== null) return exists ? `a version of ${name} with tag ${s.tag} (${number})` : `a version of ${name} with tag ${s.tag} (no such version exists)`
  if (s.environment !== null) {
    return exists
      ? `${prefix} of ${name} currently in ${s.environment} (${number})`
      : `a version of ${name} currently in ${s.environment} (no version is currently recorded as deployed/released in this environment)`
  }
  if (number !== null && !s.versionExists) return `version ${number} of ${name} (no such version exists)`
  if (number !== null) return `version ${number} of ${name}`
  if (!s.versionExists) return `any version of ${name} (no such pacticipant exists)`
  return `any version of ${name}`
}

/** Why a specified selector matched nothing, in the Pact Broker's words (`version_does_not_exist_description`). */
export function describeMissingVersion(s: ResolvedSelector): string {
  const name = s.pacticipantName
  if (s.semver !== null) return `No version of ${name} matches the semver range ${s.semver}`
  if (s.tag !== null) return `No version with tag ${s.tag} exists for ${name}`
  if (s.branch !== null) return `No version of ${name} from branch ${s.branch} exists`
  if (s.mainBranch) return `No version of ${name} from the main branch exists`
  if (s.environment !== null) return `No version of ${name} is currently recorded as deployed or released in environment ${s.environment}`
  if (s.versionNumber !== null) return `No pacts or verifications have been published for version ${s.versionNumber} of ${name}`
  return `No pacts or verifications have been published for ${name}`
}

/** How an ignore selector reads in a warning. */
export function describeIgnoreSelector(s: ResolvedIgnoreSelector): string {
  if (!s.pacticipantExists) return `any version of ${s.pacticipantName} (no such pacticipant exists)`
  if (s.versionNumber !== null)
    return s.versionExists
      ? `version ${s.versionNumber} of ${s.pacticipantName}`
      : `version ${s.versionNumber} of ${s.pacticipantName} (no such version exists)`
  return `any version of ${s.pacticipantName}`
}
