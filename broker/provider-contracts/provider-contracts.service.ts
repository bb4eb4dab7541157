/**
 * Provider contract rules: publishing a description per provider version (validated before anything is
 * written), checking the provider's consumer pacts against it and storing the results, serving results to the
 * matrix and can-i-deploy (`findSchemaResults`, within the comparison timeout setting), and comparing two provider
 * versions (diff + semver check).
 */
import { recordChange } from '../audit/audit.service.js'
import { createHash } from 'node:crypto'
import semver from 'semver'
import { listLatestPactsForProvider, listPactsForConsumerVersion, listPactsForProvider } from '../contracts/contracts.service.js'
import type { Pact } from '../contracts/contract.js'
import { inTransaction } from '../db/database.js'
import type { BrokerDeps } from '../deps.js'
import { proposeFromDescription } from '../deprecations/proposals/proposals.service.js'
import { listCurrentDeployments } from '../environments/deployed-versions/deployed-versions.service.js'
import { getEnvironmentByName, listEnvironments } from '../environments/environments.service.js'
import { listCurrentReleases } from '../environments/released-versions/released-versions.service.js'
import type { Pacticipant } from '../pacticipants/pacticipant.js'
import { findOrCreatePacticipant, getPacticipant } from '../pacticipants/pacticipants.service.js'
import { NotFoundError, type Notice, UnprocessableError, ValidationError } from '../shared/errors.js'
import { addTag, addVersionToBranch, findOrCreateVersion, getBranch, getBranchVersion, getVersion } from '../versions/versions.service.js'
import { type CompatibilityReport, checkCompatibility } from './compatibility.js'
import { type DeprecatedItem, listDeprecations } from './deprecations.js'
import { checkSemver, type DescriptionDiff, diffDescriptions, type SemverCheck, usageOf } from './description-diff.js'
import { DescriptionError, type NormalisedDescription, readDescription } from './description.js'
import { parsePact, PactFormatError } from './pact-expectation.js'
import {
  type ProviderContract,
  type ProviderContractSpecification,
  type SchemaVerification,
  type SelfVerification,
  successOf,
  toProviderContract,
  toSchemaVerification,
} from './provider-contract.js'
import type { SchemaDiffRunner } from './schema-diff-runner.js'
import * as repo from './provider-contracts.repository.js'

type Deps = Pick<BrokerDeps, 'db' | 'config' | 'clock' | 'schemaDiff'> & { logger?: BrokerDeps['logger']; events?: BrokerDeps['events'] }

export interface PublishProviderContractInput {
  provider: string
  version: string
  branch?: string | null
  tags?: string[] | null
  buildUrl?: string | null
  /** 'oas' (default), 'openapi' or 'json-schema' */
  specification?: string | null
  contentType?: string | null
  /** The description text (JSON or YAML). */
  content: string
  selfVerification?: SelfVerification | null
  /** JSON pointer of the content in the request, for error messages. */
  contentPointer?: string
}

export interface PublishProviderContractResult {
  contract: ProviderContract
  created: boolean
  results: SchemaVerification[]
  tags: string[]
  branch: string | null
  notices: Notice[]
}

function invalid(pointer: string, detail: string): ValidationError {
  return new ValidationError([{ pointer, detail }], `The provider contract cannot be read: ${detail}`, 'provider-contract-invalid')
}

/** Parses and checks a description before anything is stored. */
export function validateDescription(
  content: string,
  specification: string | null | undefined,
  pointer = '/content',
): { description: NormalisedDescription; specification: ProviderContractSpecification } {
  const spec = (specification ?? 'oas').toLowerCase()
  if (!['oas', 'openapi', 'json-schema', 'jsonschema'].includes(spec))
    throw invalid(
      pointer.replace(/\/content$/, '/specification'),
      `specification '${specification}' is not supported: use 'oas' (OpenAPI 3.0/3.1) or 'json-schema'`,
    )
  let description: NormalisedDescription
  try {
    description = readDescription(content)
  } catch (error) {
    if (error instanceof DescriptionError) throw invalid(pointer, error.message)
    throw error
  }
  const wanted: ProviderContractSpecification = spec === 'json-schema' || spec === 'jsonschema' ? 'json-schema' : 'oas'
  const actual: ProviderContractSpecification = description.kind === 'openapi' ? 'oas' : 'json-schema'
  if (wanted !== actual)
    throw invalid(
      pointer,
      `the specification says ${wanted === 'oas' ? 'OpenAPI' : 'JSON Schema'} but the content is ${actual === 'oas' ? 'an OpenAPI document' : 'a JSON Schema'}`,
    )
  return { description, specification: actual }
}

function sha(content: string): string {
  return createHash('sha256').update(content).digest('hex')
}

/**
 * Publishes (or replaces) the description of a provider version, then checks every current consumer pact of
 * the provider against it. Bad input (unreadable description) changes nothing.
 * @example await publishProviderContract(deps, { provider: 'users', version: '2.0.0', branch: 'main', content: yamlText })
 */
export async function publishProviderContract(deps: Deps, input: PublishProviderContractInput): Promise<PublishProviderContractResult> {
  const { specification, description } = validateDescription(input.content, input.specification, input.contentPointer)
  const { contract, created, changed } = await inTransaction(deps.db, async (trx) => {
    await recordChange(trx, {
      type: 'provider-contract.published',
      pacticipants: [input.provider],
      details: { version: input.version, branch: input.branch ?? null, tags: input.tags ?? [], specification, sha: sha(input.content) },
    })
    const tx = { db: trx, config: deps.config }
    const provider = await findOrCreatePacticipant(tx, input.provider)
    const { version } = await findOrCreateVersion(tx, provider, input.version, { buildUrl: input.buildUrl ?? null })
    if (input.branch) await addVersionToBranch(tx, provider, version, input.branch)
    for (const tag of input.tags ?? []) await addTag(tx, provider, version, tag)
    const existing = await repo.findProviderContractByVersion(trx, version.id)
    const { changed } = await repo.upsertProviderContract(trx, {
      provider_id: provider.id,
      provider_version_id: version.id,
      specification,
      content_type: input.contentType ?? (input.content.trim().startsWith('{') ? 'application/json' : 'application/yaml'),
      content: input.content,
      sha: sha(input.content),
      self_verification: input.selfVerification ? JSON.stringify(input.selfVerification) : null,
    })
    if (changed && existing) await repo.deleteSchemaVerificationsOf(trx, existing.id)
    const row = await repo.findProviderContractByVersion(trx, version.id)
    return { contract: toProviderContract(row!), created: !existing, changed }
  })
  const results = await verifyConsumerPacts(deps, contract, description, { onlyMissing: !changed })
  const counts = (s: string) => results.filter((r) => r.status === s).length
  const notices: Notice[] = [
    {
      type: 'success',
      text: `${created ? 'Published' : changed ? 'Replaced' : 'Re-published (unchanged)'} the provider contract for ${contract.provider.name} version ${contract.version.number}${input.branch ? ` (branch ${input.branch})` : ''}.`,
    },
    {
      type: counts('incompatible') ? 'warning' : 'info',
      text: results.length
        ? `Checked ${results.length} consumer pact${results.length === 1 ? '' : 's'} against it: ${counts('compatible')} compatible, ${counts('incompatible')} incompatible, ${counts('unknown')} unknown.`
        : `No consumer pacts for ${contract.provider.name} to check yet.`,
    },
    ...(input.selfVerification && input.selfVerification.success === false
      ? [
          {
            type: 'warning' as const,
            text: `The provider's own test of this description failed, so every schema result for ${contract.provider.name} ${contract.version.number} counts as failed.`,
          },
        ]
      : []),
    ...results
      .filter((r) => r.status !== 'compatible')
      .flatMap((r) =>
        r.report.issues
          .slice(0, 5)
          .map((i): Notice => ({ type: i.outcome === 'unknown' ? 'warning' : 'danger', text: `${r.consumer.name}: ${i.interaction}: ${i.message}` })),
      ),
  ]
  // What the description marks deprecated becomes deprecation proposals (broker/deprecations/proposals.service.ts).
  notices.push(...(await proposeFromDescription(deps, { provider: contract.provider.name, version: contract.version.number, description })))
  return { contract, created, results, tags: input.tags ?? [], branch: input.branch ?? null, notices }
}

/**
 * Checks the provider's current consumer pacts against `contract` and stores one result per pact content.
 * With `onlyMissing`, pact contents that already have a result are skipped.
 */
async function verifyConsumerPacts(
  deps: Deps,
  contract: ProviderContract,
  description: NormalisedDescription,
  options: { onlyMissing: boolean },
): Promise<SchemaVerification[]> {
  const { pacts } = await listPactsForProvider(deps, contract.provider.name)
  const pactVersionIds = [...new Set(pacts.map((p) => p.pactVersionId))]
  if (pactVersionIds.length) {
    const existing = options.onlyMissing ? await repo.findSchemaVerifications(deps.db, pactVersionIds, [contract.version.id]) : []
    const done = new Set(existing.map((r) => r.pact_version_id))
    const runner = deps.schemaDiff
    for (const pact of await repo.findPactContents(deps.db, pactVersionIds)) {
      if (pact.provider_id === contract.provider.id && !done.has(pact.id))
        await storeReport(deps, contract, pact, await compare(deps, runner, description, contract, pact))
    }
  }
  return (await repo.listSchemaVerificationsForProviderVersion(deps.db, contract.version.id)).map(toSchemaVerification)
}

/** One pact content against one description, each json-schema-diff run within the comparison timeout setting. */
async function compare(
  deps: Deps,
  runner: SchemaDiffRunner,
  description: NormalisedDescription,
  contract: ProviderContract,
  pact: repo.PactContentRow,
): Promise<CompatibilityReport> {
  const started = process.hrtime.bigint()
  try {
    const report = await checkCompatibility(description, parsePact(pact.content), {
      runner,
      consumer: pact.consumer_name,
      deadlineMs: deps.config.schemas.comparisonTimeoutMs,
    })
    deps.events?.emit('schema-comparison.completed', { status: report.status, durationSeconds: Number(process.hrtime.bigint() - started) / 1e9 })
    return report
  } catch (error) {
    if (!(error instanceof PactFormatError)) throw error
    return {
      status: 'unknown',
      consumer: pact.consumer_name,
      provider: contract.provider.name,
      interactions: [],
      issues: [],
      summary: `The pact could not be read: ${error.message}`,
    }
  }
}

async function storeReport(deps: Deps, contract: ProviderContract, pact: repo.PactContentRow, report: CompatibilityReport): Promise<void> {
  await repo.upsertSchemaVerification(deps.db, {
    provider_contract_id: contract.id,
    provider_id: contract.provider.id,
    provider_version_id: contract.version.id,
    consumer_id: pact.consumer_id,
    pact_version_id: pact.id,
    status: report.status,
    report: JSON.stringify(report),
  })
}

/** A consumer pact's content and a provider version, as the matrix pairs them. */
export interface SchemaPair {
  pactVersionId: number
  providerVersionId: number
}

export interface SchemaResults {
  /** The stored result of every asked pair whose provider version has a provider contract and was compared. */
  results: SchemaVerification[]
  /** Pairs with a provider contract whose comparison did not finish within the wait: unknown for this answer. */
  pending: SchemaPair[]
  /** The asked provider versions that have a provider contract, with their order keys (for "latest" ordering). */
  providerVersions: { id: number; number: string; orderKey: string }[]
}

/**
 * For the matrix and can-i-deploy: the schema-level results of these (pact content, provider version) pairs. A
 * pair whose provider version has no provider contract has none. Missing results (a pact published after the
 * provider contract) are compared and stored once, but the caller waits at most `waitMs` (default: the comparison
 * timeout setting) for all of them together: pairs not compared by then come back `pending` (the comparison goes on
 * in the worker and its memo answers the next request), so can-i-deploy never hangs on a slow comparison.
 * Statements: one when no asked provider version has a contract, two when every result is stored, whatever the
 * number of pairs (descriptions are loaded only to compare missing pairs).
 * @example const { results, pending } = await findSchemaResults(deps, [{ pactVersionId: 7, providerVersionId: 12 }])
 */
export async function findSchemaResults(deps: Deps, pairs: SchemaPair[], options: { waitMs?: number } = {}): Promise<SchemaResults> {
  const key = (pactVersionId: number, providerVersionId: number) => `${pactVersionId}/${providerVersionId}`
  const wanted = [...new Map(pairs.map((p) => [key(p.pactVersionId, p.providerVersionId), p])).values()]
  if (!wanted.length) return { results: [], pending: [], providerVersions: [] }
  const rows = await repo.listProviderContractVersions(deps.db, [...new Set(wanted.map((p) => p.providerVersionId))])
  const providerVersions = rows.map((r) => ({ id: r.provider_version_id, number: r.version_number, orderKey: r.version_order_key }))
  const hasContract = new Set(rows.map((r) => r.provider_version_id))
  const withContract = wanted.filter((p) => hasContract.has(p.providerVersionId))
  if (!withContract.length) return { results: [], pending: [], providerVersions }
  const query = () =>
    repo.findSchemaVerifications(deps.db, [...new Set(withContract.map((p) => p.pactVersionId))], [...new Set(withContract.map((p) => p.providerVersionId))])
  let stored = await query()
  const storedKeys = new Set(stored.map((r) => key(r.pact_version_id, r.provider_version_id)))
  const missing = withContract.filter((p) => !storedKeys.has(key(p.pactVersionId, p.providerVersionId)))
  const pending: SchemaPair[] = []
  if (missing.length) {
    const compared = await compareMissing(deps, missing, options.waitMs ?? deps.config.schemas.comparisonTimeoutMs, pending)
    if (compared > 0) stored = await query()
  }
  const wantedKeys = new Set(wanted.map((p) => key(p.pactVersionId, p.providerVersionId)))
  return { results: stored.filter((r) => wantedKeys.has(key(r.pact_version_id, r.provider_version_id))).map(toSchemaVerification), pending, providerVersions }
}

/** Compares and stores the missing pairs until `waitMs` is spent; the rest go to `pending`. Returns how many were stored. */
async function compareMissing(deps: Deps, missing: SchemaPair[], waitMs: number, pending: SchemaPair[]): Promise<number> {
  const runner = deps.schemaDiff
  const deadline = Date.now() + waitMs
  // The descriptions themselves are read only here: an answer from stored results never loads them.
  const contractOf = new Map(
    (await repo.listProviderContractsForVersions(deps.db, [...new Set(missing.map((p) => p.providerVersionId))])).map((r) => [
      r.provider_version_id,
      toProviderContract(r),
    ]),
  )
  const pacts = new Map((await repo.findPactContents(deps.db, [...new Set(missing.map((p) => p.pactVersionId))])).map((p) => [p.id, p]))
  const descriptions = new Map<number, NormalisedDescription>()
  let stored = 0
  for (const pair of missing) {
    const contract = contractOf.get(pair.providerVersionId)
    const pact = pacts.get(pair.pactVersionId)
    // A pact with another provider is no question for this description (nor is a contract deleted meanwhile).
    if (!contract || !pact || pact.provider_id !== contract.provider.id) continue
    const remaining = deadline - Date.now()
    if (remaining <= 0) {
      pending.push(pair)
      continue
    }
    let description = descriptions.get(contract.id)
    if (!description) {
      description = readDescription(contract.content)
      descriptions.set(contract.id, description)
    }
    const report = await withinMs(compare(deps, runner, description, contract, pact), remaining)
    if (report === undefined) {
      pending.push(pair)
      continue
    }
    await storeReport(deps, contract, pact, report)
    stored++
  }
  return stored
}

/**
 * `work`'s value, or undefined when it takes longer than `ms`. The work is not cancelled (a json-schema-diff run
 * stops at its own deadline in the worker); a late failure is swallowed here because nobody awaits it any more.
 */
async function withinMs<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  work.catch(() => undefined)
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined)
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}

function contractNotFound(provider: string, version: string): NotFoundError {
  return new NotFoundError(
    `Version '${version}' of '${provider}' has no provider contract. Publish one with PUT /pacticipants/${encodeURIComponent(provider)}/versions/${encodeURIComponent(version)}/provider-contract or \`pactflow publish-provider-contract\`.`,
    'provider-contract-not-found',
  )
}

/**
 * The OpenAPI description published for a provider version, normalised, or null when there is none (unknown
 * provider or version, no provider contract, or a JSON Schema for messages). For turning a request path a
 * provider reported into its operation's path template (deprecation proposals).
 * @example const description = await findOpenApiDescription(deps, 'users', '2.1.0')
 */
export async function findOpenApiDescription(deps: Deps, provider: string, version: string): Promise<NormalisedDescription | null> {
  try {
    const contract = await getProviderContract(deps, provider, version)
    return contract.specification === 'oas' ? readDescription(contract.content) : null
  } catch (error) {
    if (error instanceof NotFoundError) return null
    throw error
  }
}

/** Throws NotFoundError for an unknown pacticipant, version, or a version without a description. */
export async function getProviderContract(deps: Deps, provider: string, version: string): Promise<ProviderContract> {
  const pacticipant = await getPacticipant(deps, provider)
  const v = await getVersion(deps, pacticipant, version)
  const row = await repo.findProviderContractByVersion(deps.db, v.id)
  if (!row) throw contractNotFound(provider, version)
  return toProviderContract(row)
}

/** The stored schema results of a provider version's description (computing any that are missing). */
export async function listSchemaVerifications(
  deps: Deps,
  provider: string,
  version: string,
): Promise<{ contract: ProviderContract; results: SchemaVerification[] }> {
  const contract = await getProviderContract(deps, provider, version)
  return { contract, results: await verifyConsumerPacts(deps, contract, readDescription(contract.content), { onlyMissing: true }) }
}

/**
 * What a provider version's description marks deprecated (`deprecated: true`, `x-sunset`), for the deprecation
 * timelines.
 * @example const { items } = await listContractDeprecations(deps, 'users', '2.0.0')
 */
export async function listContractDeprecations(
  deps: Deps,
  provider: string,
  version: string,
): Promise<{ contract: ProviderContract; items: DeprecatedItem[] }> {
  const contract = await getProviderContract(deps, provider, version)
  return { contract, items: listDeprecations(readDescription(contract.content)) }
}

export interface ProviderContractsDiff {
  provider: string
  from: ProviderContract
  to: ProviderContract
  diff: DescriptionDiff
  /** null when either version number is not a semantic version. */
  semver: SemverCheck | null
  /** The consumer versions whose pacts the changes were checked against, and where each is (`usedBy` names them by label). */
  consumerVersions: ConsumerVersionChecked[]
}

/** A consumer version a diff checks: the latest of its consumer, and/or deployed or released in environments. */
export interface ConsumerVersionChecked {
  /** `web 1.4.0`, as in `usedBy` and `brokenConsumers`. */
  label: string
  consumer: string
  version: string
  latest: boolean
  environments: { name: string; deployed: boolean; released: boolean }[]
}

/**
 * The pacts a change to `provider` could break: the latest of each consumer, and those of the consumer versions
 * deployed or released (and supported) in each environment — the ones running, which a breaking change would
 * hurt first — each once, with where it is.
 */
async function pactsToCheck(deps: Deps, provider: string): Promise<{ pact: Pact; checked: ConsumerVersionChecked }[]> {
  const byLabel = new Map<string, { pact: Pact; checked: ConsumerVersionChecked }>()
  const entry = (pact: Pact) => {
    const label = `${pact.consumer.name} ${pact.consumerVersion.number}`
    const found = byLabel.get(label)
    if (found) return found.checked
    const checked: ConsumerVersionChecked = { label, consumer: pact.consumer.name, version: pact.consumerVersion.number, latest: false, environments: [] }
    byLabel.set(label, { pact, checked })
    return checked
  }
  for (const pact of (await listLatestPactsForProvider(deps, provider)).pacts) entry(pact).latest = true
  for (const environment of await listEnvironments(deps)) {
    const running = [
      ...(await listCurrentDeployments(deps, environment.id)).map((d) => ({ versionId: d.version.id, deployed: true })),
      ...(await listCurrentReleases(deps, environment.id)).map((r) => ({ versionId: r.version.id, deployed: false })),
    ]
    for (const { versionId, deployed } of running) {
      for (const pact of await listPactsForConsumerVersion(deps, { id: versionId })) {
        if (pact.provider.name !== provider) continue
        const checked = entry(pact)
        let place = checked.environments.find((e) => e.name === environment.name)
        if (!place) checked.environments.push((place = { name: environment.name, deployed: false, released: false }))
        if (deployed) place.deployed = true
        else place.released = true
      }
    }
  }
  return [...byLabel.values()]
}

/**
 * Every change between two provider versions' descriptions, which consumer versions use the changed parts (the
 * latest pact of each consumer and the versions deployed or released in each environment), and whether the version
 * numbers state the change honestly.
 * @example const { diff, semver } = await diffProviderContracts(deps, 'users', '2.0.0', '2.1.0')
 */
export async function diffProviderContracts(deps: Deps, provider: string, fromVersion: string, toVersion: string): Promise<ProviderContractsDiff> {
  const from = await getProviderContract(deps, provider, fromVersion)
  const to = await getProviderContract(deps, provider, toVersion)
  const before = readDescription(from.content)
  const after = readDescription(to.content)
  const toCheck = await pactsToCheck(deps, provider)
  const contents = await repo.findPactContents(
    deps.db,
    toCheck.map((p) => p.pact.pactVersionId),
  )
  const usages = toCheck.flatMap(({ pact, checked }) => {
    const content = contents.find((c) => c.id === pact.pactVersionId)
    if (!content) return []
    try {
      return [usageOf(before, parsePact(content.content), checked.label)]
    } catch {
      return []
    }
  })
  const diff = diffDescriptions(before, after, usages)
  const both = semver.valid(fromVersion) && semver.valid(toVersion)
  return { provider, from, to, diff, semver: both ? checkSemver(fromVersion, toVersion, diff) : null, consumerVersions: toCheck.map((p) => p.checked) }
}

export interface SemverCheckInput {
  provider: string
  version: string
  /** Compare against this version … */
  against?: string | null
  /** … or the latest version on this branch (default: the provider's main branch) … */
  branch?: string | null
  /** … or the version deployed to this environment. */
  environment?: string | null
}

/**
 * Compares a provider version's description with a baseline (an explicit version, the version deployed to an
 * environment, or the latest on a branch — the main branch by default) and says whether its number states the
 * change honestly.
 * @example await semverCheck(deps, { provider: 'users', version: '2.1.0', environment: 'production' })
 */
export async function semverCheck(deps: Deps, input: SemverCheckInput): Promise<ProviderContractsDiff & { baseline: string }> {
  const pacticipant = await getPacticipant(deps, input.provider)
  let baseline: string | null = input.against ?? null
  if (!baseline && input.environment) {
    const env = await getEnvironmentByName(deps, input.environment)
    const deployed = await listCurrentDeployments(deps, env.id, { pacticipantId: pacticipant.id })
    baseline = deployed.map((d) => d.version.number).find((n) => n !== input.version) ?? null
    if (!baseline)
      throw new UnprocessableError(
        'provider-contract-not-found',
        `No version of '${input.provider}' other than ${input.version} is deployed to ${input.environment}: nothing to compare with.`,
      )
  }
  if (!baseline) {
    const branchName = input.branch ?? pacticipant.mainBranch
    const contracts = (await repo.listProviderContracts(deps.db, pacticipant.id)).map(toProviderContract)
    let candidates = contracts.filter((c) => c.version.number !== input.version)
    if (branchName) {
      await getBranch(deps, pacticipant, branchName) // 404 naming the branch when it does not exist
      const onBranch: typeof candidates = []
      for (const c of candidates) if (await isOnBranch(deps, pacticipant, branchName, c.version.number)) onBranch.push(c)
      candidates = onBranch
    }
    const lower = candidates.find((c) => !semver.valid(c.version.number) || !semver.valid(input.version) || semver.lt(c.version.number, input.version))
    baseline = lower?.version.number ?? null
    if (!baseline)
      throw new UnprocessableError(
        'provider-contract-not-found',
        `'${input.provider}' has no earlier version with a provider contract to compare ${input.version} with.`,
      )
  }
  return { ...(await diffProviderContracts(deps, input.provider, baseline, input.version)), baseline }
}

async function isOnBranch(deps: Deps, pacticipant: Pacticipant, branch: string, version: string): Promise<boolean> {
  try {
    await getBranchVersion(deps, pacticipant, branch, version)
    return true
  } catch (error) {
    if (error instanceof NotFoundError) return false
    throw error
  }
}

export { successOf }

/**
 * The provider's description at its latest version that has one, or null (the pacticipant page shows it).
 * @example const contract = await findLatestProviderContract(deps, users)
 */
export async function findLatestProviderContract(deps: Pick<Deps, 'db'>, provider: { id: number }): Promise<ProviderContract | null> {
  const [latest] = await repo.listProviderContracts(deps.db, provider.id)
  return latest ? toProviderContract(latest) : null
}
