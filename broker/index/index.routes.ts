/**
 * @module index
 * `GET /`, the HAL index the official clients navigate from, and `GET /doc/{rel}`, the page each curie points
 * to. Both are generated from the route table (http/routes.ts): a relation is advertised only if a row serves
 * it, so the index cannot point at a route that does not exist. Relation names, titles and hrefs follow the
 * Pact Broker (docs/api/index.md); clients expand `{placeholders}` themselves.
 */
import { sendHal, type Link } from '../http/hal.js'
import { escapeHtml } from '../http/html.js'
import { baseUrlOf } from '../http/links.js'
import { type AdvertisedRelation, methodsOf, relationsOf, type Route } from '../http/route-table.js'
import { param } from '../http/routing.js'
import { NotFoundError } from '../shared/errors.js'

/** The index's `_links`: one link per advertised relation (`self` included) and a curie per relation prefix. */
export function indexLinks(base: string, routes: readonly Route[]): Record<string, Link | Link[]> {
  const links: Record<string, Link | Link[]> = {}
  for (const relation of relationsOf(routes)) {
    links[relation.rel] = {
      ...(relation.name ? { name: relation.name } : {}),
      href: `${base}${relation.href}`,
      title: relation.title,
      templated: relation.href.includes('{'),
    }
  }
  links.curies = curiePrefixes(routes).map((name) => ({ name, href: `${base}/doc/{rel}?context=index`, templated: true }))
  return links
}

/** `pb`, `beta`, `pf`: the prefixes of the advertised relations, in order of first use. */
export function curiePrefixes(routes: readonly Route[]): string[] {
  return [...new Set(relationsOf(routes).flatMap(({ rel }) => (rel.includes(':') ? [rel.slice(0, rel.indexOf(':'))] : [])))]
}

/** The relations `/doc/{rel}` documents under a name without its prefix (`publish-pact` → `pb:publish-pact`). */
export function relationsNamed(routes: readonly Route[], name: string): AdvertisedRelation[] {
  return relationsOf(routes).filter((r) => r.rel.includes(':') && r.rel.slice(r.rel.indexOf(':') + 1) === name)
}

/** The documentation page of one relation: what it is, its URL template, and each method with its access level. */
function docPage(base: string, relations: [AdvertisedRelation, ...AdvertisedRelation[]], routes: readonly Route[]): string {
  const [first] = relations
  const methods = routes
    .filter((route) => route.path === first.route.path)
    .flatMap((route) => methodsOf(route).map((method) => `<li><code>${method}</code>: ${escapeHtml(route.access)} access</li>`))
  const names = relations.map((r) => `<li><code>${escapeHtml(r.rel)}</code>: ${escapeHtml(r.title)}</li>`)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(first.rel)} · Concord broker</title></head>
<body><h1>${escapeHtml(first.title)}</h1>
<p>Advertised by the index at <a href="${escapeHtml(base)}/">${escapeHtml(base)}/</a> as:</p>
<ul>${names.join('')}</ul>
<p>URL template: <code>${escapeHtml(base + first.href)}</code></p>
<h2>Methods</h2>
<ul>${methods.join('')}</ul>
</body></html>`
}

/** The rows for `GET /` and `GET /doc/{rel}`; `table` returns the whole route table (a function, because the table includes these rows). */
export function indexRoutes(table: () => readonly Route[]): Route[] {
  return [
    {
      method: 'GET',
      path: '/',
      access: 'read',
      relations: [{ rel: 'self', title: 'Index' }],
      // Browsers get the dashboard instead (broker/ui/, attached as this row's page).
      handler: (req, res) => sendHal(res, 200, { _links: indexLinks(baseUrlOf(req), table()) }),
    },
    {
      // The curies' target: `/doc/publish-pact?context=index` documents `pb:publish-pact`, as in the Pact Broker.
      method: 'GET',
      path: '/doc/:rel',
      access: 'public',
      handler: (req, res) => {
        const rel = param(req, 'rel')
        const routes = table()
        const [first, ...rest] = relationsNamed(routes, rel)
        if (!first) throw new NotFoundError(`No relation named '${rel}' is documented here; the index at / lists them all`)
        res
          .status(200)
          .type('text/html')
          .send(docPage(baseUrlOf(req), [first, ...rest], routes))
      },
    },
  ]
}
