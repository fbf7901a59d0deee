import { type DataSource, In } from 'typeorm';
import { AuditEventEntity } from '../../modules/audit/audit-event.entity.js';
import { logger } from '../../shared/logger.js';
import { changeTopic, onChangeSignal } from '../change-signal.js';

/** A committed change, as the subscriptions see it. */
export interface ChangeEvent {
  id: number;
  entityType: string;
  entityId: string;
  action: string;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  occurredAt: Date;
}

export interface ChangeStreamOptions {
  /**
   * How often the audit trail is read while anyone listens. A commit of a watched entity type
   * signals the stream (change-signal.ts) to read at once, on every instance when Redis connects
   * them; the interval is the latency of a change whose signal was lost.
   */
  intervalMs: number;
  /** Entity types worth telling about. */
  entityTypes: readonly string[];
}

/** Ids re-read on every poll, for events that committed after a later one (id order ≠ commit order). */
const LATE_COMMIT_WINDOW = 200;

/**
 * The poll's read: ids and types after `from`, oldest first, by the primary key alone. The upper
 * bound, the newest id, leaves nothing out (the same statement, the same snapshot); it is for
 * PostgreSQL without statistics (never analysed, as where autovacuum is off), which guesses that
 * `id > :from` alone matches a third of the trail and read the whole table and sorted it, a poll
 * that cost more with every event (5 ms at 2,000 events in the soak, docs/benchmark.md): a range
 * closed at both ends it guesses narrow, and reads by the primary key.
 */
export function recentEventsQuery(dataSource: DataSource, from: number) {
  return dataSource
    .getRepository(AuditEventEntity)
    .createQueryBuilder('event')
    .select('event.id', 'id')
    .addSelect('event.entityType', 'entityType')
    .where('event.id > :from AND event.id <= (SELECT MAX(newest.id) FROM audit_event newest)', { from })
    .orderBy('event.id', 'ASC');
}

/**
 * Turns the audit trail into a stream of committed changes. Every change, whichever process made
 * it (this server, another instance, a CLI import), is in the trail once committed, so reading it
 * makes subscriptions work across instances and never announce a change that was rolled back.
 * Reads happen only while someone listens: at each interval, and at once on a change signal.
 */
export class ChangeStream {
  private readonly listeners = new Set<(event: ChangeEvent) => void>();
  private timer: NodeJS.Timeout | null = null;
  private lastId: number | null = null;
  private readonly seen = new Set<number>();
  private polling = false;
  /** A signal came during a read, which may have missed that commit: read again after it. */
  private signalled = false;
  private stopListening: (() => void) | null = null;
  private readonly entityTypes: ReadonlySet<string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: ChangeStreamOptions,
  ) {
    this.entityTypes = new Set(options.entityTypes);
  }

  /** Events from now on that pass `filter` (which may look things up), in order, until the consumer stops. */
  subscribe<T>(
    filter: (event: ChangeEvent) => boolean | Promise<boolean>,
  ): AsyncIterableIterator<ChangeEvent> & { return(): Promise<IteratorResult<T>> } {
    const queue: ChangeEvent[] = [];
    let wake: (() => void) | null = null;
    let done = false;
    // Filters that look things up finish in any order; the chain keeps events in commit order.
    let filtered: Promise<void> = Promise.resolve();
    const listener = (event: ChangeEvent) => {
      filtered = filtered.then(
        async () => {
          if (done || !(await filter(event))) return;
          queue.push(event);
          wake?.();
        },
        () => undefined,
      );
    };
    this.listeners.add(listener);
    this.start();
    const stop = () => {
      done = true;
      this.listeners.delete(listener);
      wake?.();
      if (this.listeners.size === 0) this.pause();
    };
    const iterator = {
      async next(): Promise<IteratorResult<ChangeEvent>> {
        while (!done && queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        const event = queue.shift();
        return event ? { value: event, done: false } : { value: undefined, done: true };
      },
      async return(): Promise<IteratorResult<T>> {
        stop();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return iterator as never;
  }

  close(): void {
    this.listeners.clear();
    this.pause();
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.options.intervalMs);
    this.timer.unref();
    this.stopListening = onChangeSignal(this.dataSource, this.options.entityTypes.map(changeTopic), () => void this.poll());
    void this.poll();
  }

  private pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopListening?.();
    this.stopListening = null;
    this.signalled = false;
    this.lastId = null;
    this.seen.clear();
  }

  private async poll(): Promise<void> {
    if (this.polling) {
      this.signalled = true;
      return;
    }
    this.polling = true;
    try {
      const starting = this.lastId === null;
      if (starting) {
        // Start from now: what is in the trail already counts as seen.
        const latest = await this.dataSource
          .getRepository(AuditEventEntity)
          .createQueryBuilder('event')
          .select('MAX(event.id)', 'max')
          .getRawOne<{ max: number | string | null }>();
        this.lastId = Number(latest?.max ?? 0);
        for (let id = this.lastId - LATE_COMMIT_WINDOW + 1; id <= this.lastId; id += 1) this.seen.add(id);
        return;
      }
      // By the primary key alone, then the unseen events of the watched types in full: filtering on
      // the entity type in SQL made SQLite walk that type's whole index and sort it, a cost that grew
      // with the trail (the soak slowed as its edits added events).
      const recent: Array<{ id: number | string; entityType: string }> = await recentEventsQuery(
        this.dataSource,
        (this.lastId ?? 0) - LATE_COMMIT_WINDOW,
      ).getRawMany();
      const wanted = recent
        .filter((row) => this.entityTypes.has(row.entityType) && !this.seen.has(Number(row.id)))
        .map((row) => Number(row.id));
      const events = wanted.length
        ? await this.dataSource.getRepository(AuditEventEntity).find({ where: { id: In(wanted) }, order: { id: 'ASC' } })
        : [];
      for (const event of events) {
        this.seen.add(event.id);
        for (const listener of this.listeners) listener(event);
      }
      this.lastId = Math.max(this.lastId ?? 0, Number(recent.at(-1)?.id ?? 0));
      for (const id of this.seen) if (id <= this.lastId - LATE_COMMIT_WINDOW) this.seen.delete(id);
    } catch (error) {
      logger.error({ err: error }, 'Subscriptions: the audit trail could not be read.');
    } finally {
      this.polling = false;
      if (this.signalled && this.timer) {
        this.signalled = false;
        void this.poll();
      }
    }
  }
}
