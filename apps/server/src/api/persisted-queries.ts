import type { Redis } from 'ioredis';

/** How long a persisted query's text is kept after it was last registered: a client re-sends it after that. */
const PERSISTED_QUERY_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Apollo Server's store of automatic persisted queries (hash → query text) in Redis, so that a
 * hash registered through one instance is known to every other. Should Redis be unreachable, a
 * lookup answers "not found" and the client sends the whole query, as the protocol has it.
 */
export function redisKeyValueCache(client: Redis, prefix: string) {
  return {
    async get(key: string): Promise<string | undefined> {
      return (await client.get(prefix + key).catch(() => null)) ?? undefined;
    },
    async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
      await client.set(prefix + key, value, 'EX', options?.ttl || PERSISTED_QUERY_TTL_SECONDS).catch(() => undefined);
    },
    async delete(key: string): Promise<boolean> {
      return (await client.del(prefix + key).catch(() => 0)) > 0;
    },
  };
}
