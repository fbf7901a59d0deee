import type { Redis } from 'ioredis';

/**
 * How long a persisted query's text is kept after it was last registered: a client whose hash is
 * no longer known sends the whole query once more (the protocol's "not found"), which registers it again.
 */
const PERSISTED_QUERY_TTL_SECONDS = 24 * 3600;

/**
 * Automatic persisted queries are registered by anyone, so the store is bounded: a query text over
 * `maxQueryBytes` is answered but not kept, and at most `maxEntries` are kept (the least recently
 * registered go first). Apollo registers a query only once it parsed, validated and passed the
 * API plugin's limits (cost, budget), so a refused document is never kept.
 */
export interface PersistedQueryLimits {
  maxEntries: number;
  maxQueryBytes: number;
}

export const DEFAULT_PERSISTED_QUERY_LIMITS: PersistedQueryLimits = { maxEntries: 1_000, maxQueryBytes: 16 * 1024 };

/** Apollo Server's `KeyValueCache`, as its persisted-query store uses it. */
export interface PersistedQueryStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean>;
}

const tooLarge = (value: string, limits: PersistedQueryLimits) => Buffer.byteLength(value) > limits.maxQueryBytes;

/** One process's store (no Redis): a map in least-recently-used order, at most `maxEntries` long. */
export function memoryPersistedQueries(limits: PersistedQueryLimits): PersistedQueryStore {
  const entries = new Map<string, string>();
  return {
    async get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    async set(key, value) {
      if (tooLarge(value, limits)) return;
      entries.delete(key);
      entries.set(key, value);
      while (entries.size > limits.maxEntries) entries.delete(entries.keys().next().value as string);
    },
    async delete(key) {
      return entries.delete(key);
    },
  };
}

/**
 * The store in Redis, so that a hash registered through one instance is known to every other.
 * Each text is a key of its own with a TTL; a sorted set (`<prefix>index`) holds the hashes by
 * registration time, and when it counts more than `maxEntries` the oldest are removed with their
 * texts. Should Redis be unreachable (or slow past its command timeout), a lookup answers "not
 * found" and the client sends the whole query, as the protocol has it.
 */
export function redisPersistedQueries(client: Redis, prefix: string, limits: PersistedQueryLimits): PersistedQueryStore {
  const index = `${prefix}index`;
  return {
    async get(key) {
      return (await client.get(prefix + key).catch(() => null)) ?? undefined;
    },
    async set(key, value, options) {
      if (tooLarge(value, limits)) return;
      const ttl = Math.min(options?.ttl || PERSISTED_QUERY_TTL_SECONDS, PERSISTED_QUERY_TTL_SECONDS);
      const now = Date.now();
      try {
        const results = await client
          .multi()
          .set(prefix + key, value, 'EX', ttl)
          .zadd(index, now, key)
          // Hashes whose text expired already.
          .zremrangebyscore(index, '-inf', now - PERSISTED_QUERY_TTL_SECONDS * 1000)
          .zcard(index)
          .expire(index, PERSISTED_QUERY_TTL_SECONDS)
          .exec();
        const count = Number(results?.[3]?.[1] ?? 0);
        if (count <= limits.maxEntries) return;
        // Instances registering at once may each remove a few: the cap holds, give or take.
        const oldest = await client.zpopmin(index, count - limits.maxEntries);
        const keys = oldest.filter((_, position) => position % 2 === 0).map((hash) => prefix + hash);
        if (keys.length) await client.del(...keys);
      } catch {
        // Not kept: the client sends the whole query again next time.
      }
    },
    async delete(key) {
      const removed = await client.del(prefix + key).catch(() => 0);
      await client.zrem(index, key).catch(() => 0);
      return removed > 0;
    },
  };
}
