import { hash } from 'node:crypto';
import { type ApiClient, apiKeyClient, bearerToken } from './api-client.js';

/** What of the API key service this needs (modules/api-key/api-key.service.ts). */
export interface ApiKeyLookup {
  find(key: string): Promise<{ id: number; prefix: string; quota: number | null } | null>;
  countUse(apiKeyId: number): void;
}

/** Keys remembered at most: only working keys are, so this bounds memory, not what an attacker sends. */
const MAX_KNOWN_KEYS = 10_000;

/**
 * The working API keys the response cache has seen, so that a key's repeated public read costs no
 * statement of its own. A key is remembered with the catalogue revision read before it was looked
 * up, and trusted only while that revision stands: creating or revoking a key moves the revision
 * (modules/change/record-change.ts), on whichever instance it happens, so a revoked key is refused
 * by the first request that sees the revision it moved to. Unknown and revoked keys are never
 * remembered: each costs its lookup, as before.
 */
export class KnownApiKeys {
  /** Hash of the key → its client, all looked up at `revision`. */
  private readonly clients = new Map<string, ApiClient>();
  private revision = Number.NaN;

  constructor(private readonly apiKeys: ApiKeyLookup) {}

  /**
   * The client of `authorization`'s key, with the use counted; null when it is no working key.
   * `revision` must have been read before this call: what the lookup sees is at least as new.
   */
  clientOf(authorization: string, revision: number): ApiClient | Promise<ApiClient | null> | null {
    const key = bearerToken(authorization);
    if (!key) return null;
    if (revision !== this.revision) {
      this.clients.clear();
      this.revision = revision;
    }
    // Not the key itself: nothing kept in memory here lets anyone call as the key's owner.
    // One call, no Hash object: this runs on every cached read with a key.
    const digest = hash('sha256', key, 'base64');
    const known = this.clients.get(digest);
    // A key seen at this revision: answered at once, with no promise to wait for.
    if (known) return this.counted(known);
    return this.apiKeys.find(key).then((apiKey) => {
      if (!apiKey) return null;
      const client = apiKeyClient(apiKey);
      // Another revision was seen meanwhile: this lookup may predate it.
      if (revision === this.revision && this.clients.size < MAX_KNOWN_KEYS) this.clients.set(digest, client);
      return this.counted(client);
    });
  }

  private counted(client: ApiClient): ApiClient {
    if (client.kind === 'api-key') this.apiKeys.countUse(client.keyId);
    return client;
  }
}
