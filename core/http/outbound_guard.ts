import { BlockList, isIP } from 'node:net'
import { lookup } from 'node:dns/promises'
import type { Agent } from 'node:http'
import { useAgent } from 'request-filtering-agent'
import platform from '#config/platform'

/**
 * Address ranges that are not public unicast: loopback, private (RFC 1918,
 * unique local), link-local (incl. cloud metadata 169.254.169.254), CGNAT,
 * documentation, benchmarking, multicast, reserved and unspecified (IPv4-compatible
 * IPv6 forms such as ::127.0.0.1 included).
 */
const NON_PUBLIC = (() => {
  const list = new BlockList()
  const v4 = [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.88.99.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const
  for (const [address, bits] of v4) list.addSubnet(address, bits, 'ipv4')
  const v6 = [
    // Unspecified, loopback and the deprecated IPv4-compatible addresses (::a.b.c.d).
    ['::', 96],
    ['64:ff9b::', 96],
    ['100::', 64],
    ['2001::', 23],
    ['2001:db8::', 32],
    ['2002::', 16],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const
  for (const [address, bits] of v6) list.addSubnet(address, bits, 'ipv6')
  return list
})()

/** Why a target is refused, or null when it may be called. */
export type TargetVerdict = string | null

function allowedList(): BlockList {
  const list = new BlockList()
  const allowed = platform.webhooks.allowedPrivateTargets
  if (allowed === 'all') return list
  for (const entry of allowed) {
    const [address, bits] = entry.split('/')
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4'
    if (bits === undefined) list.addAddress(address, family)
    else list.addSubnet(address, Number(bits), family)
  }
  return list
}

/** Whether the delivery settings let the platform call this IP address. */
export function addressAllowed(address: string): boolean {
  // BlockList also matches IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) against IPv4 rules.
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4'
  if (!NON_PUBLIC.check(address, family)) return true
  if (platform.webhooks.allowedPrivateTargets === 'all') return true
  return allowedList().check(address, family)
}

/** What inspectOutboundUrl found: the URL, or why it may not be called. */
export type OutboundUrlCheck =
  | { ok: true; url: URL }
  | { ok: false; reason: 'invalid' | 'scheme' | 'credentials' }
  | { ok: false; reason: 'unresolved'; host: string }
  | { ok: false; reason: 'private'; address: string }

/**
 * Inspects a URL the platform is asked to call: http or https only, no
 * credentials, and every address its host resolves to must be public (or
 * allowed by WEBHOOK_ALLOWED_PRIVATE_TARGETS). Shared by webhook targets and
 * knowledge URL imports, which word the refusal for their own callers.
 */
export async function inspectOutboundUrl(rawUrl: string): Promise<OutboundUrlCheck> {
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return { ok: false, reason: 'invalid' }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'scheme' }
  if (url.username || url.password) return { ok: false, reason: 'credentials' }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  let addresses: string[]
  if (isIP(host)) {
    addresses = [host]
  } else {
    try {
      const resolved = await lookup(host, { all: true })
      addresses = resolved.map((entry) => entry.address)
    } catch {
      return { ok: false, reason: 'unresolved', host }
    }
  }
  const refused = addresses.find((address) => !addressAllowed(address))
  if (refused) return { ok: false, reason: 'private', address: refused }
  return { ok: true, url }
}

/**
 * Checks a webhook URL when it is saved (inspectOutboundUrl). The delivery
 * agent checks again at connection time, so a host that later resolves
 * elsewhere is still refused.
 */
export async function checkWebhookTarget(rawUrl: string): Promise<TargetVerdict> {
  const check = await inspectOutboundUrl(rawUrl)
  if (check.ok) return null
  switch (check.reason) {
    case 'invalid':
      return 'The URL is not valid'
    case 'scheme':
      return 'Only http and https URLs'
    case 'credentials':
      return 'The URL must not contain credentials'
    case 'unresolved':
      return `The host "${check.host}" does not resolve`
    case 'private':
      return `The host resolves to ${check.address}, a private, loopback or link-local address that webhooks may not call`
  }
}

/**
 * The HTTP(S) agent for one delivery: it refuses, at connection time, every
 * address that is not public unless the settings allow it (SSRF protection,
 * also against DNS rebinding).
 */
export function deliveryAgent(url: string): Agent {
  const allowed = platform.webhooks.allowedPrivateTargets
  return useAgent(url, {
    keepAlive: false,
    allowPrivateIPAddress: allowed === 'all',
    allowMetaIPAddress: false,
    allowIPAddressList: allowed === 'all' ? [] : allowed,
  })
}
