import { describe, expect, it } from 'vitest'
import { hostAllowed, refusedAddress, requestTargetErrors } from './safety.js'

const policy = { schemes: ['https'], methods: ['POST'], hosts: [] as string[], allowedAddresses: [] as string[] }

describe('refusedAddress', () => {
  it('refuses loopback, link-local, unspecified and metadata addresses, mapped IPv6 forms included', () => {
    for (const [address, why] of [
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['::1', 'loopback'],
      ['169.254.169.254', 'link-local'],
      ['fe80::1', 'link-local'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['100.100.100.200', 'metadata'],
      ['fd00:ec2::254', 'metadata'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:a9fe:a9fe', 'link-local'],
    ]) {
      expect(refusedAddress(policy, address!), address).toContain(why)
    }
  })

  it('lets public and private-range addresses through, and what CONCORD_WEBHOOK_ALLOWED_ADDRESSES allows', () => {
    for (const address of ['8.8.8.8', '10.1.2.3', '192.168.1.1', '2001:db8::1', '100.100.100.201']) expect(refusedAddress(policy, address), address).toBeNull()
    expect(refusedAddress({ allowedAddresses: ['127.0.0.1'] }, '127.0.0.1')).toBeNull()
    expect(refusedAddress({ allowedAddresses: ['127.0.0.1'] }, '127.0.0.2')).toBe('loopback')
    expect(refusedAddress({ allowedAddresses: ['127.0.0.0/8', '::1'] }, '::1')).toBeNull()
  })
})

describe('hostAllowed (the Pact Broker host allow-list rules)', () => {
  it('allows any host when the list is empty', () => {
    expect(hostAllowed([], 'anything.example')).toBe(true)
  })
  it('matches exact names case-insensitively, one-label wildcards, regular expressions and address ranges', () => {
    const hosts = ['api.github.com', '*.gitlab.example.com', '/^ci[0-9]+\\.example\\.org$/', '10.0.0.0/8']
    expect(hostAllowed(hosts, 'API.GitHub.com')).toBe(true)
    expect(hostAllowed(hosts, 'build.gitlab.example.com')).toBe(true)
    expect(hostAllowed(hosts, 'a.b.gitlab.example.com')).toBe(false)
    expect(hostAllowed(hosts, 'gitlab.example.com')).toBe(false)
    expect(hostAllowed(hosts, 'ci42.example.org')).toBe(true)
    expect(hostAllowed(hosts, 'ci.example.org')).toBe(false)
    expect(hostAllowed(hosts, '10.9.8.7')).toBe(true)
    expect(hostAllowed(hosts, '11.0.0.1')).toBe(false)
    expect(hostAllowed(hosts, 'evil.com')).toBe(false)
  })
})

describe('requestTargetErrors', () => {
  it('accepts a POST to https with a templated path', () => {
    expect(requestTargetErrors(policy, 'POST', 'https://ci.example.com/builds/${pactbroker.consumerVersionNumber}')).toEqual([])
  })
  it('names each refusal with a pointer, as the Pact Broker words them', () => {
    expect(requestTargetErrors(policy, 'PUT', 'http://ci.example.com/')).toEqual([
      { pointer: '/request/method', detail: expect.stringContaining('must be POST') },
      { pointer: '/request/url', detail: expect.stringContaining('scheme must be https') },
    ])
    expect(requestTargetErrors(policy, 'POST', 'https://${pactbroker.providerName}.example.com/')[0]!.detail).toBe(
      'cannot have a template parameter in the host',
    )
    expect(requestTargetErrors(policy, 'POST', 'not a url')[0]!.detail).toBe('is not a valid URL')
    expect(requestTargetErrors({ ...policy, hosts: ['api.github.com'] }, 'POST', 'https://evil.com/')[0]!.detail).toContain(
      'host must be in the allow-list "api.github.com"',
    )
  })
})
