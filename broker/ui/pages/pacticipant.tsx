/**
 * Pacticipant page `/pacticipants/{name}`: its versions in version order (semver when every number is one)
 * with branches, tags and environments; its integrations both ways; the deprecated items it still uses; and
 * its provider contract (the API description it published last).
 */
import type { Request } from 'express'
import type { VNode } from 'preact'
import { itemLabel } from '../../deprecations/deprecation.js'
import { deprecationsInUse } from '../../deprecations/deprecations.service.js'
import type { BrokerDeps } from '../../deps.js'
import { param, queryValue } from '../../http/routing.js'
import type { IntegrationSummary } from '../../integrations/integration.js'
import { listCurrentPlacements, listIntegrationSummaries } from '../../integrations/integrations.service.js'
import { getPacticipant } from '../../pacticipants/pacticipants.service.js'
import { findLatestProviderContract } from '../../provider-contracts/provider-contracts.service.js'
import { listVersions } from '../../versions/versions.service.js'
import { Chips, DataTable, pageNumber, Pagination, StatusBadge, When } from '../components.js'
import { labelNamesFor } from '../../pacticipants/labels/labels.service.js'
import { Layout, type PageContext } from '../page.js'

const VERSIONS_PAGE_SIZE = 30

export async function pacticipantPage(deps: BrokerDeps, req: Request, ctx: PageContext): Promise<VNode> {
  const pacticipant = await getPacticipant(deps, param(req, 'pacticipant'))
  const page = pageNumber(queryValue(req, 'page'))
  const [{ versions, page: pageInfo }, integrations, placements, inUse, contract, labelsOf] = await Promise.all([
    listVersions(deps, pacticipant, { page, size: VERSIONS_PAGE_SIZE }),
    listIntegrationSummaries(deps),
    listCurrentPlacements(deps),
    deprecationsInUse(deps, pacticipant.name),
    findLatestProviderContract(deps, pacticipant),
    labelNamesFor(deps, [pacticipant]),
  ])
  const labels = labelsOf(pacticipant.id)
  const mine = placements.filter((p) => p.pacticipantId === pacticipant.id)
  const asConsumer = integrations.filter((i) => i.consumer.id === pacticipant.id)
  const asProvider = integrations.filter((i) => i.provider.id === pacticipant.id)
  const { links } = ctx
  return (
    <Layout ctx={ctx} title={pacticipant.name}>
      <h1>{pacticipant.name}</h1>
      <dl class="facts">
        {pacticipant.displayName !== pacticipant.name && (
          <>
            <dt>Display name</dt>
            <dd>{pacticipant.displayName}</dd>
          </>
        )}
        <dt>Main branch</dt>
        <dd>{pacticipant.mainBranch ?? <span class="muted">not set</span>}</dd>
        {pacticipant.repositoryUrl && (
          <>
            <dt>Repository</dt>
            <dd>{pacticipant.repositoryUrl}</dd>
          </>
        )}
        <dt>Labels</dt>
        <dd>
          {labels.length ? (
            <ul class="chips">
              {labels.map((label) => (
                <li key={label} class="chip chip-label">
                  <a href={links.dashboard({ label })}>{label}</a>
                </li>
              ))}
            </ul>
          ) : (
            <span class="muted">none</span>
          )}
        </dd>
        <dt>Runs in</dt>
        <dd>{mine.length ? <Chips items={mine.map((p) => `${p.environment}: ${p.version}`)} kind="env" /> : <span class="muted">no environment</span>}</dd>
      </dl>
      <p>
        <a href={links.canIDeploy({ pacticipant: pacticipant.name, version: versions[0]?.number })}>Can I deploy {pacticipant.name}?</a>
        {asProvider.length > 0 && (
          <>
            {' · '}
            <a href={links.deprecations({ provider: pacticipant.name })}>Its deprecation timeline</a>
          </>
        )}
      </p>

      <h2 id="integrations">Integrations</h2>
      <h3>Consumes ({asConsumer.length})</h3>
      <IntegrationList ctx={ctx} items={asConsumer} other="provider" />
      <h3>Consumed by ({asProvider.length})</h3>
      <IntegrationList ctx={ctx} items={asProvider} other="consumer" />

      <h2 id="versions">Versions</h2>
      <p class="muted">
        {pageInfo.totalElements} versions, newest first ({pacticipant.versionOrder === 'semver' ? 'semantic version order' : 'order of creation'}).
      </p>
      {versions.length > 0 && (
        <DataTable caption={`Versions of ${pacticipant.name}`} head={['Version', 'Branches', 'Tags', 'Environments', 'Created']}>
          {versions.map((v) => (
            <tr key={v.id}>
              <td>
                <a href={links.canIDeploy({ pacticipant: pacticipant.name, version: v.number })} aria-label={`Can I deploy ${pacticipant.name} ${v.number}?`}>
                  {v.number}
                </a>
              </td>
              <td>
                <Chips items={v.branches.map((b) => b.name)} kind="branch" />
              </td>
              <td>
                <Chips items={v.tags.map((t) => t.name)} kind="tag" />
              </td>
              <td>
                <Chips
                  items={mine.filter((p) => p.version === v.number).map((p) => `${p.kind === 'released' ? 'released in' : ''} ${p.environment}`.trim())}
                  kind="env"
                />
              </td>
              <td>
                <When at={v.createdAt} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination page={pageInfo.number} pages={pageInfo.totalPages} href={(n) => `${links.pacticipant(pacticipant.name)}?page=${n}#versions`} />

      <h2 id="deprecations">Deprecated items it uses</h2>
      {inUse.entries.length === 0 ? (
        <p>None of its deployed, released or branch-head versions uses anything its providers deprecated.</p>
      ) : (
        <DataTable caption={`Deprecated items ${pacticipant.name} uses`} head={['Provider', 'Item', 'Sunset', 'Phase', 'Used by versions']}>
          {inUse.entries.map((entry) => (
            <tr key={entry.deprecation.uuid}>
              <td>
                <a href={links.pacticipant(entry.deprecation.provider)}>{entry.deprecation.provider}</a>
              </td>
              <td>{itemLabel(entry.deprecation)}</td>
              <td>{entry.deprecation.sunset}</td>
              <td>
                <StatusBadge status={phaseStatus(entry.phase)} label={entry.phase} />
              </td>
              <td>{entry.versions.map((v) => v.version).join(', ')}</td>
            </tr>
          ))}
        </DataTable>
      )}

      <h2 id="provider-contract">Provider contract</h2>
      {contract ? (
        <>
          <p>
            {contract.specification === 'oas' ? 'OpenAPI description' : 'JSON Schema'} published with version {contract.version.number}{' '}
            <When at={contract.updatedAt} />
            {contract.selfVerification && (
              <>
                {' '}
                <StatusBadge
                  status={contract.selfVerification.success ? 'verified' : 'failed'}
                  label={contract.selfVerification.success ? 'provider tests passed' : 'provider tests failed'}
                />
              </>
            )}
          </p>
          <details>
            <summary>Show the description</summary>
            <pre>{contract.content}</pre>
          </details>
        </>
      ) : (
        <p class="muted">{pacticipant.name} has published no API description.</p>
      )}
    </Layout>
  )
}

export function phaseStatus(phase: string): string {
  return { announced: 'info', deprecated: 'deprecated', 'past-sunset': 'sunset', removed: 'removed', withdrawn: 'info' }[phase] ?? 'info'
}

function IntegrationList({ ctx, items, other }: { ctx: PageContext; items: IntegrationSummary[]; other: 'consumer' | 'provider' }): VNode {
  if (items.length === 0) return <p class="muted">None.</p>
  const { links } = ctx
  return (
    <DataTable
      caption={other === 'provider' ? 'Providers it consumes' : 'Consumers it serves'}
      head={[other === 'provider' ? 'Provider' : 'Consumer', 'Latest pact', 'Status', 'Verified by']}
    >
      {items.map((i) => (
        <tr key={`${i.consumer.id}-${i.provider.id}`}>
          <td>
            <a href={links.pacticipant(i[other].name)}>{i[other].name}</a>
          </td>
          <td>
            <a href={links.integration(i.provider.name, i.consumer.name)}>
              {i.consumer.name} {i.latestPact.consumerVersion} → {i.provider.name}
            </a>
          </td>
          <td>
            <StatusBadge status={i.status} />
          </td>
          <td>{i.verification ? `${i.provider.name} ${i.verification.providerVersion}` : <span class="muted">not yet</span>}</td>
        </tr>
      ))}
    </DataTable>
  )
}
