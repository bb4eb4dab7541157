/**
 * Request bodies for provider contracts (validation schemas; "contract" is kept for Pact contracts and, here,
 * for the provider's published API description, as PactFlow names it).
 */
import { z } from 'zod'
import { unstorableIn } from '../shared/unstorable-text.js'

const versionNumber = z.string({ required_error: 'is required', invalid_type_error: 'must be a string' }).min(1, 'must not be blank')
const optionalText = z.string({ invalid_type_error: 'must be a string' }).nullish()

// Checked once whitespace is gone: a whitespace class inside the pattern (`[A-Za-z0-9+/\s]*={0,2}\s*$`)
// backtracked quadratically, 0.7 s of CPU for 30,000 spaces followed by one stray character.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Base64 in the request, the decoded UTF-8 text after parsing; refused when PostgreSQL could not store that text. */
const base64Text = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a base64-encoded string' })
  .min(1, 'must not be blank')
  .transform((s) => s.replace(/\s+/g, ''))
  .refine((s) => BASE64.test(s), 'must be base64-encoded')
  .transform((s, ctx) => {
    const text = Buffer.from(s, 'base64').toString('utf8')
    const unstorable = unstorableIn(text)
    if (unstorable) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${unstorable} (decoded from base64)` })
    return text
  })

const selfVerificationSchema = z
  .object({
    success: z.boolean({ invalid_type_error: 'must be true or false' }).nullish(),
    content: base64Text.nullish(),
    contentType: optionalText,
    format: optionalText,
    verifier: optionalText,
    verifierVersion: optionalText,
  })
  .passthrough()

/** What `pactflow publish-provider-contract` sends to POST /provider-contracts/provider/{provider}/publish. */
export const publishProviderContractSchema = z.object({
  pacticipantVersionNumber: versionNumber,
  branch: optionalText,
  tags: z.array(z.string().min(1, 'must not be blank'), { invalid_type_error: 'must be an array of tag names' }).nullish(),
  buildUrl: optionalText,
  contract: z.object(
    {
      content: base64Text,
      contentType: optionalText,
      specification: optionalText,
      selfVerificationResults: selfVerificationSchema.nullish(),
    },
    { required_error: 'is required', invalid_type_error: 'must be an object' },
  ),
})
export type PublishProviderContractBody = z.infer<typeof publishProviderContractSchema>

/** PUT /pacticipants/{p}/versions/{v}/provider-contract: the description as text (or as a JSON object). */
export const putProviderContractSchema = z.object({
  content: z.union([z.string().min(1, 'must not be blank'), z.record(z.unknown())], {
    errorMap: () => ({ message: 'must be the description as a string (JSON or YAML) or a JSON object' }),
  }),
  contentType: optionalText,
  specification: optionalText,
  branch: optionalText,
  selfVerificationResults: selfVerificationSchema.omit({ content: true }).extend({ content: optionalText }).nullish(),
})
export type PutProviderContractBody = z.infer<typeof putProviderContractSchema>
