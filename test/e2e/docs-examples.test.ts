/**
 * Runs every `concord …` example in docs/cli.md, in document order, with the built CLI against a fresh broker
 * on PGlite (from a directory holding ./pacts/web-users.json and every file the page shows after a
 * `<!-- file: NAME -->` line, e.g. webhooks.yaml), so the documentation cannot rot. A trailing
 * `# exit N` gives the expected exit code (default 0); `# not run` skips a line (the long-running `broker`).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'
import { runCli, tempDir, writePact } from './run-cli.js'

interface Example {
  line: string
  args: string[]
  exit: number
}

/** Splits a shell line into words, honouring "double" and 'single' quotes (enough for the docs). */
function words(line: string): string[] {
  const out: string[] = []
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!)
  return out
}

function examples(markdown: string): Example[] {
  const list: Example[] = []
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw.trim()
      if (!line.startsWith('concord ')) continue
      const comment = line.match(/\s+#\s*(.*)$/)?.[1] ?? ''
      if (/^not run/.test(comment)) continue
      // A trailing `> file` is the reader's shell redirecting the output; the command itself runs without it.
      const command = line.replace(/\s+#.*$/, '').replace(/\s+>\s*\S+$/, '')
      list.push({ line: command, args: words(command).slice(1), exit: Number(comment.match(/^exit (\d+)/)?.[1] ?? 0) })
    }
  }
  return list
}

const ADMIN_TOKEN = 'docs-examples-admin-token'
/** What the examples' files reference with `${env:NAME}` (the webhooks file's token). */
const EXAMPLE_ENV = { CI_TOKEN: 'docs-examples-ci-token' }
const docs = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8')
const pglite = DATABASES.find((d) => d.name === 'pglite')!

describe('docs/cli.md examples (built CLI, broker on PGlite)', () => {
  let broker: TestBroker
  let cwd: string
  beforeAll(async () => {
    // With authentication on, as a company runs it, so the token and audit examples run too (as the admin).
    // A secret key, so the webhooks file's Authorization header can be stored (encrypted).
    broker = await startTestBroker(pglite, { env: { CONCORD_ADMIN_TOKEN: ADMIN_TOKEN, CONCORD_WEBHOOK_SECRET_KEY: 'd0c5'.repeat(16) } })
    cwd = tempDir()
    writePact(path.join(cwd, 'pacts'), 'web', 'users')
    for (const file of docs.matchAll(/<!-- file: (\S+) -->\n```\w*\n([\s\S]*?)```/g)) writeFileSync(path.join(cwd, file[1]!), file[2]!)
  })
  afterAll(async () => {
    await broker?.close()
  })

  it('has examples for every command', () => {
    const run = new Set(
      examples(docs).map((e) =>
        e.args
          .filter((a) => !a.startsWith('-'))
          .slice(0, 2)
          .join(' '),
      ),
    )
    for (const name of [
      'environment create',
      'environment list',
      'environment show',
      'environment delete',
      'pacticipant create',
      'pacticipant show',
      'pacticipant list',
      'version tag',
      'broker migrate',
      'webhooks apply',
      'webhooks list',
      'webhooks retrigger',
    ]) {
      expect(run).toContain(name)
    }
    for (const name of ['publish', 'record-deployment', 'record-undeployment', 'record-release', 'record-support-ended', 'can-i-deploy', 'matrix']) {
      expect([...run].some((r) => r.startsWith(name))).toBe(true)
    }
  })

  it('runs each example with the documented exit code', { timeout: 400_000 }, async () => {
    for (const example of examples(docs)) {
      const result = await runCli(example.args, { cwd, env: { CONCORD_BROKER_URL: broker.url, CONCORD_BROKER_TOKEN: ADMIN_TOKEN, ...EXAMPLE_ENV } })
      expect({ example: example.line, code: result.code, stderr: result.code === example.exit ? '' : result.stderr }).toEqual({
        example: example.line,
        code: example.exit,
        stderr: '',
      })
    }
  })
})
