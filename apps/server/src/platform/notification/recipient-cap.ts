import { createHash } from 'node:crypto';
import { normalizeEmail } from '@certhub/domain/staff';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { type CounterStore, memoryCounters } from '../counters.js';

export const DEFAULT_EMAILS_PER_RECIPIENT_PER_DAY = 5;

/**
 * Caps the emails anyone can cause to one address (watch confirmations, application receipts) at
 * `perDay` a day, whoever asks and from wherever: the per-client limits alone would let many
 * clients fill one inbox. Counted in the counter store (Redis when set, so instances agree), under
 * a hash of the normalised address so that the counters hold no addresses.
 */
export class RecipientCap {
  private readonly counter: RateLimiterAbstract;

  constructor(perDay: number = DEFAULT_EMAILS_PER_RECIPIENT_PER_DAY, counters: CounterStore = memoryCounters()) {
    this.counter = counters.counter({ name: 'emails-to', points: perDay, windowSeconds: 24 * 3600 });
  }

  /** Whether one more email may go to `address` today; when it may, it is counted. */
  async take(address: string): Promise<boolean> {
    try {
      await this.counter.consume(recipientKey(address));
      return true;
    } catch (error) {
      if (error instanceof RateLimiterRes) return false;
      throw error;
    }
  }
}

function recipientKey(address: string): string {
  return createHash('sha256').update(normalizeEmail(address)).digest('base64url');
}
