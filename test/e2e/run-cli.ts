/**
 * Spawns the BUILT CLI (`node dist/cli/index.js`, built once by test/support/build.ts) with a clean
 * environment: no inherited broker settings or CI variables, so every test says what it uses.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { CLI_PATH } from '../support/build.js'

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  env?: Record<string, string>
  cwd?: string
}

export interface RunningCli {
  child: ChildProcess
  /** Resolves with stderr so far once it matches `pattern`. */
  waitForStderr(pattern: RegExp): Promise<string>
  done: Promise<CliResult>
}

function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), PACT_DO_NOT_TRACK: 'true', ...extra }
}

export function startCli(args: string[], options: CliOptions = {}): RunningCli {
  const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: options.cwd ?? tmpdir(), env: baseEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  const waiters: { pattern: RegExp; resolve: (s: string) => void }[] = []
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
    for (const w of [...waiters]) {
      if (w.pattern.test(stderr)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(stderr)
      }
    }
  })
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
  return {
    child,
    done,
    waitForStderr: (pattern) =>
      pattern.test(stderr)
        ? Promise.resolve(stderr)
        : new Promise<string>((resolve, reject) => {
            waiters.push({ pattern, resolve })
            void done.then((r) => reject(new Error(`the CLI exited (${r.code}) before stderr matched ${pattern}:\n${r.stderr}\n${r.stdout}`)))
          }),
  }
}

/** Runs the CLI to completion. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).done
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'concord-e2e-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix))
}

/** A minimal V3 pact file between consumer and provider (the `path` varies the content). */
export function writePact(dir: string, consumer: string, provider: string, requestPath = '/users/1'): string {
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${consumer}-${provider}.json`)
  writeFileSync(
    file,
    JSON.stringify({
      consumer: { name: consumer },
      provider: { name: provider },
      interactions: [
        {
          description: `a request for ${requestPath}`,
          request: { method: 'GET', path: requestPath },
          response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 1 } },
        },
      ],
      metadata: { pactSpecification: { version: '3.0.0' } },
    }),
  )
  return file
}
