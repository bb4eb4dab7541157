/**
 * vitest globalSetup: compiles the package once (`tsc -p tsconfig.json` → dist/) so the e2e tests spawn the
 * BUILT CLI (`node dist/cli/index.js`), exactly what users of the installed package (`concord-contracts`) run, and bundles the pages'
 * assets (dist/ui/) the way `npm run build` does.
 *
 * It shares dist/.tsbuildinfo with `npm run build` (the `prepare` script, run by `npm ci`), so after an install
 * only what changed since is compiled again.
 *
 * tsc emits even when another part of the tree has a type error; the setup then warns (the typecheck step
 * reports it) and fails only when the CLI itself was not produced. Set CONCORD_SKIP_BUILD=1 to reuse dist/.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildAssets } from '../../broker/ui/build-assets.js'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const CLI_PATH = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url))
const UI_MANIFEST_PATH = fileURLToPath(new URL('../../dist/ui/manifest.json', import.meta.url))

export default async function setup(): Promise<void> {
  // The pages' stylesheet and scripts (dist/ui/), which the broker serves and the UI tests load in Chromium.
  if (!(process.env.CONCORD_SKIP_BUILD === '1' && existsSync(UI_MANIFEST_PATH))) await buildAssets()
  if (process.env.CONCORD_SKIP_BUILD === '1' && existsSync(CLI_PATH)) return
  const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url))
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo'], {
      cwd: ROOT,
      stdio: 'pipe',
      encoding: 'utf8',
    })
  } catch (error) {
    const output = (error as { stdout?: string }).stdout ?? String(error)
    if (!existsSync(CLI_PATH)) throw new Error(`Building the CLI failed:\n${output}`)
    process.stderr.write(`warning: tsc reported errors while building dist/ (the e2e tests use what it emitted):\n${output}\n`)
  }
  chmodSync(CLI_PATH, 0o755)
}
