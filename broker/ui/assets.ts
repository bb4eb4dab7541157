/**
 * @module ui/assets
 * The pages' built assets (dist/ui/, made by build-assets.ts): where they are, their hashed names, and the
 * handler that serves them. Hashed names never change content, so browsers may cache them for a year.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Response } from 'express'
import { NotFoundError } from '../shared/errors.js'

/** dist/ui/ seen from the compiled broker (dist/broker/ui/) and from the sources (broker/ui/, run with tsx). */
const CANDIDATE_DIRS = [new URL('../../ui/', import.meta.url), new URL('../../dist/ui/', import.meta.url)].map((url) => fileURLToPath(url))

export interface AssetManifest {
  dir: string | null
  /** Logical name (`map.js`) → hashed file name (`map-3FQ2K.js`). */
  files: Record<string, string>
}

/** Reads the manifest once; an unbuilt tree gives an empty manifest (pages still render, unstyled and without the map). */
export function loadAssetManifest(): AssetManifest {
  for (const dir of CANDIDATE_DIRS) {
    const path = `${dir}manifest.json`
    if (existsSync(path)) return { dir, files: JSON.parse(readFileSync(path, 'utf8')) as Record<string, string> }
  }
  return { dir: null, files: {} }
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' }

/** GET /ui/assets/:file — one of the manifest's files, cached for a year (its name changes with its content). */
export function serveAsset(manifest: AssetManifest, file: string, res: Response): void {
  // Only names the manifest lists: the request never picks a path on disk.
  if (!manifest.dir || !Object.values(manifest.files).includes(file)) throw new NotFoundError(`No asset named ${file}`)
  const extension = file.slice(file.lastIndexOf('.'))
  res.setHeader('Cache-Control', 'public, max-age=31536000, immutable')
  res.type(TYPES[extension] ?? 'application/octet-stream').send(readFileSync(`${manifest.dir}${file}`))
}

/** The URL of an asset by logical name, or null when the assets were not built. */
export function assetUrl(manifest: AssetManifest, base: string, logical: string): string | null {
  const file = manifest.files[logical]
  return file ? `${base}/ui/assets/${file}` : null
}
