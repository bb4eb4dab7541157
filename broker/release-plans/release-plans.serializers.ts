/**
 * @module release-plans/serializers
 * A release plan as JSON: `possible`, the `steps` in deployment order (versions, what each replaces, the reasons
 * for its place, whether the environment is deployable after it, whether rolling it back is safe) and the
 * versions that cannot go at all, with their reasons.
 */
import type { Links } from '../http/links.js'
import type { ReleasePlanResult } from './release-plans.service.js'

export function toReleasePlanResource(plan: ReleasePlanResult, links: Links, self: string) {
  return {
    environment: plan.environment,
    possible: plan.possible,
    steps: plan.steps.map((step, index) => ({
      step: index + 1,
      versions: step.versions.map((v) => ({
        pacticipant: v.pacticipant,
        version: v.version,
        replaces: plan.current.get(v.pacticipant) ?? [],
        _links: { 'pb:version': { href: links.version(v.pacticipant, v.version) } },
      })),
      deployable: step.deployable,
      reasons: step.reasons,
      rollback: step.rollback,
    })),
    impossible: plan.impossible,
    _links: { self: { title: `Release plan for ${plan.environment}`, href: self } },
  }
}
