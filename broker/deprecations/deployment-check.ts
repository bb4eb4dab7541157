/**
 * The deprecations gate as a step of can-i-deploy: `deprecationGate` is one of the matrix's `deploymentChecks`
 * (matrix/matrix.service.ts, wired in http/routes.ts). For a question about an environment, each specified
 * version is checked with `deprecationBlockersOf`; its errors make the answer "no" (matrix/can-i-deploy.ts
 * `withCheckReasons`) and every reason is printed by the official CLIs. The matrix has resolved the environment,
 * pacticipants and versions already, so the gate looks nothing up again.
 */
import type { DeploymentCheck } from '../matrix/matrix.service.js'
import { deprecationBlockersOf } from './deprecations.service.js'
import type { DeprecationReason } from './gate.js'

/** @example await findMatrix({ ...deps, deploymentChecks: [deprecationGate] }, query) */
export const deprecationGate: DeploymentCheck = async (deps, { environment, versions, failOnSunset }) => {
  const reasons: (DeprecationReason & { subject: { pacticipant: string; version: string } })[] = []
  for (const { pacticipant, version } of versions) {
    const subject = { pacticipant: pacticipant.name, version: version.number }
    for (const reason of await deprecationBlockersOf(deps, { pacticipant, version, environment, ...(failOnSunset === undefined ? {} : { failOnSunset }) }))
      reasons.push({ ...reason, subject })
  }
  return reasons
}
