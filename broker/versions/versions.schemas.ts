/**
 * Request bodies for versions, branch versions and tags (validation schemas; "contract" is kept for Pact
 * contracts). Bodies of branch-version and tag PUTs are ignored (clients send `{}` or `{"name": …}`).
 */
import { z } from 'zod'

const singleLine = (what: string) => z.string({ invalid_type_error: 'must be a string' }).refine((s) => !/[\r\n]/.test(s), `${what} must be on a single line`)

/** PUT / PATCH /pacticipants/{p}/versions/{v}. */
export const versionSchema = z.object({
  buildUrl: singleLine('buildUrl').nullish(),
  tags: z
    .array(
      z.object({ name: singleLine('name').refine((s) => s.trim().length > 0, 'must not be blank') }, { invalid_type_error: 'must be an object with a name' }),
      {
        invalid_type_error: 'must be an array of {"name": …}',
      },
    )
    .nullish(),
})

export type VersionBody = z.infer<typeof versionSchema>

export { paginationQuerySchema } from '../pacticipants/pacticipants.schemas.js'
