/**
 * web publishes its pact files after its consumer tests pass, as the consumer guide shows it.
 * In your project, import from 'concord-contracts' instead of the relative lib path.
 */
import { publishContracts, type PublishContractsResult } from '../../../lib/index.js'

// #region publish
export async function publishWebContracts(brokerUrl: string, pactDir = './pacts', version?: string): Promise<PublishContractsResult> {
  // version: CONCORD_APP_VERSION, else package.json version + git sha; branch and build URL from CI or git.
  const result = await publishContracts({ brokerUrl, pactDir, ...(version ? { version } : {}) })
  for (const warning of result.warnings) console.warn(`! ${warning}`)
  for (const notice of result.notices) console.log(`  ${notice.text.trim()}`)
  return result
}
// #endregion publish
