import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { logger } from '../../shared/logger.js';
import type { CounterStore } from '../counters.js';
import type { ApiClient } from './api-client.js';
import type { RateLimitPolicy } from './api-policy.js';

/** A client's budget after a request spent from it. */
export interface BudgetState {
  /** Points per window. */
  limit: number;
  remaining: number;
  /** When the window ends and the budget is whole again (ms since the epoch). */
  resetAt: number;
  windowSeconds: number;
}

export class BudgetExceeded extends Error {
  constructor(
    readonly state: BudgetState,
    readonly requested: number,
  ) {
    super('Rate limit exceeded');
  }
}

/**
 * Each client's budget of cost points per window: anonymous clients per address, API keys per key
 * (with the key's own quota when it has one). Signed-in staff, and every client when rate limiting
 * is off, have no budget. A refused spend is given back, so only what was served counts.
 */
export class RequestBudgets {
  private readonly limiters = new Map<number, RateLimiterAbstract>();

  constructor(
    private readonly counters: CounterStore,
    readonly policy: RateLimitPolicy | null,
  ) {}

  /** Points per window for this client; null: not limited. */
  limitOf(client: ApiClient): number | null {
    if (!this.policy || client.kind === 'staff') return null;
    return client.kind === 'api-key' ? (client.quota ?? this.policy.apiKey) : this.policy.anonymous;
  }

  /** Spends `points` of the client's budget; throws BudgetExceeded when it has not that many left. */
  async spend(client: ApiClient, points: number): Promise<BudgetState | null> {
    const limit = this.limitOf(client);
    if (limit === null || !this.policy) return null;
    const limiter = this.limiterFor(limit);
    try {
      const result = await limiter.consume(client.id, points);
      return this.stateOf(limit, result);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        // The counters failed (and had no fallback): serve rather than refuse everyone.
        logger.error({ err: rejection }, 'Rate-limit counters failed; the request is served unmetered.');
        return null;
      }
      await limiter.reward(client.id, points).catch(() => undefined);
      const state = this.stateOf(limit, rejection);
      throw new BudgetExceeded({ ...state, remaining: Math.max(0, limit - (rejection.consumedPoints - points)) }, points);
    }
  }

  private stateOf(limit: number, result: RateLimiterRes): BudgetState {
    const windowSeconds = this.policy?.windowSeconds ?? 0;
    return {
      limit,
      remaining: Math.max(0, result.remainingPoints),
      resetAt: Date.now() + Math.max(0, result.msBeforeNext),
      windowSeconds,
    };
  }

  private limiterFor(points: number): RateLimiterAbstract {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      limiter = this.counters.counter({ name: `budget-${points}`, points, windowSeconds: this.policy?.windowSeconds ?? 60 });
      this.limiters.set(points, limiter);
    }
    return limiter;
  }
}

/** `RateLimit-*` headers (IETF draft, one field each) and `Retry-After` when refused. */
export function budgetHeaders(state: BudgetState, refused = false): Array<[string, string]> {
  const resetSeconds = Math.max(0, Math.ceil((state.resetAt - Date.now()) / 1000));
  const headers: Array<[string, string]> = [
    ['ratelimit-limit', String(state.limit)],
    ['ratelimit-remaining', String(state.remaining)],
    ['ratelimit-reset', String(resetSeconds)],
    ['ratelimit-policy', `${state.limit};w=${state.windowSeconds}`],
  ];
  if (refused) headers.push(['retry-after', String(Math.max(1, resetSeconds))]);
  return headers;
}

/** What every response says of the budget in `extensions.budget`. */
export function budgetExtension(state: BudgetState | null) {
  if (!state) return null;
  return { limit: state.limit, remaining: state.remaining, resetAt: new Date(state.resetAt).toISOString() };
}
