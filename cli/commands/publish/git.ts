/**
 * Default consumer version and branch from CI variables or git, as the Pact CLI's
 * `--auto-detect-version-properties` does, CONCORD_APP_VERSION / CONCORD_APP_BRANCH first as in the library's
 * publishContracts() (docs/cli.md lists the variables).
 */
import { execFileSync } from 'node:child_process'
import type { Env } from '../../context.js'

const BRANCH_VARIABLES = [
  'CONCORD_APP_BRANCH',
  'GITHUB_HEAD_REF',
  'GITHUB_REF_NAME',
  'BUILDKITE_BRANCH',
  'CIRCLE_BRANCH',
  'TRAVIS_BRANCH',
  'GIT_BRANCH',
  'GIT_LOCAL_BRANCH',
  'APPVEYOR_REPO_BRANCH',
  'CI_COMMIT_REF_NAME',
  'BITBUCKET_BRANCH',
  'BUILD_SOURCEBRANCHNAME',
  'CIRRUS_BRANCH',
]
const COMMIT_VARIABLES = [
  'CONCORD_APP_VERSION',
  'GITHUB_SHA',
  'BUILDKITE_COMMIT',
  'CIRCLE_SHA1',
  'TRAVIS_COMMIT',
  'GIT_COMMIT',
  'APPVEYOR_REPO_COMMIT',
  'CI_COMMIT_ID',
  'BITBUCKET_COMMIT',
  'BUILD_SOURCEVERSION',
  'CIRRUS_CHANGE_IN_REPO',
]

export interface Detected {
  value: string
  source: string
}

function git(args: string[], cwd: string): string | undefined {
  try {
    const out = execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim()
    return out || undefined
  } catch {
    return undefined
  }
}

export function detectVersion(env: Env, cwd: string): Detected | undefined {
  for (const name of COMMIT_VARIABLES) if (env[name]?.trim()) return { value: env[name].trim(), source: name }
  const sha = git(['rev-parse', 'HEAD'], cwd)
  return sha ? { value: sha, source: 'git rev-parse HEAD' } : undefined
}

export function detectBranch(env: Env, cwd: string): Detected | undefined {
  for (const name of BRANCH_VARIABLES) if (env[name]?.trim()) return { value: env[name].trim().replace(/^refs\/heads\//, ''), source: name }
  const branch = git(['rev-parse', '--abbrev-ref', 'HEAD'], cwd)
  return branch && branch !== 'HEAD' ? { value: branch, source: 'git rev-parse --abbrev-ref HEAD' } : undefined
}
