/**
 * @module environments/released-versions
 * Released versions: which versions of a pacticipant are released (and supported) in an environment
 * (record-release, record-support-ended). Releases do not replace each other: several versions can be supported
 * at once. What they share with deployed versions is in ../placements/.
 */
import type { EndFlag, Placement } from '../placements/placement.js'

export interface ReleasedVersion extends Placement {
  currentlySupported: boolean
  supportEndedAt: Date | null
}

export const RELEASED: EndFlag = {
  property: 'currentlySupported',
  refusal: 'The currentlySupported property cannot be set back to true. Please record a new release.',
  hint: 'cannot be set back to true; record the release again instead',
}
