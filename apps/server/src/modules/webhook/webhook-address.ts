import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** All the addresses of a host name. Injected so that tests can answer for names (no real DNS). */
export type Resolve = (host: string) => Promise<LookupAddress[]>;

export const systemResolve: Resolve = (host) => lookup(host, { all: true, order: 'verbatim' });

/** Global unicast: the only IPv6 block handed out for the Internet; the rest is reserved or special. */
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Why `address` is not a public Internet address, e.g. "loopback" or "private (embedded 10.0.0.1)",
 * or null when it is. ipaddr.js names the special ranges (private, CGNAT, link-local, multicast,
 * documentation, benchmarking, 240/4, ULA…); IPv6 forms that carry an IPv4 address (mapped,
 * compatible, SIIT, NAT64, 6to4) are judged by that address, as that is where packets end up.
 */
export function nonPublicRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an address';
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv4') {
    const range = (ip as ipaddr.IPv4).range();
    return range === 'unicast' ? null : range;
  }
  const v6 = ip as ipaddr.IPv6;
  const range = v6.range();
  if (range === 'loopback' || range === 'unspecified') return range;
  const embedded = embeddedIPv4(v6);
  if (embedded) {
    const inner = embedded.range();
    return inner === 'unicast' ? null : `${inner} (embedded ${embedded.toString()})`;
  }
  if (range !== 'unicast') return range;
  return v6.match(GLOBAL_UNICAST) ? null : 'reserved';
}

/** The IPv4 address an IPv6 address stands for, if it is one of the forms that embed one. */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = ip.parts;
  const bytes = ip.toByteArray();
  const zeros = (from: number, to: number) => p.slice(from, to).every((part) => part === 0);
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, deprecated), ::ffff:0:a.b.c.d (SIIT, RFC 6145),
  // 64:ff9b::a.b.c.d (NAT64 well-known prefix, RFC 6052): the IPv4 address is the last 32 bits.
  if (
    (zeros(0, 5) && (p[5] === 0xffff || p[5] === 0)) ||
    (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) ||
    (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6))
  ) {
    return new ipaddr.IPv4(bytes.slice(12, 16));
  }
  // 2002:aabb:ccdd::/48 (6to4, RFC 3056): the IPv4 address is bits 16 to 48.
  if (p[0] === 0x2002) return new ipaddr.IPv4(bytes.slice(2, 6));
  return null;
}

/** A webhook address that passed the checks, with the addresses it was checked at: connect to those only. */
export interface WebhookTarget {
  url: URL;
  addresses: LookupAddress[];
}

/**
 * Checks `url` for webhooks and resolves it once. Every address the name resolves to must be public
 * (unless `allowPrivate`); the caller then connects to one of `addresses` and never resolves the name
 * again, so a DNS answer that changes after the check (DNS rebinding) cannot steer the request inside.
 */
export async function checkWebhookUrl(
  url: string,
  allowPrivate: boolean,
  resolve: Resolve = systemResolve,
): Promise<{ problem: string } | { target: WebhookTarget }> {
  const parsed = parseWebhookUrl(url);
  if (typeof parsed === 'string') return { problem: parsed };
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  const addresses = family ? [{ address: host, family }] : await resolve(host).catch(() => []);
  if (addresses.length === 0) return { problem: `The name ${host} does not resolve.` };
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const range = nonPublicRange(address);
      if (range)
        return { problem: `${host} points into a private network (${address}: ${range}); webhooks go to public addresses only.` };
    }
  }
  return { target: { url: parsed, addresses } };
}

function parseWebhookUrl(url: string): URL | string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Enter an absolute address, such as https://example.com/hooks/certhub.';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'Use an http or https address.';
  if (parsed.username || parsed.password) return 'Put no credentials in the address; verify the signature instead.';
  return parsed;
}

/**
 * Why `url` may not receive webhooks, or null: checked when an endpoint is saved (and again, with
 * `checkWebhookUrl`, before each delivery, as DNS changes). Where private addresses are allowed
 * (development, tests), the name need not resolve yet.
 */
export async function webhookAddressProblem(
  url: string,
  allowPrivate: boolean,
  resolve: Resolve = systemResolve,
): Promise<string | null> {
  if (allowPrivate) {
    const parsed = parseWebhookUrl(url);
    return typeof parsed === 'string' ? parsed : null;
  }
  const checked = await checkWebhookUrl(url, allowPrivate, resolve);
  return 'problem' in checked ? checked.problem : null;
}
