import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { get, post } from '../support/http.js'

const root = path.resolve(import.meta.dirname, '../..')

/** Starts `broker/main.ts` the way `npm start` does; resolves with its URL from the start-up log line. */
function startMain(
  env: Record<string, string>,
  launch: 'tsx' | 'direct' = 'tsx',
): Promise<{ child: ChildProcess; url: string; line: string; exited: Promise<number | null> }> {
  const [command, args] =
    launch === 'tsx' ? [path.join(root, 'node_modules/.bin/tsx'), ['broker/main.ts']] : [process.execPath, ['--import', 'tsx', 'broker/main.ts']]
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
      const match = /Concord broker listening on (http:\/\/\S+) .*$/m.exec(output)
      if (match) resolve({ child, url: match[1]!, line: match[0], exited })
    })
    child.stderr.on('data', (chunk) => (output += chunk))
    child.once('exit', (code) => reject(new Error(`broker exited with ${code} before listening:\n${output}`)))
  })
}

describe('the broker process (npm start)', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'concord-data-'))
  })
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  it('logs where it listens and which database it uses, keeps data on disk, and stops cleanly on SIGTERM', async () => {
    const first = await startMain({ CONCORD_DATA_DIR: dataDir })
    expect(first.line).toContain(`database: pglite ${dataDir}`)
    expect((await post(`${first.url}/environments`, { name: 'staging', production: false })).status).toBe(201)
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)

    const second = await startMain({ CONCORD_DATA_DIR: dataDir })
    const names = (await get(`${second.url}/environments`)).body._embedded.environments.map((e: { name: string }) => e.name)
    expect(names).toContain('staging')
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
  })

  it('refuses a second broker on the same data directory, saying why; takes over the lock of one that was killed', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'concord-shared-data-'))
    // Node itself runs the broker (tsx as a loader, not a launcher), so SIGKILL below reaches the broker's process.
    const first = await startMain({ CONCORD_DATA_DIR: dataDir }, 'direct')
    const second = spawn(process.execPath, ['--import', 'tsx', 'broker/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CONCORD_DATA_DIR: dataDir },
    })
    let stderr = ''
    second.stderr.on('data', (chunk) => (stderr += chunk))
    expect(await new Promise((resolve) => second.once('exit', resolve))).toBe(1)
    expect(stderr).toContain(`The data directory ${dataDir} is in use by another Concord broker (pid ${first.child.pid} on `)
    expect(stderr).toContain('to run several replicas, use PostgreSQL (DATABASE_URL=postgres://')
    // The first broker was not disturbed: its writes are there.
    expect((await post(`${first.url}/environments`, { name: 'qa', production: false })).status).toBe(201)

    // Killed without a chance to clean up, it leaves its lock behind; the next broker sees the pid is gone.
    first.child.kill('SIGKILL')
    await first.exited
    const third = await startMain({ CONCORD_DATA_DIR: dataDir })
    const names = (await get(`${third.url}/environments`)).body._embedded.environments.map((e: { name: string }) => e.name)
    expect(names).toContain('qa')
    third.child.kill('SIGTERM')
    expect(await third.exited).toBe(0)
    await rm(dataDir, { recursive: true, force: true })
  }, 180_000)

  it('refuses to start on an invalid setting, naming it', async () => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['broker/main.ts'], { cwd: root, env: { ...process.env, PORT: 'eighty' } })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const code = await new Promise((resolve) => child.once('exit', resolve))
    expect(code).toBe(2)
    expect(stderr).toContain('invalid setting PORT')
  })
})
