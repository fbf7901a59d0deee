import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { WebhookTarget } from './webhook-address.js';

export interface Destination {
  address: string;
  family: number;
  port: number;
}

/**
 * Where a connection meant for a checked address is made: to that address. Tests replace it,
 * as their only legal traffic target is loopback while the classifier must see a public address.
 */
export type Route = (checked: Destination) => Destination;

export const directRoute: Route = (checked) => checked;

/** Errors that mean nothing reached the address, so the next address of the name may be tried. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

/**
 * POSTs `body` to a checked target and answers the status code. It connects to the checked
 * addresses (in order, the next one when one is unreachable) and never resolves the name again;
 * the name still goes in the Host header and, over TLS, in SNI and the certificate check.
 * Redirects are not followed: the caller sees the 3xx.
 */
export async function postToTarget(
  target: WebhookTarget,
  request: { headers: Record<string, string>; body: string; signal: AbortSignal },
  route: Route = directRoute,
): Promise<number> {
  const port = Number(target.url.port) || (target.url.protocol === 'https:' ? 443 : 80);
  let lastError: unknown = new Error('No address to connect to.');
  for (const { address, family } of target.addresses) {
    try {
      return await postOnce(target.url, route({ address, family, port }), request);
    } catch (error) {
      if (request.signal.aborted || !UNREACHABLE.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

function postOnce(
  url: URL,
  to: Destination,
  { headers, body, signal }: { headers: Record<string, string>; body: string; signal: AbortSignal },
): Promise<number> {
  const name = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const outgoing = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      {
        host: to.address,
        family: to.family,
        port: to.port,
        method: 'POST',
        path: `${url.pathname}${url.search}`,
        headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
        // SNI and the certificate are for the name; an address literal has no SNI.
        servername: isIP(name) ? '' : name,
        // A connection of its own: a pooled one could lead to wherever the name pointed before.
        agent: false,
        signal,
      },
      (response) => {
        // Only the status counts; the body is not read.
        response.destroy();
        resolve(response.statusCode ?? 0);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
