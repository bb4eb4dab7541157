import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decryptSecret, encryptSecret, isSensitiveHeader, redact, REDACTED } from './secrets.js'

describe('webhook secrets', () => {
  it('encrypts with a fresh IV each time and decrypts only with the same key', () => {
    const key = randomBytes(32)
    const a = encryptSecret(key, 'Bearer abc123')
    const b = encryptSecret(key, 'Bearer abc123')
    expect(a).not.toBe(b)
    expect(a).not.toContain('abc123')
    expect(decryptSecret(key, a)).toBe('Bearer abc123')
    expect(() => decryptSecret(randomBytes(32), a)).toThrow()
    const [version, iv, tag, ciphertext] = a.split(':')
    const flipped = Buffer.from(ciphertext!, 'base64url')
    flipped[0] = flipped[0]! ^ 1
    expect(() => decryptSecret(key, [version, iv, tag, flipped.toString('base64url')].join(':'))).toThrow()
  })

  it('knows which headers hold secrets', () => {
    for (const name of ['Authorization', 'X-Auth-Token', 'PRIVATE-TOKEN', 'X-Api-Key', 'api_key', 'Cookie', 'X-Client-Secret'])
      expect(isSensitiveHeader(name), name).toBe(true)
    for (const name of ['Content-Type', 'Accept', 'X-Request-Id']) expect(isSensitiveHeader(name), name).toBe(false)
  })

  it('masks every occurrence of a secret, URL-encoded forms included', () => {
    expect(redact('token=s3cr3t/x and s3cr3t%2Fx and s3cr3t/x', ['s3cr3t/x'])).toBe(`token=${REDACTED} and ${REDACTED} and ${REDACTED}`)
  })

  it('masks credential-like query values and URL passwords, and leaves the rest of a URL readable', () => {
    expect(redact('POST https://gitlab.example/api/v4/projects/7/trigger/pipeline?token=glptt-abc&ref=main', [])).toBe(
      `POST https://gitlab.example/api/v4/projects/7/trigger/pipeline?token=${REDACTED}&ref=main`,
    )
    expect(redact('https://x.example/hook?ref=main&access_token=a1&API_KEY=b2&sig=c3&code=d4&key=e5', [])).toBe(
      `https://x.example/hook?ref=main&access_token=${REDACTED}&API_KEY=${REDACTED}&sig=${REDACTED}&code=${REDACTED}&key=${REDACTED}`,
    )
    expect(redact('Redirect 302 https://ci:hunter22@ci.example/build?monkey=1', [])).toBe(`Redirect 302 https://ci:${REDACTED}@ci.example/build?monkey=1`)
    const plain = 'POST https://ci.example/build?ref=main&branch=feat/keyboard&page=2 (user: me@example.com)'
    expect(redact(plain, [])).toBe(plain)
  })
})
