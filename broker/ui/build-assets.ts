/**
 * Builds the pages' assets into dist/ui/: the stylesheet and the client scripts (the dependency map and its
 * layout worker), bundled with esbuild, content-hashed, and listed in dist/ui/manifest.json so the broker
 * links the current files. Run by `npm run build`, by `npm start` when dist/ui is missing, and by the test
 * setup. Nothing is fetched at run time: brokers run on closed networks, so every byte ships in the package.
 *
 * @example npx tsx broker/ui/build-assets.ts
 */
import { build } from 'esbuild'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { basename, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const ASSETS_OUT_DIR = fileURLToPath(new URL('../../dist/ui/', import.meta.url))

/** Source entry → the logical name pages ask the manifest for. */
const ENTRIES: Record<string, string> = {
  'ui.css': 'broker/ui/styles/ui.css',
  'map.js': 'broker/ui/client/map.ts',
}

/** Builds every asset and writes manifest.json (logical name → hashed file name). */
export async function buildAssets(outDir = ASSETS_OUT_DIR): Promise<Record<string, string>> {
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.values(ENTRIES),
    outdir: outDir,
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    // Classic scripts (iife) so the map script and its worker load the same way in every browser.
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    metafile: true,
    logLevel: 'warning',
    legalComments: 'eof',
  })
  const manifest: Record<string, string> = {}
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    if (!meta.entryPoint) continue
    const logical = Object.entries(ENTRIES).find(([, source]) => relative(ROOT, source) === relative(ROOT, meta.entryPoint!))?.[0]
    if (logical) manifest[logical] = basename(output)
  }
  writeFileSync(`${outDir}/manifest.json`, JSON.stringify(manifest, null, 2) + '\n')
  return manifest
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const manifest = await buildAssets()
  process.stdout.write(`UI assets built into ${relative(process.cwd(), ASSETS_OUT_DIR) || '.'}: ${Object.values(manifest).join(', ')}\n`)
}
