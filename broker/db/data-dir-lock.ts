/**
 * One broker per embedded data directory. PGlite is a single-process database: a second process opening the
 * same directory starts happily, answers 201s, and one of the two loses its writes at the next restart. So the
 * broker that opens a directory holds a lock file there (its pid, host and start time), and another one refuses
 * to start, saying why and what to do instead. A lock whose process is gone (killed, crashed) is stale and taken
 * over.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const LOCK_FILE_NAME = 'concord-broker.lock'

export interface LockOwner {
  pid: number
  hostname: string
  startedAt: string
}

export interface DataDirLock {
  file: string
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void
}

/** The data directory is held by another live broker. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
    readonly file: string,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Concord broker (pid ${owner.pid} on ${owner.hostname}, since ${owner.startedAt}). ` +
        'The embedded database (PGlite) allows one broker per data directory: a second one would silently lose writes. ' +
        'Stop the other broker, or give this one its own CONCORD_DATA_DIR; to run several replicas, use PostgreSQL (DATABASE_URL=postgres://…, see docs/configuration.md). ' +
        `If no broker is using it, remove ${file}.`,
    )
    this.name = 'DataDirLockedError'
  }
}

function removeIfPresent(file: string): void {
  try {
    unlinkSync(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

/** Whether a process with this pid runs on this machine (EPERM: it runs, as another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readOwner(file: string): { owner: LockOwner | null; text: string } | null {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string')
      return { owner: { pid: parsed.pid, hostname: parsed.hostname, startedAt: String(parsed.startedAt ?? 'an unknown time') }, text }
  } catch {
    // A half-written or foreign file: treated as stale below.
  }
  return { owner: null, text }
}

/**
 * Takes the lock of `dataDir` (which must exist) for this process, or throws DataDirLockedError.
 * @example const lock = acquireDataDirLock('./.concord/data'); … lock.release()
 */
export function acquireDataDirLock(dataDir: string, now: () => Date = () => new Date()): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE_NAME)
  const mine: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: now().toISOString() }
  const text = JSON.stringify(mine)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // 'wx': created only if absent, atomically — of two brokers starting together, one wins.
      writeFileSync(file, text, { flag: 'wx' })
      let released = false
      // A process that ends without closing the broker (an uncaught error) still leaves no lock behind.
      const release = () => lock.release()
      process.once('exit', release)
      const lock: DataDirLock = {
        file,
        release() {
          if (released) return
          released = true
          process.removeListener('exit', release)
          if (readOwner(file)?.text === text) removeIfPresent(file)
        },
      }
      return lock
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const existing = readOwner(file)
    if (!existing) continue
    const { owner } = existing
    // A lock from another host (a shared volume) cannot be checked from here: respected, never taken over.
    if (owner && (owner.hostname !== mine.hostname || isAlive(owner.pid))) throw new DataDirLockedError(dataDir, owner, file)
    // Stale (its process is gone) or unreadable: take it over, unless another starting broker just did.
    if (readOwner(file)?.text === existing.text) removeIfPresent(file)
  }
  const owner = readOwner(file)?.owner
  throw owner ? new DataDirLockedError(dataDir, owner, file) : new Error(`Could not take the lock ${file}: another broker keeps replacing it`)
}
