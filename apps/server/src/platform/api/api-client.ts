import { clientKey } from './client-address.js';

/**
 * Who is calling the API, as rate limiting and the request log see it. Anonymous clients are
 * counted by address; a client with an API key by its key; signed-in staff are not rate limited.
 */
export type ApiClient =
  | { kind: 'anonymous'; id: string }
  | { kind: 'api-key'; id: string; keyId: number; prefix: string; quota: number | null }
  | { kind: 'staff'; id: string };

/** An anonymous client, counted by `clientKey` (an IPv6 address by its /64) of its `clientAddress`. */
export function anonymousClient(address: string | null): ApiClient {
  return { kind: 'anonymous', id: `address:${clientKey(address)}` };
}

/** What the request log says of a client: never an address or an email. */
export function loggedClient(client: ApiClient): string {
  if (client.kind === 'api-key') return `key:${client.prefix}`;
  return client.kind;
}

/** The client of a working API key. */
export function apiKeyClient(apiKey: { id: number; prefix: string; quota: number | null }): ApiClient {
  return { kind: 'api-key', id: `key:${apiKey.id}`, keyId: apiKey.id, prefix: apiKey.prefix, quota: apiKey.quota };
}

/** The key of `Authorization: Bearer <key>`; null when the header is not that. */
export function bearerToken(authorization: string): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match ? (match[1] as string) : null;
}
