import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { clientKey } from '../../platform/api/client-address.js';
import { type CounterStore, memoryCounters } from '../../platform/counters.js';
import { apiError, ErrorCode } from '../../shared/errors.js';

export interface LoginThrottlePolicy {
  /** Failed sign-ins allowed per account before it is refused for `blockSeconds` (each attempt counts until it succeeds). */
  perAccount: number;
  /** Failed sign-ins allowed per client (`clientKey`) before it is refused for `blockSeconds`. */
  perAddress: number;
  /** Window in which failures count, and how long a refusal lasts. */
  windowSeconds: number;
  blockSeconds: number;
  /** Failures after which each further attempt is slowed down. */
  slowAfter: number;
  /** Delay added per failure beyond `slowAfter`, capped at 2 s. */
  slowStepMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottlePolicy = {
  perAccount: 5,
  perAddress: 20,
  windowSeconds: 15 * 60,
  blockSeconds: 15 * 60,
  slowAfter: 2,
  slowStepMs: 250,
};

/**
 * Counts sign-ins per account and per client (`clientKey`: an IPv6 client by its /64): past a few
 * failures each attempt waits longer, then both are refused for a while. Every attempt is counted
 * before the password is checked, and given back when it was right, so that parallel attempts
 * cannot all reach the (costly) check before any failure is counted. The answer is the same whether
 * or not the account exists, so it tells nothing about which emails have accounts.
 */
export class LoginThrottle {
  private readonly byAccount: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  /** The counters are in memory unless a shared store (Redis) is given, so several instances agree. */
  constructor(
    private readonly policy: LoginThrottlePolicy = DEFAULT_LOGIN_THROTTLE,
    counters: CounterStore = memoryCounters(),
  ) {
    const { windowSeconds, blockSeconds } = policy;
    this.byAccount = counters.counter({ name: 'login-account', points: policy.perAccount, windowSeconds, blockSeconds });
    this.byAddress = counters.counter({ name: 'login-address', points: policy.perAddress, windowSeconds, blockSeconds });
  }

  /**
   * Counts an attempt as failed until `succeeded` says otherwise. Refuses once either key has had
   * its allowance (past it, the key stays refused for `blockSeconds`); otherwise waits as long as
   * the earlier failures warrant.
   */
  async beforeAttempt(email: string, address: string | null): Promise<void> {
    const client = clientKey(address);
    const [account, byClient] = await Promise.all([
      settle(this.byAccount.consume(email)),
      settle(this.byAddress.consume(client)),
    ]);
    const refusal = [account, byClient].find((outcome) => !outcome.ok);
    if (refusal) {
      // A refused attempt costs the other key nothing.
      await Promise.all([
        account.ok ? this.byAccount.reward(email, 1) : null,
        byClient.ok ? this.byAddress.reward(client, 1) : null,
      ]);
      const retryAfterSeconds = Math.max(1, Math.ceil(refusal.result.msBeforeNext / 1000));
      throw apiError(ErrorCode.LOGIN_THROTTLED, `Too many failed sign-ins. Try again in ${describeWait(retryAfterSeconds)}.`, {
        retryAfterSeconds,
      });
    }
    // Earlier failures: this attempt is counted already.
    const failures = Math.max(account.result.consumedPoints, byClient.result.consumedPoints) - 1;
    const delay = Math.min(2000, Math.max(0, failures - this.policy.slowAfter) * this.policy.slowStepMs);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }

  /** The password was right: the attempt is given back, and the account's failures are forgotten unless `keepAccount`. */
  async succeeded(email: string, address: string | null, { keepAccount = false } = {}): Promise<void> {
    await Promise.all([
      keepAccount ? this.byAccount.reward(email, 1) : this.byAccount.delete(email),
      this.byAddress.reward(clientKey(address), 1),
    ]);
  }
}

/** A consume's outcome: refused (a RateLimiterRes thrown) or not; anything else is an error. */
async function settle(attempt: Promise<RateLimiterRes>): Promise<{ ok: boolean; result: RateLimiterRes }> {
  try {
    return { ok: true, result: await attempt };
  } catch (error) {
    if (error instanceof RateLimiterRes) return { ok: false, result: error };
    throw error;
  }
}

function describeWait(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}
