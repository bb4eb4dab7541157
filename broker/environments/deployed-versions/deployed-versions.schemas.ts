/**
 * Request bodies for deployed versions (validation schemas; "contract" is kept for Pact contracts).
 */
import { z } from 'zod'

const instance = z
  .union([z.string(), z.number()], { invalid_type_error: 'must be a string' })
  .transform(String)
  .refine((s) => !/[\r\n]/.test(s), 'must be on a single line')
  .nullish()

/**
 * POST …/deployed-versions/environment/{uuid}: `{}` or `{applicationInstance, target}` (the CLI 0.6.x sends
 * `target` alone, set to the environment name). Other members are ignored.
 */
export const recordDeploymentSchema = z.object({ applicationInstance: instance, target: instance }).passthrough()

/** PATCH /deployed-versions/{uuid} (merge-patch). */
export const deployedVersionPatchSchema = z.object({
  currentlyDeployed: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
})
