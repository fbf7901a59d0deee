import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';
import { clientAddress, clientKey, parseTrustProxy, proxyTrust, type TrustProxy } from './client-address.js';
import { postGraphQL } from './test-http.js';

/** A request as it reaches the server: the socket's peer, and the header proxies (or the client) wrote. */
const requestFrom = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

const addressOf = (setting: TrustProxy, peer: string, forwardedFor?: string) =>
  clientAddress(requestFrom(peer, forwardedFor), proxyTrust(setting));

describe('TRUST_PROXY', () => {
  it('takes false, a number of hops, or addresses, CIDRs and named ranges', () => {
    expect(parseTrustProxy(undefined)).toEqual({ value: false, problem: null });
    expect(parseTrustProxy('false')).toEqual({ value: false, problem: null });
    expect(parseTrustProxy('0')).toEqual({ value: false, problem: null });
    expect(parseTrustProxy('2')).toEqual({ value: 2, problem: null });
    expect(parseTrustProxy(' loopback, 10.0.0.0/8 ,2001:db8::/32,192.0.2.7')).toEqual({
      value: ['loopback', '10.0.0.0/8', '2001:db8::/32', '192.0.2.7'],
      problem: null,
    });
  });

  it('refuses true, which lets any client forge its address, with what to set instead', () => {
    const { problem } = parseTrustProxy('true');
    expect(problem).toMatch(/TRUST_PROXY=true would let any client choose its own address/);
    expect(problem).toMatch(/TRUST_PROXY=1/);
  });

  it('refuses what is neither a count nor addresses', () => {
    expect(parseTrustProxy('yes').problem).toMatch(/^TRUST_PROXY must be false, a number of proxies .*\(got "yes"\)/);
    expect(parseTrustProxy('10.0.0.0/99').problem).toMatch(/TRUST_PROXY must be/);
    expect(parseTrustProxy('11').problem).toMatch(/TRUST_PROXY must be a number of proxies from 1 to 10/);
  });
});

describe('clientAddress', () => {
  it('is the socket peer when no proxy is trusted, whatever the header says', () => {
    expect(addressOf(false, '203.0.113.5', '6.6.6.6')).toBe('203.0.113.5');
  });

  it('with one trusted hop, is the right-most entry: a left-most one forged by the client does not count', () => {
    // nginx's $proxy_add_x_forwarded_for appends the address it saw to what the client sent.
    expect(addressOf(1, '127.0.0.1', '6.6.6.6, 198.51.100.7')).toBe('198.51.100.7');
    expect(addressOf(1, '127.0.0.1', '198.51.100.7')).toBe('198.51.100.7');
    expect(addressOf(2, '127.0.0.1', '6.6.6.6, 198.51.100.7, 10.0.0.2')).toBe('198.51.100.7');
    // No header: the proxy itself is the client (a health check).
    expect(addressOf(1, '127.0.0.1')).toBe('127.0.0.1');
  });

  it('with a list of trusted proxies, walks from the right past every trusted one', () => {
    const trusted = ['loopback', '10.0.0.0/8'];
    expect(addressOf(trusted, '127.0.0.1', '6.6.6.6, 198.51.100.7, 10.1.2.3, 10.9.9.9')).toBe('198.51.100.7');
    // A peer that is not a trusted proxy is the client, whatever it sends.
    expect(addressOf(trusted, '203.0.113.5', '6.6.6.6, 10.1.2.3')).toBe('203.0.113.5');
    // IPv4-mapped peers match IPv4 ranges.
    expect(addressOf(trusted, '::ffff:10.0.0.1', '198.51.100.7')).toBe('198.51.100.7');
  });

  it('is null for a socket that has gone', () => {
    expect(addressOf(1, '')).toBeNull();
  });
});

describe('clientKey', () => {
  it('keys IPv4 as it is, IPv4-mapped IPv6 as its IPv4, and IPv6 by its /64', () => {
    expect(clientKey('198.51.100.7')).toBe('198.51.100.7');
    expect(clientKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(clientKey('::FFFF:c633:6407')).toBe('198.51.100.7');
    expect(clientKey('2001:db8:1:2::a')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0DB8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:3::a')).toBe('2001:db8:1:3::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey(null)).toBe('unknown');
  });
});

/** Costs 1 + 2 × 4 = 9 points; `fresh` names it anew, so that the response cache has not seen it and GraphQL answers. */
let asked = 0;
const ninePoints = (fresh: boolean) => `query Q${fresh ? ++asked : 0} { programs(first: 4) { edges { node { id } } } }`;

describe('request budgets behind a proxy', () => {
  /** POST: a new operation each time, answered by GraphQL; GET: the same one, answered from the response cache once seen. */
  const remainingAfter = async (url: string, forwardedFor: string, method: 'GET' | 'POST' = 'POST') => {
    const response =
      method === 'POST'
        ? await postGraphQL(url, { query: ninePoints(true) }, { 'x-forwarded-for': forwardedFor })
        : await fetch(`${url}/graphql?query=${encodeURIComponent(ninePoints(false))}`, {
            headers: { accept: 'application/graphql-response+json', 'x-forwarded-for': forwardedFor },
          });
    expect(response.status).toBe(200);
    return Number(response.headers.get('ratelimit-remaining'));
  };

  describe('TRUST_PROXY=1', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer((db) => importSeed(db.dataSource), {
        trustProxy: 1,
        rateLimit: { windowSeconds: 60, anonymous: 1000, apiKey: 1000 },
      });
    });
    afterAll(() => server.close());

    it('keys a client by the right-most entry: forging the left-most does not give a new budget', async () => {
      expect(await remainingAfter(server.url, '6.6.6.1, 198.51.100.7')).toBe(991);
      expect(await remainingAfter(server.url, '6.6.6.2, 198.51.100.7')).toBe(982);
      // From the response cache (a GET, the second time): the same key.
      expect(await remainingAfter(server.url, '6.6.6.3, 198.51.100.7', 'GET')).toBe(973);
      expect(await remainingAfter(server.url, '6.6.6.4, 198.51.100.7', 'GET')).toBe(964);
      expect(await remainingAfter(server.url, '6.6.6.5, 198.51.100.8')).toBe(991);
    });

    it('gives two IPv6 addresses of one /64 one budget, and another /64 its own', async () => {
      expect(await remainingAfter(server.url, '2001:db8:1:2::a')).toBe(991);
      expect(await remainingAfter(server.url, '2001:db8:1:2:ffff:1:2:3', 'GET')).toBe(982);
      expect(await remainingAfter(server.url, '2001:db8:1:3::a')).toBe(991);
      // An IPv4-mapped address shares its IPv4's budget.
      expect(await remainingAfter(server.url, '::ffff:198.51.100.8')).toBe(982);
    });
  });

  describe('TRUST_PROXY=loopback,10.0.0.0/8', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer((db) => importSeed(db.dataSource), {
        trustProxy: ['loopback', '10.0.0.0/8'],
        rateLimit: { windowSeconds: 60, anonymous: 1000, apiKey: 1000 },
      });
    });
    afterAll(() => server.close());

    it('walks from the right past the trusted proxies to the client', async () => {
      expect(await remainingAfter(server.url, '6.6.6.1, 198.51.100.7, 10.1.2.3')).toBe(991);
      expect(await remainingAfter(server.url, '6.6.6.2, 198.51.100.7, 10.4.5.6, 10.7.8.9')).toBe(982);
      expect(await remainingAfter(server.url, '198.51.100.7')).toBe(973);
    });
  });
});
