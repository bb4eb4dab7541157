/**
 * users verifies the pacts its consumers published, as the provider guide shows it. The demo and
 * test/lib/examples.test.ts call `verifyUsers`. In your project, import from 'concord-contracts' instead of the relative lib path.
 */
import { verifyProvider, type BrokerSource, type VerificationReport } from '../../../lib/index.js'
import { createUsersApp, userCreatedEvent, UserStore } from './app.js'

/** The token users' real auth accepts (in a real provider: a test credential from the CI secrets). */
const TEST_TOKEN = 'let-me-in'

export interface VerifyUsersOptions {
  /** Verify what the broker holds (give this or `pactUrls`). */
  brokerUrl?: string
  /** Verify local pact files or URLs instead. */
  pactUrls?: string[]
  version?: string
  branch?: string
  publish?: boolean
  /** Called for each provider-state change (the guide's tests count them). */
  onState?: (event: 'setup' | 'teardown', state: string) => void
}

// #region verify
export async function verifyUsers(options: VerifyUsersOptions): Promise<VerificationReport> {
  const store = new UserStore()
  const broker: BrokerSource | undefined = options.brokerUrl
    ? {
        url: options.brokerUrl,
        // The main branch of every consumer, and whatever is deployed or released.
        selectors: [{ mainBranch: true }, { deployedOrReleased: true }],
        enablePending: true,
      }
    : undefined
  return verifyProvider({
    provider: 'users',
    app: createUsersApp(store), // started on a free port, stopped afterwards
    ...(broker ? { broker } : {}),
    ...(options.pactUrls ? { pactUrls: options.pactUrls } : {}),
    stateHandlers: {
      'a user exists': {
        setup: ({ id, name }) => {
          options.onState?.('setup', 'a user exists')
          store.add({ id: Number(id), name: String(name), email: `${String(name).toLowerCase()}@example.com` })
        },
        teardown: () => {
          options.onState?.('teardown', 'a user exists')
          store.clear()
        },
      },
      'no user exists': () => {
        options.onState?.('setup', 'no user exists')
        store.clear()
      },
    },
    // The consumer's pact carries an example token; swap in one the provider accepts.
    requestFilter: (req, _res, next) => {
      if (req.headers.authorization) req.headers.authorization = `Bearer ${TEST_TOKEN}`
      next()
    },
    messages: {
      'a user-created event': () => userCreatedEvent({ id: 3, name: 'Cy', email: 'cy@example.com' }),
    },
    ...(options.version ? { version: options.version } : {}),
    ...(options.branch ? { branch: options.branch } : {}),
    publish: options.publish ?? false,
  })
}
// #endregion verify
