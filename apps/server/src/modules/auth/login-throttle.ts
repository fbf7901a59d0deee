import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { type CounterStore, memoryCounters } from '../../shared/counters.js';
import { apiError, ErrorCode } from '../../shared/errors.js';

export interface LoginThrottlePolicy {
  /** Failed sign-ins allowed per account before it is refused for `blockSeconds`. */
  perAccount: number;
  /** Failed sign-ins allowed per client address before it is refused for `blockSeconds`. */
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
 * Counts failed sign-ins per account and per address: past a few failures each attempt waits
 * longer, then both are refused for a while. The answer is the same whether or not the account
 * exists, so it tells nothing about which emails have accounts.
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

  /** Refuses while either key is blocked; otherwise waits as long as earlier failures warrant. */
  async beforeAttempt(email: string, address: string): Promise<void> {
    const [account, client] = await Promise.all([this.byAccount.get(email), this.byAddress.get(address)]);
    const refusal = [
      { state: account, limit: this.policy.perAccount },
      { state: client, limit: this.policy.perAddress },
    ].find(({ state, limit }) => state && state.consumedPoints >= limit);
    if (refusal?.state) {
      const retryAfterSeconds = Math.max(1, Math.ceil(refusal.state.msBeforeNext / 1000));
      throw apiError(ErrorCode.LOGIN_THROTTLED, `Too many failed sign-ins. Try again in ${describeWait(retryAfterSeconds)}.`, {
        retryAfterSeconds,
      });
    }
    const failures = Math.max(account?.consumedPoints ?? 0, client?.consumedPoints ?? 0);
    const delay = Math.min(2000, Math.max(0, failures - this.policy.slowAfter) * this.policy.slowStepMs);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }

  async failed(email: string, address: string): Promise<void> {
    await Promise.all([this.byAccount.penalty(email, 1), this.byAddress.penalty(address, 1)].map(ignoreLimit));
    const [account, client] = await Promise.all([this.byAccount.get(email), this.byAddress.get(address)]);
    if ((account?.consumedPoints ?? 0) >= this.policy.perAccount) await this.byAccount.block(email, this.policy.blockSeconds);
    if ((client?.consumedPoints ?? 0) >= this.policy.perAddress) await this.byAddress.block(address, this.policy.blockSeconds);
  }

  async succeeded(email: string): Promise<void> {
    await this.byAccount.delete(email);
  }
}

async function ignoreLimit(attempt: Promise<unknown>): Promise<void> {
  try {
    await attempt;
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
  }
}

function describeWait(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}
