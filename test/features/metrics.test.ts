import fs from 'node:fs'
import path from 'node:path'
import parsePrometheusTextFormat, { type PrometheusMetricFamily } from 'parse-prometheus-text-format'
import { register as promClientGlobalRegistry } from 'prom-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMetrics } from '../../broker/metrics/metrics.js'
import { createEvents } from '../../broker/shared/events.js'
import { DATABASES } from '../support/databases.js'
import { get, post, put } from '../support/http.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

const fixtures = path.resolve(import.meta.dirname, '../fixtures')
const webUsers = JSON.parse(fs.readFileSync(path.join(fixtures, 'pacts/web-users.json'), 'utf8')) as Record<string, unknown>
const usersDescription = fs.readFileSync(path.join(fixtures, 'openapi/users-1.0.0.yaml'), 'utf8')
/** What Prometheus 2.x/3.x sends when it scrapes. */
const PROMETHEUS_ACCEPT = 'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1'

/**
 * Scrapes as Prometheus does and parses the exposition. The parser (parse-prometheus-text-format, prom2json's
 * shape) folds a histogram's labelled series into one label-less sample, so the text is parsed twice: as served
 * (every line must parse, and each family keeps its TYPE), and with the histogram TYPE lines left out, so that
 * each `_bucket`, `_sum` and `_count` series comes back with its labels.
 */
async function scrape(broker: TestBroker): Promise<{ types: Map<string, string>; families: Map<string, PrometheusMetricFamily> }> {
  const res = await fetch(`${broker.url}/metrics`, { headers: { accept: PROMETHEUS_ACCEPT } })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  const text = await res.text()
  const types = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family.type]))
  const untyped = text.replace(/^# TYPE \S+ histogram$/gm, '')
  // Without their TYPE, a histogram's series come back as several families per name (one per run of lines).
  const families = new Map<string, PrometheusMetricFamily>()
  for (const family of parsePrometheusTextFormat(untyped)) {
    const seen = families.get(family.name)
    if (seen) seen.metrics.push(...family.metrics)
    else families.set(family.name, family)
  }
  return { types, families }
}

function sample(families: Map<string, PrometheusMetricFamily>, name: string, labels: Record<string, string> = {}) {
  const family = families.get(name)
  expect(family, `${name} is exposed`).toBeDefined()
  return family!.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
}

for (const database of DATABASES) {
  describe(`metrics after a release flow (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database, { processMetrics: true })
      // web 1.0.0 publishes; users 1.0.0 publishes its API description (a schema comparison); users 2.0.0
      // verifies and is deployed; web asks can-i-deploy twice (deployable, then for an unknown pair).
      await td(broker)
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', branch: 'main', content: webUsers })
        .verify({ provider: 'users', providerVersion: '2.0.0', branch: 'main', success: true })
        .createEnvironment('production', { production: true })
        .recordDeployment('users', '2.0.0', 'production')
      const contract = await put(`${broker.url}/pacticipants/users/versions/1.0.0/provider-contract`, {
        content: usersDescription,
        contentType: 'application/yaml',
      })
      expect(contract.status, JSON.stringify(contract.body)).toBe(201)
      const yes = await get(`${broker.url}/can-i-deploy?pacticipant=web&version=1.0.0&environment=production`)
      expect(yes.body.summary.deployable).toBe(true)
      await td(broker).publishPact({ consumer: 'web', consumerVersion: '1.1.0', provider: 'users', branch: 'main', interactions: 'something new' })
      const matrix = await get(`${broker.url}/matrix?q[][pacticipant]=web&q[][version]=1.1.0&latestby=cvpv&environment=production`)
      expect(matrix.body.summary.deployable).toBeNull()
      // A matrix browse without latestby is not a can-i-deploy decision.
      expect((await get(`${broker.url}/matrix?q[][pacticipant]=web`)).status).toBe(200)
    })
    afterAll(() => broker?.close())

    it('exposes Prometheus text that a Prometheus parser reads, with the flow counted', async () => {
      const { types, families } = await scrape(broker)
      expect(sample(families, 'concord_contract_publications_total', { content_changed: 'true' })?.value).toBe('2')
      expect(sample(families, 'concord_verification_results_total', { success: 'true' })?.value).toBe('1')
      expect(sample(families, 'concord_deployments_recorded_total')?.value).toBe('1')
      expect(sample(families, 'concord_can_i_deploy_decisions_total', { outcome: 'deployable' })?.value).toBe('1')
      expect(sample(families, 'concord_can_i_deploy_decisions_total', { outcome: 'unknown' })?.value).toBe('1')
      expect(sample(families, 'concord_can_i_deploy_decisions_total', { outcome: 'not_deployable' })).toBeUndefined()

      expect(types.get('concord_schema_comparison_duration_seconds')).toBe('HISTOGRAM')
      expect(families.get('concord_schema_comparison_duration_seconds_count')!.metrics).toEqual([{ labels: { status: 'compatible' }, value: '1' }])
      expect(Number(sample(families, 'concord_schema_comparison_duration_seconds_sum', { status: 'compatible' })?.value)).toBeGreaterThan(0)

      expect(types.get('concord_http_request_duration_seconds')).toBe('HISTOGRAM')
      const requests = families.get('concord_http_request_duration_seconds_count')!.metrics
      const byRoute = (route: string, status: string) => requests.find((m) => m.labels?.route === route && m.labels.status === status)?.value
      // Route patterns, not URLs: the two publications are one series.
      expect(byRoute('/contracts/publish', '200')).toBe('2')
      expect(byRoute('/can-i-deploy', '200')).toBe('1')
      expect(byRoute('/pacticipants/:pacticipant/versions/:version/provider-contract', '201')).toBe('1')
      expect(requests.some((m) => m.labels?.route?.includes('web'))).toBe(false)
      const buckets = families.get('concord_http_request_duration_seconds_bucket')!.metrics
      expect(buckets.find((m) => m.labels?.route === '/can-i-deploy' && m.labels.le === '+Inf')?.value).toBe('1')

      expect(Number(sample(families, 'process_cpu_user_seconds_total')?.value)).toBeGreaterThan(0)
      expect(types.get('nodejs_eventloop_lag_seconds')).toBe('GAUGE')
      if (database.name === 'postgres') expect(Number(sample(families, 'concord_db_pool_connections', { state: 'total' })?.value)).toBeGreaterThan(0)
      else expect(families.has('concord_db_pool_connections')).toBe(false)
    })

    it("answers the Pact Broker's JSON counts when the client asks for JSON", async () => {
      // A webhook made after the flow: counted, with nothing triggered yet.
      const webhook = await post(`${broker.url}/webhooks`, {
        description: 'counted',
        events: [{ name: 'contract_published' }],
        request: { method: 'POST', url: 'https://203.0.113.10/hooks/pact' },
      })
      expect(webhook.status, JSON.stringify(webhook.body)).toBe(201)
      const res = await get(`${broker.url}/metrics`)
      expect(res.status).toBe(200)
      expect(res.contentType).toMatch(/^application\/hal\+json/)
      expect(res.body).toMatchObject({
        interactions: { latestInteractionsCount: 1, latestMessagesCount: 0, latestInteractionsAndMessagesCount: 1 },
        pacticipants: { count: 2, withMainBranchSetCount: 2 },
        integrations: { count: 1 },
        pactPublications: { count: 2 },
        pactVersions: { count: 2 },
        pactRevisionsPerConsumerVersion: { distribution: { 1: 2 } },
        verificationResults: { count: 1, successCount: 1, failureCount: 0, distinctCount: 1 },
        verificationResultsPerPactVersion: { distribution: { 1: 1 } },
        pacticipantVersions: { count: 4, withBranchCount: 3 },
        deployedVersions: { count: 1, currentlyDeployedCount: 1 },
        releasedVersions: { count: 0, currentlySupportedCount: 0 },
        matrix: { count: -1 },
        webhooks: { count: 1 },
        triggeredWebhooks: { count: 0 },
        webhookExecutions: { count: 0 },
      })
      expect(res.body.environments.count).toBe((await get(`${broker.url}/environments`)).body._embedded.environments.length)
      expect(res.body.pactPublications.first).toMatch(/^\d{4}-\d\d-\d\dT.*\+00:00$/)
    })

    it('reports its database as the Pact Broker does at /diagnostic/status/dependencies', async () => {
      const res = await get(`${broker.url}/diagnostic/status/dependencies`)
      expect(res.status).toBe(200)
      expect(res.body.database).toEqual({ ok: true })
    })
  })
}

describe('metrics registries', () => {
  it("are one per app: nothing reaches another app's registry or prom-client's global one", async () => {
    const [eventsA, eventsB] = [createEvents(), createEvents()]
    const [a, b] = [createMetrics({ events: eventsA }), createMetrics({ events: eventsB, processMetrics: false })]
    eventsA.emit('verification.published', { consumer: 'web', provider: 'users', providerVersion: '1', pactVersionSha: 'x', success: false, verificationId: 1 })
    const count = async (metrics: typeof a) => (await metrics.registry.getSingleMetric('concord_verification_results_total')!.get()).values
    expect(await count(a)).toEqual([{ labels: { success: 'false' }, value: 1 }])
    expect(await count(b)).toEqual([])
    expect(b.registry.getSingleMetric('process_cpu_user_seconds_total')).toBeUndefined()
    expect(await promClientGlobalRegistry.getMetricsAsJSON()).toEqual([])
  })
})
