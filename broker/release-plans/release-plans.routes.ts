/**
 * @module release-plans/routes
 * `GET /release-plan`: the order in which several versions can go to one environment (see release-plans.service.ts).
 * Read-only; the query string is read with Rack's nested-query rules, as `/matrix` reads it.
 */
import { sendHal } from '../http/hal.js'
import { linksFor } from '../http/links.js'
import type { Route } from '../http/route-table.js'
import type { DeploymentCheck } from '../matrix/matrix.service.js'
import { parseNestedQuery, rawQueryOf } from '../matrix/query-string.js'
import { parseReleasePlanQuery } from './release-plans.schemas.js'
import { toReleasePlanResource } from './release-plans.serializers.js'
import { planReleaseTrain } from './release-plans.service.js'

/** `deploymentChecks`: the same checks can-i-deploy runs (the deprecations gate), wired in http/routes.ts. */
export function releasePlansRoutes(deploymentChecks: readonly DeploymentCheck[] = []): Route[] {
  return [
    {
      method: 'GET',
      path: '/release-plan',
      access: 'read',
      relations: [
        {
          rel: 'concord:release-plan',
          title: 'Order several versions going to one environment into deployable steps',
          href: '/release-plan?environment={environment}',
        },
      ],
      handler: async (req, res, deps) => {
        const query = parseReleasePlanQuery(parseNestedQuery(rawQueryOf(req.originalUrl)))
        const plan = await planReleaseTrain({ ...deps, deploymentChecks }, query)
        const links = linksFor(req)
        sendHal(res, 200, toReleasePlanResource(plan, links, `${links.base}${req.originalUrl}`))
      },
    },
  ]
}
