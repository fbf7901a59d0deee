import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';
import proxyAddress from 'proxy-addr';

/**
 * Which proxies in front of the server may name the client in `X-Forwarded-For` (TRUST_PROXY):
 * none (`false`), the last `n` hops, or proxies at these addresses, CIDRs and proxy-addr names
 * (`loopback`, `linklocal`, `uniquelocal`). Never "every hop": a proxy that appends to the header
 * keeps whatever the client put on its left, so the left-most entry is the client's to choose.
 */
export type TrustProxy = false | number | readonly string[];

/** Whether the hop at `address`, `hop` steps from the server (0: the socket's peer), is a trusted proxy. */
export type ProxyTrust = (address: string, hop: number) => boolean;

export const MAX_TRUSTED_HOPS = 10;

/** TRUST_PROXY as written: the setting, or what is wrong with it (a message naming the variable). */
export function parseTrustProxy(raw: string | undefined): { value: TrustProxy; problem: string | null } {
  const text = raw?.trim() ?? '';
  if (text === '' || text === 'false' || text === '0') return { value: false, problem: null };
  if (text === 'true') {
    return {
      value: false,
      problem:
        'TRUST_PROXY=true would let any client choose its own address through X-Forwarded-For. Give the number of proxies in front of CertHub (TRUST_PROXY=1 for one nginx or load balancer) or their addresses (TRUST_PROXY=loopback or TRUST_PROXY=10.0.0.0/8,192.0.2.7).',
    };
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops <= MAX_TRUSTED_HOPS) return { value: hops, problem: null };
    return { value: false, problem: `TRUST_PROXY must be a number of proxies from 1 to ${MAX_TRUSTED_HOPS} (got "${text}").` };
  }
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    proxyAddress.compile(entries);
    return { value: entries, problem: null };
  } catch (error) {
    return {
      value: false,
      problem: `TRUST_PROXY must be false, a number of proxies (1 = one proxy in front), or comma-separated proxy addresses and CIDRs (or loopback, linklocal, uniquelocal): ${(error as Error).message} (got "${text}").`,
    };
  }
}

/** The trust test of a setting, for `clientAddress` and Express's `trust proxy` alike. */
export function proxyTrust(setting: TrustProxy): ProxyTrust {
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return proxyAddress.compile([...setting]);
}

/**
 * The client's address: the socket's peer, or, when that is a trusted proxy, the `X-Forwarded-For`
 * entry to the left of the last trusted hop, read from the right. The one place the server derives
 * it (GraphQL context, response cache, budgets, throttles), so every counter sees the same client.
 */
export function clientAddress(request: IncomingMessage, trust: ProxyTrust): string | null {
  if (!request.socket?.remoteAddress) return null;
  return proxyAddress(request, trust) || null;
}

/**
 * What abuse counters (budgets, throttles, limits) key a client by: an IPv4 address as it is (an
 * IPv4-mapped IPv6 address as its IPv4), an IPv6 address by its /64, the block one subscriber
 * usually holds whole, so walking through its addresses does not give a client new allowances.
 */
export function clientKey(address: string | null | undefined): string {
  if (!address) return 'unknown';
  const bare = address.split('%')[0] as string;
  if (isIPv4(bare)) return bare;
  const groups = isIPv6(bare) ? ipv6Groups(bare) : null;
  if (!groups) return address;
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing dotted IPv4 split in two). */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  const groups = [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : null;
}
