import { type DataSource, LessThanOrEqual } from 'typeorm';
import { inTransaction } from '../../db/transaction.js';
import { NotificationEntity, NotificationStatus } from './notification.entity.js';
import type { NotificationSender } from './notification-sender.js';

export interface NotificationWorkerPolicy {
  /** How often the outbox is looked at. */
  pollIntervalMs: number;
  /** Notifications sent per look, at most. */
  batchSize: number;
  /** Attempts before a notification is given up (FAILED). */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * How long a started attempt holds its notification: another worker (another server process)
   * takes it up again only after this, if the first one died while sending.
   */
  leaseMs: number;
}

export const DEFAULT_NOTIFICATION_WORKER_POLICY: NotificationWorkerPolicy = {
  pollIntervalMs: 5_000,
  batchSize: 20,
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 6 * 3_600_000,
  leaseMs: 5 * 60_000,
};

export interface WorkerRun {
  sent: number;
  retried: number;
  failed: number;
}

export const MAX_ERROR_LENGTH = 1000;

/**
 * Delivers the notification outbox: polls for due notifications, claims each one (so that two
 * server processes never send the same one), sends it, and marks it sent, or schedules the next
 * attempt with exponential backoff, or gives it up after the last attempt. Started by main.ts;
 * tests call `runOnce` directly.
 */
export class NotificationWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<WorkerRun> | null = null;
  private stopped = true;
  /** Set by `stop`: a run in progress ends after the notification it is sending. */
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: NotificationSender,
    private readonly policy: NotificationWorkerPolicy = DEFAULT_NOTIFICATION_WORKER_POLICY,
    private readonly log: Pick<Console, 'error' | 'warn'> = console,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.schedule(0);
  }

  /** Stops polling and waits for a run in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One pass over the due notifications; a pass already under way is joined rather than doubled. */
  runOnce(now: Date = new Date()): Promise<WorkerRun> {
    this.running ??= this.deliverDue(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.runOnce()
        .catch((error: unknown) => this.log.error('Notification worker: the outbox could not be read.', error))
        .finally(() => this.schedule(this.policy.pollIntervalMs));
    }, delayMs);
    this.timer.unref();
  }

  private async deliverDue(now: Date): Promise<WorkerRun> {
    const run: WorkerRun = { sent: 0, retried: 0, failed: 0 };
    const due = await this.dataSource.getRepository(NotificationEntity).find({
      where: { status: NotificationStatus.PENDING, nextAttemptAt: LessThanOrEqual(now) },
      order: { nextAttemptAt: 'ASC', id: 'ASC' },
      take: this.policy.batchSize,
    });
    for (const notification of due) {
      if (this.stopping) break;
      if (!(await this.claim(notification, now))) continue;
      const attempt = notification.attempts + 1;
      try {
        await this.sender.send({ to: notification.recipient, subject: notification.subject, text: notification.body });
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
        if (attempt >= this.policy.maxAttempts) {
          run.failed++;
          this.log.error(`Notification ${notification.id} (${notification.kind}) failed ${attempt} times; giving up: ${message}`);
          await this.update(notification.id, { status: NotificationStatus.FAILED, lastError: message });
        } else {
          run.retried++;
          const nextAttemptAt = new Date(now.getTime() + this.backoff(attempt));
          this.log.warn(
            `Notification ${notification.id} (${notification.kind}) failed; retrying at ${nextAttemptAt.toISOString()}.`,
          );
          await this.update(notification.id, { nextAttemptAt, lastError: message });
        }
        continue;
      }
      run.sent++;
      await this.update(notification.id, { status: NotificationStatus.SENT, sentAt: new Date(), lastError: null });
    }
    return run;
  }

  /** The wait before the attempt after `attempt` failed ones: base, 2 × base, 4 × base… up to the maximum. */
  backoff(attempt: number): number {
    return Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
  }

  /**
   * Takes a notification for one attempt: counts the attempt and moves its next attempt a lease
   * ahead, only if nobody else did since it was read.
   */
  private async claim(notification: NotificationEntity, now: Date): Promise<boolean> {
    const result = await inTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .update(NotificationEntity)
        .set({ attempts: notification.attempts + 1, nextAttemptAt: new Date(now.getTime() + this.policy.leaseMs) })
        .where('id = :id AND status = :status AND attempts = :attempts', {
          id: notification.id,
          status: NotificationStatus.PENDING,
          attempts: notification.attempts,
        })
        .execute(),
    );
    return result.affected === 1;
  }

  private async update(id: number, changes: Partial<NotificationEntity>): Promise<void> {
    await inTransaction(this.dataSource, (manager) => manager.update(NotificationEntity, { id }, changes));
  }
}
