/**
 * Verification rules: results are attached to pact content (a pact version) and a provider version, which is
 * created on the fly (with its branch and tags when the body names them); the pact URL's metadata segment says
 * why the pact was verified (selectors, pending, WIP). Emits `verification.published` after commit.
 */
import { recordChange } from '../audit/audit.service.js'
import { randomUUID } from 'node:crypto'
import { getPactVersion } from '../contracts/contracts.service.js'
import { decodePactMetadata } from '../contracts/pact-metadata.js'
import { inTransaction } from '../db/database.js'
import type { BrokerDeps } from '../deps.js'
import { getPacticipant } from '../pacticipants/pacticipants.service.js'
import { NotFoundError } from '../shared/errors.js'
import { addTag, addVersionToBranch, findOrCreateVersion } from '../versions/versions.service.js'
import { toVerification, type Verification } from './verification.js'
import type { VerificationInput } from './verifications.schemas.js'
import * as repo from './verifications.repository.js'

export function verificationNotFound(what: string): NotFoundError {
  return new NotFoundError(`No verification result ${what}.`, 'verification-not-found')
}

/**
 * Records a verification result for the pact content `sha` between `consumer` and `provider`.
 * Throws NotFoundError ('pact-not-found') when the broker has no such pact.
 * @example await publishVerification(deps, { provider: 'users', consumer: 'web', sha, metadata }, { success: true, providerApplicationVersion: '2.0.0' })
 */
export async function publishVerification(
  deps: BrokerDeps,
  pact: { provider: string; consumer: string; sha: string; metadata?: string | undefined },
  input: VerificationInput,
  baseUrl: string = deps.config.http.baseUrl ?? '',
): Promise<Verification> {
  const metadata = decodePactMetadata(pact.metadata)
  const { deliveries, ...verification } = await inTransaction(deps.db, async (trx) => {
    // A verification result is the provider's: a token scoped to another provider cannot publish it.
    await recordChange(trx, {
      type: 'verification.published',
      pacticipants: [pact.provider],
      details: { consumer: pact.consumer, sha: pact.sha, providerVersion: input.providerApplicationVersion, success: input.success },
    })
    await repo.lockPacticipantVersions(trx, pact.provider)
    const scoped = { db: trx, config: deps.config }
    // Inside the transaction, so the look-ups hold key-share locks (pacticipants first, then the pact version):
    // a concurrent DELETE of either party waits for this write or has already made it a 404.
    const pactVersion = await getPactVersion(scoped, pact.provider, pact.consumer, pact.sha)
    const provider = await getPacticipant(scoped, pactVersion.provider.name)
    const { version } = await findOrCreateVersion(scoped, provider, input.providerApplicationVersion)
    if (input.providerVersionBranch) await addVersionToBranch(scoped, provider, version, input.providerVersionBranch)
    for (const tag of new Set(input.providerVersionTags ?? [])) await addTag(scoped, provider, version, tag)
    const row = await repo.insertVerification(trx, {
      uuid: randomUUID(),
      pact_version_id: pactVersion.id,
      consumer_id: pactVersion.consumer.id,
      provider_id: pactVersion.provider.id,
      provider_version_id: version.id,
      success: input.success,
      build_url: input.buildUrl ?? null,
      test_results: input.testResults == null ? null : JSON.stringify(input.testResults),
      verified_by: input.verifiedBy == null ? null : JSON.stringify(input.verifiedBy),
      wip: metadata.w === true,
      pact_pending: typeof metadata.p === 'boolean' ? metadata.p : null,
      consumer_version_selectors: Array.isArray(metadata.s) ? JSON.stringify(metadata.s) : null,
      created_at: deps.clock.now(),
    })
    await repo.advanceLatestVerification(trx, row)
    // The webhook outbox, in this transaction: the deliveries commit with the result, or not at all.
    const deliveries = await deps.outbox.record(trx, { type: 'verification.published', verificationId: row.id, baseUrl })
    return { ...toVerification((await repo.findVerificationById(trx, row.id))!), deliveries }
  })
  if (deliveries) deps.events.emit('webhooks.triggered', { count: deliveries })
  deps.events.emit('verification.published', {
    consumer: verification.consumer.name,
    provider: verification.provider.name,
    providerVersion: verification.providerVersion.number,
    pactVersionSha: verification.sha,
    success: verification.success,
    verificationId: verification.id,
  })
  return verification
}

/** A verification by number (its id), or undefined. */
export async function findVerification(deps: Pick<BrokerDeps, 'db'>, id: number): Promise<Verification | undefined> {
  if (!Number.isSafeInteger(id) || id < 1 || id > 2147483647) return undefined
  const row = await repo.findVerificationById(deps.db, id)
  return row && toVerification(row)
}

/** Verification `number` of the pact content `sha` between the two. Throws NotFoundError. */
export async function getVerification(
  deps: Pick<BrokerDeps, 'db'>,
  pact: { provider: string; consumer: string; sha: string },
  number: string,
): Promise<Verification> {
  const pactVersion = await getPactVersion(deps, pact.provider, pact.consumer, pact.sha)
  const found = /^\d+$/.test(number) ? await findVerification(deps, Number(number)) : undefined
  if (!found || found.pactVersionId !== pactVersion.id)
    throw verificationNotFound(`number '${number}' for the pact between '${pact.consumer}' and '${pact.provider}' with content SHA '${pact.sha}'`)
  return found
}

/** The most recent verification of a pact version (by any provider version), or undefined. */
export async function findLatestVerificationForPactVersion(deps: Pick<BrokerDeps, 'db'>, pactVersionId: number): Promise<Verification | undefined> {
  const row = await repo.findLatestVerificationForPactVersion(deps.db, pactVersionId)
  return row && toVerification(row)
}

/** The latest verification of the pact content `sha` between the two. Throws NotFoundError. */
export async function getLatestVerification(deps: Pick<BrokerDeps, 'db'>, pact: { provider: string; consumer: string; sha: string }): Promise<Verification> {
  const pactVersion = await getPactVersion(deps, pact.provider, pact.consumer, pact.sha)
  const found = await findLatestVerificationForPactVersion(deps, pactVersion.id)
  if (!found) throw verificationNotFound(`yet for the pact between '${pact.consumer}' and '${pact.provider}' with content SHA '${pact.sha}'`)
  return found
}

/** Every verification of a pact version, newest first. */
export async function listVerificationsForPactVersion(deps: Pick<BrokerDeps, 'db'>, pactVersionId: number): Promise<Verification[]> {
  return (await repo.listVerificationsForPactVersion(deps.db, pactVersionId)).map(toVerification)
}

/** The latest verification of each pact version that a provider version verified. */
export async function listLatestVerificationsForProviderVersion(deps: Pick<BrokerDeps, 'db'>, providerVersionId: number): Promise<Verification[]> {
  return (await repo.listLatestVerificationsForProviderVersion(deps.db, providerVersionId)).map(toVerification)
}

/**
 * `DELETE …/pact-version/{sha}/verification-results/{n}`: one result goes; if it was the latest of its pact
 * version and provider version, the newest remaining one becomes the latest. Locks as a result's publication
 * for the same provider does. Throws NotFoundError.
 */
export async function deleteVerification(
  deps: Pick<BrokerDeps, 'db'>,
  pact: { provider: string; consumer: string; sha: string },
  number: string,
): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    await recordChange(trx, { type: 'verification.deleted', pacticipants: [pact.provider], details: { consumer: pact.consumer, sha: pact.sha, number } })
    await repo.lockPacticipantVersions(trx, pact.provider)
    const found = await getVerification({ db: trx }, pact, number)
    await repo.deleteVerification(trx, found.id)
    await repo.restoreLatestVerification(trx, found.pactVersionId, found.providerVersion.id)
  })
}
