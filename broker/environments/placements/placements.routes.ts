/**
 * Handler parts deployed- and released-version routes share.
 */
import type { Request, Response } from 'express'
import type { BrokerDeps } from '../../deps.js'
import { sendHal } from '../../http/hal.js'
import { type Links, linksFor } from '../../http/links.js'
import { param } from '../../http/routing.js'
import { getPacticipant } from '../../pacticipants/pacticipants.service.js'
import { getVersion } from '../../versions/versions.service.js'

/** The query string of the request as sent ('' or '?…'), for self links of filtered lists. */
export function queryStringOf(originalUrl: string): string {
  const at = originalUrl.indexOf('?')
  return at >= 0 && at < originalUrl.length - 1 ? originalUrl.slice(at) : ''
}

/**
 * `GET /pacticipants/{p}/versions/{v}/deployed-versions` or `…/released-versions`: every placement of a version.
 * @example handler: placementsOfVersion(deployments.listDeploymentsOfVersion, toDeployedVersionsOfVersionResource)
 */
export function placementsOfVersion<T>(
  list: (deps: BrokerDeps, versionId: number) => Promise<T[]>,
  serialize: (pacticipant: string, version: string, items: T[], links: Links) => unknown,
) {
  return async (req: Request, res: Response, deps: BrokerDeps) => {
    const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
    const version = await getVersion(deps, pacticipant, param(req, 'version'))
    sendHal(res, 200, serialize(pacticipant.name, version.number, await list(deps, version.id), linksFor(req)))
  }
}
