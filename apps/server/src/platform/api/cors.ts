import type { IncomingMessage } from 'node:http';
import type { ProxyTrust } from './client-address.js';

/** Origins besides the server's own whose pages may call `/graphql` with the staff cookie. */
export interface CorsPolicy {
  allowedOrigins: ReadonlySet<string>;
  /** Which proxies may name the client (TRUST_PROXY): `X-Forwarded-Proto` counts when the socket's peer is one. */
  trustProxy: ProxyTrust;
}

export const EXPOSED_HEADERS =
  'x-request-id, ratelimit-limit, ratelimit-remaining, ratelimit-reset, ratelimit-policy, retry-after, etag';

/**
 * The CORS answer for a request to `/graphql`: anyone may read the public catalogue (`*`, so the
 * browser sends no cookie), while the server's own pages and CORS_ORIGINS may send the staff cookie.
 */
export function corsHeaders(request: IncomingMessage, policy: CorsPolicy): Array<[string, string]> {
  const origin = request.headers.origin;
  if (!origin) return [];
  const credentialed = mayUseCookie(request, policy);
  return [
    ['vary', 'Origin'],
    ['access-control-allow-origin', credentialed ? origin : '*'],
    ...(credentialed ? ([['access-control-allow-credentials', 'true']] as Array<[string, string]>) : []),
    ['access-control-expose-headers', EXPOSED_HEADERS],
  ];
}

/** Whether the staff cookie counts for this request: no Origin (not a cross-site page), its own, or an allowed one. */
export function mayUseCookie(request: IncomingMessage, policy: CorsPolicy): boolean {
  const origin = request.headers.origin;
  return !origin || origin === ownOrigin(request, policy.trustProxy) || policy.allowedOrigins.has(origin);
}

function ownOrigin(request: IncomingMessage, trustProxy: ProxyTrust): string {
  const forwarded = trustProxy(request.socket.remoteAddress ?? '', 0)
    ? (request.headers['x-forwarded-proto'] as string | undefined)?.split(',')[0]?.trim()
    : undefined;
  const scheme = forwarded || ((request.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');
  return `${scheme}://${request.headers.host}`;
}
