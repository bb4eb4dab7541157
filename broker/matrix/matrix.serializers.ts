/**
 * @module matrix/serializers
 * The matrix / can-i-deploy response (`matrix_decorator.rb` shape): `summary`, `notices`, `matrix` rows with
 * consumer and provider versions (branch, branches, environments, tags), the pact and the verification result;
 * ignored rows come last, flagged `ignored: true`.
 */
import { formatDate } from '../http/hal.js'
import type { Links } from '../http/links.js'
import { groupBy } from '../shared/collections.js'
import { generateDisplayName } from '../shared/display-name.js'
import { type MatrixRow, rowSuccess } from './can-i-deploy.js'
import type { VersionDetails } from './matrix.repository.js'
import type { MatrixResult } from './matrix.service.js'

interface DetailIndex {
  branches: Map<number, VersionDetails['branches']>
  tags: Map<number, VersionDetails['tags']>
  environments: Map<number, VersionDetails['environments']>
  /**
   * Resources already built in this response, by version id and environment uuid. A hub's answer names the same
   * provider version (and the same environment) in hundreds of rows; building each once keeps the cost per row
   * down. The rows share the objects, which JSON.stringify writes out in full each time.
   */
  built: { versions: Map<number, VersionResource>; environments: Map<string, EnvironmentResource> }
}

type VersionResource = ReturnType<typeof buildVersionResource>
type EnvironmentResource = ReturnType<typeof buildEnvironmentResource>

function buildEnvironmentResource(e: VersionDetails['environments'][number], links: Links) {
  return {
    uuid: e.uuid,
    name: e.name,
    displayName: e.display_name ?? generateDisplayName(e.name),
    production: e.production,
    createdAt: formatDate(e.created_at),
    _links: { self: { title: 'Environment', name: e.name, href: links.environment(e.uuid) } },
  }
}

function versionResource(pacticipant: string, version: { id: number; number: string }, index: DetailIndex, links: Links): VersionResource {
  const built = index.built.versions.get(version.id)
  if (built) return built
  const resource = buildVersionResource(pacticipant, version, index, links)
  index.built.versions.set(version.id, resource)
  return resource
}

function buildVersionResource(pacticipant: string, version: { id: number; number: string }, index: DetailIndex, links: Links) {
  // Plain loops and one object literal per shape: a hub's answer builds hundreds of these (no spread of a
  // dictionary-shaped object, no per-version Set).
  const branches = (index.branches.get(version.id) ?? []).map((b) => ({
    name: b.branch_name,
    latest: b.latest,
    _links: { self: { title: 'Branch version', name: b.branch_name, href: links.branchVersion(pacticipant, b.branch_name, version.number) } },
  }))
  const environments: EnvironmentResource[] = []
  for (const e of index.environments.get(version.id) ?? []) {
    let resource = index.built.environments.get(e.uuid)
    if (!resource) index.built.environments.set(e.uuid, (resource = buildEnvironmentResource(e, links)))
    if (!environments.includes(resource)) environments.push(resource)
  }
  const tags = (index.tags.get(version.id) ?? []).map((t) => ({
    name: t.name,
    latest: t.latest,
    _links: { self: { href: links.versionTag(pacticipant, version.number, t.name) } },
  }))
  const _links = { self: { href: links.version(pacticipant, version.number) } }
  const lastBranch = branches[branches.length - 1]
  return lastBranch
    ? { number: version.number, branch: lastBranch.name, branches, branchVersions: branches, environments, tags, _links }
    : { number: version.number, branches, branchVersions: branches, environments, tags, _links }
}

/**
 * A schema-level result in the row's `verificationResult` slot, so the official CLIs show it (they read `success`
 * and `_links.self.href`): `success` is what the decision counted (null for a compatible result this broker does
 * not accept, or one still being compared), `verifiedBy: 'schema'` and `status` say what it is.
 */
function schemaResultResource(row: MatrixRow, links: Links, acceptSchema: boolean) {
  const schema = row.schema!
  const provider = row.providerName
  const version = row.providerVersion!.number
  return {
    success: rowSuccess(row, acceptSchema),
    verifiedAt: schema.verifiedAt ? formatDate(schema.verifiedAt) : null,
    verifiedBy: 'schema',
    status: schema.status,
    providerSelfVerified: schema.providerSelfVerified,
    summary: schema.summary,
    _links: {
      self: { title: 'Schema verification results', name: `${provider} ${version}`, href: links.providerContractResults(provider, version) },
      'pf:provider-contract': { title: 'Provider contract', name: `${provider} ${version}`, href: links.providerContract(provider, version) },
    },
  }
}

function rowResource(row: MatrixRow, index: DetailIndex, links: Links, ignored: boolean, schema: { shown: boolean; accepted: boolean }) {
  const resource: Record<string, unknown> = {
    consumer: {
      name: row.consumerName,
      version: versionResource(row.consumerName, row.consumerVersion, index, links),
      _links: { self: { href: links.pacticipant(row.consumerName) } },
    },
    provider: {
      name: row.providerName,
      version: row.providerVersion ? versionResource(row.providerName, row.providerVersion, index, links) : null,
      _links: { self: { href: links.pacticipant(row.providerName) } },
    },
    pact: {
      createdAt: formatDate(row.pactCreatedAt),
      _links: { self: { href: links.pactForConsumerVersion(row.providerName, row.consumerName, row.consumerVersion.number) } },
    },
    verificationResult: row.schema
      ? schemaResultResource(row, links, schema.accepted)
      : row.verification
        ? {
            success: row.verification.success,
            verifiedAt: formatDate(row.verification.verifiedAt),
            _links: { self: { href: links.verificationResult(row.providerName, row.consumerName, row.pactSha, row.verification.id) } },
          }
        : null,
  }
  // Only when some row is schema-based, so ordinary answers keep the Pact Broker's exact shape (the official CLI
  // adds a "VERIFICATION TYPE" column when the key is present).
  if (schema.shown) resource.verificationType = row.schema ? 'schema' : row.verification ? 'pact' : null
  if (ignored) resource.ignored = true
  return resource
}

/** @example sendHal(res, 200, toMatrixResource(await findMatrix(deps, query), linksFor(req))) */
export function toMatrixResource(result: MatrixResult, links: Links) {
  const index: DetailIndex = {
    branches: groupBy(result.details.branches, (b) => b.version_id),
    tags: groupBy(result.details.tags, (t) => t.version_id),
    environments: groupBy(result.details.environments, (e) => e.version_id),
    built: { versions: new Map(), environments: new Map() },
  }
  const { decision } = result
  const schema = { shown: [...decision.considered, ...decision.ignored].some((r) => r.schema), accepted: decision.schemaCompatibilityDeployable }
  return {
    summary: decision.summary,
    notices: decision.notices,
    matrix: [
      ...decision.considered.map((r) => rowResource(r, index, links, false, schema)),
      ...decision.ignored.map((r) => rowResource(r, index, links, true, schema)),
    ],
  }
}
