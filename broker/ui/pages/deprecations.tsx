/**
 * Deprecations `/deprecations`: per provider, a timeline of what it is retiring (deprecated in → sunset →
 * removed in) with who still uses each item in each environment and on which branches; `?consumer=` turns it
 * around: what that consumer uses that is going away. `?provider=` shows one provider.
 */
import type { Request } from 'express'
import type { VNode } from 'preact'
import { itemLabel } from '../../deprecations/deprecation.js'
import { deprecationOverview, deprecationsInUse, type DeprecationInUse } from '../../deprecations/deprecations.service.js'
import type { BrokerDeps } from '../../deps.js'
import { queryValue } from '../../http/routing.js'
import { groupBy } from '../../shared/collections.js'
import { DataTable, StatusBadge } from '../components.js'
import { Layout, type PageContext } from '../page.js'
import { phaseStatus } from './pacticipant.js'

export async function deprecationsPage(deps: BrokerDeps, req: Request, ctx: PageContext): Promise<VNode> {
  const consumer = queryValue(req, 'consumer')?.trim()
  if (consumer) {
    const { consumer: found, entries } = await deprecationsInUse(deps, consumer)
    return (
      <Layout ctx={ctx} title={`Deprecations ${found.name} uses`}>
        <h1>What {found.name} uses that is going away</h1>
        {entries.length === 0 ? (
          <p>Nothing: none of {found.name}'s deployed, released or branch-head versions uses a deprecated item.</p>
        ) : (
          <DataTable caption={`Deprecated items ${found.name} uses`} head={['Provider', 'Item', 'Phase', 'Sunset', 'Versions using it', 'Instead']}>
            {entries.map((entry) => (
              <tr key={entry.deprecation.uuid}>
                <td>
                  <a href={ctx.links.deprecations({ provider: entry.deprecation.provider })}>{entry.deprecation.provider}</a>
                </td>
                <td>{itemLabel(entry.deprecation)}</td>
                <td>
                  <StatusBadge status={phaseStatus(entry.phase)} label={entry.phase} />
                </td>
                <td>{sunsetText(entry.deprecation.sunset, entry.daysToSunset)}</td>
                <td>
                  <ul>
                    {entry.versions.map((v) => (
                      <li key={v.version}>
                        {v.version}: {v.places.map(placeWords).join(', ')} ({v.uses.map((u) => u.interaction).join('; ')})
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{entry.deprecation.replacement ?? <span class="muted">not given</span>}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Layout>
    )
  }
  const provider = queryValue(req, 'provider')?.trim()
  const all = await deprecationOverview(deps)
  const shown = provider ? all.filter((item) => item.deprecation.provider === provider) : all
  const byProvider = groupBy(shown, (item) => item.deprecation.provider)
  return (
    <Layout ctx={ctx} title="Deprecations">
      <h1>{provider ? `Deprecations of ${provider}` : 'Deprecations'}</h1>
      <form method="get" action={ctx.links.deprecations()} class="filters">
        <div class="field">
          <label for="consumer">What does this consumer use that is going away?</label>
          <input id="consumer" name="consumer" autocomplete="off" />
        </div>
        <button type="submit">Show</button>
      </form>
      {byProvider.size === 0 && <p>{provider ? `${provider} has no live deprecations.` : 'No provider has deprecated anything.'}</p>}
      {[...byProvider].map(([name, items]) => (
        <section key={name} aria-labelledby={`provider-${name}`}>
          <h2 id={`provider-${name}`}>
            <a href={ctx.links.pacticipant(name)}>{name}</a>
          </h2>
          <ol class="timeline">
            {items.map((item) => (
              <DeprecationItem key={item.deprecation.uuid} ctx={ctx} item={item} />
            ))}
          </ol>
        </section>
      ))}
    </Layout>
  )
}

function DeprecationItem({ ctx, item }: { ctx: PageContext; item: DeprecationInUse }): VNode {
  const d = item.deprecation
  return (
    <li>
      <h3>
        {itemLabel(d)} <StatusBadge status={phaseStatus(item.phase)} label={item.phase} />
      </h3>
      <p>
        Deprecated in {d.provider} {d.deprecatedIn} → sunset {sunsetText(d.sunset, item.daysToSunset)} →{' '}
        {d.removedIn ? `removed in ${d.removedIn}` : 'removal not scheduled'}
        {d.replacement && `. Use instead: ${d.replacement}`}
        {d.reason && `. Why: ${d.reason}`}
      </p>
      {item.usage.consumers.length === 0 ? (
        <p class="muted">No deployed, released or branch-head consumer version uses it.</p>
      ) : (
        <DataTable caption={`Who still uses ${itemLabel(d)}`} head={['Where', 'Consumer versions']}>
          {item.usage.environments.map((env) => (
            <tr key={env.name}>
              <th scope="row">{env.name}</th>
              <td>
                {[
                  ...env.deployed.map((v) => `${v.consumer} ${v.version} (deployed)`),
                  ...env.released.map((v) => `${v.consumer} ${v.version} (released)`),
                ].join(', ')}
              </td>
            </tr>
          ))}
          {item.usage.mainBranch.length > 0 && (
            <tr>
              <th scope="row">main branches</th>
              <td>{item.usage.mainBranch.map((v) => `${v.consumer} ${v.version} (${v.branch})`).join(', ')}</td>
            </tr>
          )}
          {item.usage.otherBranches.length > 0 && (
            <tr>
              <th scope="row">other branches</th>
              <td>{item.usage.otherBranches.map((v) => `${v.consumer} ${v.version} (${v.branch})`).join(', ')}</td>
            </tr>
          )}
        </DataTable>
      )}
      <p>
        {item.usage.consumers.map((c, i) => (
          <span key={c}>
            {i > 0 && ' · '}
            <a href={ctx.links.deprecations({ consumer: c })}>what {c} uses that is going away</a>
          </span>
        ))}
      </p>
    </li>
  )
}

function sunsetText(sunset: string, days: number): string {
  if (days > 0) return `${sunset} (in ${days} days)`
  if (days === 0) return `${sunset} (today)`
  return `${sunset} (${-days} days ago)`
}

function placeWords(place: { kind: string; environment?: string; branch?: string }): string {
  if (place.kind === 'deployed') return `deployed to ${place.environment}`
  if (place.kind === 'released') return `released in ${place.environment}`
  if (place.kind === 'main-branch') return `main branch ${place.branch}`
  return `branch ${place.branch}`
}
