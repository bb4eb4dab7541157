import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES } from '../support/databases.js'
import { del, get, put } from '../support/http.js'
import { startTestBroker, type TestBroker } from '../support/test-broker.js'

for (const database of DATABASES) {
  describe(`pacticipant labels (${database.name})`, () => {
    let broker: TestBroker
    beforeAll(async () => {
      broker = await startTestBroker(database)
    })
    afterAll(() => broker?.close())

    it('adds a label with PUT (creating the pacticipant), answers 200 the second time, and embeds it in the pacticipant', async () => {
      const url = `${broker.url}/pacticipants/web/labels/checkout-team`
      const created = await put(url, {})
      expect(created.status).toBe(201)
      expect(created.headers.get('location')).toBe(url)
      expect(created.body).toMatchObject({
        name: 'checkout-team',
        _links: { self: { href: url, name: 'checkout-team' }, pacticipant: { name: 'web', href: `${broker.url}/pacticipants/web` } },
      })
      expect(created.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/)
      expect((await put(url, {})).status).toBe(200)
      expect((await get(url)).body.name).toBe('checkout-team')

      await put(`${broker.url}/pacticipants/web/labels/mobile`, {})
      const pacticipant = await get(`${broker.url}/pacticipants/web`)
      expect(pacticipant.body._embedded.labels).toEqual([
        { name: 'checkout-team', _links: { self: { title: 'Label', name: 'checkout-team', href: url } } },
        { name: 'mobile', _links: { self: { title: 'Label', name: 'mobile', href: `${broker.url}/pacticipants/web/labels/mobile` } } },
      ])
      expect(pacticipant.body._links['pb:label']).toMatchObject({ href: `${broker.url}/pacticipants/web/labels/{label}`, templated: true })
    })

    it('lists pacticipants by label and the label names in use', async () => {
      await put(`${broker.url}/pacticipants/orders/labels/checkout-team`, {})
      await put(`${broker.url}/pacticipants/users/labels/identity-team`, {})
      const byLabel = await get(`${broker.url}/pacticipants/label/checkout-team`)
      expect(byLabel.status).toBe(200)
      expect(byLabel.body._embedded.pacticipants.map((p: { name: string }) => p.name)).toEqual(['orders', 'web'])
      expect(byLabel.body._links.self.href).toBe(`${broker.url}/pacticipants/label/checkout-team`)
      expect(byLabel.body._embedded.pacticipants[1]._embedded.labels.map((l: { name: string }) => l.name)).toEqual(['checkout-team', 'mobile'])
      expect((await get(`${broker.url}/pacticipants/label/nobody`)).body._embedded.pacticipants).toEqual([])

      const all = await get(`${broker.url}/pacticipants`)
      const users = all.body._embedded.pacticipants.find((p: { name: string }) => p.name === 'users')
      expect(users._embedded.labels.map((l: { name: string }) => l.name)).toEqual(['identity-team'])

      const names = await get(`${broker.url}/labels`)
      expect(names.body._embedded.labels).toEqual([{ name: 'checkout-team' }, { name: 'identity-team' }, { name: 'mobile' }])
      const paged = await get(`${broker.url}/labels?size=2&page=2`)
      expect(paged.body._embedded.labels).toEqual([{ name: 'mobile' }])
      expect(paged.body.page).toMatchObject({ number: 2, size: 2, totalElements: 3, totalPages: 2 })
    })

    it('deletes a label (204), then answers label-not-found', async () => {
      const url = `${broker.url}/pacticipants/web/labels/mobile`
      expect((await del(url)).status).toBe(204)
      const gone = await get(url)
      expect(gone.status).toBe(404)
      expect(gone.body.type).toBe(`${broker.url}/problems/label-not-found`)
      expect(gone.body.detail).toContain("'web' has no label 'mobile'")
      expect((await del(url)).status).toBe(404)
      expect((await get(`${broker.url}/pacticipants/nobody/labels/x`)).body.type).toBe(`${broker.url}/problems/pacticipant-not-found`)
    })

    it('refuses a label name with a control character and creates nothing', async () => {
      const bad = await put(`${broker.url}/pacticipants/newcomer/labels/a%0Ab`, {})
      expect(bad.status).toBe(400)
      expect(bad.body.detail).toContain('control character')
      expect((await get(`${broker.url}/pacticipants/newcomer`)).status).toBe(404)
    })

    it('keeps one row when the same label is PUT concurrently, and answers 404 (never 5xx) when it races a DELETE of the pacticipant', async () => {
      const statuses = (await Promise.all(Array.from({ length: 12 }, () => put(`${broker.url}/pacticipants/racer/labels/busy`, {})))).map((r) => r.status)
      expect(statuses.filter((s) => s === 201)).toHaveLength(1)
      expect(statuses.filter((s) => s === 200)).toHaveLength(11)
      expect((await get(`${broker.url}/pacticipants/label/busy`)).body._embedded.pacticipants).toHaveLength(1)

      for (let round = 0; round < 5; round++) {
        const name = `doomed-${round}`
        await put(`${broker.url}/pacticipants/${name}/labels/a`, {})
        const results = await Promise.all([
          ...Array.from({ length: 6 }, (_, i) => put(`${broker.url}/pacticipants/${name}/labels/l${i}`, {})),
          del(`${broker.url}/pacticipants/${name}`),
        ])
        for (const result of results) expect(result.status, JSON.stringify(result.body)).toBeLessThan(500)
        // Whatever won, labels never outlive their pacticipant: either it exists again (re-created by a PUT that
        // ran after the DELETE) with its labels, or it is gone with all of them.
        const after = await get(`${broker.url}/pacticipants/${name}`)
        if (after.status === 404)
          expect((await get(`${broker.url}/pacticipants/label/l0`)).body._embedded.pacticipants.map((p: { name: string }) => p.name)).not.toContain(name)
        else expect(after.status).toBe(200)
      }
    })
  })
}
