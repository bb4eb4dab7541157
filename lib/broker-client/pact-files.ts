/**
 * Finding and reading pact files for publishing: directories (every `*.json` in them), files, and globs
 * (`*`, `?`, `**`), grouped into one publication per consumer.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { ConfigurationError } from '../errors.js'
import type { ContractToPublish } from './types.js'

export interface PactFile {
  file: string
  consumer: string
  provider: string
  content: Record<string, unknown>
}

const hasGlob = (s: string) => /[*?[]/.test(s)

function globToRegExp(pattern: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        // `**/` matches any number of directories, including none
        out += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*'
        i += pattern[i + 2] === '/' ? 2 : 1
      } else out += '[^/]*'
    } else if (c === '?') out += '[^/]'
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${out}$`)
}

function expandGlob(pattern: string, cwd: string): string[] {
  const normalised = pattern.split(path.sep).join('/')
  const segments = normalised.split('/')
  const firstGlob = segments.findIndex(hasGlob)
  const root = path.resolve(cwd, segments.slice(0, firstGlob).join('/') || '.')
  const rest = globToRegExp(segments.slice(firstGlob).join('/'))
  let entries: string[]
  try {
    entries = readdirSync(root, { recursive: true }) as string[]
  } catch {
    return []
  }
  return entries
    .map((e) => e.split(path.sep).join('/'))
    .filter((e) => rest.test(e))
    .map((e) => path.join(root, e))
    .filter((f) => statSync(f).isFile())
    .sort()
}

/**
 * Resolves the arguments of `publish` to pact file paths. Throws ConfigurationError naming any argument that
 * matches nothing.
 * @example findPactFiles(['pacts', 'other/*.json'], process.cwd())
 */
export function findPactFiles(inputs: string[], cwd: string = process.cwd()): string[] {
  if (!inputs.length) throw new ConfigurationError('No pact files given: name a directory, file or glob, e.g. concord publish ./pacts')
  const files = new Set<string>()
  for (const input of inputs) {
    let found: string[]
    if (hasGlob(input)) found = expandGlob(input, cwd)
    else {
      const full = path.resolve(cwd, input)
      let stat
      try {
        stat = statSync(full)
      } catch {
        throw new ConfigurationError(`No such file or directory: ${input}`)
      }
      found = stat.isDirectory()
        ? readdirSync(full)
            .filter((f) => f.endsWith('.json'))
            .sort()
            .map((f) => path.join(full, f))
        : [full]
    }
    if (!found.length) throw new ConfigurationError(`No pact files found in ${input}${hasGlob(input) ? '' : ' (looked for *.json)'}`)
    for (const f of found) files.add(f)
  }
  return [...files]
}

/** Reads and checks one pact file: JSON with `consumer.name` and `provider.name`. */
export function readPactFile(file: string): PactFile {
  let content: unknown
  try {
    content = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new ConfigurationError(`${file} is not a JSON pact file: ${error instanceof Error ? error.message : String(error)}`)
  }
  const doc = content as { consumer?: { name?: unknown }; provider?: { name?: unknown } }
  if (typeof doc?.consumer?.name !== 'string' || typeof doc?.provider?.name !== 'string') {
    throw new ConfigurationError(`${file} is not a pact file: it needs consumer.name and provider.name`)
  }
  return { file, consumer: doc.consumer.name, provider: doc.provider.name, content: content as Record<string, unknown> }
}

/**
 * Groups pact files by consumer into contracts for `publishContracts` (one publication per consumer, as the
 * broker requires every contract's consumer to be the publishing pacticipant).
 */
export function contractsByConsumer(files: PactFile[], onConflict?: 'overwrite' | 'merge'): Map<string, ContractToPublish[]> {
  const byConsumer = new Map<string, ContractToPublish[]>()
  for (const f of files) {
    const list = byConsumer.get(f.consumer) ?? []
    const duplicate = list.find((c) => c.providerName === f.provider)
    if (duplicate)
      throw new ConfigurationError(`Two pact files are for ${f.consumer} → ${f.provider} (one is ${f.file}): publish one file per consumer and provider`)
    list.push({ consumerName: f.consumer, providerName: f.provider, content: f.content, ...(onConflict ? { onConflict } : {}) })
    byConsumer.set(f.consumer, list)
  }
  return byConsumer
}
