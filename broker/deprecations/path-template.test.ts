import { describe, expect, it } from 'vitest'
import { matchesPath, normalisePath, parsePathTemplate } from './path-template.js'

function template(source: string) {
  const parsed = parsePathTemplate(source)
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.template
}

describe('parsePathTemplate', () => {
  it('reads literal segments and placeholders', () => {
    expect(template('/users/{id}').parameters).toEqual(['id'])
    expect(template('/files/{name}.{ext}').parameters).toEqual(['name', 'ext'])
    expect(template('/').parameters).toEqual([])
    expect(template('/users/').source).toBe('/users')
  })

  it.each([
    ['', 'must not be empty'],
    ['users/{id}', "must start with '/'"],
    ['GET /users', 'whitespace'],
    ['/users?active=true', 'without a query string'],
    ['/users//{id}', 'empty segment'],
    ['/users/{id', "'{' without a matching '}'"],
    ['/users/id}', "'}' without a matching '{'"],
    ['/users/}id{', "'}' without a matching '{'"],
    ['/users/{}', "empty placeholder '{}'"],
    ['/users/{a{b}}', 'nested braces'],
    ['/users/{1bad}', "invalid placeholder name '1bad'"],
    ['/users/{id}/friends/{id}', "placeholder '{id}' twice"],
    ['/files/{name}{ext}', 'two placeholders with nothing between them'],
  ])('refuses %j: %s', (source, message) => {
    const parsed = parsePathTemplate(source)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.error).toContain(message)
  })
})

describe('matchesPath', () => {
  it('matches one segment per placeholder', () => {
    const t = template('/users/{id}')
    expect(matchesPath(t, '/users/42')).toBe(true)
    expect(matchesPath(t, '/users/42/')).toBe(true)
    expect(matchesPath(t, '/users/42?expand=true')).toBe(true)
    expect(matchesPath(t, '/users')).toBe(false)
    expect(matchesPath(t, '/users/')).toBe(false)
    expect(matchesPath(t, '/users/42/friends')).toBe(false)
    expect(matchesPath(t, '/accounts/42')).toBe(false)
  })

  it('treats literals literally, decodes percent-escapes and handles mixed segments', () => {
    expect(matchesPath(template('/v1.0/users'), '/v1x0/users')).toBe(false)
    expect(matchesPath(template('/v1.0/users'), '/v1.0/users')).toBe(true)
    expect(matchesPath(template('/files/{name}.{ext}'), '/files/report.final.pdf')).toBe(true)
    expect(matchesPath(template('/files/{name}.{ext}'), '/files/report')).toBe(false)
    expect(matchesPath(template('/users/{id}'), '/users/a%20b')).toBe(true)
    expect(matchesPath(template('/users/{id}'), '/users/a%2Fb')).toBe(false)
    expect(matchesPath(template('/search'), 'search')).toBe(true)
  })

  it('normalises paths', () => {
    expect(normalisePath('/a%20b/c?x=1#f')).toBe('/a b/c')
  })
})
