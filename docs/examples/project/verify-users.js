// users' CI verifies the pacts its consumers published, against the app, and (in CI) publishes the results.
import { assertVerified, verifyProvider } from 'concord-contracts'
import { createUsersApp } from './users-app.js'

const store = new Map()
const report = await verifyProvider({
  provider: 'users',
  app: createUsersApp(store), // started on a free port for the verification, stopped afterwards
  broker: {
    url: process.env.CONCORD_BROKER_URL || 'http://localhost:9292',
    // the pacts of every consumer's main branch, and of whatever is deployed or released
    selectors: [{ mainBranch: true }, { deployedOrReleased: true }],
    enablePending: true,
  },
  stateHandlers: {
    'a user exists': {
      setup: ({ id, name }) => void store.set(Number(id), { id: Number(id), name: String(name) }),
      teardown: () => store.clear(),
    },
    'no user exists': () => store.clear(),
  },
  // Publish from CI only. The version and branch come from CONCORD_APP_VERSION / CONCORD_APP_BRANCH, the CI or git.
  publish: process.env.CI === 'true',
})
console.log(report.summary)
assertVerified(report) // throws, so the build fails, when an interaction failed
