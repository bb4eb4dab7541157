import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME } from './data-dir-lock.js'

/** The pid of a process that has certainly ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid
}

describe('the data directory lock', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'concord-lock-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('writes the owner pid, refuses a second holder while the owner lives, and lets go on release', () => {
    const lock = acquireDataDirLock(dir)
    const owner = JSON.parse(readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8'))
    expect(owner).toMatchObject({ pid: process.pid, hostname: os.hostname() })
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError)
    expect(() => acquireDataDirLock(dir)).toThrow(`is in use by another Concord broker (pid ${process.pid} on ${os.hostname()}`)
    lock.release()
    expect(existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false)
    acquireDataDirLock(dir).release()
  })

  it('takes over a stale lock whose process is gone, and an unreadable one', () => {
    const file = path.join(dir, LOCK_FILE_NAME)
    writeFileSync(file, JSON.stringify({ pid: deadPid(), hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' }))
    const lock = acquireDataDirLock(dir)
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid)
    lock.release()
    writeFileSync(file, '{"pid": 12')
    acquireDataDirLock(dir).release()
  })

  it('respects a lock from another host (a shared volume): it cannot tell whether that broker runs', () => {
    writeFileSync(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: deadPid(), hostname: 'elsewhere', startedAt: '2026-01-01T00:00:00.000Z' }))
    expect(() => acquireDataDirLock(dir)).toThrow(/pid \d+ on elsewhere, since 2026-01-01/)
  })

  it('does not remove a lock that another broker holds now', () => {
    const lock = acquireDataDirLock(dir)
    const file = path.join(dir, LOCK_FILE_NAME)
    const other = JSON.stringify({ pid: 1, hostname: os.hostname(), startedAt: 'now' })
    writeFileSync(file, other)
    lock.release()
    expect(readFileSync(file, 'utf8')).toBe(other)
  })
})
