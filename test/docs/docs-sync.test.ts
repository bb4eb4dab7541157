import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { relationsOf } from '../../broker/http/route-table.js'
import { ROUTES } from '../../broker/http/routes.js'
import { PROBLEM_TYPES } from '../../broker/shared/problem-types.js'

const root = path.resolve(import.meta.dirname, '../..')
const read = (file: string) => readFile(path.join(root, file), 'utf8')

// The reference docs are part of the product: these fail when code and docs drift apart.
describe('docs stay in sync with the code', () => {
  it('docs/errors.md documents exactly the problem types the broker can return', async () => {
    const documented = [...(await read('docs/errors.md')).matchAll(/^### `([a-z0-9-]+)`/gm)].map((m) => m[1]).sort()
    expect(documented).toEqual(Object.keys(PROBLEM_TYPES).sort())
  })

  it('docs/configuration.md documents every setting the broker reads', async () => {
    const source = await read('broker/config.ts')
    const keys = new Set([...source.matchAll(/\b(?:env\.|env, ')([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!))
    expect(keys.size).toBeGreaterThan(5)
    const documented = new Set([...(await read('docs/configuration.md')).matchAll(/^### `([A-Z][A-Z0-9_]+)`/gm)].map((m) => m[1]))
    for (const key of keys) expect(documented, `docs/configuration.md lacks ${key}`).toContain(key)
    for (const key of documented) expect(keys, `docs/configuration.md documents ${key}, which broker/config.ts does not read`).toContain(key)
  })

  it('docs/api/index.md lists exactly the relations the route table advertises, each with its template', async () => {
    const doc = await read('docs/api/index.md')
    const documented = [...doc.matchAll(/^\| `([a-z]+(?::[a-z-]+)?)` \| `([^`]+)` \|/gm)].map((m) => `${m[1]} ${m[2]}`)
    expect(documented.sort()).toEqual(
      relationsOf(ROUTES)
        .map((r) => `${r.rel} ${r.href}`)
        .sort(),
    )
  })
})
