/**
 * Where a webhook may send: the Pact Broker's allow-lists (schemes, HTTP methods, hosts; same defaults: https,
 * POST, any host) and, beyond them, no address that is loopback, link-local, unspecified or a cloud metadata
 * endpoint unless CONCORD_WEBHOOK_ALLOWED_ADDRESSES names it: a webhook would otherwise be a way to make the
 * broker call into its own network. Names are checked when a webhook is saved and again, at connection time,
 * for every delivery (a name can resolve differently later), so the address checked is the address used.
 */
import { lookup as dnsLookup } from 'node:dns'
import { BlockList, isIP, type LookupFunction } from 'node:net'
import type { WebhookSettings } from '../config.js'
import type { FieldError } from '../shared/errors.js'

type Policy = Pick<WebhookSettings, 'schemes' | 'methods' | 'hosts' | 'allowedAddresses'>

const REFUSED: ReadonlyArray<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['169.254.0.0', 16, 'ipv4', 'link-local (cloud metadata endpoints live here)'],
  ['100.100.100.200', 32, 'ipv4', 'a cloud metadata endpoint'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fd00:ec2::254', 128, 'ipv6', 'a cloud metadata endpoint'],
]

function blockListOf(entries: readonly string[]): BlockList {
  const list = new BlockList()
  for (const entry of entries) {
    const [address, prefix] = entry.split('/')
    const type = isIP(address!) === 6 ? 'ipv6' : 'ipv4'
    if (prefix === undefined) list.addAddress(address!, type)
    else list.addSubnet(address!, Number(prefix), type)
  }
  return list
}

/** `::ffff:127.0.0.1` (and its hex form `::ffff:7f00:1`, as URLs write it) is 127.0.0.1. */
function unmapped(address: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (dotted) return { address: dotted[1]!, type: 'ipv4' }
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address)
  if (hex) {
    const high = parseInt(hex[1]!, 16)
    const low = parseInt(hex[2]!, 16)
    return { address: [high >> 8, high & 255, low >> 8, low & 255].join('.'), type: 'ipv4' }
  }
  return { address, type: isIP(address) === 6 ? 'ipv6' : 'ipv4' }
}

/**
 * Why the broker will not connect to `address`, or null when it may.
 * @example refusedAddress({ allowedAddresses: [] }, '127.0.0.1') // 'loopback'
 */
export function refusedAddress(policy: Pick<Policy, 'allowedAddresses'>, address: string): string | null {
  const { address: plain, type } = unmapped(address)
  if (policy.allowedAddresses.length && blockListOf(policy.allowedAddresses).check(plain, type)) return null
  for (const [net, prefix, netType, why] of REFUSED) {
    if (netType !== type) continue
    const list = new BlockList()
    list.addSubnet(net, prefix, netType)
    if (list.check(plain, type)) return why
  }
  return null
}

/** The Pact Broker's host allow-list rule: exact name, `*.domain` (one label), `/regex/`, or an address / CIDR for an IP host. */
export function hostAllowed(hosts: readonly string[], host: string): boolean {
  if (!hosts.length) return true
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  return hosts.some((entry) => {
    if (isIP(bare)) {
      const [address] = entry.split('/')
      if (!isIP(address!)) return false
      const { address: plain, type } = unmapped(bare)
      return blockListOf([entry]).check(plain, type)
    }
    if (entry.length > 2 && entry.startsWith('/') && entry.endsWith('/')) return new RegExp(entry.slice(1, -1)).test(bare)
    if (entry.startsWith('*.')) {
      const suffix = entry.slice(1).toLowerCase()
      return bare.endsWith(suffix) && !bare.slice(0, -suffix.length).includes('.') && bare.length > suffix.length
    }
    return bare === entry.toLowerCase()
  })
}

const PLACEHOLDER = /\$\{pactbroker\.[^}]+\}/g

/** The URL with every parameter replaced by `placeholder`, parsed; null when it is not a URL. */
function parsedTemplate(url: string, placeholder: string): URL | null {
  try {
    return new URL(url.replace(PLACEHOLDER, placeholder))
  } catch {
    return null
  }
}

/**
 * The allow-list checks of a webhook request, as field errors under `pointer` (`/request`): method, URL, scheme,
 * host allow-list and no template in the host (all as the Pact Broker's webhook request contract).
 */
export function requestTargetErrors(policy: Policy, method: string, url: string, pointer = '/request'): FieldError[] {
  const errors: FieldError[] = []
  if (!policy.methods.includes(method.toUpperCase())) {
    const allowed = policy.methods.length === 1 ? `must be ${policy.methods[0]}` : `must be one of ${policy.methods.join(', ')}`
    errors.push({ pointer: `${pointer}/method`, detail: `${allowed} (CONCORD_WEBHOOK_HTTP_METHOD_ALLOWLIST). See /doc/webhooks#allow-lists.` })
  }
  const parsed = parsedTemplate(url, 'placeholder')
  if (!parsed || !parsed.hostname) {
    errors.push({ pointer: `${pointer}/url`, detail: 'is not a valid URL' })
    return errors
  }
  if (parsedTemplate(url, 'differentplaceholder')?.host !== parsed.host) {
    errors.push({ pointer: `${pointer}/url`, detail: 'cannot have a template parameter in the host' })
    return errors
  }
  const scheme = parsed.protocol.replace(/:$/, '')
  if (!policy.schemes.includes(scheme)) {
    errors.push({
      pointer: `${pointer}/url`,
      detail: `scheme must be ${policy.schemes.join(', ')} (CONCORD_WEBHOOK_SCHEME_ALLOWLIST). See /doc/webhooks#allow-lists.`,
    })
  }
  if (!hostAllowed(policy.hosts, parsed.hostname)) {
    errors.push({
      pointer: `${pointer}/url`,
      detail: `host must be in the allow-list ${policy.hosts.map((h) => JSON.stringify(h)).join(', ')} (CONCORD_WEBHOOK_HOST_ALLOWLIST). See /doc/webhooks#allow-lists.`,
    })
  }
  return errors
}

/** Resolves the URL's host and names the first refused address, or null. A name that does not resolve is not refused here. */
export async function refusedDestination(policy: Pick<Policy, 'allowedAddresses'>, url: string): Promise<string | null> {
  const parsed = parsedTemplate(url, 'placeholder')
  if (!parsed) return null
  const host = parsed.hostname.replace(/^\[|\]$/g, '')
  const addresses = isIP(host)
    ? [host]
    : await new Promise<string[]>((resolve) => dnsLookup(host, { all: true }, (error, found) => resolve(error ? [] : found.map((a) => a.address))))
  for (const address of addresses) {
    const why = refusedAddress(policy, address)
    if (why) return `${host} resolves to ${address}, which is ${why}; webhooks may not call it unless CONCORD_WEBHOOK_ALLOWED_ADDRESSES allows it`
  }
  return null
}

export class RefusedAddressError extends Error {
  readonly code = 'EWEBHOOKREFUSED'
}

/**
 * A `lookup` for http.request that refuses loopback, link-local and metadata addresses at connection time: the
 * address checked is the one connected to (no window for a name to change in between).
 */
export function guardedLookup(policy: Pick<Policy, 'allowedAddresses'>): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, options.all ? [] : '', 4)
      for (const { address } of addresses) {
        const why = refusedAddress(policy, address)
        if (why)
          return callback(
            new RefusedAddressError(`refused: ${hostname} resolves to ${address}, which is ${why} (CONCORD_WEBHOOK_ALLOWED_ADDRESSES)`),
            options.all ? [] : '',
            4,
          )
      }
      if (options.all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses)
      callback(null, addresses[0]!.address, addresses[0]!.family)
    })
  }
}
