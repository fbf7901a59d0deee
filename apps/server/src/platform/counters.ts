import { Redis, type RedisOptions } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterRedis } from 'rate-limiter-flexible';
import { logger } from '../shared/logger.js';
import { memoryLimiter } from './memory-limiter.js';

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

/** Where Redis is (REDIS_URL, REDIS_KEY_PREFIX), and how long the server waits for it. */
export interface RedisSettings {
  url: string;
  keyPrefix: string;
  /** Longest wait for a reply (REDIS_COMMAND_TIMEOUT_MS); then the command fails and the fallback serves. */
  commandTimeoutMs?: number;
  /** Longest wait for a TCP connection (REDIS_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
}

export const DEFAULT_REDIS_TIMEOUTS = { commandTimeoutMs: 1_000, connectTimeoutMs: 2_000 } as const;

/**
 * What every Redis connection of the server is opened with, so that a Redis that is down, or
 * accepts connections and never answers, costs a request at most one command timeout:
 * - commands are refused at once while not connected (no offline queue), and one in flight when
 *   the connection drops is not sent again: the caller's fallback answers instead;
 * - a command with no reply within `commandTimeoutMs` fails, and the connection is dropped and
 *   made again (`socketTimeout`), so the commands after it fail at once instead of each waiting;
 * - the handshake (HELLO, INFO) is a command too: a server that never answers is never "ready".
 */
export function redisClientOptions(settings: RedisSettings): RedisOptions {
  const commandTimeout = settings.commandTimeoutMs ?? DEFAULT_REDIS_TIMEOUTS.commandTimeoutMs;
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout,
    socketTimeout: commandTimeout,
    connectTimeout: settings.connectTimeoutMs ?? DEFAULT_REDIS_TIMEOUTS.connectTimeoutMs,
  };
}

export function memoryCounters(): CounterStore {
  return {
    kind: 'memory',
    redisClient: null,
    counter: ({ name, points, windowSeconds, blockSeconds = 0 }) =>
      memoryLimiter({ keyPrefix: name, points, duration: windowSeconds, blockDuration: blockSeconds }),
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
export function redisCounters(settings: RedisSettings): CounterStore {
  const { url, keyPrefix } = settings;
  const client = new Redis(url, { ...redisClientOptions(settings), lazyConnect: false });
  let warned = false;
  client.on('error', (error: Error) => {
    if (warned) return;
    warned = true;
    logger.error(`Redis (${redactUrl(url)}) is unreachable; rate-limit counters fall back to memory: ${error.message}`);
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
        insuranceLimiter: memoryLimiter({
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

export function createCounterStore(redis: RedisSettings | null): CounterStore {
  return redis ? redisCounters(redis) : memoryCounters();
}

/** A Redis URL fit for the log: the password left out. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//…@');
}
