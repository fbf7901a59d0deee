import {
  type DataSource,
  type EntityManager,
  type EntityTarget,
  type FindOptionsWhere,
  IsNull,
  LessThanOrEqual,
  Or,
  type SelectQueryBuilder,
} from 'typeorm';
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
   * How long a started attempt holds its item (`leasedUntil`): another worker (another server
   * process) takes it up again only after this, if the first one died while sending. Counted from
   * the moment the item is claimed, and renewed every third of it while the item is being sent.
   */
  leaseMs: number;
}

/** How long `stop()` lets the item being sent finish, unless told otherwise. */
export const DEFAULT_STOP_TIMEOUT_MS = 5_000;

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

/**
 * The columns every outbox table has, so that one worker delivers them all. A claim, a lease
 * renewal and a release change only `attempts` and `leasedUntil`, which no index may cover:
 * PostgreSQL then makes them HOT updates, which add no index entry and whose old versions the
 * page clears without vacuum (migration 1767400000000-outbox-leases.ts).
 */
export interface OutboxRow {
  id: number;
  status: string;
  attempts: number;
  /** A pending item is due from then on, whether or not it is leased meanwhile. */
  nextAttemptAt: Date;
  /** Set while an attempt holds the item: no other worker takes it before then. */
  leasedUntil: Date | null;
  lastError: string | null;
  sentAt: Date | null;
}

export const OutboxStatus = { PENDING: 'PENDING', SENT: 'SENT', FAILED: 'FAILED' } as const;

export interface OutboxQueue<T extends OutboxRow> {
  /** The outbox table's entity. */
  entity: EntityTarget<T>;
  /** Only items that also match this are due (e.g. webhook deliveries of enabled endpoints). */
  due?: FindOptionsWhere<T>;
  /** True: not now, and not an attempt (e.g. its webhook endpoint was disabled since the outbox was read). */
  held?(item: T): Promise<boolean>;
  /**
   * Delivers one item; a rejected promise means "try again later". `signal` aborts when the worker
   * is stopped and its deadline passed; the item is then given back as it was.
   */
  deliver(item: T, signal: AbortSignal): Promise<void>;
  /** Names an item in the log, without personal data. */
  describe(item: T): string;
}

/**
 * Delivers an outbox table (notifications, webhook deliveries): polls for due items, claims each
 * one just before sending it, with a lease renewed while it is sent (so that two server processes
 * never send the same one, however slow the receiver), delivers it, and marks it sent, or
 * schedules the next attempt with exponential backoff, or gives it up after the last attempt.
 * Delivery is at least once: an instance that dies in the middle of a send, or a receiver that
 * took the item but did not answer, means the item is sent again (with the same id) later.
 * Besides polling, it looks at once when a transaction that wrote to its outbox commits, on this
 * instance or (with Redis) another (see change-signal.ts). Started by main.ts; tests call `runOnce`.
 */
export class OutboxWorker<T extends OutboxRow> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<WorkerRun> | null = null;
  private stopped = true;
  /** Set by `stop`: a run in progress ends after the item it is sending. */
  private stopping = false;
  /** Aborted by `stop` when its deadline passes: the item being sent is given back. */
  private abort = new AbortController();
  /** The item being sent, and whether its claim was given back already. */
  private inFlight: { item: T; released: boolean } | null = null;
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

  /**
   * Stops polling and lets the item being sent finish, within `timeoutMs`. Past that, the send is
   * aborted and the item given back as it was (attempt not counted, nothing recorded, due at once),
   * so another instance takes it up without waiting for the lease. Returns within `timeoutMs`.
   */
  async stop(timeoutMs: number = DEFAULT_STOP_TIMEOUT_MS): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    this.stopListening?.();
    this.stopListening = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const running = this.running;
    if (!running) return;
    // Part of the time is kept for giving the item back.
    const graceMs = Math.min(1_000, timeoutMs / 4);
    if (await settlesWithin(running, timeoutMs - graceMs)) return;
    this.abort.abort();
    const flight = this.inFlight;
    // Given back here, not after the send settles: a sender that ignores the abort cannot hold up the stop.
    if (flight && !flight.released) {
      flight.released = true;
      await this.release(flight.item).catch((error: unknown) =>
        this.log.error('Outbox worker: an item could not be given back.', error),
      );
    }
    await settlesWithin(running, graceMs);
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
    // The pass's clock: `now` (tests move it ahead), advancing with real time as items are sent.
    const started = Date.now();
    const clock = () => new Date(now.getTime() + Date.now() - started);
    const abort = new AbortController();
    this.abort = abort;
    const due = await withIndexScans(this.dataSource, (manager) =>
      dueQuery(manager, this.queue, now, this.policy.batchSize).getMany(),
    );
    for (const item of due) {
      if (this.stopping) break;
      if (await this.queue.held?.(item)) continue;
      // Each item's lease starts when it is claimed, not when the pass began: with slow receivers,
      // items late in the pass would otherwise be claimed already expired, and sent twice.
      if (!(await this.claim(item, clock()))) continue;
      const flight = { item, released: false };
      this.inFlight = flight;
      let renewing: Promise<void> = Promise.resolve();
      const renew = setInterval(() => {
        renewing = this.renew(item, clock()).catch(() => undefined);
      }, this.policy.leaseMs / 3);
      renew.unref();
      let failure: { error: unknown } | null = null;
      try {
        await this.queue.deliver(item, abort.signal);
      } catch (error) {
        failure = { error };
      } finally {
        clearInterval(renew);
        this.inFlight = null;
      }
      // A renewal still under way must not land after the outcome (and hold a retry past its backoff).
      await renewing;
      if (abort.signal.aborted) {
        if (!flight.released) {
          flight.released = true;
          await this.release(item);
        }
        break;
      }
      const attempt = item.attempts + 1;
      if (failure) {
        const { error } = failure;
        const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
        if (attempt >= this.policy.maxAttempts) {
          run.failed++;
          this.log.error(`${this.queue.describe(item)} failed ${attempt} times; giving up: ${message}`);
          await this.record(item, { status: OutboxStatus.FAILED, lastError: message });
        } else {
          run.retried++;
          // Counted from the pass's start, as the schedule of attempts is (a pass lasts seconds).
          const nextAttemptAt = new Date(now.getTime() + this.backoff(attempt));
          this.log.warn(`${this.queue.describe(item)} failed; retrying at ${nextAttemptAt.toISOString()}.`);
          await this.record(item, { nextAttemptAt, lastError: message });
        }
        continue;
      }
      run.sent++;
      await this.record(item, { status: OutboxStatus.SENT, sentAt: new Date(), lastError: null });
    }
    return run;
  }

  /** The wait before the attempt after `attempt` failed ones: base, 2 × base, 4 × base… up to the maximum. */
  backoff(attempt: number): number {
    return Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
  }

  /**
   * Takes an item for one attempt: counts the attempt and leases the item, only if nobody else
   * did since it was read.
   */
  private async claim(item: T, now: Date): Promise<boolean> {
    const result = await inTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .update(this.queue.entity)
        .set({ attempts: item.attempts + 1, leasedUntil: new Date(now.getTime() + this.policy.leaseMs) } as never)
        .where('id = :id AND status = :status AND attempts = :attempts', {
          id: item.id,
          status: OutboxStatus.PENDING,
          attempts: item.attempts,
        })
        .execute(),
    );
    return result.affected === 1;
  }

  /** Moves the lease of an item being sent ahead, while this worker still holds it. */
  private async renew(item: T, at: Date): Promise<void> {
    await this.whileClaimed(item, { leasedUntil: new Date(at.getTime() + this.policy.leaseMs) });
  }

  /**
   * Gives a claimed item back as it was before the claim: the attempt is not counted, and it is
   * due again at once (its `nextAttemptAt`, which the claim left alone, has passed).
   */
  private async release(item: T): Promise<void> {
    await this.whileClaimed(item, { attempts: item.attempts, leasedUntil: null });
  }

  /**
   * Records how an attempt went, unless the claim was lost meanwhile (given back, or taken over).
   * The lease ends with the attempt: a retry is due at its `nextAttemptAt`, however long the lease.
   */
  private async record(item: T, changes: Partial<OutboxRow>): Promise<void> {
    await this.whileClaimed(item, { ...changes, leasedUntil: null });
  }

  private async whileClaimed(item: T, changes: Partial<OutboxRow>): Promise<void> {
    await inTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .update(this.queue.entity)
        .set(changes as never)
        .where('id = :id AND status = :status AND attempts = :attempts', {
          id: item.id,
          status: OutboxStatus.PENDING,
          attempts: item.attempts + 1,
        })
        .execute(),
    );
  }
}

/**
 * The due items of `queue` at `now`, oldest due first: pending, due, and not held by another
 * worker's lease (an expired lease is one whose worker died while sending).
 */
export function dueQuery<T extends OutboxRow>(
  manager: EntityManager,
  queue: OutboxQueue<T>,
  now: Date,
  limit: number,
): SelectQueryBuilder<T> {
  // `limit`, not `take`: with a join (a webhook delivery's endpoint), `take` first reads the ids by
  // a DISTINCT over the whole due range. A due condition joins one row per item: LIMIT counts items.
  return manager
    .getRepository(queue.entity)
    .createQueryBuilder('item')
    .setFindOptions({
      where: {
        ...queue.due,
        status: OutboxStatus.PENDING,
        nextAttemptAt: LessThanOrEqual(now),
        leasedUntil: Or(IsNull(), LessThanOrEqual(now)),
      } as never,
      order: { nextAttemptAt: 'ASC', id: 'ASC' } as never,
    })
    .limit(limit);
}

/**
 * Runs `read` in a transaction of its own where PostgreSQL's planner may not choose a bitmap scan:
 * the due read then walks the due index in order and stops at its limit. Every sent item leaves a
 * dead entry in the due index (the "sent" update changes status), ahead of the live ones, which
 * without vacuum stays. A plain index scan that finds an entry's row dead marks the entry, later
 * scans step over it without reading the row, and the index reuses its room; a bitmap scan reads
 * the row of every entry in range on every read and marks none. Without statistics the planner
 * expects a handful of due rows and prefers the bitmap scan and a sort (the soak's due read went
 * from 1 ms to 14 ms in 10 minutes: docs/benchmark.md), so the choice is taken from it, for this
 * read only (outbox-worker.test.ts: 8 buffers after 3,000 items sent, against 136 before).
 * SQLite has no such scan: `read` runs as it is.
 */
export async function withIndexScans<R>(dataSource: DataSource, read: (manager: EntityManager) => Promise<R>): Promise<R> {
  if (dataSource.options.type !== 'postgres') return read(dataSource.manager);
  return dataSource.transaction(async (manager) => {
    await forgoBitmapScans(manager);
    return read(manager);
  });
}

/** For the rest of the PostgreSQL transaction of `manager`, the planner chooses no bitmap scan. */
export async function forgoBitmapScans(manager: EntityManager): Promise<void> {
  await manager.query('SET LOCAL enable_bitmapscan = off');
}

/** Whether `promise` settles within `ms`; the timer does not outlive the answer. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = promise.then(
    () => true,
    () => true,
  );
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}
