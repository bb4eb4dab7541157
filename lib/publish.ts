/**
 * @module publish
 * `publishContracts`: the pact files the consumer tests wrote, published to a broker for one application version,
 * through the typed broker client (HAL links, retries, BrokerApiError with the broker's message). Version, branch
 * and build URL default to what lib/metadata detects, and the result says where each came from.
 */
import { createBrokerClient } from './broker-client/client.js'
import { contractsByConsumer, findPactFiles, readPactFile } from './broker-client/pact-files.js'
import type { BrokerNotice } from './errors.js'
import { ConfigurationError } from './errors.js'
import { resolveMetadata, type VersionSource } from './metadata/metadata.js'

export interface PublishContractsOptions {
  /** The broker's base URL (default: CONCORD_BROKER_URL, then PACT_BROKER_BASE_URL). */
  brokerUrl?: string
  /** Bearer token (default: CONCORD_BROKER_TOKEN, then PACT_BROKER_TOKEN). */
  token?: string
  username?: string
  password?: string
  /** Directory of pact files (default `./pacts`); `pactFiles` lists files or globs instead. */
  pactDir?: string
  pactFiles?: string[]
  /**
   * The consumer version (default: CONCORD_APP_VERSION, then package.json version + git short sha). Outside a git
   * checkout there is no sha, and publishContracts throws a ConfigurationError rather than publish the bare
   * package.json version for every build (as `concord publish` refuses to guess).
   */
  version?: string
  /** The consumer's git branch (default: CI environment, then git). */
  branch?: string
  tags?: string[]
  /** CI build URL (default: from the CI environment). */
  buildUrl?: string
  /** `merge` adds interactions to a pact already published for this version instead of replacing it. */
  onConflict?: 'overwrite' | 'merge'
  cwd?: string
  env?: Record<string, string | undefined>
}

export interface PublishedContract {
  consumer: string
  provider: string
  file: string
}

export interface PublishContractsResult {
  version: string
  versionSource: VersionSource
  branch: string | null
  buildUrl: string | null
  tags: string[]
  contracts: PublishedContract[]
  /** The broker's notices (what it did, next steps), in order. */
  notices: BrokerNotice[]
  /** Metadata warnings (e.g. a non-semver version in a semver project, no branch known). */
  warnings: string[]
}

/**
 * Publishes every pact in `pactDir` for one application version.
 *
 * @example
 * const { notices } = await publishContracts({ brokerUrl: 'http://localhost:9292', pactDir: './pacts', version: '1.0.0', branch: 'main' })
 * for (const n of notices) console.log(n.text)
 */
export async function publishContracts(options: PublishContractsOptions = {}): Promise<PublishContractsResult> {
  const env = options.env ?? process.env
  const cwd = options.cwd ?? process.cwd()
  const brokerUrl = options.brokerUrl ?? env.CONCORD_BROKER_URL ?? env.PACT_BROKER_BASE_URL
  if (!brokerUrl?.trim()) throw new ConfigurationError('publishContracts needs the broker URL: pass `brokerUrl` or set CONCORD_BROKER_URL')
  const token = options.token ?? env.CONCORD_BROKER_TOKEN ?? env.PACT_BROKER_TOKEN
  const metadata = resolveMetadata({
    ...(options.version !== undefined ? { version: options.version } : {}),
    ...(options.branch !== undefined ? { branch: options.branch } : {}),
    ...(options.buildUrl !== undefined ? { buildUrl: options.buildUrl } : {}),
    cwd,
    env,
  })
  // Without a branch, mainBranch / branch selectors never find these contracts: say so, loudly but not fatally.
  if (!metadata.branch)
    metadata.warnings.push(
      `No branch for version ${metadata.version}: none was passed, set (CONCORD_APP_BRANCH or a CI variable) or found in git, so providers selecting ` +
        'pacts by branch (mainBranch, branch) will not see these contracts. Pass `branch` or set CONCORD_APP_BRANCH.',
    )
  const tags = (options.tags ?? []).map((t) => t.trim())
  if (tags.some((t) => !t)) throw new ConfigurationError('Tags must not be empty')

  const files = findPactFiles(options.pactFiles ?? [options.pactDir ?? './pacts'], cwd).map(readPactFile)
  const client = createBrokerClient({ baseUrl: brokerUrl, token, username: options.username, password: options.password })
  const notices: BrokerNotice[] = []
  for (const [consumer, contracts] of contractsByConsumer(files, options.onConflict)) {
    const result = await client.publishContracts({
      pacticipantName: consumer,
      pacticipantVersionNumber: metadata.version,
      ...(metadata.branch ? { branch: metadata.branch } : {}),
      ...(tags.length ? { tags } : {}),
      ...(metadata.buildUrl ? { buildUrl: metadata.buildUrl } : {}),
      contracts,
    })
    notices.push(...result.notices)
  }
  return {
    version: metadata.version,
    versionSource: metadata.versionSource,
    branch: metadata.branch,
    buildUrl: metadata.buildUrl,
    tags,
    contracts: files.map((f) => ({ consumer: f.consumer, provider: f.provider, file: f.file })),
    notices,
    warnings: metadata.warnings,
  }
}
