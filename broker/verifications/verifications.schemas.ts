/**
 * The verification-results request body, as the pact verifier (Rust, via pact-js) sends it.
 * Unknown fields are ignored rather than refused: verifiers add fields over time.
 */
import { z } from 'zod'

const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value)

export const verificationSchema = z
  .object({
    success: z.boolean({ required_error: 'is required (true or false)', invalid_type_error: 'must be true or false' }),
    providerApplicationVersion: z
      .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
      .refine((s) => s.trim() !== '', 'must not be blank')
      .refine((s) => !/[\r\n]/.test(s), 'must be on a single line'),
    buildUrl: z.preprocess(blankToNull, z.string({ invalid_type_error: 'must be a URL' }).url('must be a URL').nullish()),
    testResults: z.union([z.array(z.unknown()), z.record(z.unknown())], { invalid_type_error: 'must be an array (or an object)' }).nullish(),
    verifiedBy: z.record(z.unknown(), { invalid_type_error: 'must be an object' }).nullish(),
    /** Optional: pact-js sends the branch with a separate PUT, other clients may send it here ('' means none). */
    providerVersionBranch: z.preprocess(blankToNull, z.string({ invalid_type_error: 'must be a string' }).nullish()),
    providerVersionTags: z.array(z.string().min(1, 'must not be blank'), { invalid_type_error: 'must be an array of tag names' }).nullish(),
  })
  .passthrough()

export type VerificationInput = z.infer<typeof verificationSchema>
