/**
 * The examples in docs/examples run here, and the guides cannot rot: every ```ts block in docs/consumer-guide.md
 * and docs/provider-guide.md must be preceded by an `<!-- include: file#region -->` marker and be exactly that
 * region of the file (which this suite runs). Also runs `npm run demo`'s loop end to end.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertVerified } from '../../lib/index.js'
import { runDemo } from '../../docs/examples/demo.js'
import { verifyUsers } from '../../docs/examples/users/verify.js'
import { publishWebContracts } from '../../docs/examples/web/publish.js'
import { createsAUser, getsAUser, getsNothingForAMissingUser, handlesAUserCreatedEvent, usersContract } from '../../docs/examples/web/users.contract.js'
import { DATABASES } from '../support/databases.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

process.env.PACT_DO_NOT_TRACK = 'true'
// The examples publish from "main" whatever branch this checkout is on (mainBranch selectors depend on it).
process.env.CONCORD_APP_BRANCH = 'main'

const pactDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-examples-'))
afterAll(() => fs.rmSync(pactDir, { recursive: true, force: true }))

// #region vitest
describe('web → users contract', () => {
  const users = usersContract(pactDir)
  it('gets a user', () => getsAUser(users))
  it('gets nothing for a missing user', () => getsNothingForAMissingUser(users))
  it('creates a user', () => createsAUser(users))
  it('handles a user-created event', () => handlesAUserCreatedEvent(users))
})
// #endregion vitest

describe('the pact file the example wrote', () => {
  it('holds the four interactions', () => {
    const pact = JSON.parse(fs.readFileSync(path.join(pactDir, 'web-users.json'), 'utf8'))
    expect(pact.interactions.map((i: { description: string }) => i.description).sort()).toEqual([
      'a request for a user that does not exist',
      'a request for user 1',
      'a request to create a user',
      'a user-created event',
    ])
  })

  it('passes users verification from the local file, running setup and teardown of provider states', async () => {
    const events: string[] = []
    const report = await verifyUsers({ pactUrls: [path.join(pactDir, 'web-users.json')], onState: (event, state) => events.push(`${event} ${state}`) })
    expect(report.summary).toContain('✓ users passed verification: 4 of 4 interactions passed')
    expect(events).toEqual(expect.arrayContaining(['setup a user exists', 'teardown a user exists', 'setup no user exists']))
  })
})

for (const database of DATABASES) {
  describe(`the example loop through a broker (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
    })
    afterAll(async () => broker?.close())

    it('web publishes, users verifies and publishes its results', async () => {
      const published = await publishWebContracts(broker.url, pactDir, '1.0.0')
      expect(published).toMatchObject({ version: '1.0.0', branch: 'main' })
      // #region assert
      const report = await verifyUsers({ brokerUrl: broker.url, version: '2.0.0', branch: 'main', publish: true })
      assertVerified(report)
      // #endregion assert
      expect(report.pacts.map((p) => p.consumer)).toEqual(['web'])
      expect(report.published).toBe(true)
    })
  })
}

describe('npm run demo', () => {
  it('closes the loop: can-i-deploy says web 1.0.0 can go to production', async () => {
    expect(await runDemo()).toBe(true)
  })
})

/** The region `name` of `file`: the lines between `// #region name` and `// #endregion name`, dedented. */
function region(file: string, name: string): string {
  const lines = fs.readFileSync(path.resolve(file), 'utf8').split('\n')
  const start = lines.findIndex((l) => l.trim() === `// #region ${name}`)
  const end = lines.findIndex((l, i) => i > start && l.trim() === `// #endregion ${name}`)
  if (start < 0 || end < 0) throw new Error(`${file} has no region '${name}'`)
  const body = lines.slice(start + 1, end)
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length))
  return body
    .map((l) => l.slice(indent))
    .join('\n')
    .trim()
}

for (const guide of ['docs/consumer-guide.md', 'docs/provider-guide.md']) {
  describe(`${guide} examples`, () => {
    const text = fs.readFileSync(path.resolve(guide), 'utf8')
    const blocks = [...text.matchAll(/(?:<!-- include: ([^#\s]+)#([\w-]+) -->\n)?```ts\n([\s\S]*?)```/g)]

    it('has code examples, each taken from a file the tests run', () => {
      expect(blocks.length).toBeGreaterThan(1)
      for (const [block, file] of blocks) expect(file, `a \`\`\`ts block without an include marker:\n${block}`).toBeDefined()
    })

    for (const [, file, name, code] of blocks) {
      if (!file || !name) continue
      it(`shows ${file}#${name} as it is`, () => {
        expect(code!.trim()).toBe(region(file, name))
      })
    }
  })
}
