/**
 * Request bodies for released versions (validation schemas). Recording a release takes no body.
 */
import { z } from 'zod'

/** PATCH /released-versions/{uuid} (merge-patch). */
export const releasedVersionPatchSchema = z.object({
  currentlySupported: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
})
