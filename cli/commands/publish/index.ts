/**
 * `concord publish`: find pact files, group them by consumer, publish each group with the broker client and
 * print the broker's notices.
 */
import { contractsByConsumer, findPactFiles, readPactFile } from '../../../lib/broker-client/index.js'
import type { BrokerNotice } from '../../../lib/errors.js'
import type { PublishOptions } from './options.js'
import type { CommandContext, CommandResult } from '../../context.js'
import { ExitError } from '../../errors.js'
import { formatNotices } from '../../output/notices.js'
import { detectBranch, detectVersion } from './git.js'

export async function run(options: PublishOptions, ctx: CommandContext): Promise<CommandResult> {
  const files = findPactFiles(options.paths, ctx.cwd).map(readPactFile)
  const lines: string[] = []
  let version = options.version
  let versionSource = '--consumer-app-version'
  let branchSource: string | null = options.branch ? '--branch' : null
  if (!version) {
    const detected = detectVersion(ctx.env, ctx.cwd)
    if (!detected)
      // The same refusal as the library's publishContracts(): a version that is the same for every build would make
      // the next build's pacts conflict with (409) or replace these.
      throw new ExitError(
        `No consumer version: pass --consumer-app-version VERSION (or set CONCORD_APP_VERSION or your CI's commit variable, such as GITHUB_SHA). ` +
          `${ctx.cwd} is not inside a git checkout, so there is no commit to use as a version unique to this build.`,
      )
    version = detected.value
    versionSource = detected.source
    lines.push(`Using consumer version ${version} from ${detected.source} (pass --consumer-app-version to choose)`)
  }
  let branch = options.branch
  if (!branch) {
    const detected = detectBranch(ctx.env, ctx.cwd)
    if (detected) {
      branch = detected.value
      branchSource = detected.source
      lines.push(`Using branch ${branch} from ${detected.source} (pass --branch to choose)`)
    }
  }
  // As the library warns: without a branch, providers selecting pacts by branch (mainBranch, branch) never see these.
  if (!branch)
    lines.push(
      `No branch for version ${version}: none was passed, set (CONCORD_APP_BRANCH or a CI variable) or found in git, so providers selecting ` +
        'pacts by branch (mainBranch, branch) will not see these contracts. Pass --branch BRANCH.',
    )
  for (const line of lines) ctx.progress(line)

  const client = ctx.client()
  const published: {
    consumer: string
    version: string
    branch: string | null
    tags: string[]
    providers: string[]
    files: string[]
    notices: BrokerNotice[]
  }[] = []
  const text: string[] = []
  for (const [consumer, contracts] of contractsByConsumer(files, options.merge ? 'merge' : undefined)) {
    const result = await client.publishContracts({
      pacticipantName: consumer,
      pacticipantVersionNumber: version,
      branch,
      tags: options.tags,
      buildUrl: options.buildUrl,
      contracts,
    })
    const providers = contracts.map((c) => c.providerName)
    published.push({
      consumer,
      version,
      branch: branch ?? null,
      tags: options.tags,
      providers,
      files: files.filter((f) => f.consumer === consumer).map((f) => f.file),
      notices: result.notices,
    })
    text.push(
      ctx.style.green(
        `Published ${contracts.length} pact(s) for ${consumer} version ${version}${branch ? ` (branch ${branch})` : ''}: ${providers.join(', ')}`,
      ),
    )
    text.push(...formatNotices(result.notices, ctx.style).map((n) => `  ${n}`))
  }
  return { data: { version, versionSource, branch: branch ?? null, branchSource, published }, text: text.join('\n') }
}
