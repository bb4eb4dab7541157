/**
 * Helpers for test/e2e/installed-package.test.ts: pack this package as a clean checkout would, and install the
 * tarball into a scratch project outside the repository without the network.
 *
 * The scratch install is offline: its lock file is derived from this repository's package-lock.json (the
 * package's runtime dependencies, at the versions CI installed and cached), so `npm ci --offline` needs only the
 * tarballs the repository's own `npm ci` put in the npm cache — no registry metadata, no fresh resolution.
 */
import { spawn } from 'node:child_process'
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** A minimal environment: nothing of the caller's npm, vitest or CI settings leaks into the scratch project. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    PACT_DO_NOT_TRACK: 'true',
    NO_COLOR: '1',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  }
  // The cache the repository's own install filled (npm exports it to scripts; CI may set it).
  if (process.env.npm_config_cache) env.npm_config_cache = process.env.npm_config_cache
  return { ...env, ...extra }
}

/** Runs `command` through sh in `cwd` and collects its output. */
export function sh(command: string, cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** What a fresh clone holds: the tree without installed, built or local-state directories. */
const NOT_IN_A_CLONE = new Set(['node_modules', 'dist', '.git', '.concord', 'coverage'])

/**
 * Copies the repository to `dest` as a clone would have it (no dist/), with the repository's node_modules
 * linked in (as a git install has its dev dependencies installed before `prepare` runs).
 */
export function copyCheckout(root: string, dest: string): void {
  cpSync(root, dest, { recursive: true, filter: (source) => !NOT_IN_A_CLONE.has(path.relative(root, source).split(path.sep)[0]!) })
  symlinkSync(path.join(root, 'node_modules'), path.join(dest, 'node_modules'), 'dir')
}

export interface Packed {
  /** The tarball's absolute path. */
  tarball: string
  integrity: string
  files: string[]
}

/** `npm pack` in `dir` (running its prepack/prepare scripts), the tarball written to `destination`. */
export async function npmPack(dir: string, destination: string): Promise<Packed> {
  const run = await sh(`npm pack --json --pack-destination '${destination}'`, dir, cleanEnv())
  if (run.code !== 0) throw new Error(`npm pack failed (${run.code}):\n${run.stderr}\n${run.stdout}`)
  // The scripts' output comes first on stdout; npm's JSON report is the array that starts on the last "[" line.
  const json = run.stdout.slice(run.stdout.lastIndexOf('\n[\n') + 1)
  const [report] = JSON.parse(json) as Array<{ filename: string; integrity: string; files: Array<{ path: string }> }>
  return { tarball: path.join(destination, report!.filename), integrity: report!.integrity, files: report!.files.map((f) => f.path) }
}

interface LockEntry {
  version?: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  dev?: boolean
  devOptional?: boolean
  peer?: boolean
  [key: string]: unknown
}

/**
 * The lock file of a project whose only dependency is the packed package (a dev dependency, as the docs say to
 * install it): the package itself, and every entry of the repository's lock its runtime dependencies reach.
 */
export function scratchLock(root: string, projectName: string, spec: string, integrity: string): object {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    name: string
    version: string
    license: string
    dependencies: Record<string, string>
    bin: Record<string, string>
    engines: Record<string, string>
  }
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }
  // Node's resolution over lock paths: from `node_modules/a/node_modules/b`, look in b's, then a's, then the root's.
  const resolve = (from: string, name: string): string | undefined => {
    for (let base = from; ;) {
      const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`
      if (lock.packages[candidate]) return candidate
      if (!base) return undefined
      const cut = base.lastIndexOf('/node_modules/')
      base = cut < 0 ? '' : base.slice(0, cut)
    }
  }
  const packages: Record<string, LockEntry> = {}
  const visit = (from: string, entry: Pick<LockEntry, 'dependencies' | 'optionalDependencies' | 'peerDependencies' | 'peerDependenciesMeta'>) => {
    const required = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !entry.peerDependenciesMeta?.[n]?.optional),
    ]
    const wanted = [
      ...required.map((name) => ({ name, optional: false })),
      ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    ]
    for (const { name, optional } of wanted) {
      const at = resolve(from, name)
      if (!at) {
        if (optional) continue
        throw new Error(`${name} (a dependency of ${from || pkg.name}) is not in package-lock.json: run npm install`)
      }
      if (packages[at]) continue
      const { dev: _dev, devOptional: _devOptional, peer: _peer, ...rest } = lock.packages[at]!
      packages[at] = { ...rest, dev: true }
      visit(at, lock.packages[at]!)
    }
  }
  // The package's dependencies sit at the scratch project's top level, where they sit in this repository.
  visit('', { dependencies: pkg.dependencies })
  return {
    name: projectName,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: projectName, devDependencies: { [pkg.name]: spec } },
      [`node_modules/${pkg.name}`]: {
        version: pkg.version,
        resolved: spec,
        integrity,
        dev: true,
        license: pkg.license,
        dependencies: pkg.dependencies,
        bin: pkg.bin,
        engines: pkg.engines,
      },
      ...packages,
    },
  }
}

/** Creates an ES-module project in `dir` with the tarball as its dev dependency, and installs it offline. */
export async function installTarball(root: string, dir: string, packed: Packed): Promise<void> {
  const { name } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string }
  const spec = `file:${path.relative(dir, packed.tarball)}`
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'scratch-app', private: true, type: 'module', devDependencies: { [name]: spec } }, null, 2),
  )
  writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(scratchLock(root, 'scratch-app', spec, packed.integrity), null, 2))
  const run = await sh('npm ci --offline', dir, cleanEnv())
  if (run.code !== 0) {
    throw new Error(
      `npm ci --offline in the scratch project failed (${run.code}); it takes every package from the npm cache the repository's own ` +
        `npm ci filled (ENOTCACHED: run npm ci in the repository first):\n${run.stderr}\n${run.stdout}`,
    )
  }
}
