/**
 * Every relation the index advertises resolves: a seeded broker's index is walked, each template filled with
 * names that exist, each link fetched, and each curie's page fetched for every relation of its prefix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { get, post } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

interface IndexLink {
  href: string
  title?: string
  templated?: boolean
  name?: string
}

// What a GET of the bare link answers when it is not 200: relations a client POSTs to answer 405 (with the
// methods they take), and the matrix, like the Pact Broker's, wants selectors in its query string (so do the
// provider-contract diff and semver check: the versions to compare).
const NOT_200: Record<string, number> = {
  'pb:publish-contracts': 405,
  'pf:publish-provider-contract': 405,
  'pb:matrix': 400,
  'concord:release-plan': 400,
  'concord:provider-contracts-diff': 400,
  'concord:provider-contracts-semver-check': 400,
  'concord:webhooks-retrigger': 405,
}

for (const database of DATABASES) {
  describe(`walking the index (${database.name})`, () => {
    let broker: TestBroker
    let values: Record<string, string>
    let links: Record<string, IndexLink | IndexLink[]>
    let perRelation: Record<string, Record<string, string>> = {}

    beforeAll(async () => {
      broker = await startTestBroker(database)
      // A pact on Consumer's main branch tagged prod, verified by a Provider version deployed to production.
      const state = await td(broker)
        .createPacticipant('Consumer', { mainBranch: 'main' })
        .publishPact({ consumer: 'Consumer', consumerVersion: '1.0.0', provider: 'Provider', branch: 'main', tags: ['prod'] })
        .verify({ provider: 'Provider', providerVersion: '2.0.0', branch: 'main', success: true })
        .createEnvironment('production')
        .recordDeployment('Provider', '2.0.0', 'production')
      // Provider deprecates an operation and its responses proposed deprecating another (the concord: relations).
      const declared = await post(`${broker.url}/pacticipants/Provider/deprecations`, {
        kind: 'operation',
        method: 'GET',
        path: '/things/{id}',
        deprecatedIn: '2.0.0',
        sunset: '2099-12-31',
      })
      expect(declared.status).toBe(201)
      const reported = await post(`${broker.url}/pacticipants/Provider/deprecations/proposals`, {
        providerVersion: '2.0.0',
        deprecations: [{ method: 'DELETE', path: '/things/1', deprecation: '@1735689600' }],
      })
      expect(reported.status).toBe(200)
      // A webhook for the pair, so pb:webhook has a uuid to fill in (its {uuid} is a webhook's, not an environment's).
      const webhook = await post(`${broker.url}/webhooks/provider/Provider/consumer/Consumer`, {
        events: [{ name: 'contract_published' }],
        request: { method: 'POST', url: 'https://ci.example.invalid/hooks/${pactbroker.consumerName}' },
      })
      expect(webhook.status).toBe(201)
      perRelation = { 'pb:webhook': { uuid: webhook.body.uuid } }
      values = {
        provider: 'Provider',
        consumer: 'Consumer',
        consumerApplicationVersion: '1.0.0',
        pacticipant: 'Consumer',
        version: '1.0.0',
        branch: 'main',
        tag: 'prod',
        environment: 'production',
        uuid: state.environments.get('production')!,
        deprecation: declared.body.uuid,
        proposal: reported.body.results[0].proposal.uuid,
      }
      links = (await get(broker.url)).body._links
    })
    afterAll(async () => {
      await broker?.close()
    })

    const fill = (href: string, rel = '') =>
      href.replace(/\{(\w+)\}/g, (_, name: string) => {
        const own = { ...values, ...perRelation[rel] }
        expect(own, `a value for {${name}} in ${href}`).toHaveProperty(name)
        return encodeURIComponent(own[name]!)
      })

    it('fetches every relation, templates filled with names that exist: none is missing or fails', async () => {
      const relations = Object.entries(links).filter(([rel]) => rel !== 'curies') as [string, IndexLink][]
      expect(relations.length).toBeGreaterThan(30)
      const outcomes: Record<string, number> = {}
      for (const [rel, link] of relations) outcomes[rel] = (await get(fill(link.href, rel))).status
      const expected = Object.fromEntries(relations.map(([rel]) => [rel, NOT_200[rel] ?? 200]))
      expect(outcomes).toEqual(expected)
      const matrix = await get(`${links['pb:matrix'] && (links['pb:matrix'] as IndexLink).href}?q[][pacticipant]=Consumer&q[][version]=1.0.0&latestby=cvp`)
      expect(matrix.status).toBe(200)
      expect(matrix.body.matrix).toHaveLength(1)
    })

    it('answers the branch and tag relations with the seeded pact', async () => {
      for (const rel of [
        'pb:tagged-pact-versions',
        'pb:branch-pact-versions',
        'pb:main-branch-pact-versions',
        'pb:latest-branch-pact-versions',
        'pb:latest-main-branch-pact-versions',
        'pb:provider-pacts-with-tag',
      ]) {
        const res = await get(fill((links[rel] as IndexLink).href))
        expect(res.body._links['pb:pacts'], rel).toEqual([expect.objectContaining({ name: 'Consumer', href: expect.stringContaining('/version/1.0.0') })])
      }
    })

    it('serves a page for every relation from its curie, with the relation and its methods, escaped', async () => {
      const curies = links.curies as IndexLink[]
      expect(curies.map((c) => c.name)).toEqual(expect.arrayContaining(['pb', 'beta', 'pf']))
      let pages = 0
      for (const curie of curies) {
        for (const [rel, link] of Object.entries(links)) {
          if (!rel.startsWith(`${curie.name}:`)) continue
          const res = await fetch(curie.href.replace('{rel}', rel.slice(curie.name!.length + 1)))
          expect(res.status, rel).toBe(200)
          expect(res.headers.get('content-type')).toMatch(/^text\/html/)
          const page = await res.text()
          expect(page).toContain(`<code>${rel}</code>: ${(link as IndexLink).title!.replaceAll('&', '&amp;').replaceAll("'", '&#39;')}`)
          expect(page).toMatch(/<code>(GET|POST)<\/code>: (read|write|admin) access/)
          pages++
        }
      }
      expect(pages).toBe(Object.keys(links).filter((rel) => rel.includes(':')).length)
      const apostrophe = await (await fetch(`${broker.url}/doc/provider-pacts-with-main-branch`)).text()
      expect(apostrophe).toContain('each consumer&#39;s main branch')
      expect(apostrophe).not.toContain("consumer's")
    })

    it('answers 404 for a relation it does not have', async () => {
      const res = await get(`${broker.url}/doc/no-such-relation?context=index`, { accept: 'application/problem+json' })
      expect(res.status).toBe(404)
      expect(res.contentType).toMatch(/^application\/problem\+json/)
    })
  })
}
