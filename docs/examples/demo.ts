/**
 * `npm run demo`: the whole contract-testing loop on one machine, printing each step.
 *
 *   1. start a broker on the embedded database (a temporary data directory, removed at the end)
 *   2. run web's consumer contract tests → a pact file
 *   3. publish it (web 1.0.0 on branch main)
 *   4. verify users against the broker's pacts and publish the results (users 2.0.0 on main)
 *   5. record that users 2.0.0 is deployed to production
 *   6. ask can-i-deploy whether web 1.0.0 can go to production
 *
 * Exits 0 when the answer is yes.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../broker/config.js'
import { startBroker } from '../../broker/server.js'
import { createLogger } from '../../broker/shared/logger.js'
import { createBrokerClient, publishContracts } from '../../lib/index.js'
import { verifyUsers } from './users/verify.js'
import { interactions, usersContract } from './web/users.contract.js'

process.env.PACT_DO_NOT_TRACK = 'true'

const step = (n: number, text: string) => console.log(`\n━━ ${n}. ${text}`)
const ok = (text: string) => console.log(`   ✓ ${text}`)

export async function runDemo(): Promise<boolean> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-demo-'))
  step(1, 'Start a broker on the embedded database')
  const config = loadConfig({ CONCORD_DATA_DIR: path.join(workDir, 'data'), PORT: '0', HOST: '127.0.0.1', CONCORD_LOG_LEVEL: 'warn' })
  const broker = await startBroker(config, createLogger('warn'))
  ok(`broker at ${broker.url} (${broker.databaseKind}, data in ${workDir})`)
  try {
    step(2, "Run web's consumer contract tests against pact's mock server")
    const users = usersContract(path.join(workDir, 'pacts'))
    for (const [name, run] of Object.entries(interactions)) {
      await run(users)
      ok(name)
    }
    ok(`pact file written: ${users.pactFile}`)

    step(3, 'Publish the contract: web 1.0.0 on branch main')
    const published = await publishContracts({ brokerUrl: broker.url, pactDir: path.dirname(users.pactFile), version: '1.0.0', branch: 'main' })
    for (const notice of published.notices) console.log(`   ${notice.type === 'success' ? '✓' : '·'} ${notice.text.trim()}`)

    step(4, "Verify users (2.0.0 on main) against the broker's pacts and publish the results")
    const report = await verifyUsers({ brokerUrl: broker.url, version: '2.0.0', branch: 'main', publish: true })
    console.log(report.summary.replace(/^/gm, '   '))
    if (!report.success) return false

    step(5, 'Record that users 2.0.0 is deployed to production')
    const client = createBrokerClient({ baseUrl: broker.url })
    const environments = await client.listEnvironments()
    if (!environments.some((e) => e.name === 'production')) await client.createEnvironment({ name: 'production', production: true })
    await client.recordDeployment({ pacticipant: 'users', version: '2.0.0', environment: 'production' })
    ok('users 2.0.0 deployed to production')

    step(6, 'can-i-deploy web 1.0.0 to production?')
    const answer = await client.canIDeploy({ selectors: [{ pacticipant: 'web', version: '1.0.0' }], toEnvironment: 'production' })
    console.log(`   ${answer.summary.deployable ? '✓ yes' : '✗ no'}: ${answer.summary.reason}`)
    return answer.summary.deployable === true
  } finally {
    await broker.close()
    fs.rmSync(workDir, { recursive: true, force: true })
  }
}

// Run when executed directly (`npm run demo`), not when a test imports runDemo.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  runDemo().then(
    (deployable) => {
      console.log(deployable ? '\nThe loop is closed: web 1.0.0 can be deployed.' : '\nweb 1.0.0 cannot be deployed (see above).')
      process.exit(deployable ? 0 : 1)
    },
    (error: unknown) => {
      console.error('\nThe demo failed:', error instanceof Error ? error.message : error)
      process.exit(1)
    },
  )
}
