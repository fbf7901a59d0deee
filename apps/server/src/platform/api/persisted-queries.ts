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
 * Registers one text and keeps the index within the cap, in one step (a script runs alone in
 * Redis: instances registering at once cannot both count the same excess and remove twice).
 * KEYS: the index, the text's key. ARGV: now (ms), hash, text, TTL (s), cap, key prefix, and the
 * time before which an indexed hash's text has expired.
 */
const REGISTER = `
redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[7])
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[5])
if excess > 0 then
  for _, hash in ipairs(redis.call('ZRANGE', KEYS[1], 0, excess - 1)) do
    redis.call('DEL', ARGV[6] .. hash)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)
end
redis.call('EXPIRE', KEYS[1], ARGV[4])
return excess
`;

/**
 * The store in Redis, so that a hash registered through one instance is known to every other.
 * Each text is a key of its own with a TTL; a sorted set (`<prefix>index`) holds the hashes by
 * registration time, and past `maxEntries` the oldest are removed with their texts (`REGISTER`).
 * Should Redis be unreachable (or slow past its command timeout), a lookup answers "not found"
 * and the client sends the whole query, as the protocol has it.
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
      const expiredBefore = now - PERSISTED_QUERY_TTL_SECONDS * 1000;
      // Not kept when Redis fails: the client sends the whole query again next time.
      await client
        .eval(REGISTER, 2, index, prefix + key, now, key, value, ttl, limits.maxEntries, prefix, expiredBefore)
        .catch(() => undefined);
    },
    async delete(key) {
      const removed = await client.del(prefix + key).catch(() => 0);
      await client.zrem(index, key).catch(() => 0);
      return removed > 0;
    },
  };
}
