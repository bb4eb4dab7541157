/**
 * Release plans (`GET concord:release-plan`): several versions going to one environment, ordered into steps that
 * each leave it deployable, with the versions that must go together and whether each step can be rolled back.
 */
import type { HalResource } from './hal.js'
import type { Navigator } from './navigator.js'

export interface ReleasePlanInput {
  environment: string
  versions: { pacticipant: string; version: string }[]
  /** As for can-i-deploy: refuse (true) or only warn about (false) deprecated items past their sunset. */
  failOnSunset?: boolean | undefined
}

export interface ReleasePlanStep {
  step: number
  versions: { pacticipant: string; version: string; replaces: string[] }[]
  deployable: boolean
  reasons: string[]
  rollback: { safe: boolean; reasons: string[] }
}

export interface ReleasePlan extends HalResource {
  environment: string
  possible: boolean
  steps: ReleasePlanStep[]
  impossible: { versions: { pacticipant: string; version: string }[]; reasons: string[] }[]
}

const enc = encodeURIComponent

export function releasePlanMethods(nav: Navigator) {
  return {
    /**
     * Orders a release train into deployable steps.
     * @example const plan = await client.releasePlan({ environment: 'production', versions: [{ pacticipant: 'web', version: '1.4.0' }, { pacticipant: 'users', version: '2.1.0' }] })
     */
    async releasePlan(input: ReleasePlanInput): Promise<ReleasePlan> {
      const href = await nav.relation('concord:release-plan', { environment: input.environment })
      // Brackets sent literally and in order, as for the matrix: the broker reads `q[]` with Rack's rules.
      const pairs = input.versions.map((v) => `q[][pacticipant]=${enc(v.pacticipant)}&q[][version]=${enc(v.version)}`)
      if (input.failOnSunset !== undefined) pairs.push(`failOnSunset=${input.failOnSunset}`)
      return nav.request<ReleasePlan>('GET', `${href}${href.includes('?') ? '&' : '?'}${pairs.join('&')}`)
    },
  }
}
