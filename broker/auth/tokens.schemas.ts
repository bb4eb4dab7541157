/** Request bodies for tokens. */
import { z } from 'zod'
import { ROLES } from './tokens.service.js'

export const createTokenSchema = z
  .object({
    name: z
      .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
      .min(1, 'must not be blank')
      .max(200, 'must be at most 200 characters')
      .refine((s) => !/[\r\n]/.test(s), 'must be on a single line'),
    role: z.enum(ROLES as [string, ...string[]], { errorMap: () => ({ message: `must be one of ${ROLES.join(', ')}` }) }),
    expiresAt: z
      .string({ invalid_type_error: 'must be an ISO-8601 date-time' })
      .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date-time, e.g. 2027-01-31T00:00:00Z')
      .transform((s) => new Date(s))
      .nullish(),
    pacticipants: z
      .array(z.string().min(1, 'must not be blank'), { invalid_type_error: 'must be a list of pacticipant names' })
      .min(1, 'must name at least one pacticipant (or leave it out)')
      .nullish(),
  })
  .strict()

export type CreateTokenBody = z.infer<typeof createTokenSchema>
