/**
 * The "pacts for verification" request body (what the pact-js / Rust verifier POSTs) and its validation,
 * following the Pact Broker's `pacts_for_verification_json_query_schema.rb` and
 * `consumer_version_selector_contract.rb`, with the same messages. Each problem points at the selector
 * (`/consumerVersionSelectors/1`) or the field (`/consumerVersionSelectors/1/latest`).
 * Environment names are checked against the database by the service.
 */
import semver from 'semver'
import { z } from 'zod'
import type { RequestSelector } from './selectors.js'

const filledString = z.string({ invalid_type_error: 'must be a string' }).refine((s) => s.trim().length > 0, "can't be blank")
const onlyTrue = z.literal(true, { errorMap: () => ({ message: 'can only be true' }) })
const trueOrFalse = z.boolean({ invalid_type_error: 'must be true or false' })

const BRANCH_KEYS = ['latest', 'tag', 'fallbackTag', 'branch', 'fallbackBranch', 'matchingBranch', 'mainBranch'] as const
const ENVIRONMENT_KEYS = ['environment', 'deployed', 'released', 'deployedOrReleased'] as const
const ALL_KEYS = [...BRANCH_KEYS, ...ENVIRONMENT_KEYS, 'consumer', 'semver'] as const

export const selectorSchema = z.object({
  consumer: filledString.optional(),
  mainBranch: onlyTrue.optional(),
  branch: z
    .union([filledString, z.literal(true)], { errorMap: () => ({ message: 'must be a branch name (or true for the latest of every branch)' }) })
    .optional(),
  fallbackBranch: filledString.optional(),
  matchingBranch: onlyTrue.optional(),
  latest: trueOrFalse.optional(),
  tag: filledString.optional(),
  fallbackTag: filledString.optional(),
  deployed: onlyTrue.optional(),
  released: onlyTrue.optional(),
  deployedOrReleased: onlyTrue.optional(),
  environment: filledString.optional(),
  /** Concord addition: a semver range, e.g. "^2.0.0". */
  semver: filledString.refine((s) => semver.validRange(s) !== null, 'must be a semantic version range, e.g. ^2.0.0 or >=1.2.0 <2').optional(),
})

const plural = (word: string, n: number) => (n === 1 ? word : `${word}s`)

/**
 * Cross-field rules of one selector; returns messages (empty when valid). Pure, so it is unit-tested apart.
 * @example selectorProblems({ tag: 'main', branch: 'main' }, {}) // ['cannot specify both a tag and a branch']
 */
export function selectorProblems(s: RequestSelector, parent: { providerVersionBranch?: string | null }): string[] {
  const problems: string[] = []
  const has = (key: (typeof ALL_KEYS)[number]) => s[key] !== undefined
  if (s.semver !== undefined) {
    const others = ALL_KEYS.filter((k) => k !== 'semver' && k !== 'consumer' && has(k))
    if (others.length) problems.push(`cannot specify semver with any other criteria apart from consumer (got ${others.join('/')})`)
    return problems
  }
  if (
    !has('mainBranch') &&
    !has('tag') &&
    !has('branch') &&
    !has('environment') &&
    !s.matchingBranch &&
    !s.deployed &&
    !s.released &&
    !s.deployedOrReleased &&
    s.latest !== true
  ) {
    problems.push(
      'must specify a value for environment or tag or branch, or specify mainBranch=true, matchingBranch=true, latest=true, deployed=true, released=true or deployedOrReleased=true',
    )
  }
  if (s.mainBranch && ALL_KEYS.some((k) => !['consumer', 'mainBranch', 'latest'].includes(k) && has(k))) {
    problems.push('cannot specify mainBranch=true with any other criteria apart from consumer')
  }
  if (s.mainBranch && s.latest === false) problems.push('cannot specify mainBranch=true with latest=false')
  if (s.matchingBranch && ALL_KEYS.some((k) => !['consumer', 'matchingBranch'].includes(k) && has(k))) {
    problems.push('cannot specify matchingBranch=true with any other criteria apart from consumer')
  }
  if (s.matchingBranch && !parent.providerVersionBranch?.trim()) {
    problems.push('the providerVersionBranch must be specified when the selector matchingBranch=true is used')
  }
  if (has('tag') && has('branch')) problems.push('cannot specify both a tag and a branch')
  const branchFields = BRANCH_KEYS.filter(has).sort()
  const environmentFields = ENVIRONMENT_KEYS.filter(has).sort()
  if (branchFields.length && environmentFields.length) {
    problems.push(
      `cannot specify the ${plural('field', branchFields.length)} ${branchFields.join('/')} with the ${plural('field', environmentFields.length)} ${environmentFields.join('/')}`,
    )
  }
  if (has('fallbackTag') && !s.latest) problems.push('fallbackTag can only be set if latest is true')
  if (has('fallbackTag') && !has('tag')) problems.push('a tag must be specified when a fallbackTag is specified')
  if (has('fallbackBranch') && !has('branch')) problems.push('a branch must be specified when a fallbackBranch is specified')
  if (has('fallbackBranch') && s.latest === false) problems.push('fallbackBranch can only be set if latest is true')
  if (has('branch') && s.latest === false) problems.push('cannot specify a branch with latest=false')
  if (s.deployed && s.released) problems.push('cannot specify both deployed=true and released=true')
  if (s.deployed && s.deployedOrReleased) problems.push('cannot specify both deployed=true and deployedOrReleased=true')
  if (s.released && s.deployedOrReleased) problems.push('cannot specify both released=true and deployedOrReleased=true')
  return problems
}

const PROVIDER_BRANCH_EMPTY =
  'when pending or WIP pacts are enabled and there are no tags provided, the provider version branch must not be an empty string, as it is used in the calculations for WIP/pending. A value must be provided (recommended), or it must not be set at all.'

export const pactsForVerificationSchema = z
  .object({
    providerVersionBranch: z.string({ invalid_type_error: 'must be a string' }).nullish(),
    providerVersionTags: z.array(filledString, { invalid_type_error: 'must be an array of tag names' }).nullish(),
    consumerVersionSelectors: z.array(selectorSchema, { invalid_type_error: 'must be an array of selectors' }).nullish(),
    includePendingStatus: trueOrFalse.nullish(),
    includeWipPactsSince: z
      .string({ invalid_type_error: 'must be a date, e.g. 2024-01-31' })
      .refine((s) => s.trim() !== '' && !Number.isNaN(Date.parse(s)), 'must be a date, e.g. 2024-01-31')
      .nullish(),
  })
  .superRefine((body, ctx) => {
    const branch = body.providerVersionBranch
    if (typeof branch === 'string' && branch.length > 0 && branch.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['providerVersionBranch'], message: "can't be blank" })
    } else if (
      typeof branch === 'string' &&
      branch.trim() === '' &&
      !body.providerVersionTags?.length &&
      (body.includePendingStatus || body.includeWipPactsSince)
    ) {
      // pact-js sends "" when no branch is configured; the Pact Broker refuses it when pending/WIP need one.
      ctx.addIssue({ code: 'custom', path: ['providerVersionBranch'], message: PROVIDER_BRANCH_EMPTY })
    }
    ;(body.consumerVersionSelectors ?? []).forEach((selector, index) => {
      for (const message of selectorProblems(selector, body)) {
        ctx.addIssue({ code: 'custom', path: ['consumerVersionSelectors', index], message })
      }
    })
  })

export type PactsForVerificationBody = z.infer<typeof pactsForVerificationSchema>

/** The request as the service takes it: defaults applied, a blank provider branch treated as none. */
export interface PactsForVerificationQuery {
  providerVersionBranch?: string
  providerVersionTags: string[]
  consumerVersionSelectors: RequestSelector[]
  includePendingStatus: boolean
  includeWipPactsSince?: Date
}

/** @example toQuery(parse(pactsForVerificationSchema, body)) */
export function toQuery(body: PactsForVerificationBody): PactsForVerificationQuery {
  const branch = body.providerVersionBranch?.trim() ? body.providerVersionBranch : undefined
  return {
    ...(branch !== undefined ? { providerVersionBranch: branch } : {}),
    providerVersionTags: body.providerVersionTags ?? [],
    consumerVersionSelectors: body.consumerVersionSelectors ?? [],
    includePendingStatus: body.includePendingStatus ?? false,
    ...(body.includeWipPactsSince ? { includeWipPactsSince: new Date(body.includeWipPactsSince) } : {}),
  }
}
