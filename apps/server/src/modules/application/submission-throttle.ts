import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { apiError, ErrorCode } from '../../shared/errors.js';

export const DEFAULT_APPLICATIONS_PER_HOUR = 10;

/**
 * Counts submissions per client address over an hour, in memory (one server process; behind a
 * proxy set TRUST_PROXY so the address is the client's). A submission takes a place up front, so
 * that concurrent ones cannot overshoot; one that is refused for its content gives it back.
 */
export class SubmissionThrottle {
  private readonly limiter: RateLimiterMemory | null;

  /** `perHour` 0: no limit. */
  constructor(perHour: number = DEFAULT_APPLICATIONS_PER_HOUR) {
    this.limiter =
      perHour > 0 ? new RateLimiterMemory({ keyPrefix: 'application-submission', points: perHour, duration: 3600 }) : null;
  }

  async take(address: string): Promise<void> {
    if (!this.limiter) return;
    try {
      await this.limiter.consume(address);
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

  async giveBack(address: string): Promise<void> {
    await this.limiter?.reward(address, 1);
  }
}

function describeWait(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}
