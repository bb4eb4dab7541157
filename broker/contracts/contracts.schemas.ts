/**
 * Request bodies for publishing contracts (validation schemas; the word "contract" is kept for Pact contracts).
 *
 * `POST /contracts/publish` is checked in two passes: the shape (zod, below) and then the content of each
 * contract (strict base64 → JSON → a pact whose names match), both reported as JSON pointers.
 */
import { z } from 'zod'
import type { FieldError } from '../shared/errors.js'
import { ValidationError } from '../shared/errors.js'
import { findUnstorableText } from '../shared/unstorable-text.js'
import { type JsonObject, parsePact } from './pact-content.js'

const required = (what = 'a string') => ({ required_error: 'is required', invalid_type_error: `must be ${what}` })
const nonBlank = () => z.string(required()).refine((s) => s.trim() !== '', 'must not be blank')
const singleLine = () => nonBlank().refine((s) => !/[\r\n]/.test(s), 'must be on a single line')

export const publishContractsSchema = z.object({
  pacticipantName: nonBlank(),
  pacticipantVersionNumber: singleLine(),
  branch: singleLine().nullish(),
  tags: z.array(singleLine(), { invalid_type_error: 'must be an array of tag names' }).nullish(),
  buildUrl: z.string({ invalid_type_error: 'must be a string' }).nullish(),
  contracts: z
    .array(
      z.object({
        consumerName: nonBlank(),
        providerName: nonBlank(),
        specification: z.literal('pact', { errorMap: () => ({ message: "must be 'pact' (the only specification this broker stores)" }) }),
        contentType: z.literal('application/json', { errorMap: () => ({ message: "must be 'application/json'" }) }),
        content: z.string(required('a base64-encoded string')),
        onConflict: z.enum(['overwrite', 'merge'], { errorMap: () => ({ message: "must be 'overwrite' or 'merge'" }) }).nullish(),
      }),
      required('an array of contracts'),
    )
    .min(1, 'must contain at least one contract'),
})

export type PublishContractsBody = z.infer<typeof publishContractsSchema>

export interface ContractToPublish {
  consumerName: string
  providerName: string
  /** The decoded pact document. */
  content: JsonObject
  onConflict: 'overwrite' | 'merge'
}

export interface PublishContractsInput {
  pacticipantName: string
  pacticipantVersionNumber: string
  branch: string | null
  tags: string[]
  buildUrl: string | null
  contracts: ContractToPublish[]
}

/**
 * Strict base64 (standard alphabet, padded). A length check and a flat character class instead of one regular
 * expression over groups of four: V8 backtracks such a group once per four characters and overflowed its stack
 * ('Maximum call stack size exceeded') on pacts over about 3.5 MB.
 */
export function isStrictBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text)
}

/**
 * The second pass: decode and check each contract. Throws one ValidationError listing every problem.
 * @example const input = toPublishContractsInput(parse(publishContractsSchema, jsonBody(req)))
 */
export function toPublishContractsInput(body: PublishContractsBody): PublishContractsInput {
  const errors: FieldError[] = []
  const contracts: ContractToPublish[] = []
  body.contracts.forEach((contract, index) => {
    const at = `/contracts/${index}`
    if (contract.consumerName !== body.pacticipantName) {
      errors.push({ pointer: `${at}/consumerName`, detail: `must match pacticipantName ('${body.pacticipantName}'), got '${contract.consumerName}'` })
    }
    const content = contract.content.replace(/\s+/g, '')
    if (!isStrictBase64(content)) {
      errors.push({ pointer: `${at}/content`, detail: 'is not valid Base64 (standard alphabet, padded)' })
      return
    }
    let document: unknown
    try {
      document = JSON.parse(Buffer.from(content, 'base64').toString('utf8'))
    } catch (error) {
      errors.push({
        pointer: `${at}/content`,
        detail: `is not valid JSON once decoded from Base64 (${(error as Error).message.replace(/[^\x20-\x7e]/g, '?')})`,
      })
      return
    }
    const unstorable = findUnstorableText(document, `${at}/content`)
    if (unstorable !== undefined) {
      errors.push({ pointer: unstorable.pointer, detail: `${unstorable.detail} (decoded pact content)` })
      return
    }
    const parsed = parsePact(document, `${at}/content`)
    if (!parsed.ok) {
      errors.push(...parsed.errors)
      return
    }
    if (parsed.pact.consumerName !== contract.consumerName) {
      errors.push({
        pointer: `${at}/content/consumer/name`,
        detail: `is '${parsed.pact.consumerName}' but consumerName is '${contract.consumerName}': they must match`,
      })
    }
    if (parsed.pact.providerName !== contract.providerName) {
      errors.push({
        pointer: `${at}/content/provider/name`,
        detail: `is '${parsed.pact.providerName}' but providerName is '${contract.providerName}': they must match`,
      })
    }
    contracts.push({
      consumerName: contract.consumerName,
      providerName: contract.providerName,
      content: parsed.pact.document,
      onConflict: contract.onConflict ?? 'overwrite',
    })
  })
  if (errors.length) throw new ValidationError(errors)
  return {
    pacticipantName: body.pacticipantName,
    pacticipantVersionNumber: body.pacticipantVersionNumber,
    branch: body.branch ?? null,
    tags: [...new Set(body.tags ?? [])],
    buildUrl: body.buildUrl || null,
    contracts,
  }
}

/**
 * The body of the legacy `PUT /pacts/provider/{p}/consumer/{c}/version/{v}`: a raw pact whose names must match
 * the path. Throws ValidationError.
 */
export function parseLegacyPact(body: unknown, path: { provider: string; consumer: string }): JsonObject {
  const parsed = parsePact(body)
  if (!parsed.ok) throw new ValidationError(parsed.errors)
  const errors: FieldError[] = []
  if (parsed.pact.consumerName !== path.consumer)
    errors.push({ pointer: '/consumer/name', detail: `is '${parsed.pact.consumerName}' but the URL names consumer '${path.consumer}': they must match` })
  if (parsed.pact.providerName !== path.provider)
    errors.push({ pointer: '/provider/name', detail: `is '${parsed.pact.providerName}' but the URL names provider '${path.provider}': they must match` })
  if (errors.length) throw new ValidationError(errors)
  return parsed.pact.document
}
