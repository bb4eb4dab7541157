/**
 * Runs the worked example of docs/release-trains.md (its first ```sh block) with bash, `concord` being the BUILT
 * CLI, against a fresh broker on PGlite, from the repository's root: the plan it prints and the refused rollback
 * are checked, so the example cannot rot.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_PATH, ROOT } from '../support/build.js'
import { DATABASES } from '../support/databases.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const docs = readFileSync(new URL('../../docs/release-trains.md', import.meta.url), 'utf8')
const block = /```sh\n([\s\S]*?)```/.exec(docs)![1]!
const pglite = DATABASES.find((d) => d.name === 'pglite')!

describe('docs/release-trains.md worked example (built CLI, broker on PGlite)', () => {
  let broker: TestBroker
  beforeAll(async () => {
    broker = await startTestBroker(pglite)
  })
  afterAll(() => broker?.close())

  it('prints the plan (users first, then web) and refuses the rollback once web 1.4.0 is out', { timeout: 180_000 }, async () => {
    const script = `set -euo pipefail\nconcord() { node ${JSON.stringify(CLI_PATH)} "$@"; }\n${block}`
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        'bash',
        ['-c', script],
        { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', CONCORD_BROKER_URL: broker.url }, timeout: 170_000 },
        (error, out, err) => resolve({ code: error ? Number((error as NodeJS.ErrnoException).code ?? 1) : 0, stdout: out, stderr: err }),
      ),
    )
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' })
    expect(stdout).toContain('Computer says yes')
    expect(stdout).toContain(
      [
        'A plan for production in 2 step(s):',
        '',
        '1. users 2.1.0 (replacing 2.0.0)  [rollback unsafe]',
        '     Rolling back step 1 once the train is out: The verification for the pact between version 1.4.0 of web and the version of users currently in production (2.0.0) failed',
        '',
        '2. web 1.4.0 (replacing 1.3.0)  [rollback safe]',
        '     After step 1 (users 2.1.0): web 1.4.0 cannot go before users 2.1.0: The verification for the pact between version 1.4.0 of web and the version of users currently in production (2.0.0) failed',
      ].join('\n'),
    )
    expect(stdout).toContain('The verification for the pact between the version of web currently in production (1.4.0) and version 2.0.0 of users failed')
    expect(stdout).toContain('rollback refused: exit 1')
  })
})
