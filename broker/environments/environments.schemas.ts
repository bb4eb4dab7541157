/**
 * Request bodies for environments (validation schemas; "contract" is kept for Pact contracts).
 */
import { z } from 'zod'

const singleLine = (what: string) => z.string().refine((s) => !/[\r\n]/.test(s), `${what} must be on a single line`)

export const environmentNameSchema = z
  .string({ invalid_type_error: 'must be a string' })
  .min(1, 'must not be blank')
  .refine((s) => !/\s/.test(s), 'must not contain spaces (use the displayName for a readable name)')

const contactSchema = z
  .object({
    name: z.string({ required_error: 'is required' }).min(1, 'must not be blank'),
    details: z.record(z.unknown()).optional(),
  })
  .passthrough()

export const environmentSchema = z.object({
  name: environmentNameSchema,
  displayName: singleLine('displayName').pipe(z.string().min(1, 'must not be blank')).nullish(),
  production: z.boolean({ invalid_type_error: 'must be true or false', required_error: 'is required (true or false)' }),
  contacts: z.array(contactSchema).nullish(),
})

export type EnvironmentInput = z.infer<typeof environmentSchema>
