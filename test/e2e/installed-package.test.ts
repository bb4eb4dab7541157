/**
 * Concord as a team installs it. `npm pack` runs on a copy of this tree without dist/, so the tarball's code comes
 * from the package's own prepack/prepare build; the tarball is installed offline into a scratch project in the
 * temporary directory, outside this repository; and there every command of docs/getting-started.md runs in
 * order: the consumer test with the installed library, `npx concord publish` to a broker started from the
 * installed package, the provider verification, and `npx concord can-i-deploy` with the exit codes the page states.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../support/build.js'
import { DATABASES } from '../support/databases.js'
import { cleanEnv, copyCheckout, installTarball, npmPack, sh, type Packed, type Run } from './scratch-project.js'

const GUIDE = 'docs/getting-started.md'
const EXAMPLES = 'docs/examples/project'
const INSTALL_LINE = 'npm install --save-dev concord-contracts'
const guide = readFileSync(path.join(ROOT, GUIDE), 'utf8')
const postgres = DATABASES.find((d) => d.name === 'postgres')

interface Step {
  line: string
  command: string
  exit: number
  run: boolean
}

/** Every line of the guide's sh blocks, in order, with the exit code its `# exit N` comment states (default 0). */
function steps(markdown: string): Step[] {
  const list: Step[] = []
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw.trim()
      if (!line || line.startsWith('#')) continue
      const comment = line.match(/\s+#\s*(.*)$/)?.[1] ?? ''
      const command = line.replace(/\s+#.*$/, '')
      list.push({ line, command, exit: Number(comment.match(/^exit (\d+)/)?.[1] ?? 0), run: !/^not run/.test(comment) && command !== INSTALL_LINE })
    }
  }
  return list
}

describe(`${GUIDE}`, () => {
  it('shows each file of the example project as it is', () => {
    const blocks = [...guide.matchAll(/(?:<!-- include: (\S+) -->\n)?```js\n([\s\S]*?)```/g)]
    expect(blocks.map((b) => b[1])).toEqual(['users-client.js', 'users.contract.test.js', 'users-app.js', 'verify-users.js'].map((f) => `${EXAMPLES}/${f}`))
    for (const [, file, code] of blocks) expect(code, file).toBe(readFileSync(path.join(ROOT, file!), 'utf8'))
  })

  it('installs the package under its npm name and runs the broker from it', () => {
    const all = steps(guide)
    expect(all[0]).toMatchObject({ command: INSTALL_LINE, run: false })
    expect(all.find((s) => s.command.startsWith('npx concord broker'))).toMatchObject({ run: false })
    expect(all.filter((s) => s.run).length).toBeGreaterThan(5)
  })
})

describe('the packed package, installed in a project outside the repository', () => {
  let work: string
  let app: string
  let packed: Packed
  let broker: RunningBroker | undefined
  let env: Record<string, string>
  const results = new Map<string, Run>()

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'concord-installed-'))
    const checkout = path.join(work, 'concord')
    copyCheckout(ROOT, checkout)
    packed = await npmPack(checkout, work)
    app = path.join(work, 'app')
    mkdirSync(app)
    await installTarball(ROOT, app, packed)
    for (const file of ['users-client.js', 'users.contract.test.js', 'users-app.js', 'verify-users.js']) {
      copyFileSync(path.join(ROOT, EXAMPLES, file), path.join(app, file))
    }
    broker = await startBroker(app)
    // npm_config_offline: no command of the guide may need the registry once the package is installed.
    env = cleanEnv({ CONCORD_BROKER_URL: broker.url, npm_config_offline: 'true' })
  }, 300_000)

  afterAll(async () => {
    if (broker) await stopBroker(broker)
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('packs the built library, its types, the CLI, the broker and the UI assets, and no sources or tests', () => {
    const files = new Set(packed.files)
    for (const file of [
      'package.json',
      'README.md',
      'dist/lib/index.js',
      'dist/lib/index.d.ts',
      'dist/cli/index.js',
      'dist/broker/server.js',
      'dist/ui/manifest.json',
    ]) {
      expect(files, file).toContain(file)
    }
    const manifest = JSON.parse(readFileSync(path.join(app, 'node_modules/concord-contracts/dist/ui/manifest.json'), 'utf8')) as Record<string, string>
    // the assets the build of this tree makes (test/support/build.ts built dist/ui/ before the tests)
    const built = JSON.parse(readFileSync(path.join(ROOT, 'dist/ui/manifest.json'), 'utf8')) as Record<string, string>
    expect(Object.keys(manifest).sort()).toEqual(Object.keys(built).sort())
    expect(Object.keys(manifest)).toContain('ui.css')
    for (const asset of Object.values(manifest)) expect(files).toContain(`dist/ui/${asset}`)
    const strays = packed.files.filter((f) => !(f.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE'].includes(f)))
    expect(strays).toEqual([])
    expect(packed.files.filter((f) => /\.test\.|\.map$|tsbuildinfo|(?<!\.d)\.tsx?$/.test(f))).toEqual([])
  })

  it('installs every package the built code imports, as a runtime dependency', () => {
    // What the broker and the CLI load lazily (pg, js-yaml, json-schema-diff…) is not exercised below; this is.
    const installed = path.join(app, 'node_modules/concord-contracts')
    const { dependencies } = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    const imported = new Set<string>()
    for (const file of packed.files.filter((f) => f.endsWith('.js') && !f.startsWith('dist/ui/'))) {
      // without comments (JSDoc examples import the package by name)
      const code = readFileSync(path.join(installed, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '')
      // bare package names only: relative paths and node: built-ins do not match
      for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\)\.resolve\(\s*)['"]((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[\w.-]+)*)['"]/g)) {
        const specifier = m[1]!
        imported.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!)
      }
    }
    expect([...imported].sort()).toEqual(expect.arrayContaining(['@electric-sql/pglite', '@pact-foundation/pact', 'express', 'json-schema-diff', 'pg']))
    for (const name of imported) {
      expect(Object.keys(dependencies), name).toContain(name)
      expect(existsSync(path.join(app, 'node_modules', name, 'package.json')), name).toBe(true)
    }
  })

  it('installs the concord command', async () => {
    const version = await sh('npx concord --version', app, env)
    expect(version).toMatchObject({ code: 0, stdout: `${JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n` })
  })

  it('gives TypeScript the library types through the package exports', async () => {
    // A strict project with @types/node, as most have. @ts-expect-error proves the types are real, not `any`.
    // (skipLibCheck stays on, as in most projects: pact-js's own declarations import express's types, which
    // only @types/express provides — docs/getting-started.md says so.)
    writeFileSync(
      path.join(app, 'typed.ts'),
      [
        "import { consumer, Matchers, type VerificationReport } from 'concord-contracts'",
        "const users = consumer('web').hasPactWith('users')",
        '// @ts-expect-error a request needs a description first (the DSL is type-state)',
        "users.withRequest({ method: 'GET', path: '/users/1' })",
        'export const id = Matchers.integer(1)',
        'export const summary = (report: VerificationReport): string => report.summary',
        '',
      ].join('\n'),
    )
    const tsconfig = {
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        typeRoots: [path.join(ROOT, 'node_modules/@types')],
        types: ['node'],
      },
      files: ['typed.ts'],
    }
    writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify(tsconfig))
    const tsc = await sh(`node '${path.join(ROOT, 'node_modules/typescript/bin/tsc')}' -p tsconfig.json`, app, env)
    expect(tsc.stdout + tsc.stderr).toBe('')
    expect(tsc.code).toBe(0)
  })

  for (const step of steps(guide).filter((s) => s.run)) {
    it(`${step.command}  → exit ${step.exit}`, async () => {
      const run = await sh(step.command, app, env)
      results.set(step.line, run)
      expect(run.code, `${step.command}\n${run.stdout}\n${run.stderr}`).toBe(step.exit)
    })
  }

  it('went through the loop the guide describes', () => {
    const output = (prefix: string) => [...results].filter(([line]) => line.startsWith(prefix)).map(([, run]) => run.stdout)
    const pact = JSON.parse(readFileSync(path.join(app, 'pacts/web-users.json'), 'utf8'))
    expect(pact.interactions.map((i: { description: string }) => i.description).sort()).toEqual([
      'a request for a user that does not exist',
      'a request for user 1',
    ])
    expect(output('CI=true')[0]).toContain('✓ users passed verification: 2 of 2 interactions passed')
    const gates = output('npx concord can-i-deploy --pacticipant web')
    expect(gates).toHaveLength(2)
    expect(gates[0]).toContain('Computer says no')
    expect(gates[1]).toMatch(/Computer says yes[\s\S]*web\s+1\.0\.0\s+users\s+2\.0\.0\s+verified/)
  })

  it.skipIf(!postgres)('runs the installed broker on PostgreSQL too (TEST_DATABASE_URL)', async () => {
    const database = await postgres!.create({ migrate: false })
    const pgBroker = await startBroker(app, ['--database-url', database.url!])
    try {
      expect(pgBroker.stderr()).toContain('(postgres)')
      const pgEnv = { ...env, CONCORD_BROKER_URL: pgBroker.url }
      expect(await sh('npx concord publish ./pacts --consumer-app-version 1.0.0 --branch main', app, pgEnv)).toMatchObject({ code: 0 })
      const gate = await sh('npx concord can-i-deploy --pacticipant web --version 1.0.0 --to-environment production', app, pgEnv)
      expect(gate).toMatchObject({ code: 1, stdout: expect.stringContaining('Computer says no') })
    } finally {
      await stopBroker(pgBroker)
      await database.close()
    }
  })

  it("serves the UI's assets from the installed package", async () => {
    const page = await fetch(`${broker!.url}/map`, { headers: { Accept: 'text/html' } })
    expect(page.status).toBe(200)
    const assets = [...(await page.text()).matchAll(/\/ui\/assets\/[\w.-]+/g)].map((m) => m[0])
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true)
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true)
    for (const asset of new Set(assets)) expect((await fetch(`${broker!.url}${asset}`)).status, asset).toBe(200)
  })
})

interface RunningBroker {
  child: ChildProcess
  url: string
  exited: Promise<void>
  stderr(): string
}

/**
 * `npx concord broker` in `cwd` on a free port of 127.0.0.1 (embedded database in ./.concord/data unless `args`
 * say otherwise); resolves once it says where it listens.
 */
function startBroker(cwd: string, args = ['--data-dir', path.join(cwd, '.concord/data')]): Promise<RunningBroker> {
  const child = spawn('npx', ['concord', 'broker', '--port', '0', '--host', '127.0.0.1', ...args], {
    cwd,
    env: cleanEnv({ npm_config_offline: 'true' }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()))
  let stderr = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the broker did not start within 60 s:\n${stderr}`)), 60_000)
    child.stdout.resume()
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      const url = stderr.match(/ready at (http:\/\/\S+) \(/)?.[1]
      if (url) {
        clearTimeout(timer)
        resolve({ child, url, exited, stderr: () => stderr })
      }
    })
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`the broker exited before it was ready:\n${stderr}`))
    })
  })
}

/** The broker runs under npx in its own process group: stop the whole group, and wait for it (at most 10 s). */
async function stopBroker(broker: RunningBroker): Promise<void> {
  try {
    process.kill(-broker.child.pid!, 'SIGTERM')
  } catch {
    // already gone
  }
  await Promise.race([broker.exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
}
