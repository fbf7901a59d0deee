import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryLimiter, SWEEP_INTERVAL_MS } from './memory-limiter.js';

/** What a limiter call ended in, without the milliseconds (which depend on when it ran). */
async function outcome(call: Promise<RateLimiterRes>): Promise<string> {
  try {
    const res = await call;
    return `ok ${res.consumedPoints}/${res.remainingPoints}${res.isFirstInDuration ? ' first' : ''}`;
  } catch (error) {
    if (error instanceof RateLimiterRes) return `refused ${error.consumedPoints}`;
    throw error;
  }
}

describe('the in-memory limiter with one swept map', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("answers as rate-limiter-flexible's own in-memory limiter does", async () => {
    const options = { keyPrefix: 'test', points: 3, duration: 3600, blockDuration: 60 };
    const ours = memoryLimiter(options);
    const theirs = new RateLimiterMemory(options);
    const script = async (limiter: RateLimiterMemory) => {
      const steps: string[] = [];
      for (let i = 0; i < 5; i++) steps.push(await outcome(limiter.consume('a')));
      steps.push(await outcome(limiter.consume('b', 2)));
      steps.push(await outcome(limiter.reward('b', 1)));
      steps.push(await outcome(limiter.penalty('c', 2)));
      steps.push(await outcome(limiter.consume('c', 2)));
      steps.push(String((await limiter.get('a'))?.consumedPoints), String(await limiter.get('nobody')));
      steps.push(String(await limiter.delete('a')), String(await limiter.delete('a')), await outcome(limiter.consume('a')));
      steps.push(await outcome(limiter.block('d', 30)), await outcome(limiter.consume('d')));
      const dumped = limiter.dump();
      const restored = memoryLimiter(options);
      restored.restore(dumped);
      steps.push(JSON.stringify(restored.dump().storage.map(({ key, value }) => [key, value])));
      return steps;
    };
    const expected = await script(theirs);
    expect(expected).toContain('refused 4');
    expect(await script(ours)).toEqual(expected);
  });

  it('holds one timer for all its keys, where the library holds one per key', async () => {
    vi.useFakeTimers();
    const timersFor = async (limiter: RateLimiterMemory) => {
      const before = vi.getTimerCount();
      for (let i = 0; i < 1_000; i++) await limiter.consume(`address-${i}`);
      return vi.getTimerCount() - before;
    };
    const options = { keyPrefix: 'emails', points: 5, duration: 24 * 3600 };
    expect(await timersFor(new RateLimiterMemory(options))).toBe(1_000);
    const ours = memoryLimiter(options);
    expect(await timersFor(ours)).toBe(1);
    expect(ours.dump().storage).toHaveLength(1_000);
  });

  it('forgets a key when its window ends, and drops it from the map at the next sweep', async () => {
    vi.useFakeTimers();
    const limiter = memoryLimiter({ keyPrefix: 'short', points: 1, duration: 10 });
    await limiter.consume('a');
    await expect(limiter.consume('a')).rejects.toBeInstanceOf(RateLimiterRes);
    await limiter.consume('b');
    vi.advanceTimersByTime(10_001);
    // Past its window the key counts afresh at once, before any sweep.
    expect(await outcome(limiter.consume('a'))).toBe('ok 1/0 first');
    expect(await limiter.get('b')).toBeNull();
    vi.advanceTimersByTime(SWEEP_INTERVAL_MS);
    expect(limiter.dump().storage.map(({ key }) => key)).toEqual([]);
    // An empty store keeps no timer.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('holds at most its bound of keys, forgetting the one set longest ago', async () => {
    const limiter = memoryLimiter({ keyPrefix: 'emails', points: 2, duration: 24 * 3600 }, 3);
    await limiter.consume('a');
    await limiter.consume('b');
    await limiter.consume('c');
    // Blocking a sets it again: it is now the last set, and b the first.
    await limiter.block('a', 3600);
    await limiter.consume('d');
    expect(limiter.dump().storage.map(({ key }) => key)).toEqual(['c', 'a', 'd']);
    expect(await outcome(limiter.consume('a'))).toBe('refused 4');
    // b was forgotten: it counts afresh.
    expect(await outcome(limiter.consume('b'))).toBe('ok 1/1 first');
    expect(limiter.dump().storage).toHaveLength(3);
  });
});
