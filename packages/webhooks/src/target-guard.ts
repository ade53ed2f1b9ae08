import { lookup as dnsLookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'

/**
 * Addresses a webhook must not reach unless WEBHOOK_ALLOW_PRIVATE=true: this network's own
 * (private, loopback, link-local, carrier-grade NAT, unique-local), and addresses that are not
 * anyone's (unspecified, documentation, benchmarking, multicast, reserved).
 */
const refused = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  refused.addSubnet(network, prefix, 'ipv4')
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  refused.addSubnet(network, prefix, 'ipv6')
}

/** Whether an address may be a webhook's target without WEBHOOK_ALLOW_PRIVATE (IPv4-mapped IPv6 is judged as the IPv4 it maps). */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return isPublicAddress(mapped[1]!)
  const family = isIP(address)
  if (family === 0) return false
  return !refused.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

export class TargetRefused extends Error {
  readonly code = 'WEBHOOK_URL_REFUSED'
  constructor(message: string) {
    super(message)
    this.name = 'TargetRefused'
  }
}

export interface CheckedTarget {
  url: URL
  /** The addresses checked, in the resolver's order: a delivery connects to the first, never resolving again. */
  addresses: Array<{ address: string; family: number }>
}

export type Resolve = (hostname: string) => Promise<Array<{ address: string; family: number }>>

const resolveAll: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true })

/**
 * Checks a webhook URL at registration and again before every delivery (DNS may have changed):
 * https (plain http only with `allowPrivate`), no credentials in it, and every address its host
 * resolves to public unless `allowPrivate`. Throws TargetRefused with the reason.
 */
export async function checkTarget(raw: string, { allowPrivate, resolve = resolveAll }: { allowPrivate: boolean; resolve?: Resolve }): Promise<CheckedTarget> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new TargetRefused('The webhook URL is not a valid URL')
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) throw new TargetRefused('The webhook URL must use https')
  if (url.username || url.password) throw new TargetRefused('The webhook URL must not carry credentials')
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  let addresses: Array<{ address: string; family: number }>
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host)
  } catch {
    throw new TargetRefused(`The webhook host ${host} does not resolve`)
  }
  if (addresses.length === 0) throw new TargetRefused(`The webhook host ${host} does not resolve`)
  if (!allowPrivate) {
    const inside = addresses.find((entry) => !isPublicAddress(entry.address))
    if (inside) throw new TargetRefused(`The webhook host ${host} resolves to ${inside.address}, a private, loopback or reserved address`)
  }
  return { url, addresses }
}
