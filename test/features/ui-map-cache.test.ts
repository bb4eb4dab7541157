/**
 * The map's data (/map/graph) after writes: the layout and the serialized answer are kept while the data is the
 * same and follow it at once when it changes — a new integration, a new verification status, a label, a
 * deployment — with no restart and no wait. Over HTTP on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MapGraph } from '../../broker/ui/pages/map.js'
import { DATABASES } from '../support/databases.js'
import { td } from '../support/td.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

interface Answer {
  etag: string
  graph: MapGraph
  /** "consumer>provider status", sorted. */
  edges: string[]
  position: (name: string) => { x: number; y: number }
}

async function readMap(url: string): Promise<Answer> {
  const res = await fetch(`${url}/map/graph`)
  expect(res.status).toBe(200)
  const graph = (await res.json()) as MapGraph
  const { nodes, edges } = graph
  return {
    etag: res.headers.get('etag') ?? '',
    graph,
    edges: edges.consumer.map((c, e) => `${nodes.name[c]}>${nodes.name[edges.provider[e]!]} ${graph.statuses[edges.status[e]!]}`).sort(),
    position: (name) => {
      const n = nodes.name.indexOf(name)
      expect(n).toBeGreaterThanOrEqual(0)
      return { x: nodes.x[n]!, y: nodes.y[n]! }
    },
  }
}

for (const database of DATABASES) {
  describe(`the map's data after writes (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
      await td(broker)
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'users', interactions: 'get user' })
        .publishPact({ consumer: 'web', consumerVersion: '1.0.0', provider: 'orders', interactions: 'list orders' })
    })
    afterAll(() => broker?.close())

    it('answers the same until something changes, then shows the change at once', async () => {
      const first = await readMap(broker.url)
      expect(first.edges).toEqual(['web>orders unverified', 'web>users unverified'])
      const again = await readMap(broker.url)
      expect(again.etag).toBe(first.etag)

      // A new integration: a new answer with the new service and edge, at once.
      await td(broker).publishPact({ consumer: 'mobile', consumerVersion: '1.0.0', provider: 'users', interactions: 'get user from mobile' })
      const grown = await readMap(broker.url)
      expect(grown.etag).not.toBe(first.etag)
      expect([...grown.graph.nodes.name].sort()).toEqual(['mobile', 'orders', 'users', 'web'])
      expect(grown.edges).toEqual(['mobile>users unverified', 'web>orders unverified', 'web>users unverified'])

      // A verification changes a status, not the graph's shape: a new answer over the same positions.
      await td(broker).verify({ provider: 'users', providerVersion: '2.0.0', success: false, consumer: 'mobile', consumerVersion: '1.0.0' })
      const verified = await readMap(broker.url)
      expect(verified.etag).not.toBe(grown.etag)
      expect(verified.edges).toEqual(['mobile>users failed', 'web>orders unverified', 'web>users unverified'])
      for (const name of ['mobile', 'orders', 'users', 'web']) expect(verified.position(name)).toEqual(grown.position(name))
    })

    it('shows labels and deployments as soon as they are recorded', async () => {
      const before = await readMap(broker.url)
      expect((await fetch(`${broker.url}/pacticipants/orders/labels/checkout-team`, { method: 'PUT' })).status).toBe(201)
      await td(broker).recordDeployment('users', '2.0.0', 'production')
      const after = await readMap(broker.url)
      expect(after.etag).not.toBe(before.etag)
      const { nodes } = after.graph
      const labelsOf = (name: string) => nodes.labels[nodes.name.indexOf(name)]!.map((l) => after.graph.labels[l])
      const environmentsOf = (name: string) => nodes.environments[nodes.name.indexOf(name)]!.map((e) => after.graph.environments[e])
      expect(labelsOf('orders')).toEqual(['checkout-team'])
      expect(labelsOf('web')).toEqual([])
      expect(environmentsOf('users')).toEqual(['production'])
      expect(environmentsOf('web')).toEqual([])
    })
  })
}
