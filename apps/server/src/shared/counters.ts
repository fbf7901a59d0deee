import { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

/** A counter of points per key over a window: what the request budgets and the sign-in throttle count with. */
export interface CounterOptions {
  /** Names the counter; keys of different counters never meet. */
  name: string;
  /** Points allowed per window; `consume` past them is refused. */
  points: number;
  windowSeconds: number;
  /** How long a key stays refused once `block`ed or over its points (0: until the window ends). */
  blockSeconds?: number;
}

/**
 * Where counters live: in this process's memory (the default), or in Redis when REDIS_URL is set,
 * so that every server instance counts against the same numbers. Both hand out limiters with the
 * same interface (rate-limiter-flexible's `consume`, `get`, `penalty`, `reward`, `block`, `delete`).
 */
export interface CounterStore {
  readonly kind: 'memory' | 'redis';
  /** The Redis connection, for what else instances share through it (persisted queries); null in memory. */
  readonly redisClient: Redis | null;
  counter(options: CounterOptions): RateLimiterAbstract;
  /** Resolves once the store can count (Redis connected), or after `timeoutMs` with the memory fallback. */
  ready(timeoutMs?: number): Promise<void>;
  /** Whether the store answers now (always, in memory): part of /readyz. */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

export function memoryCounters(): CounterStore {
  return {
    kind: 'memory',
    redisClient: null,
    counter: ({ name, points, windowSeconds, blockSeconds = 0 }) =>
      new RateLimiterMemory({ keyPrefix: name, points, duration: windowSeconds, blockDuration: blockSeconds }),
    async ready() {},
    async reachable() {
      return true;
    },
    async close() {},
  };
}

/**
 * Counters in Redis under `keyPrefix`. Should Redis be unreachable, each counter falls back to
 * memory (the insurance limiter) rather than refusing every request; it returns to Redis by itself.
 */
export function redisCounters({ url, keyPrefix }: { url: string; keyPrefix: string }): CounterStore {
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
  let warned = false;
  client.on('error', (error: Error) => {
    if (warned) return;
    warned = true;
    console.error(`Redis (${redactUrl(url)}) is unreachable; rate-limit counters fall back to memory: ${error.message}`);
  });
  client.on('ready', () => {
    warned = false;
  });
  return {
    kind: 'redis',
    redisClient: client,
    counter: ({ name, points, windowSeconds, blockSeconds = 0 }) =>
      new RateLimiterRedis({
        storeClient: client,
        keyPrefix: `${keyPrefix}${name}`,
        points,
        duration: windowSeconds,
        blockDuration: blockSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({
          keyPrefix: name,
          points,
          duration: windowSeconds,
          blockDuration: blockSeconds,
        }),
      }),
    async ready(timeoutMs = 5_000) {
      if (client.status === 'ready') return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        client.once('ready', done);
        function done() {
          clearTimeout(timer);
          client.off('ready', done);
          resolve();
        }
      });
    },
    async reachable() {
      return client.status === 'ready' && (await client.ping().catch(() => null)) === 'PONG';
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}

export function createCounterStore(redis: { url: string; keyPrefix: string } | null): CounterStore {
  return redis ? redisCounters(redis) : memoryCounters();
}

/** A Redis URL fit for the log: the password left out. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//…@');
}
