import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** How often a store drops the keys whose window has ended, while it holds any. */
export const SWEEP_INTERVAL_MS = 60_000;

/**
 * Keys one in-memory counter holds at most: about 200 bytes each, so 10 MB. A counter over a day
 * keyed by something a client chooses (the address an email goes to) would otherwise grow with
 * every new key for a day: by 2 MB in 7 minutes at the soak's rate of new addresses, past the
 * heap's limit within the day. Past the bound the key set longest ago is forgotten, and counts
 * afresh if it comes again: only after 50,000 other keys were counted within its window. Redis
 * holds the counters where a deployment needs them shared, or exact under such a flood.
 */
export const MAX_KEYS_PER_COUNTER = 50_000;

interface CountRecord {
  value: number;
  /** Epoch ms when the window ends; null: never. */
  expiresAt: number | null;
}

/**
 * The counts of one in-memory counter: one map, swept by one timer. rate-limiter-flexible's own
 * store (`MemoryStorage`) keeps a record and a `setTimeout` with its closure per key until the
 * key's window ends, so a counter over a day with a new key per request (the emails per address
 * of `RecipientCap`: every application of the soak comes from a new address) held a timer per
 * request for a day: about 280 bytes each. Here a key costs its map entry and a small record; a
 * key past its window counts as absent at once and leaves the map at the next sweep.
 *
 * The same methods as `MemoryStorage`, which `RateLimiterMemory` calls (and `_storage`, which its
 * `dump` reads), with the same answers.
 */
export class SweptMemoryStorage {
  /** In the order the keys were last set: for one counter's fixed window, the order they expire in. */
  readonly _storage = new Map<string, CountRecord>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly maxKeys: number = MAX_KEYS_PER_COUNTER) {}

  incrby(key: string, value: number, durationSec: number): RateLimiterRes {
    const record = this.live(key);
    if (!record) return this.set(key, value, durationSec);
    record.value += value;
    return new RateLimiterRes(0, record.expiresAt === null ? -1 : record.expiresAt - Date.now(), record.value, false);
  }

  set(key: string, value: number, durationSec: number): RateLimiterRes {
    const durationMs = durationSec * 1000;
    this.store(key, value, durationMs > 0 ? Date.now() + durationMs : null);
    return new RateLimiterRes(0, durationMs === 0 ? -1 : durationMs, value, true);
  }

  get(key: string): RateLimiterRes | null {
    const record = this.live(key);
    if (!record) return null;
    return new RateLimiterRes(0, record.expiresAt === null ? -1 : record.expiresAt - Date.now(), record.value, false);
  }

  delete(key: string): boolean {
    return this._storage.delete(key);
  }

  /** What `RateLimiterMemory.restore` calls for each dumped key. */
  _restoreRecord(key: string, value: number, expiresAt: number | null): void {
    if (expiresAt !== null && (!Number.isFinite(expiresAt) || expiresAt <= Date.now())) return;
    this.store(key, value, expiresAt);
  }

  /** Drops the keys whose window has ended; `now` for tests. */
  sweep(now: number = Date.now()): void {
    for (const [key, record] of this._storage)
      if (record.expiresAt !== null && record.expiresAt <= now) this._storage.delete(key);
    if (this._storage.size === 0) this.stopSweeping();
  }

  /** The record of `key` while its window lasts. */
  private live(key: string): CountRecord | undefined {
    const record = this._storage.get(key);
    if (record && record.expiresAt !== null && record.expiresAt <= Date.now()) {
      this._storage.delete(key);
      return undefined;
    }
    return record;
  }

  private store(key: string, value: number, expiresAt: number | null): void {
    // Deleted first, so that the key moves to the end of the order.
    this._storage.delete(key);
    this._storage.set(key, { value, expiresAt });
    if (this._storage.size > this.maxKeys) this._storage.delete(this._storage.keys().next().value as string);
    if (expiresAt !== null && !this.sweeper) {
      this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
      this.sweeper.unref();
    }
  }

  private stopSweeping(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }
}

/** The options `RateLimiterMemory` takes. */
type MemoryLimiterOptions = ConstructorParameters<typeof RateLimiterMemory>[0];

/**
 * rate-limiter-flexible's in-memory limiter, counting in a `SweptMemoryStorage`: the same limiter
 * (consume, penalty, reward, block, get, delete, dump, restore), without a timer per key, holding
 * at most `maxKeys` keys.
 */
export function memoryLimiter(options: MemoryLimiterOptions, maxKeys = MAX_KEYS_PER_COUNTER): RateLimiterMemory {
  const limiter = new RateLimiterMemory(options);
  const internals = limiter as unknown as { _memoryStorage?: unknown };
  // The store is the limiter's own field: should a new version rename it, fail here, not count nothing.
  if (!internals._memoryStorage) throw new Error('rate-limiter-flexible: RateLimiterMemory has no _memoryStorage to replace.');
  internals._memoryStorage = new SweptMemoryStorage(maxKeys);
  return limiter;
}
