/**
 * @module metadata
 * What pact-js leaves to every team: which version of the application a contract (or a verification) belongs
 * to, its git branch and the CI build that produced it. Each comes from an explicit value first, then an
 * environment variable (ours, then the common CI ones), then git / package.json. Nothing here talks to a broker.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import semver from 'semver'
import { ConfigurationError } from '../errors.js'

export interface MetadataOptions {
  /** The application version; wins over everything else. */
  version?: string
  /** The git branch; wins over the environment and git. */
  branch?: string
  /** The CI build URL; wins over the environment. */
  buildUrl?: string
  /** Directory to look for package.json and git in (default `process.cwd()`). */
  cwd?: string
  /** Environment to read (default `process.env`). */
  env?: Record<string, string | undefined>
  /**
   * Versions the application already has (e.g. from the broker). When given, a non-semver version is warned about
   * if these are all semver; without them package.json's version decides whether the project uses semver.
   */
  previousVersions?: readonly string[]
}

export type VersionSource = 'explicit' | 'environment' | 'package.json'

export interface ContractMetadata {
  version: string
  /** Where the version came from (said in output so nobody wonders). */
  versionSource: VersionSource
  branch: string | null
  buildUrl: string | null
  /** Things worth telling the user that do not stop a publication (e.g. a non-semver version in a semver project). */
  warnings: string[]
}

/** Environment variables read for the version, in order. */
export const VERSION_VARIABLES = ['CONCORD_APP_VERSION'] as const
/** Environment variables read for the branch, in order (ours, then GitHub, GitLab, Buildkite, CircleCI, Jenkins, Travis, Bitbucket). */
export const BRANCH_VARIABLES = [
  'CONCORD_APP_BRANCH',
  'GITHUB_HEAD_REF',
  'GITHUB_REF_NAME',
  'CI_COMMIT_REF_NAME',
  'BUILDKITE_BRANCH',
  'CIRCLE_BRANCH',
  'BRANCH_NAME',
  'GIT_BRANCH',
  'TRAVIS_BRANCH',
  'BITBUCKET_BRANCH',
] as const
/** Environment variables read for the build URL, in order (GitHub Actions' URL is assembled from three variables). */
export const BUILD_URL_VARIABLES = ['CONCORD_BUILD_URL', 'CI_JOB_URL', 'BUILD_URL', 'BUILDKITE_BUILD_URL', 'CIRCLE_BUILD_URL', 'TRAVIS_BUILD_WEB_URL'] as const

/**
 * Resolves version, branch and build URL for a publication or a verification.
 *
 * @example
 * const { version, branch, buildUrl, warnings } = resolveMetadata({ env: process.env })
 * // version '1.4.0+3f2a9c1' (package.json + git), branch 'main', buildUrl from CI
 */
export function resolveMetadata(options: MetadataOptions = {}): ContractMetadata {
  const env = options.env ?? process.env
  const cwd = options.cwd ?? process.cwd()
  const warnings: string[] = []
  const { version, source } = resolveVersion(options.version, env, cwd)
  const versionProblem = invalidVersion(version)
  if (versionProblem) throw new ConfigurationError(`The application version '${version}' (from ${source}) ${versionProblem}`)
  if (!semver.valid(version) && projectUsesSemver(options.previousVersions, cwd)) {
    warnings.push(
      `The version '${version}' (from ${source}) is not a semantic version, but this project's versions are: ` +
        `"latest" orders semantic versions by precedence, so this one will sort by creation time instead.`,
    )
  }
  return {
    version,
    versionSource: source,
    branch: resolveBranch(options.branch, env, cwd),
    buildUrl: resolveBuildUrl(options.buildUrl, env, warnings),
    warnings,
  }
}

/**
 * The git branch alone (explicit → environment → `git rev-parse`), or null when none can be found (detached HEAD, no git).
 * @example detectBranch({ env: { GITHUB_HEAD_REF: 'feat/x' } }) // 'feat/x'
 */
export function detectBranch(options: Pick<MetadataOptions, 'branch' | 'cwd' | 'env'> = {}): string | null {
  return resolveBranch(options.branch, options.env ?? process.env, options.cwd ?? process.cwd())
}

/**
 * The CI build URL alone (explicit → environment), or null.
 * @example detectBuildUrl({ env: { BUILD_URL: 'https://ci.example/job/1' } }) // 'https://ci.example/job/1'
 */
export function detectBuildUrl(options: Pick<MetadataOptions, 'buildUrl' | 'env'> = {}): string | null {
  return resolveBuildUrl(options.buildUrl, options.env ?? process.env, [])
}

function resolveVersion(explicit: string | undefined, env: Record<string, string | undefined>, cwd: string): { version: string; source: VersionSource } {
  if (explicit !== undefined) return { version: explicit.trim(), source: 'explicit' }
  for (const name of VERSION_VARIABLES) {
    const value = env[name]?.trim()
    if (value) return { version: value, source: 'environment' }
  }
  const pkg = readPackageVersion(cwd)
  const sha = git(cwd, ['rev-parse', '--short', 'HEAD'])
  if (pkg && sha) return { version: `${pkg}+${sha}`, source: 'package.json' }
  // Refused, as `concord publish` refuses: the bare package.json version is the same for every build, so the
  // next build's contracts would conflict with (409) or silently replace this one's.
  if (pkg)
    throw new ConfigurationError(
      `Cannot tell a version unique to this build: package.json says ${pkg}, but ${cwd} is not inside a git checkout, so there is no commit to add ` +
        `(the default is ${pkg}+<git short sha>). Pass \`version\` or set ${VERSION_VARIABLES.join(' or ')} (for example to your CI's commit id).`,
    )
  throw new ConfigurationError(
    `Cannot tell the application version: pass \`version\`, set ${VERSION_VARIABLES.join(' or ')}, or run inside a project with a package.json version`,
  )
}

/** Returns why a version is unusable, or null. */
function invalidVersion(version: string): string | null {
  if (!version) return 'is empty'
  if (version.length > 255) return 'is longer than 255 characters'
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(version)) return 'contains whitespace or control characters'
  return null
}

function projectUsesSemver(previous: readonly string[] | undefined, cwd: string): boolean {
  if (previous && previous.length) return previous.every((v) => semver.valid(v) !== null)
  const pkg = readPackageVersion(cwd)
  return pkg !== null && semver.valid(pkg) !== null
}

function resolveBranch(explicit: string | undefined, env: Record<string, string | undefined>, cwd: string): string | null {
  if (explicit !== undefined) return explicit.trim() || null
  for (const name of BRANCH_VARIABLES) {
    const value = env[name]?.trim()
    // Jenkins' GIT_BRANCH is "origin/main".
    if (value) return name === 'GIT_BRANCH' ? value.replace(/^origin\//, '') : value
  }
  const branch = git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD'])
  return branch && branch !== 'HEAD' ? branch : null
}

function resolveBuildUrl(explicit: string | undefined, env: Record<string, string | undefined>, warnings: string[]): string | null {
  if (explicit !== undefined) {
    if (!isHttpUrl(explicit.trim())) throw new ConfigurationError(`The build URL '${explicit}' is not an http(s) URL`)
    return explicit.trim()
  }
  const candidates: Array<[string, string | undefined]> = BUILD_URL_VARIABLES.map((name) => [name, env[name]?.trim()])
  if (env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY) {
    candidates.splice(1, 0, ['GITHUB_RUN_ID', `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`])
  }
  for (const [name, value] of candidates) {
    if (!value) continue
    if (isHttpUrl(value)) return value
    warnings.push(`Ignoring ${name}='${value}': not an http(s) URL`)
  }
  return null
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/** The version in the nearest package.json at or above `cwd`, or null. */
function readPackageVersion(cwd: string): string | null {
  let dir = path.resolve(cwd)
  for (;;) {
    const file = path.join(dir, 'package.json')
    if (fs.existsSync(file)) {
      try {
        const version = (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown }).version
        return typeof version === 'string' && version.trim() ? version.trim() : null
      } catch {
        return null
      }
    }
    const parent = path.dirname(dir)
    if (parent === dir) return null
    dir = parent
  }
}

function git(cwd: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}
