import { type DataSource, type EntityTarget, LessThanOrEqual } from 'typeorm';
import { inTransaction } from '../db/transaction.js';
import { onChangeSignal, outboxTopic } from './change-signal.js';

export interface OutboxWorkerPolicy {
  /** How often the outbox is looked at. */
  pollIntervalMs: number;
  /** Items delivered per look, at most. */
  batchSize: number;
  /** Attempts before an item is given up (FAILED). */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * How long a started attempt holds its item: another worker (another server process)
   * takes it up again only after this, if the first one died while sending.
   */
  leaseMs: number;
}

export const DEFAULT_OUTBOX_WORKER_POLICY: OutboxWorkerPolicy = {
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

/** The columns every outbox table has, so that one worker delivers them all. */
export interface OutboxRow {
  id: number;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
}

export const OutboxStatus = { PENDING: 'PENDING', SENT: 'SENT', FAILED: 'FAILED' } as const;

export interface OutboxQueue<T extends OutboxRow> {
  /** The outbox table's entity. */
  entity: EntityTarget<T>;
  /** Delivers one item; a rejected promise means "try again later". */
  deliver(item: T): Promise<void>;
  /** Names an item in the log, without personal data. */
  describe(item: T): string;
}

/**
 * Delivers an outbox table (notifications, webhook deliveries): polls for due items, claims each
 * one (so that two server processes never deliver the same one), delivers it, and marks it sent,
 * or schedules the next attempt with exponential backoff, or gives it up after the last attempt.
 * Besides polling, it looks at once when a transaction that wrote to its outbox commits, on this
 * instance or (with Redis) another (see change-signal.ts). Started by main.ts; tests call `runOnce`.
 */
export class OutboxWorker<T extends OutboxRow> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<WorkerRun> | null = null;
  private stopped = true;
  /** Set by `stop`: a run in progress ends after the notification it is sending. */
  private stopping = false;
  /** A signal came during a pass, which may have read the outbox before that commit: look again after it. */
  private signalled = false;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: OutboxQueue<T>,
    private readonly policy: OutboxWorkerPolicy = DEFAULT_OUTBOX_WORKER_POLICY,
    private readonly log: Pick<Console, 'error' | 'warn'> = console,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.stopListening = onChangeSignal(this.dataSource, [outboxTopic(this.dataSource, this.queue.entity)], () => this.wake());
    this.schedule(0);
  }

  /** Stops polling and waits for a run in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    this.stopListening?.();
    this.stopListening = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One pass over the due items; a pass already under way is joined rather than doubled. */
  runOnce(now: Date = new Date()): Promise<WorkerRun> {
    this.running ??= this.deliverDue(now).finally(() => {
      this.running = null;
      if (!this.signalled) return;
      this.signalled = false;
      this.schedule(0);
    });
    return this.running;
  }

  private wake(): void {
    if (this.running) this.signalled = true;
    else this.schedule(0);
  }

  /** Sets the one timer of the worker: at most one pass is ever waiting. */
  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.runOnce()
        .catch((error: unknown) => this.log.error('Outbox worker: the outbox could not be read.', error))
        .finally(() => {
          // Unless a signal during the pass has already set the next one.
          if (!this.timer) this.schedule(this.policy.pollIntervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async deliverDue(now: Date): Promise<WorkerRun> {
    const run: WorkerRun = { sent: 0, retried: 0, failed: 0 };
    const due = (await this.dataSource.getRepository(this.queue.entity).find({
      where: { status: OutboxStatus.PENDING, nextAttemptAt: LessThanOrEqual(now) } as never,
      order: { nextAttemptAt: 'ASC', id: 'ASC' } as never,
      take: this.policy.batchSize,
    })) as T[];
    for (const item of due) {
      if (this.stopping) break;
      if (!(await this.claim(item, now))) continue;
      const attempt = item.attempts + 1;
      try {
        await this.queue.deliver(item);
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
        if (attempt >= this.policy.maxAttempts) {
          run.failed++;
          this.log.error(`${this.queue.describe(item)} failed ${attempt} times; giving up: ${message}`);
          await this.update(item.id, { status: OutboxStatus.FAILED, lastError: message });
        } else {
          run.retried++;
          const nextAttemptAt = new Date(now.getTime() + this.backoff(attempt));
          this.log.warn(`${this.queue.describe(item)} failed; retrying at ${nextAttemptAt.toISOString()}.`);
          await this.update(item.id, { nextAttemptAt, lastError: message });
        }
        continue;
      }
      run.sent++;
      await this.update(item.id, { status: OutboxStatus.SENT, sentAt: new Date(), lastError: null });
    }
    return run;
  }

  /** The wait before the attempt after `attempt` failed ones: base, 2 × base, 4 × base… up to the maximum. */
  backoff(attempt: number): number {
    return Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
  }

  /**
   * Takes an item for one attempt: counts the attempt and moves its next attempt a lease ahead,
   * only if nobody else did since it was read.
   */
  private async claim(item: T, now: Date): Promise<boolean> {
    const result = await inTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .update(this.queue.entity)
        .set({ attempts: item.attempts + 1, nextAttemptAt: new Date(now.getTime() + this.policy.leaseMs) } as never)
        .where('id = :id AND status = :status AND attempts = :attempts', {
          id: item.id,
          status: OutboxStatus.PENDING,
          attempts: item.attempts,
        })
        .execute(),
    );
    return result.affected === 1;
  }

  private async update(id: number, changes: Partial<OutboxRow>): Promise<void> {
    await inTransaction(this.dataSource, (manager) => manager.update(this.queue.entity, { id } as never, changes as never));
  }
}
