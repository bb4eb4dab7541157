/**
 * Request bodies and query strings for pacticipants (validation schemas; "contract" is kept for Pact contracts).
 * Rules as the Pact Broker's pacticipant schema: every field on a single line, `mainBranch` without spaces,
 * `displayName` and `mainBranch` not blank. `null` clears a field (merge-patch).
 */
import { z } from 'zod'

const text = (what: string) => z.string({ invalid_type_error: 'must be a string' }).refine((s) => !/[\r\n]/.test(s), `${what} must be on a single line`)

export const pacticipantNameSchema = text('name')
  .refine((s) => s.trim().length > 0, 'must not be blank')
  .refine((s) => !s.includes('/'), "must not contain '/' (it could not be used in a URL)")

const fields = {
  displayName: text('displayName')
    .refine((s) => s.trim().length > 0, 'must not be blank')
    .nullish(),
  mainBranch: text('mainBranch')
    .refine((s) => s.trim().length > 0, 'must not be blank')
    .refine((s) => !/\s/.test(s), 'must not contain spaces')
    .nullish(),
  repositoryUrl: text('repositoryUrl').nullish(),
  repositoryName: text('repositoryName').nullish(),
  repositoryNamespace: text('repositoryNamespace').nullish(),
}

/** POST /pacticipants: `name` is required. */
export const createPacticipantSchema = z.object({ name: pacticipantNameSchema, ...fields })

/** PUT and PATCH /pacticipants/{name}: `name` is optional and, when sent, must be the name in the URL. */
export const updatePacticipantSchema = z.object({ name: pacticipantNameSchema.optional(), ...fields })

export type CreatePacticipantInput = z.infer<typeof createPacticipantSchema>
export type UpdatePacticipantInput = z.infer<typeof updatePacticipantSchema>

const positiveInt = (what: string, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${what} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `${what} must be from 1 to ${max}`)
    .optional()

/** `?page=&size=` as the Pact Broker pages lists (pages count from 1). */
export const paginationQuerySchema = z.object({
  page: positiveInt('page', 1_000_000),
  size: positiveInt('size', 1000),
})

export const pacticipantsQuerySchema = paginationQuerySchema.extend({ q: z.string().optional() })
