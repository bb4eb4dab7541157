import { describe, expect, it } from 'vitest'
import { MapLayout } from './map-layout.js'

const ring = (n: number) => Array.from({ length: n }, (_, i) => [i + 1, ((i + 1) % n) + 1] as const)
const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1)
const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y)

describe('MapLayout', () => {
  it('lays a graph out in a worker: connected services end up closer than unconnected ones', async () => {
    const layout = new MapLayout({ iterations: 200 })
    // Two separate rings of 20: ForceAtlas2 pulls each ring together and pushes the rings apart.
    const edges = [...ring(20), ...ring(20).map(([a, b]) => [a + 20, b + 20] as const)]
    const positions = await layout.positionsFor(ids(40), edges)
    expect(positions.size).toBe(40)
    for (const point of positions.values()) expect(Number.isFinite(point.x) && Number.isFinite(point.y)).toBe(true)
    const within = distance(positions.get(1)!, positions.get(2)!)
    const across = distance(positions.get(1)!, positions.get(21)!)
    expect(within).toBeLessThan(across)
  })

  it('answers from its cache while the graph is the same, and lays out again (from the old positions) when it changes', async () => {
    const layout = new MapLayout({ iterations: 100, refineIterations: 20 })
    const first = await layout.positionsFor(ids(30), ring(30))
    const again = await Promise.all([layout.positionsFor(ids(30), ring(30)), layout.positionsFor([...ids(30)].reverse(), [...ring(30)].reverse())])
    expect(layout.stats.computed).toBe(1)
    expect(again[0]).toBe(first)
    expect(again[1]).toBe(first)

    // One more service beside service 1: a new layout, starting where the old one ended.
    const grown = await layout.positionsFor([...ids(30), 31], [...ring(30), [31, 1]])
    expect(layout.stats.computed).toBe(2)
    expect(grown.size).toBe(31)
    const moved = ids(30).map((id) => distance(first.get(id)!, grown.get(id)!))
    const spread = Math.max(...ids(30).map((id) => distance(first.get(id)!, first.get(1)!)))
    // Refined, not redrawn: on average the old services move by a small part of the picture's size.
    expect(moved.reduce((a, b) => a + b, 0) / moved.length).toBeLessThan(spread / 2)
  })

  it('places a lone service without starting a worker, and an empty graph too', async () => {
    const layout = new MapLayout()
    expect((await layout.positionsFor([], [])).size).toBe(0)
    expect([...(await layout.positionsFor([7], [])).keys()]).toEqual([7])
  })

  it('keeps one answer per key, shared by concurrent requests, and forgets a failed build', async () => {
    const layout = new MapLayout()
    let builds = 0
    const build = async () => `answer ${++builds}`
    const [a, b] = await Promise.all([layout.answerFor('k1', build), layout.answerFor('k1', build)])
    expect(a).toBe(b)
    expect(a.body).toBe('answer 1')
    expect(a.etag).toMatch(/^"[\w-]+"$/)
    expect((await layout.answerFor('k1', build)).body).toBe('answer 1')
    expect((await layout.answerFor('k2', build)).body).toBe('answer 2')
    await expect(layout.answerFor('k3', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone')
    expect((await layout.answerFor('k3', build)).body).toBe('answer 3')
    expect(layout.stats.answersBuilt).toBe(3)
  })
})
