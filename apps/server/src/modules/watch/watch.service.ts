import { DEFAULT_LOCALE, isLocale } from '@certhub/domain/i18n/locales';
import { isEmail, normalizeEmail } from '@certhub/domain/staff';
import type { WatchTrigger } from '@certhub/domain/watch';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/transaction.js';
import { clientKey } from '../../platform/api/client-address.js';
import { type CounterStore, memoryCounters } from '../../platform/counters.js';
import { RecipientCap } from '../../platform/notification/recipient-cap.js';
import { apiError, badUserInput, ErrorCode, notFound } from '../../shared/errors.js';
import type { RequestInfo } from '../../shared/request-context.js';
import { hashAccessToken, newAccessToken } from '../application/access-token.js';
import { recordChange } from '../change/record-change.js';
import { ProgramEntity } from '../program/program.entity.js';
import { ProgramWatchEntity } from './program-watch.entity.js';
import { alreadyWatchingEmail, confirmationEmail } from './watcher-messages.js';

/** Sign-ups per client (`clientKey`) per hour: enough for a person, too few to spam others' inboxes. */
export const WATCH_SIGNUPS_PER_HOUR = 20;

/**
 * Watching a program: double opt-in (nothing is sent but the confirmation until the link in it is
 * followed), one-click unsubscribe in every message, and the same answer whether or not the
 * address was already signed up, so the form tells nobody who watches what. Sign-ups are counted
 * per client, and emails per address (`RecipientCap`), in the counter store (Redis when set).
 */
export class WatchService {
  private readonly signups: RateLimiterAbstract;

  constructor(
    private readonly dataSource: DataSource,
    counters: CounterStore = memoryCounters(),
    private readonly recipientCap: RecipientCap = new RecipientCap(),
  ) {
    this.signups = counters.counter({ name: 'watch-signup', points: WATCH_SIGNUPS_PER_HOUR, windowSeconds: 3600 });
  }

  async watch(
    input: { programId: number; email: string; trigger: WatchTrigger; locale?: string | null },
    request: RequestInfo,
  ): Promise<void> {
    const email = normalizeEmail(input.email);
    if (!isEmail(email)) throw badUserInput('Enter an email address, such as jane@example.com.', 'input.email');
    const locale = input.locale ?? DEFAULT_LOCALE;
    if (!isLocale(locale)) throw badUserInput('The language must be one the site speaks (en, de).', 'input.locale');
    await this.takeSignup(clientKey(request.ip));
    const confirmToken = newAccessToken();
    const unsubscribeToken = newAccessToken();
    await inTransaction(this.dataSource, async (manager) => {
      const program = await manager.findOneBy(ProgramEntity, { id: input.programId });
      if (!program) throw notFound('No program has this id.', 'input.programId');
      const existing = await manager.findOneBy(ProgramWatchEntity, { programId: program.id, email });
      // Past the day's emails to this address nothing changes either: a sign-up that would replace
      // the token of a confirmation already sent, without sending the new one, would break its link.
      if (!(await this.recipientCap.take(email))) return;
      if (existing?.confirmedAt) {
        // Already watching: what it is told of stays as its owner chose (changing it takes their
        // unsubscribe link and a new sign-up). The owner alone hears of the request, with a way out:
        // a fresh unsubscribe link, as every message carries.
        await manager.update(ProgramWatchEntity, existing.id, { unsubscribeTokenHash: hashAccessToken(unsubscribeToken) });
        // In the language of the page asked on now; the watch keeps the one it was confirmed in.
        await recordChange(manager, {
          emails: [
            {
              kind: 'watch-already-confirmed',
              audience: 'WATCHER',
              recipient: email,
              ...alreadyWatchingEmail(locale, program.name, existing.trigger, unsubscribeToken),
            },
          ],
        });
        return;
      }
      const fields = {
        trigger: input.trigger,
        locale,
        confirmTokenHash: hashAccessToken(confirmToken),
        unsubscribeTokenHash: hashAccessToken(unsubscribeToken),
      };
      if (existing) await manager.update(ProgramWatchEntity, existing.id, fields);
      else await manager.insert(ProgramWatchEntity, { programId: program.id, email, confirmedAt: null, ...fields });
      await recordChange(manager, {
        emails: [
          {
            kind: 'watch-confirm',
            audience: 'WATCHER',
            recipient: email,
            ...confirmationEmail(locale, program.name, input.trigger, confirmToken),
          },
        ],
      });
    });
  }

  /** Follows a confirmation link; answers the program, or null for an unknown or used token. */
  async confirm(token: string): Promise<ProgramEntity | null> {
    return inTransaction(this.dataSource, async (manager) => {
      const watch = await manager.findOne(ProgramWatchEntity, {
        where: { confirmTokenHash: hashAccessToken(token) },
        relations: { program: true },
      });
      if (!watch) return null;
      // The link works once; the row keeps a hash no token has.
      await manager.update(ProgramWatchEntity, watch.id, {
        confirmedAt: watch.confirmedAt ?? new Date(),
        confirmTokenHash: hashAccessToken(newAccessToken()),
      });
      return watch.program ?? null;
    });
  }

  /** Ends a watch for good: the address is deleted. */
  async unsubscribe(token: string): Promise<ProgramEntity | null> {
    return inTransaction(this.dataSource, async (manager) => {
      const watch = await manager.findOne(ProgramWatchEntity, {
        where: { unsubscribeTokenHash: hashAccessToken(token) },
        relations: { program: true },
      });
      if (!watch) return null;
      await manager.delete(ProgramWatchEntity, watch.id);
      return watch.program ?? null;
    });
  }

  private async takeSignup(address: string): Promise<void> {
    try {
      await this.signups.consume(address);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw apiError(
        ErrorCode.SUBMISSIONS_THROTTLED,
        `Too many sign-ups from your address; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
        {
          retryAfterSeconds,
        },
      );
    }
  }
}
