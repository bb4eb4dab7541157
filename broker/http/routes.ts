/**
 * @module http/routes
 * THE route table, as the Pact Broker's lib/pact_broker/api.rb: every route the broker serves is one row here
 * (method, path, access level, handler, HAL relations), assembled from each domain's `<domain>.routes.ts`.
 * The Express router (http/route-table.ts `mountRoutes`), the index `GET /` and the `/doc/{rel}` pages are all
 * derived from it, so a relation cannot be advertised without a route and a route cannot exist without an
 * access level.
 *
 * Order matters where paths overlap: a path's rows are matched before any later path's (so literal segments,
 * like `…/branch/versions`, are listed before `…/branch/:branch`).
 */
import { auditRoutes } from '../audit/audit.routes.js'
import { tokensRoutes } from '../auth/tokens.routes.js'
import { contractsRoutes } from '../contracts/contracts.routes.js'
import { forVerificationRoutes } from '../contracts/for-verification/for-verification.routes.js'
import { deprecationsRoutes } from '../deprecations/deprecations.routes.js'
import { proposalsRoutes } from '../deprecations/proposals/proposals.routes.js'
import { deprecationGate } from '../deprecations/deployment-check.js'
import { deprecationPublishNotices } from '../deprecations/publish-notices.js'
import { deployedVersionsRoutes } from '../environments/deployed-versions/deployed-versions.routes.js'
import { environmentsRoutes } from '../environments/environments.routes.js'
import { releasedVersionsRoutes } from '../environments/released-versions/released-versions.routes.js'
import { healthRoutes } from '../health/health.routes.js'
import { indexRoutes } from '../index/index.routes.js'
import { integrationsRoutes } from '../integrations/integrations.routes.js'
import { matrixRoutes } from '../matrix/matrix.routes.js'
import { metricsRoutes } from '../metrics/metrics.routes.js'
import { labelsRoutes } from '../pacticipants/labels/labels.routes.js'
import { pacticipantsRoutes } from '../pacticipants/pacticipants.routes.js'
import { providerContractsRoutes } from '../provider-contracts/provider-contracts.routes.js'
import { releasePlansRoutes } from '../release-plans/release-plans.routes.js'
import { verificationsRoutes } from '../verifications/verifications.routes.js'
import { versionsRoutes } from '../versions/versions.routes.js'
import { webhooksRoutes } from '../webhooks/webhooks.routes.js'
import { uiRoutes, withPages } from '../ui/ui.routes.js'
import type { Route } from './route-table.js'

// Pages for people (broker/ui/) ride on the rows of the URLs they show; see withPages.
export const ROUTES: readonly Route[] = Object.freeze(
  withPages([
    ...indexRoutes(() => ROUTES),
    ...healthRoutes,
    ...metricsRoutes,
    ...pacticipantsRoutes,
    ...labelsRoutes,
    ...versionsRoutes,
    // Publications also get notices about deprecated items they use (broker/deprecations/publish-notices.ts).
    ...contractsRoutes([deprecationPublishNotices]),
    ...forVerificationRoutes,
    ...verificationsRoutes,
    ...environmentsRoutes,
    ...deployedVersionsRoutes,
    ...releasedVersionsRoutes,
    ...integrationsRoutes,
    // can-i-deploy also asks the deprecations gate (broker/deprecations/deployment-check.ts).
    ...matrixRoutes([deprecationGate]),
    // Release plans judge each step as can-i-deploy does, the deprecations gate included.
    ...releasePlansRoutes([deprecationGate]),
    ...proposalsRoutes,
    ...deprecationsRoutes,
    ...providerContractsRoutes,
    ...webhooksRoutes,
    ...tokensRoutes,
    ...auditRoutes,
    ...uiRoutes,
  ]),
)
