/**
 * Contract metadata: version (explicit → CONCORD_APP_VERSION → package.json + git sha), branch (explicit → CI
 * variables → git) and build URL (explicit → CI variables), with the semver warning. Uses real git in temp dirs.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigurationError, detectBranch, detectBuildUrl, resolveMetadata } from '../../lib/index.js'

let root: string
let gitProject: string
let plainProject: string
let noVersionProject: string
let sha: string

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-metadata-'))
  gitProject = path.join(root, 'git-project')
  plainProject = path.join(root, 'plain-project')
  noVersionProject = path.join(root, 'no-version')
  for (const dir of [gitProject, plainProject, noVersionProject]) fs.mkdirSync(dir)
  fs.writeFileSync(path.join(gitProject, 'package.json'), JSON.stringify({ name: 'web', version: '1.4.0' }))
  fs.writeFileSync(path.join(plainProject, 'package.json'), JSON.stringify({ name: 'web', version: '2.0.0' }))
  fs.writeFileSync(path.join(noVersionProject, 'package.json'), JSON.stringify({ name: 'web' }))
  git(gitProject, 'init', '-q', '-b', 'feat/login')
  git(gitProject, '-c', 'user.email=t@example.com', '-c', 'user.name=T', 'commit', '-q', '--allow-empty', '-m', 'first')
  sha = git(gitProject, 'rev-parse', '--short', 'HEAD')
})
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

describe('resolveMetadata', () => {
  it('uses package.json version + git short sha, and the git branch, when nothing else is given', () => {
    const meta = resolveMetadata({ cwd: gitProject, env: {} })
    expect(meta).toEqual({ version: `1.4.0+${sha}`, versionSource: 'package.json', branch: 'feat/login', buildUrl: null, warnings: [] })
  })

  it('refuses the package.json version alone outside git (the temp dir is no repository): it would be the same for every build', () => {
    expect(() => resolveMetadata({ cwd: plainProject, env: {} })).toThrow(ConfigurationError)
    expect(() => resolveMetadata({ cwd: plainProject, env: {} })).toThrow(/package\.json says 2\.0\.0, but .* is not inside a git checkout/)
    const meta = resolveMetadata({ cwd: plainProject, env: { CONCORD_APP_VERSION: '2.0.0+build.9' } })
    expect(meta.version).toBe('2.0.0+build.9')
    expect(meta.branch).toBeNull()
  })

  it('prefers CONCORD_APP_VERSION over package.json, and an explicit version over both', () => {
    expect(resolveMetadata({ cwd: gitProject, env: { CONCORD_APP_VERSION: '1.5.0' } })).toMatchObject({ version: '1.5.0', versionSource: 'environment' })
    expect(resolveMetadata({ cwd: gitProject, env: { CONCORD_APP_VERSION: '1.5.0' }, version: ' 1.6.0 ' })).toMatchObject({
      version: '1.6.0',
      versionSource: 'explicit',
    })
  })

  it('reads the branch from CI variables before git (Jenkins GIT_BRANCH loses its origin/ prefix)', () => {
    expect(detectBranch({ cwd: gitProject, env: { GITHUB_HEAD_REF: 'pr-branch', GITHUB_REF_NAME: '12/merge' } })).toBe('pr-branch')
    expect(detectBranch({ cwd: gitProject, env: { GIT_BRANCH: 'origin/release' } })).toBe('release')
    expect(detectBranch({ cwd: gitProject, env: { CONCORD_APP_BRANCH: 'mine' }, branch: 'explicit' })).toBe('explicit')
  })

  it('builds the GitHub Actions run URL and takes other CI build URLs, ignoring ones that are not URLs', () => {
    expect(detectBuildUrl({ env: { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/web', GITHUB_RUN_ID: '42' } })).toBe(
      'https://github.com/acme/web/actions/runs/42',
    )
    expect(detectBuildUrl({ env: { BUILD_URL: 'https://jenkins.example/job/web/7/' } })).toBe('https://jenkins.example/job/web/7/')
    const meta = resolveMetadata({ cwd: plainProject, version: '2.0.0', env: { CONCORD_BUILD_URL: 'build-7', CI_JOB_URL: 'https://gitlab.example/-/jobs/7' } })
    expect(meta.buildUrl).toBe('https://gitlab.example/-/jobs/7')
    expect(meta.warnings).toEqual(["Ignoring CONCORD_BUILD_URL='build-7': not an http(s) URL"])
  })

  it('allows a non-semver version but warns when the project versions with semver', () => {
    const meta = resolveMetadata({ cwd: plainProject, env: {}, version: 'abc123' })
    expect(meta.version).toBe('abc123')
    expect(meta.warnings).toHaveLength(1)
    expect(meta.warnings[0]).toContain("The version 'abc123' (from explicit) is not a semantic version, but this project's versions are")
  })

  it('does not warn about a non-semver version when the project does not use semver', () => {
    expect(resolveMetadata({ cwd: noVersionProject, env: {}, version: 'abc123' }).warnings).toEqual([])
    expect(resolveMetadata({ cwd: plainProject, env: {}, version: 'abc123', previousVersions: ['a1', 'b2'] }).warnings).toEqual([])
    expect(resolveMetadata({ cwd: noVersionProject, env: {}, version: 'abc123', previousVersions: ['1.0.0', '1.1.0'] }).warnings).toHaveLength(1)
  })

  it('rejects unusable versions and build URLs with a ConfigurationError saying why', () => {
    expect(() => resolveMetadata({ cwd: plainProject, env: {}, version: '  ' })).toThrow("The application version '' (from explicit) is empty")
    expect(() => resolveMetadata({ cwd: plainProject, env: { CONCORD_APP_VERSION: '1.0 beta' } })).toThrow('contains whitespace or control characters')
    expect(() => resolveMetadata({ cwd: plainProject, env: {}, buildUrl: 'ci/7' })).toThrow(ConfigurationError)
    let caught: unknown
    try {
      resolveMetadata({ cwd: noVersionProject, env: {} })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ConfigurationError)
    expect((caught as ConfigurationError).code).toBe('configuration-error')
    expect((caught as Error).message).toContain('Cannot tell the application version: pass `version`, set CONCORD_APP_VERSION')
  })
})
