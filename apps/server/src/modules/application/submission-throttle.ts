import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { clientKey } from '../../platform/api/client-address.js';
import { type CounterStore, memoryCounters } from '../../platform/counters.js';
import { apiError, ErrorCode } from '../../shared/errors.js';

export const DEFAULT_APPLICATIONS_PER_HOUR = 10;

/**
 * Counts submissions per client (`clientKey`: an IPv6 client by its /64) over an hour, in the
 * counter store (Redis when set, so instances agree). A submission takes a place up front, so that
 * concurrent ones cannot overshoot; one refused for what its form says gives it back.
 */
export class SubmissionThrottle {
  private readonly limiter: RateLimiterAbstract | null;

  /** `perHour` 0: no limit. */
  constructor(perHour: number = DEFAULT_APPLICATIONS_PER_HOUR, counters: CounterStore = memoryCounters()) {
    this.limiter =
      perHour > 0 ? counters.counter({ name: 'application-submission', points: perHour, windowSeconds: 3600 }) : null;
  }

  async take(address: string | null): Promise<void> {
    if (!this.limiter) return;
    try {
      await this.limiter.consume(clientKey(address));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      const retryAt = new Date(Date.now() + retryAfterSeconds * 1000);
      throw apiError(
        ErrorCode.SUBMISSIONS_THROTTLED,
        `Too many applications were sent from your address in the last hour. Try again in ${describeWait(retryAfterSeconds)} (after ${retryAt.toISOString().slice(11, 16)} UTC).`,
        { retryAfterSeconds, retryAt: retryAt.toISOString() },
      );
    }
  }

  async giveBack(address: string | null): Promise<void> {
    await this.limiter?.reward(clientKey(address), 1);
  }
}

function describeWait(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}
